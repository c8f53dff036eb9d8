"""Adversarial edge cases of the file rules F1–F15, the item checks C1–C9 and their interplay.

Sections §2, §3, §5, §6 and §12. Each case starts from the spec's valid example dataset (seven files, no
finding at all), crafts the bytes of one or two files, runs the WHOLE dataset and compares the complete
finding set (file, line, item, rule, severity). Where the spec leaves a point open, the case says which
reading it pins and cites the section.

Rows of the examples used below (physical lines, header = 1): 住民記録_住民 2/3 = 宛名番号 0000100013
履歴 1/2 (line 2 is an old history row: no household rule reads it), 4 = 0000100021 (妻, 旧氏 with IVS),
5 = 0000100048 (子, 出生 13), 6 = 0000100056 (外国人住民, alone in household 0000200026, referenced by
個人住民税_課税 line 4 and 軽自動車税_車両 line 4).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from conformance.api import validate
from conformance.schema.model import SchemaSet
from tests.conftest import DATA

EXAMPLES = DATA / "spec_examples"

J = "住民記録_住民"
G = "住民記録_住登外者"
K = "個人住民税_課税"
T = "固定資産税_土地"
H = "固定資産税_家屋"
V = "軽自動車税_車両"
C = "法人住民税_申告"
ALL = (J, G, K, T, H, V, C)

E_, W_, I_ = "error", "warning", "info"
Row = tuple[str, int | None, str | None, str, str]  # (file, line, item, rule, severity)
Files = Mapping[str, bytes]


# --- building inputs -------------------------------------------------------------------------------
def src(name: str) -> list[str]:
    """The example's physical lines without terminators (the final LF is not a line)."""
    text = (EXAMPLES / f"{name}.csv").read_text(encoding="utf-8")
    assert text.endswith("\n")
    return text[:-1].split("\n")


