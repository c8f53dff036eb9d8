"""文字同定: the worksheet from a run's inventory, decisions read back, and applied to copies of the data.

The first test is the issue's "done when": the reference examples with 髙/𠮷 (MJ, outside JIS X 0213),
U+E000 (private use) and 𠀂 U+20002 (not in MJ) in names, validated without and with the MJ table slice,
the worksheet, a decision for U+E000, and the corrected copy.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from conformance.cli import main
from conformance.core.severity import Severity
from conformance.engines.gaiji_apply import ApplyError, apply_to_files, replacements
from conformance.reports.gaiji import GaijiEntry, GaijiLocation
from conformance.reports.worksheet import CANDIDATE_FONT, candidates, worksheet_rows, write_csv
from conformance.schema.documents import SchemaError
from conformance.schema.gaiji_map import ADOPTED, WORKSHEET_COLUMNS, GaijiMap, read_gaiji_map
from conformance.schema.moji import read_moji_shrink, read_moji_tables
from tests.conftest import DATA
from tests.mojidata import MOJI, MOJI_SHRINK

PUA, NOT_MJ = "\ue000", "\U00020002"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def f12_f13(folder: Path) -> set[tuple[str, int, str, str, str]]:
    rows = [json.loads(line) for line in (folder / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    return {
        (Path(r["file"]).name, r["line"], r["item"], r["rule"], r["severity"])
        for r in rows
        if r["rule"] in ("F12", "F13")
    }


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """The valid reference examples, names altered: 髙𠮷 on line 4, U+E000 on line 5, 𠀂 in 住登外者:2."""
    data = tmp_path / "data"
    data.mkdir()
    for p in sorted((DATA / "spec_examples").glob("*.csv")):
        if ".invalid" not in p.name:
            shutil.copy(p, data / p.name)
    residents = data / "住民記録_住民.csv"
    text = residents.read_text(encoding="utf-8")
    residents.write_text(
        text.replace("見本　花子", "髙𠮷　花子").replace("見本　一郎", PUA + "本　一郎"), "utf-8"
    )
    others = data / "住民記録_住登外者.csv"
    lines = others.read_text(encoding="utf-8").split("\n")
    fields = lines[1].split(",")
    fields[3] = NOT_MJ + "野　次郎"  # 氏名
    lines[1] = ",".join(fields)
    others.write_text("\n".join(lines), encoding="utf-8")
    return data


R, NR = "住民記録_住民.csv", "住民記録_住登外者.csv"


def test_done_when(dataset: Path, tmp_path: Path) -> None:
    without = tmp_path / "r0"
    assert run("validate", dataset, "-q", "--format", "jsonl", "--output-dir", without).exit_code == 1
    assert f12_f13(without) == {
        (R, 4, "氏名", "F12", "warning"),
        (R, 5, "氏名", "F13", "error"),
        (NR, 2, "氏名", "F12", "warning"),
    }
    with_mj = tmp_path / "r1"
    result = run("validate", dataset, "-q", "--format", "jsonl", "--output-dir", with_mj, "--moji", MOJI)
    assert result.exit_code == 1
    assert f12_f13(with_mj) == {(R, 5, "氏名", "F13", "error"), (NR, 2, "氏名", "F12", "warning")}

    sheet = tmp_path / "同定.csv"
    assert run("gaiji", "worksheet", with_mj, "-o", sheet, "--moji", MOJI).exit_code == 0
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(WORKSHEET_COLUMNS)
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows[1:]] == [
        ("U+E000", PUA, "PUA（外字）", "1", "氏名"),
        ("U+20002", NOT_MJ, "MJ外の漢字", "1", "氏名"),
    ]
    assert rows[1][5].endswith(f"{R}:5（氏名）")
    assert "髙" not in raw.decode("utf-8-sig") and "𠮷" not in raw.decode("utf-8-sig")

    adopted = WORKSHEET_COLUMNS.index(ADOPTED)
    rows[1][adopted] = "MJ008064"  # 吉, resolved with the MJ table by gaiji apply
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    mapped = tmp_path / "r2"
    args = ("--format", "jsonl", "--moji", MOJI, "--gaiji-map", sheet)
    assert run("validate", dataset, "-q", "--output-dir", mapped, *args).exit_code == 0
    assert f12_f13(mapped) == {(NR, 2, "氏名", "F12", "warning")}  # F13 cleared; 𠀂 undecided

    fixed = tmp_path / "fixed"
    assert run("gaiji", "apply", dataset, "--gaiji-map", sheet, "-o", fixed, "--moji", MOJI).exit_code == 0
    before, after = (dataset / R).read_bytes(), (fixed / R).read_bytes()
    assert after == before.replace(PUA.encode(), "吉".encode())
    assert (fixed / NR).read_bytes() == (dataset / NR).read_bytes()  # nothing decided there
    again = tmp_path / "r3"
    assert (
        run("validate", fixed, "-q", "--output-dir", again, "--format", "jsonl", "--moji", MOJI).exit_code
        == 0
    )
    assert f12_f13(again) == {(NR, 2, "氏名", "F12", "warning")}
    log = list(
        csv.reader((tmp_path / "fixed.gaiji-changes.csv").read_text(encoding="utf-8-sig").splitlines())
    )
    assert log == [
        ["ファイル", "行", "項目", "変更前", "変更後", "件数", "値（前）", "値（後）"],
        [str(dataset / R), "5", "氏名", "U+E000", "U+5409", "1", "**　**", "**　**"],
    ]


# --- candidates -----------------------------------------------------------------------------------------


def entry(key: tuple[int, ...], kind: str = "ideograph") -> GaijiEntry:
    return GaijiEntry(
        key, kind, "F12", Severity.WARNING, 1, 1, (GaijiLocation("a.csv", 2, "氏名"),), ("氏名",)
    )  # type: ignore[arg-type]


def test_candidates_from_the_tables() -> None:
    table = read_moji_tables([MOJI])
    shrink = read_moji_shrink(MOJI_SHRINK)
    got = [(c.text, c.mj_name, c.why) for c in candidates(entry((0x20BB7,)), table, shrink)]
    assert got == [("吉", "MJ008064", "X0213 1-21-40 包摂・縮退マップ MJ032129")]
    seq = [(c.text, c.why) for c in candidates(entry((0x845B, 0xE0100), "ivs"), table, shrink)]
    assert seq[0] == ("葛\U000e0102", "IVSの基底 U+845B")  # the MJ forms of the base first
    assert len(seq) == 5 and all(t.startswith("葛") for t, _ in seq)
    assert [c.text for c in candidates(entry((0x2474,), "outside"))] == ["(1)"]  # 互換分解 (NFKC)
    assert [(c.text, c.why) for c in candidates(entry((0x61, 0xE0100), "selector"))] == [
        ("a", "セレクタを除く")
    ]
    assert candidates(entry((0xE000,), "pua"), table, shrink) == ()


def test_compatibility_ideograph_and_juki_candidates(tmp_path: Path) -> None:
    """Official columns the shared slice lacks: 対応する互換漢字 and 住基ネット統一文字コード."""
    path = tmp_path / "mji.csv"
    path.write_text(
        "MJ文字図形名,実装したUCS,実装したMoji_JohoコレクションIVS,対応する互換漢字,X0213,住基ネット統一文字コード\n"
        "MJ024541,U+6717,6717_E0101,U+F929,1-47-15,J+BC2F\n",
        encoding="utf-8",
    )
    table = read_moji_tables([path])
    hangul = [(c.text, c.mj_name, c.why) for c in candidates(entry((0xBC2F,), "outside"), table)]
    assert hangul[0] == ("朗\U000e0101", "MJ024541", "住基ネット統一文字コード J+BC2F")
    compat = [(c.text, c.why) for c in candidates(entry((0xF929,)), table)]
    assert compat[0] == ("朗\U000e0101", "対応する互換漢字 U+F929")
    assert ("朗", "X0213 1-47-15 包摂・互換分解") in compat  # the JIS character, found twice


# --- the XLSX worksheet and reading decisions back ---------------------------------------------------


def test_xlsx_header_frozen_fonts_and_decisions_read_back(dataset: Path, tmp_path: Path) -> None:
    run("validate", dataset, "-q", "--format", "jsonl", "--output-dir", tmp_path / "r")
    sheet = tmp_path / "同定.xlsx"
    result = run(
        "gaiji", "worksheet", tmp_path / "r" / "findings.summary.json", "-o", sheet,
        "--moji", MOJI, "--moji-shrink", MOJI_SHRINK,
    )  # fmt: skip
    assert result.exit_code == 0
    book = openpyxl.load_workbook(sheet)
    ws = book.worksheets[0]
    assert ws.title == "同定" and ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == list(WORKSHEET_COLUMNS)
    keys = [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]
    assert keys == ["U+9AD9", "U+E000", "U+20002", "U+20BB7"]  # judged by JIS X 0213: 髙 and 𠮷 listed
    assert ws.cell(2, 3).value == "JIS X 0213外の漢字（MJにある）"
    candidate = ws.cell(2, WORKSHEET_COLUMNS.index("候補1") + 1)
    assert candidate.value == "高 MJ028901（X0213 1-25-66 包摂・縮退マップ MJ028902）"
    assert candidate.font.name == CANDIDATE_FONT
    assert "CC BY-SA 2.1 JP" in " ".join(str(c.value) for c in book["説明"]["A"])
    adopted = WORKSHEET_COLUMNS.index(ADOPTED) + 1
    ws.cell(2, adopted).value = "候補1"  # 髙 → 高
    ws.cell(3, adopted).value = "U+5409"  # U+E000 → 吉
    ws.cell(5, adopted).value = "吉 MJ008064（縮退マップ MJ032129）"  # a candidate cell pasted as it is
    book.save(sheet)
    decisions = read_gaiji_map(sheet)
    assert {k: (a.text, a.mj_name) for k, a in decisions.adoptions.items()} == {
        (0x9AD9,): ("高", None),
        (0xE000,): ("吉", None),
        (0x20BB7,): ("吉", None),
    }
    assert decisions.pua_map == {0xE000: "U+5409"}
    mapped = tmp_path / "m"
    run("validate", dataset, "-q", "--format", "jsonl", "--output-dir", mapped, "--gaiji-map", sheet)
    assert (R, 5, "氏名", "F13", "error") not in f12_f13(mapped)
    assert (R, 4, "氏名", "F12", "warning") in f12_f13(mapped)  # not PUA: the data still holds 髙


def write_sheet(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(WORKSHEET_COLUMNS)
        for row in rows:
            writer.writerow([row.get(c, "") for c in WORKSHEET_COLUMNS])
    return path


def test_adopted_forms(tmp_path: Path) -> None:
    sheet = write_sheet(
        tmp_path / "s.csv",
        [
            {"コードポイント": "U+E000", ADOPTED: "MJ008064"},
            {"コードポイント": "U+845B  U+E0100", ADOPTED: "U+845B U+E0102"},
            {"コードポイント": "U+E001", "候補2": "'-（互換分解）", ADOPTED: "候補２"},
            {"コードポイント": "U+E002", ADOPTED: "吉"},
            {"コードポイント": "U+E003"},  # undecided: skipped
        ],
    )
    got = {k: (a.text, a.mj_name, a.row) for k, a in read_gaiji_map(sheet).adoptions.items()}
    assert got == {
        (0xE000,): (None, "MJ008064", 2),
        (0x845B, 0xE0100): ("葛\U000e0102", None, 3),
        (0xE001,): ("-", None, 4),
        (0xE002,): ("吉", None, 5),
    }


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"コードポイント": "E000", ADOPTED: "吉"}, "row 2, column コードポイント"),
        ({"コードポイント": "U+E000", ADOPTED: "候補1"}, "names 候補1, which is empty"),
        ({"コードポイント": "U+E000", ADOPTED: "吉,吉"}, "a comma or a double quote"),
    ],
)
def test_bad_decisions_are_located(tmp_path: Path, row: dict[str, str], problem: str) -> None:
    with pytest.raises(SchemaError, match=problem):
        read_gaiji_map(write_sheet(tmp_path / "s.csv", [row]))
    twice = write_sheet(tmp_path / "t.csv", [{"コードポイント": "U+E000", ADOPTED: "吉"}] * 2)
    with pytest.raises(SchemaError, match="decided twice"):
        read_gaiji_map(twice)


def test_the_older_table_still_reads(tmp_path: Path) -> None:
    old = tmp_path / "pua.csv"
    old.write_text("コードポイント,対応\nU+E000,MJ008064\nU+E001,U+5409\n", encoding="utf-8")
    decisions = read_gaiji_map(old)
    assert decisions.pua_map == {0xE000: "MJ008064", 0xE001: "U+5409"}
    assert replacements(decisions, read_moji_tables([MOJI])) == {(0xE000,): "吉", (0xE001,): "吉"}
    with pytest.raises(ApplyError, match="give the MJ table with --moji"):
        replacements(decisions, None)


# --- gaiji apply ------------------------------------------------------------------------------------


def test_apply_changes_nothing_else(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    original = (
        "\ufeff氏名,住所\r\n"
        '"葛\U000e0100城　\ue000",葛城\r\n'  # a quoted field, a sequence, a PUA
        '葛\U000e0102,"a ""q"" \ue000\ue000"\r\n'  # an in-table IVS; "" inside quotes
        "\udcff\r\n"
    ).encode("utf-8", "surrogateescape")
    (data / "x.csv").write_bytes(original)
    decisions = GaijiMap(
        tmp_path / "m.csv",
        read_gaiji_map(
            write_sheet(
                tmp_path / "m.csv",
                [
                    {"コードポイント": "U+E000", ADOPTED: "吉"},
                    {"コードポイント": "U+845B U+E0100", ADOPTED: "U+845B U+E0102"},
                    {"コードポイント": "U+845B", ADOPTED: "葛"},  # matched only where no selector follows
                ],
            )
        ).adoptions,
    )
    copies, changes = apply_to_files([data], tmp_path / "out", replacements(decisions, None))
    expected = original.replace("葛\U000e0100".encode(), "葛\U000e0102".encode()).replace(
        "\ue000".encode(), "吉".encode()
    )
    assert (tmp_path / "out" / "x.csv").read_bytes() == expected
    assert copies[0].replaced == 5
    assert [(c.line, c.item, c.before, c.after, c.count) for c in changes] == [
        (2, "氏名", (0x845B, 0xE0100), "葛\U000e0102", 1),
        (2, "氏名", (0xE000,), "吉", 1),
        (2, "住所", (0x845B,), "葛", 1),
        (3, "住所", (0xE000,), "吉", 2),
    ]
    assert (data / "x.csv").read_bytes() == original


def test_apply_keeps_the_encoding_and_never_overwrites_inputs(tmp_path: Path) -> None:
    data = tmp_path / "in"
    data.mkdir()
    original = "氏名\r\n\ue000山\r\n".encode("cp932")  # CP932 user-defined area F040 ↔ U+E000
    (data / "x.csv").write_bytes(original)
    sheet = write_sheet(tmp_path / "m.csv", [{"コードポイント": "U+E000", ADOPTED: "吉"}])
    args = ("--gaiji-map", sheet, "--encoding", "cp932")
    assert run("gaiji", "apply", data, "-o", tmp_path / "out", *args).exit_code == 0
    assert (tmp_path / "out" / "x.csv").read_bytes() == "氏名\r\n吉山\r\n".encode("cp932")
    result = run("gaiji", "apply", data, "-o", data, *args)
    assert result.exit_code == 2 and "is an input" in result.output
    result = run("gaiji", "apply", data / "x.csv", "-o", tmp_path / "o2", "--log", data / "x.csv", *args)
    assert result.exit_code == 2 and "change log must go elsewhere" in result.output
    assert (data / "x.csv").read_bytes() == original
    sheet = write_sheet(tmp_path / "n.csv", [{"コードポイント": "U+E000", ADOPTED: "𠮷"}])
    result = run("gaiji", "apply", data, "-o", tmp_path / "o3", "--gaiji-map", sheet, "--encoding", "cp932")
    assert result.exit_code == 2 and "cannot be written in the files' encoding cp932" in result.output


def test_apply_log_shows_values_only_when_asked(dataset: Path, tmp_path: Path) -> None:
    sheet = write_sheet(tmp_path / "m.csv", [{"コードポイント": "U+E000", ADOPTED: "吉"}])
    run("gaiji", "apply", dataset, "--gaiji-map", sheet, "-o", tmp_path / "o", "--show-values")
    log = (tmp_path / "o.gaiji-changes.csv").read_text(encoding="utf-8-sig").splitlines()
    assert log[1].endswith(f"U+E000,U+5409,1,{PUA}本　一郎,吉本　一郎")


def test_worksheet_usage_errors(tmp_path: Path) -> None:
    assert run("gaiji", "worksheet", tmp_path, "-o", tmp_path / "w.txt").exit_code == 2
    result = run("gaiji", "worksheet", tmp_path, "-o", tmp_path / "w.csv")
    assert result.exit_code == 2 and "summary file not found" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("MJ文字図形名,実装したUCS\nMJ000001,U+ZZ\n", encoding="utf-8")
    (tmp_path / "findings.summary.json").write_text("{}", encoding="utf-8")
    result = run("gaiji", "worksheet", tmp_path, "-o", tmp_path / "w.csv", "--moji", bad)
    assert result.exit_code == 2 and "MJ table error" in result.output and "row 2" in result.output
    result = run("validate", DATA / "spec_examples" / R, "--moji", bad)
    assert result.exit_code == 2 and "MJ文字情報一覧表の誤り / MJ table error" in result.output


def test_worksheet_rows_follow_the_inventory() -> None:
    rows = worksheet_rows([entry((0x20002,)), entry((0xE000,), "pua")], settings={"repertoire": "jisx0213"})
    assert [(r.cells()[0], r.kind) for r in rows] == [
        ("U+E000", "PUA（外字）"),
        ("U+20002", "JIS X 0213外の漢字"),
    ]
    out = io.BytesIO()
    write_csv(rows, out)
    assert (
        out.getvalue()
        .decode("utf-8-sig")
        .splitlines()[1]
        .startswith("U+E000,\ue000,PUA（外字）,1,氏名,a.csv:2（氏名）")
    )


def test_csv_cells_that_look_like_formulas_are_guarded_and_read_back(tmp_path: Path) -> None:
    rows = worksheet_rows([entry((0xFE66,), "outside")])  # ﹦ SMALL EQUALS SIGN: NFKC "="
    out = io.BytesIO()
    write_csv(rows, out)
    (line,) = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))[1:]
    assert line[WORKSHEET_COLUMNS.index("候補1")] == "'=（互換分解）"
    line[WORKSHEET_COLUMNS.index(ADOPTED)] = "候補1"
    sheet = tmp_path / "s.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([WORKSHEET_COLUMNS, line])
    assert read_gaiji_map(sheet).adoptions[(0xFE66,)].text == "="