def _fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def _line(fields: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()[:-1]


def put(lines: list[str], n: int, **values: str) -> list[str]:
    """Set fields (by 項目名) of physical line ``n``, quoting as RFC 4180 requires."""
    header = _fields(lines[0])
    fields = _fields(lines[n - 1])
    for name, value in values.items():
        fields[header.index(name)] = value
    return [*lines[: n - 1], _line(fields), *lines[n:]]


def raw(lines: list[str], n: int, item: str, text: str) -> list[str]:
    """Replace one field of line ``n`` by ``text`` verbatim (no quoting): for malformed fields."""
    header = lines[0].split(",")
    fields = lines[n - 1].split(",")
    assert len(fields) == len(header), "raw() needs a line without quoted commas"
    fields[header.index(item)] = text
    return [*lines[: n - 1], ",".join(fields), *lines[n:]]


def body(lines: Sequence[str], term: str = "\n", *, final: bool = True, bom: bool = False) -> bytes:
    """UTF-8 bytes; a lone surrogate U+DCxx becomes the invalid byte xx (F1 cases)."""
    text = term.join(lines) + (term if final else "")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogateescape")


def ended(lines: Sequence[str], other: Mapping[int, str]) -> bytes:
    """LF-terminated lines, except the physical lines in ``other`` (number -> terminator)."""
    return "".join(ln + other.get(n, "\n") for n, ln in enumerate(lines, start=1)).encode()


def columns(name: str, order: Sequence[str], header: Sequence[str] | None = None) -> bytes:
    """The file with its columns in ``order`` (by 項目名; a name not in the layout gets the value ``x``) and
    optionally another header text (to mislabel columns)."""
    lines = src(name)
    names = _fields(lines[0])
    rows = [_fields(ln) for ln in lines[1:]]
    out = [_line(header or order)]
    out += [_line([r[names.index(c)] if c in names else "x" for c in order]) for r in rows]
    return body(out)


def _run(schema: SchemaSet, tmp_path: Path, files: Files) -> list[Row]:
    paths = []
    for name in ALL:
        if name in files:
            p = tmp_path / f"{name}.csv"
            p.write_bytes(files[name])
            paths.append(p)
        else:
            paths.append(EXAMPLES / f"{name}.csv")
    result = validate(paths, schema=schema, max_per_rule=None)
    return [(Path(f.file).stem, f.line, f.item, f.rule, f.severity.value) for f in result.findings]


def case(name: str, files: Callable[[], Files], *expected: Row) -> Any:
    return pytest.param(files, set(expected), id=name)


def one(file: str, make: Callable[[], list[str] | bytes]) -> Callable[[], Files]:
    def build() -> Files:
        made = make()
        return {file: made if isinstance(made, bytes) else body(made)}

    return build


# --- F1, F2, F3, F5, F6, F7: the reader --------------------------------------------------------------
READER = [
    case(
        "F2-bom-with-crlf-throughout", one(J, lambda: body(src(J), "\r\n", bom=True)), (J, 1, None, "F2", W_)
    ),
    # F6: the header's terminator sets the style; every LF record of a CRLF-header file is reported.
    case(
        "F6-crlf-header-lf-records",
        one(J, lambda: ("\r\n".join(src(J)[:1]) + "\r\n" + "\n".join(src(J)[1:]) + "\n").encode()),
        *[(J, n, None, "F6", E_) for n in range(2, 7)],
    ),
    # One CRLF record in an LF file (as line 57 of the invalid example); the record is still checked.
    case(
        "F6-one-crlf-record-is-still-checked",
        one(J, lambda: ended(put(src(J), 4, 性別="3"), {4: "\r\n"})),
        (J, 4, None, "F6", E_),
        (J, 4, "性別", "C6", E_),
    ),
    # §12.4: a bare CR outside quotes is an F6 fault of its record; §12.2 stops only F3/F5 records, so the
    # field keeps the CR and F12 reports it (a C0 control).
    case(
        "F6-bare-cr-inside-a-field",
        one(J, lambda: body(put(src(J), 6, 方書="見本\r荘"))),
        (J, 6, None, "F6", E_),
        (J, 6, "方書", "F12", E_),
    ),
    # A bare CR used as a record terminator does not end the line: two records become one physical line.
    case(
        "F6-bare-cr-terminator-merges-records",
        one(H, lambda: (src(H)[0] + "\n" + src(H)[1] + "\r" + src(H)[2] + "\n" + src(H)[3] + "\n").encode()),
        (H, 2, None, "F3", E_),
        (H, 2, None, "F6", E_),
    ),
    # A blank line is a record with one field (F3); the lines after it keep their physical numbers.
    case(
        "F3-blank-line-in-the-middle",
        one(J, lambda: [*src(J)[:3], "", *put(src(J), 5, 性別="3")[3:]]),
        (J, 4, None, "F3", E_),
        (J, 6, "性別", "C6", E_),
    ),
    case("F3-blank-last-line", one(J, lambda: body(src(J)) + b"\n"), (J, 7, None, "F3", E_)),
    case("F6-last-record-without-terminator", one(J, lambda: body(src(J), final=False))),
    case(
        "F3-one-field-too-many",
        one(H, lambda: [*src(H)[:2], src(H)[2] + ",x", *src(H)[3:]]),
        (H, 3, None, "F3", E_),
    ),
    case(
        "F3-one-field-too-few",
        one(H, lambda: [*src(H)[:2], src(H)[2].rsplit(",", 1)[0], *src(H)[3:]]),
        (H, 3, None, "F3", E_),
    ),
    # F7: a quoted empty field is NULL, like an unquoted one.
    case("F7-quoted-empty-optional", one(J, lambda: raw(src(J), 2, "方書", '""'))),
    case("F7-quoted-empty-required", one(J, lambda: raw(src(J), 2, "住所", '""')), (J, 2, "住所", "C1", E_)),
    # "" inside quotes is a literal quote: an ASCII character, so not a 全角文字列.
    case(
        "F3-doubled-quote-is-data",
        one(J, lambda: raw(src(J), 6, "方書", '"見本""荘"')),
        (J, 6, "方書", "C3", E_),
    ),
    # §12.2: an F3 record takes no part in X rules: its history row is missing (X2 on line 3) ...
    case(
        "F3-quote-inside-unquoted-field",
        one(J, lambda: raw(src(J), 2, "方書", 'a"b')),
        (J, 2, None, "F3", E_),
        (J, 3, "履歴番号", "X2", E_),
    ),
    # ... and a key only it held is missing for X21.
    case(
        "F3-characters-after-closing-quote",
        one(J, lambda: raw(src(J), 6, "方書", '"見本"荘')),
        (J, 6, None, "F3", E_),
        (K, 4, "宛名番号", "X21", E_),
        (V, 4, "所有者宛名番号", "X21", E_),
    ),
    case(
        "F3-unterminated-quote-on-last-line",
        one(J, lambda: raw(src(J), 6, "方書", '"見本')),
        (J, 6, None, "F3", E_),
        (K, 4, "宛名番号", "X21", E_),
        (V, 4, "所有者宛名番号", "X21", E_),
    ),
    # F5: reported where the record starts; the next record starts two physical lines later.
    case(
        "F5-quoted-lf",
        one(J, lambda: raw(put(src(J), 4, 性別="3"), 2, "方書", '"見本\n荘"')),
        (J, 2, None, "F5", E_),
        (J, 4, "履歴番号", "X2", E_),
        (J, 5, "性別", "C6", E_),
    ),
    case(
        "F5-quoted-cr",
        one(J, lambda: raw(src(J), 6, "方書", '"見本\r荘"')),
        (J, 6, None, "F5", E_),
        (K, 4, "宛名番号", "X21", E_),
        (V, 4, "所有者宛名番号", "X21", E_),
    ),
    # F1: a UTF-16 BOM is a file-level F1; the file counts as absent for the dataset rules (§12.13).
    case(
        "F1-utf16-bom",
        lambda: {G: b"\xff\xfe" + "\n".join(src(G)).encode("utf-16-le")},
        (G, 1, None, "F1", E_),
        (K, None, None, "X21", I_),
        (K, None, None, "X25", I_),
    ),
    # §12.3: a file that decodes as CP932 with more invalid than valid multi-byte UTF-8: one F1, stop.
    case(
        "F1-cp932-file",
        lambda: {J: ("\n".join([*src(J)[:3], *src(J)[4:]]) + "\n").encode("cp932")},  # line 4 has an IVS
        (J, 1, None, "F1", E_),
        (G, None, None, "X22", I_),
        (G, None, None, "X35", I_),
        (K, None, None, "X21", I_),
        (K, None, None, "X25", I_),
    ),
    # One CP932 field in a UTF-8 file: per field, and the field gets no further checks.
    case(
        "F1-one-cp932-field",
        one(J, lambda: raw(src(J), 6, "方書", "見本荘".encode("cp932").decode("utf-8", "surrogateescape"))),
        (J, 6, "方書", "F1", E_),
    ),
    # Once per field, however many bad sequences it holds.
    case(
        "F1-two-fields-several-sequences",
        one(J, lambda: raw(raw(src(J), 2, "方書", "\udc81見\udc82"), 2, "転入前住所", "\udcff")),
        (J, 2, "方書", "F1", E_),
        (J, 2, "転入前住所", "F1", E_),
    ),
    # A failed value is no NULL: no C1 for a required item holding bad bytes.
    case("F1-in-a-required-item", one(J, lambda: raw(src(J), 6, "住所", "\udc81")), (J, 6, "住所", "F1", E_)),
    # §12.5: an F1 key is unknown and left out of the key sets: X21 reports the references to it.
    case(
        "F1-in-a-key-column",
        one(J, lambda: raw(src(J), 4, "宛名番号", "00001000\udcff21")),
        (J, 4, "宛名番号", "F1", E_),
        (K, 3, "宛名番号", "X21", E_),
        (V, 3, "所有者宛名番号", "X21", E_),
    ),
]

# --- F4: the header ---------------------------------------------------------------------------------
H_COLS = _fields(src(H)[0])
T_COLS = _fields(src(T)[0])


def _swapped(cols: Sequence[str], a: str, b: str) -> list[str]:
    out = list(cols)
    i, j = out.index(a), out.index(b)
    out[i], out[j] = out[j], out[i]
    return out


HEADER = [
    case(
        "F4-adjacent-swap-flags-both",
        one(H, lambda: columns(H, _swapped(H_COLS, "評価額", "課税標準額"))),
        (H, 1, "評価額", "F4", E_),
        (H, 1, "課税標準額", "F4", E_),
    ),
    # Data checks run by column NAME: mislabelled columns carry each other's values (X26 on lines 2 and 4).
    case(
        "F4-mislabelled-columns-are-checked-by-name",
        one(T, lambda: columns(T, T_COLS, _swapped(T_COLS, "評価額", "課税標準額"))),
        (T, 1, "評価額", "F4", E_),
        (T, 1, "課税標準額", "F4", E_),
        (T, 2, "課税標準額", "X26", E_),
        (T, 4, "課税標準額", "X26", E_),
    ),
    # §12.1: a missing required column: one F4, no per-row C1, and the rules that read it do not run.
    case(
        "F4-missing-required-column",
        one(J, lambda: columns(J, [c for c in _fields(src(J)[0]) if c != "処理日"])),
        (J, 1, "処理日", "F4", E_),
    ),
    # An appended unknown column flags nothing else, and its values are not checked.
    case(
        "F4-unknown-column-appended",
        one(H, lambda: columns(H, [*H_COLS, "備考"])),
        (H, 1, "備考", "F4", E_),
    ),
    # The extra occurrence of a duplicated column is reported; it is not checked (its values are "x").
    case(
        "F4-duplicated-column",
        one(H, lambda: columns(H, [*H_COLS, "備考"], [*H_COLS, "更新日時"])),
        (H, 1, "更新日時", "F4", E_),
    ),
    # Pairwise inversion: the last column moved to the front is inverted with every other column.
    case(
        "F4-last-column-first-flags-all",
        one(H, lambda: columns(H, [H_COLS[-1], *H_COLS[:-1]])),
        *[(H, 1, c, "F4", E_) for c in H_COLS],
    ),
    case(
        "F4-missing-plus-moved",
        one(
            H,
            lambda: columns(
                H, [*[c for c in H_COLS if c not in ("構造", "建築年")][:8], "建築年", *H_COLS[-2:]]
            ),
        ),
        (H, 1, "構造", "F4", E_),
        (H, 1, "建築年", "F4", E_),
        (H, 1, "評価額", "F4", E_),
        (H, 1, "課税標準額", "F4", E_),
    ),
    # No trimming in the header either: "所在地 " is unknown and 所在地 missing (required: no C1 per row).
    case(
        "F4-header-name-with-trailing-space",
        one(H, lambda: columns(H, H_COLS, [c + " " if c == "所在地" else c for c in H_COLS])),
        (H, 1, "所在地 ", "F4", E_),
        (H, 1, "所在地", "F4", E_),
    ),
]


# --- F8–F15, C1–C9: item checks ---------------------------------------------------------------------
def edit(file: str, line: int, **values: str) -> Callable[[], Files]:
    return one(file, lambda: put(src(file), line, **values))


def edits(*changes: tuple[str, int, dict[str, str]]) -> Callable[[], Files]:
    def build() -> Files:
        lines: dict[str, list[str]] = {}
        for file, line, values in changes:
            lines[file] = put(lines.get(file) or src(file), line, **values)
        return {f: body(ls) for f, ls in lines.items()}

    return build


def item(name: str, file: str, line: int, values: dict[str, str], *expected: tuple[str, str, str]) -> Any:
    """One edited row; ``expected`` as (item, rule, severity) on that row."""
    return case(name, edit(file, line, **values), *[(file, line, i, r, s) for i, r, s in expected])


ITEMS = [
    # F8: full-width digits are an F8 fault of the type check, not a length fault.
    item("F8-full-width-digits", J, 6, {"郵便番号": "１９９０００１"}, ("郵便番号", "F8", E_)),
    item("F8-hyphenated-postcode", J, 6, {"郵便番号": "199-0001"}, ("郵便番号", "F8", E_)),
    # §12.10: leading zeros count: 000001 has 6 digits (C4 for the 5-digit 履歴番号).
    item("F14-leading-zeros-count", J, 5, {"履歴番号": "000001"}, ("履歴番号", "C4", E_)),
    # Ambiguity (§12.5 "unknown keys are left out of key sets"): a row whose 履歴番号 failed is not part
    # of its 宛名番号's history, so the remaining row (履歴番号 2, line 3) is reported by X2 (a gap).
    case(
        "F14-leading-zeros-count-in-a-history",
        edit(J, 2, 履歴番号="000001"),
        (J, 2, "履歴番号", "C4", E_),
        (J, 3, "履歴番号", "X2", E_),
    ),
    item("F14-整数-leading-zeros", T, 2, {"評価額": "0000000024500000"}, ("評価額", "C4", E_)),
    # 小数 10.2: [0-9]{1,10}(\.[0-9]{1,2})?; 最大桁数 12 is informative only.
    item("F8-小数-10-integer-digits", T, 2, {"現況地積": "1234567890.12"}),
    item("F8-小数-11-integer-digits", T, 2, {"現況地積": "12345678901.1"}, ("現況地積", "F8", E_)),
    item("F8-小数-leading-zeros-beyond-p", T, 2, {"現況地積": "0000000000165.28"}, ("現況地積", "F8", E_)),
    item("F8-小数-3-fraction-digits", T, 2, {"現況地積": "165.281"}, ("現況地積", "F8", E_)),
    item("F8-小数-trailing-point", T, 2, {"現況地積": "165."}, ("現況地積", "F8", E_)),
    item("F8-小数-leading-point", T, 2, {"現況地積": ".5"}, ("現況地積", "F8", E_)),
    item("F8-小数-thousands-separator", T, 2, {"現況地積": "1,165.28"}, ("現況地積", "F8", E_)),
    item("F8-年-three-digits", H, 2, {"建築年": "201"}, ("建築年", "F8", E_)),
    item("F8-年-full-width", H, 2, {"建築年": "２０１７"}, ("建築年", "F8", E_)),
    item("F8-年-0000-matches-the-syntax", H, 2, {"建築年": "0000"}),  # §3.2 年 is [0-9]{4}, no range
    item("F8-整数-leading-space", T, 2, {"評価額": " 24500000"}, ("評価額", "F15", W_), ("評価額", "F8", E_)),
    # F9 and §6 暦外可 (○ and conditional), with 和暦 C9.
    item("F9-feb-30", J, 2, {"処理日": "2010-02-30"}, ("処理日", "F9", E_)),
    item("F9-year-0000", J, 2, {"処理日": "0000-01-01"}, ("処理日", "F9", E_)),
    item("F9-暦外可-feb-29", J, 2, {"生年月日": "1987-02-29", "生年月日和暦": "3620229"}),
    item(
        "F9-暦外可-feb-30",
        J,
        2,
        {"生年月日": "1987-02-30", "生年月日和暦": "3620229"},
        ("生年月日", "F9", E_),
    ),
    # Ambiguity: §6 tests only month and day of a 暦外可 date, so year 0000 passes there (F9 elsewhere).
    item("F9-暦外可-year-0000", J, 6, {"生年月日": "0000-02-29"}),
    item("F9-conditional-暦外可-true", J, 5, {"異動日": "2021-02-29"}),
    item("F9-conditional-暦外可-false", J, 4, {"異動日": "2021-02-29"}, ("異動日", "F9", E_)),
    # §3.3: the condition reads the raw value: 異動事由 "１３" (C6) is not 13.
    item(
        "F9-condition-on-a-failed-value",
        J,
        5,
        {"異動日": "2021-02-29", "異動事由": "１３"},
        ("異動日", "F9", E_),
        ("異動事由", "C6", E_),
    ),
    # F10
    item("F10-offset-optional", J, 2, {"更新日時": "2024-02-29T23:59:59+09:00"}),
    *[
        item(f"F10-{v}", J, 2, {"更新日時": v}, ("更新日時", "F10", E_))
        for v in (
            "2024-02-29T23:59:59Z",
            "2024-02-29T23:59:59+0900",
            "2024-02-29T23:59:59+00:00",
            "2024-02-30T10:00:00",
            "2024-02-29T24:00:00",
            "2024-02-29T23:59:60",
            "2024-02-29T23:59:59.5",
            "2024-02-29 23:59:59",
            "2024-02-29T23:59",
        )
    ],
    # C9 (§5.2 vectors) with the matching 生年月日 so that only C9 can fire.
    *[
        item(f"C9-{w}", J, 2, {"生年月日": g, "生年月日和暦": w}, ("生年月日和暦", "C9", E_))
        for w, g in (
            ("3640108", "1989-01-08"),
            ("4010107", "1989-01-07"),
            ("4310501", "1975-04-12"),  # 2019-05-01 would be after 処理日 (X10)
            ("4320101", "1975-04-12"),
            ("1051231", "1872-12-31"),
            ("1450731", "1912-07-31"),
            ("2010729", "1912-07-29"),
            ("3640229", "1989-02-29"),  # 暦外可, but after the last day of 昭和
            ("3620230", "1987-02-28"),  # never a day 30 of February
        )
    ],
    item("C9-fails-before-X11", J, 2, {"生年月日和暦": "0500101"}, ("生年月日和暦", "C9", E_)),
    *[
        item(f"C9-valid-{w}", J, 2, {"生年月日": g, "生年月日和暦": w})
        for w, g in (
            ("1450730", "1912-07-30"),
            ("2010730", "1912-07-30"),
            ("2151225", "1926-12-25"),
            ("3011225", "1926-12-25"),
            ("1060101", "1873-01-01"),
            ("3630229", "1988-02-29"),
        )
    ],
    # C3 text types.
    item(
        "C3-英字氏名-lowercase",
        J,
        6,
        {"氏名アルファベット": "Example Alex"},
        ("氏名アルファベット", "C3", E_),
    ),
    item(
        "C3-英字氏名-punctuation",
        J,
        6,
        {"氏名アルファベット": "O'BRIEN, JOHN-PAUL JR.", "世帯主氏名": "O'BRIEN, JOHN-PAUL JR."},
    ),
    item("C3-カナ-middle-dot", J, 2, {"氏名フリガナ": "ミホン・タロウ"}, ("氏名フリガナ", "C3", E_)),
    item("C3-カナ-half-width-space", J, 2, {"氏名フリガナ": "ミホン タロウ"}, ("氏名フリガナ", "C3", E_)),
    item("C3-カナ-hiragana", J, 2, {"氏名フリガナ": "みほん"}, ("氏名フリガナ", "C3", E_)),
    item("C3-カナ-edges-of-the-range", J, 2, {"氏名フリガナ": "ァヴヵヶヷヺー　ミホン"}),
    item(
        "F15-カナ-trailing-full-width-space", J, 2, {"氏名フリガナ": "ミホン　"}, ("氏名フリガナ", "F15", W_)
    ),
    item("F15-and-C3", J, 2, {"氏名": " 見本　太郎"}, ("氏名", "F15", W_), ("氏名", "C3", E_)),
    item("C3-半角文字列-full-width", J, 6, {"住所コード": "００１"}, ("住所コード", "C3", E_)),
    # F12 stops before the type check: a TAB in 半角文字列 is F12 only.
    item("F12-tab-stops-C3", J, 6, {"住所コード": "001\t002"}, ("住所コード", "F12", E_)),
    # F7/F15: a required item of spaces is a value (no C1).
    item("F7-spaces-are-a-value", J, 6, {"住所": "　"}, ("住所", "F15", W_)),
    item("F7-ascii-spaces-are-a-value", J, 6, {"住所": "  "}, ("住所", "F15", W_), ("住所", "C3", E_)),
    # Step 1 then step 2 (§3.4): warnings go on, errors of F12/F13 stop.
    item("F12-error-stops-F8", J, 6, {"郵便番号": "１⑴"}, ("郵便番号", "F12", E_)),
    item("F13-stops-F8", J, 6, {"郵便番号": "\ue000"}, ("郵便番号", "F13", E_)),
    item("F11-then-F8", J, 6, {"郵便番号": "①"}, ("郵便番号", "F11", W_), ("郵便番号", "F8", E_)),
    item("F12-warning-then-F8", J, 6, {"郵便番号": "𠮷"}, ("郵便番号", "F12", W_), ("郵便番号", "F8", E_)),
    item(
        "F12-warning-then-C3",
        J,
        2,
        {"氏名フリガナ": "𠮷"},
        ("氏名フリガナ", "F12", W_),
        ("氏名フリガナ", "C3", E_),
    ),
    # F11 / F12 / F13 characters.
    item("F11-wave-dash-12-14", J, 6, {"方書": "見本〜荘"}, ("方書", "F11", W_)),
    item("F11-reiwa-square-is-also-F12", J, 6, {"方書": "見本㋿"}, ("方書", "F11", W_), ("方書", "F12", E_)),
    item("F12-em-dash", J, 6, {"方書": "見本—荘"}, ("方書", "F12", E_)),
    item("F12-horizontal-bar", J, 6, {"方書": "見本―荘"}),
    item("F12-yen-sign", J, 6, {"方書": "見本¥"}, ("方書", "F12", E_)),
    item("F12-bom-inside-data", J, 6, {"方書": "見本\ufeff荘"}, ("方書", "F12", E_)),
    item("F12-standardized-variation-selector", J, 6, {"方書": "見\ufe00本"}, ("方書", "F12", E_)),
    item("F12-ivs-after-kana", J, 2, {"旧氏": "あ\U000e0100"}, ("旧氏", "F12", E_)),
    item("F12-ivs-makes-an-ideograph-acceptable", J, 2, {"旧氏": "𠮷\U000e0100田"}),
    item("F12-ideograph-outside-is-warning", J, 2, {"旧氏": "髙田"}, ("旧氏", "F12", W_)),
    item("F12-compatibility-ideograph-not-normalised", J, 2, {"旧氏": "\uf929\ufa4f"}),
    item("F12-composed-kana", J, 2, {"旧氏": "か\u309a"}),
    item("F12-semi-voiced-after-a-non-composing-kana", J, 2, {"旧氏": "あ\u309a"}, ("旧氏", "F12", E_)),
    item("F13-plane-16", J, 2, {"旧氏": "\U00100000田"}, ("旧氏", "F13", E_)),
    item("F13-and-ideograph-warning", J, 2, {"旧氏": "𠮷\ue000"}, ("旧氏", "F12", W_), ("旧氏", "F13", E_)),
    # F14: IVS selectors are not counted; a combining sequence counts per code point (旧氏 max 25).
    item("F14-ivs-not-counted", J, 2, {"旧氏": "斉\U000e0103" * 25}),
    item("F14-combining-counts-two", J, 2, {"旧氏": "か\u309a" * 12 + "あ"}),
    item("F14-combining-counts-two-over", J, 2, {"旧氏": "か\u309a" * 12 + "あい"}, ("旧氏", "C4", E_)),
    # C4/C5/C6 are independent for a code.
    item(
        "C5-C6-code-without-leading-zero",
        T,
        2,
        {"現況地目": "3"},
        ("現況地目", "C5", E_),
        ("現況地目", "C6", E_),
    ),
    item("C6-full-width-code", T, 2, {"現況地目": "０３"}, ("現況地目", "C6", E_)),
    # C7: the 書式 regex is applied with fullmatch.
    item(
        "C7-lowercase-card-number", J, 6, {"在留カード等番号": "ab12345678cd"}, ("在留カード等番号", "C7", E_)
    ),
    item(
        "C4-C7-card-number-too-long",
        J,
        6,
        {"在留カード等番号": "AB12345678CDE"},
        ("在留カード等番号", "C4", E_),
        ("在留カード等番号", "C7", E_),
    ),
    item("C7-続柄-five-generations", J, 5, {"続柄": "子の子の子の子の子"}, ("続柄", "C7", E_)),
    item("C7-続柄-four-generations", J, 5, {"続柄": "妻の子（子の夫）の子の子"}),
    item("C7-続柄-ascii-parentheses", J, 4, {"続柄": "夫(未届)"}, ("続柄", "C7", E_)),
    # §12.11: C8 only at the algorithm's length.
    item("C8-個人番号-11-digits-C5-only", J, 2, {"個人番号": "12345678901"}, ("個人番号", "C5", E_)),
    item("C8-個人番号-13-digits-C4-only", J, 2, {"個人番号": "1234567890180"}, ("個人番号", "C4", E_)),
    item("C8-個人番号-wrong", J, 2, {"個人番号": "123456789019"}, ("個人番号", "C8", E_)),
    item("C8-団体コード-remainder-0", J, 2, {"団体コード": "132021"}),
    item("C8-団体コード-wrong", J, 2, {"団体コード": "131017"}, ("団体コード", "C8", E_)),
    item(
        "C8-法人番号-first-digit-0",
        K,
        2,
        {"特別徴収義務者法人番号": "0123456789012"},
        ("特別徴収義務者法人番号", "C8", E_),
    ),
    # §6 不詳: the companion satisfies C1 even when it fails its own 書式 (invalid example line 56).
    item("C1-不詳-companion", J, 2, {"生年月日": "", "生年月日和暦": "", "生年月日不詳表記": "昭和50年頃"}),
    item(
        "C1-不詳-companion-invalid",
        J,
        2,
        {"生年月日": "", "生年月日和暦": "", "生年月日不詳表記": "不明"},
        ("生年月日不詳表記", "C7", E_),
    ),
    item("C1-不詳-both-null", J, 2, {"生年月日": "", "生年月日和暦": ""}, ("生年月日", "C1", E_)),
    item(
        "C7-不詳-full-width-digits-and-space",
        J,
        2,
        {"生年月日": "", "生年月日和暦": "", "生年月日不詳表記": "昭和５０年　月日不詳"},
    ),
    # The kept (estimated) date is checked as 暦外可: 02-29 passes, 02-30 does not.
    item(
        "F9-不詳-estimated-date",
        J,
        2,
        {"生年月日": "1975-02-29", "生年月日和暦": "3500229", "生年月日不詳表記": "昭和50年2月頃"},
    ),
    item(
        "F9-不詳-estimated-date-invalid",
        J,
        2,
        {"生年月日": "1975-02-30", "生年月日和暦": "", "生年月日不詳表記": "昭和50年2月頃"},
        ("生年月日", "F9", E_),
    ),
    # §3.3: raw values: 住民状態 "１" fails C6 but is != 1, so 消除事由 and 消除日 are required.
    item(
        "C2-condition-on-a-failed-value",
        J,
        6,
        {"住民状態": "１"},
        ("住民状態", "C6", E_),
        ("消除事由", "C2", E_),
        ("消除日", "C2", E_),
    ),
    item(
        "C2-condition-false-on-a-failed-value",
        K,
        5,
        {"課税区分": "２", "徴収方法": ""},
        ("課税区分", "C6", E_),
    ),
    item("C2-conditional-item-present-when-false", V, 3, {"初度検査年月": "2021-09"}),
]

# --- interplay with the X rules (§8, §12.5) ------------------------------------------------------------
INTERPLAY = [
    # An M11 mismatch is a warning: the value does not fail, so it is still a known key for X21.
    case(
        "C8-M11-warning-keeps-the-key",
        edits(
            (J, 4, {"宛名番号": "0000100022"}),
            (K, 3, {"宛名番号": "0000100022"}),
            (V, 3, {"所有者宛名番号": "0000100022"}),
        ),
        (J, 4, "宛名番号", "C8", W_),
        (K, 3, "宛名番号", "C8", W_),
        (V, 3, "所有者宛名番号", "C8", W_),
    ),
    case(
        "F8-key-is-unknown-for-X21",
        edit(J, 4, 宛名番号="０000100021"),
        (J, 4, "宛名番号", "F8", E_),
        (K, 3, "宛名番号", "X21", E_),
        (V, 3, "所有者宛名番号", "X21", E_),
    ),
    # Ambiguity: X12 tests NULL on the raw field (§8), so a failed non-NULL 通称 still gets X12.
    case(
        "X12-on-a-failed-value",
        edit(J, 2, 通称="abc"),
        (J, 2, "通称", "C3", E_),
        (J, 2, "通称", "X12", W_),
    ),
    # A failed 英字氏名 of the only head: X6 has no name to compare with (§12.5).
    case(
        "X6-head-name-unknown",
        edit(J, 6, 氏名アルファベット="Example Alex"),
        (J, 6, "氏名アルファベット", "C3", E_),
    ),
    # §12.5: an unknown 続柄 is neither 世帯主 nor not-世帯主: no X3 for a second "head" ...
    case(
        "X3-second-head-unknown",
        edit(J, 4, 続柄="世帯主　"),
        (J, 4, "続柄", "F15", W_),
        (J, 4, "続柄", "C7", E_),
    ),
    # ... and no X4 for a household whose only candidate head is unknown.
    case(
        "X4-only-candidate-head-unknown",
        edits((J, 3, {"続柄": "子"}), (J, 4, {"続柄": "世帯主 "})),
        (J, 4, "続柄", "F15", W_),
        (J, 4, "続柄", "C7", E_),
    ),
    # X5 compares known values only.
    case("X5-unknown-address", edit(J, 4, 住所="ABC"), (J, 4, "住所", "C3", E_)),
    # X11 is skipped when either side failed.
    case("X11-skipped-on-failed-birth", edit(J, 2, 生年月日="1975/04/12"), (J, 2, "生年月日", "F9", E_)),
]


@pytest.mark.parametrize(("files", "expected"), READER + HEADER + ITEMS + INTERPLAY)
def test_edge_case(schema: SchemaSet, tmp_path: Path, files: Callable[[], Files], expected: set[Row]) -> None:
    got = _run(schema, tmp_path, files())
    assert len(got) == len(set(got)), f"a finding was reported twice: {got}"
    assert set(got) == expected


def test_builders_round_trip() -> None:
    """The builders add no fault of their own: the untouched dataset rebuilt through them is clean."""
    for name in ALL:
        assert body(put(src(name), 2)) == (EXAMPLES / f"{name}.csv").read_bytes()
        names = _fields(src(name)[0])
        assert columns(name, names) == (EXAMPLES / f"{name}.csv").read_bytes()
