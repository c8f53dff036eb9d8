"""The MJ table: reading it as published (CSV, XLSX, full header), its cache, and F12 under the MJ repertoire.

The scanner is the definition; the polars regex built from the same configuration may only clear values the
scanner finds nothing in (and must clear an in-table IVS sequence, or the fast path loses its speed).
"""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from conformance.api import validate
from conformance.core.severity import Severity
from conformance.rules.items.characters import char_rules
from conformance.rules.items.check import char_config, compile_layout
from conformance.rules.items.prefilter import clean_expr
from conformance.schema import moji as moji_module
from conformance.schema.documents import SchemaError
from conformance.schema.loader import load_schema_set
from conformance.schema.model import SchemaSet
from conformance.schema.moji import (
    COLUMN_COMPAT,
    COLUMN_IVS,
    COLUMN_JUKI,
    COLUMN_NAME,
    COLUMN_UCS,
    COLUMN_X0213,
    MojiTable,
    cache_dir,
    read_moji_shrink,
    read_moji_tables,
)
from conformance.schema.sheets import SheetError, SheetLimits, check_archive
from conformance.types.chars import CharConfig, scanner
from conformance.types.moji import REPERTOIRES, MojiSet, Repertoire
from tests.conftest import DATA, REFERENCE
from tests.mojidata import MOJI, MOJI_SHRINK, SLICES

E, W = Severity.ERROR, Severity.WARNING
IVS0, IVS2, IVS5 = "\U000e0100", "\U000e0102", "\U000e0105"

N, U, IV, X, CO, J = COLUMN_NAME, COLUMN_UCS, COLUMN_IVS, COLUMN_X0213, COLUMN_COMPAT, COLUMN_JUKI
OFFICIAL_HEADER = [
    "図形", "font", N, "対応するUCS", U, IV, "実装したSVS", "戸籍統一文字番号", J, "入管正字コード",
    "入管外字コード", "漢字施策", CO, X, "X0213 包摂連番", "X0213 包摂区分", "X0212", "MJ文字図形バージョン",
    "登記統一文字番号(参考)", "部首1(参考)", "内画数1(参考)", "総画数(参考)", "読み(参考)", "大漢和",
]  # fmt: skip


def official_row(**cells: str) -> list[str]:
    return [cells.get(h, "") for h in OFFICIAL_HEADER]


OFFICIAL_ROWS = [
    official_row(**{N: "MJ028902", U: "U+9AD9", X: "1-25-66", "図形": "(image)"}),
    official_row(**{N: "MJ024541", U: "U+6717", IV: "6717_E0101", CO: "U+F929", X: "1-47-15", J: "J+BC2F"}),
    official_row(**{N: "MJ090001", U: ""}),  # no UCS code point: skipped
]


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = True) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value)
    book.close()
    return path


@pytest.fixture(scope="module")
def table() -> MojiTable:
    loaded = read_moji_tables([MOJI])
    assert loaded is not None
    return loaded


# --- the slice --------------------------------------------------------------------------------------------


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_the_slices_are_unchanged_rows_of_the_reference_table() -> None:
    """Each slice equals its recorded hash; where CONFORMANCE_REFERENCE_DIR names the reference material,
    its rows are rows of the original."""
    for path, (sha256, origin) in SLICES.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sha256, f"{path.name} changed"
        if REFERENCE is None or not (REFERENCE / "moji" / origin).is_file():
            continue
        original = _rows(REFERENCE / "moji" / origin)
        slice_rows = _rows(path)
        assert slice_rows[0] == original[0]
        positions = {tuple(r): i for i, r in enumerate(original)}
        at = [positions.get(tuple(r)) for r in slice_rows[1:]]
        assert None not in at, "a row of the slice is not a row of the original"
        assert at == sorted(at)  # the original's order
    assert "CC BY-SA 2.1 JP" in (DATA / "moji" / "README.md").read_text(encoding="utf-8")


def test_slice_repertoire(table: MojiTable) -> None:
    rep = table.repertoire
    assert {0x9AD9, 0x20BB7, 0x5409, 0x845B} <= rep.singles
    assert 0x20002 not in rep.singles  # 𠀂: not an MJ character
    assert (0x845B, 0xE0102) in rep.sequences and (0x845B, 0xE0100) not in rep.sequences
    assert len(table) == len(_rows(MOJI)) - 1
    shrink = read_moji_shrink(MOJI_SHRINK)
    assert shrink["MJ032129"] == "吉"  # 𠮷 → 吉


# --- reading the official table ---------------------------------------------------------------------------


def test_full_official_header_columns_by_name_csv_and_xlsx(tmp_path: Path) -> None:
    rows = [["MJ文字情報一覧表 (title row)"], OFFICIAL_HEADER, *OFFICIAL_ROWS]
    from_csv = read_moji_tables([write_csv(tmp_path / "mji.csv", rows)])
    from_xlsx = read_moji_tables([write_xlsx(tmp_path / "mji.00602.xlsx", rows)])
    assert from_csv is not None and from_xlsx is not None
    for table in (from_csv, from_xlsx):
        assert [(r.name, r.ucs, r.selector, r.x0213, r.compat, r.juki) for r in table.rows()] == [
            ("MJ028902", 0x9AD9, 0, "1-25-66", (), ()),
            ("MJ024541", 0x6717, 0xE0101, "1-47-15", (0xF929,), (0xBC2F,)),
        ]
        assert table.sources[0].skipped == 1
        assert table.repertoire.singles == {0x9AD9, 0x6717, 0xF929}
        assert table.repertoire.sequences == {(0x6717, 0xE0101)}
    assert from_csv.repertoire.key != from_xlsx.repertoire.key  # keyed by the bytes of each table


@pytest.mark.parametrize(
    ("cells", "where", "problem"),
    [
        ({N: "MJ1", U: "U+9AD9"}, f"row 3, column {N}", "MJ000001"),
        ({N: "MJ000001", U: "9AD9X"}, f"row 3, column {U}", "code point"),
        ({N: "MJ000001", U: "U+E0100"}, f"row 3, column {U}", "alone"),
        ({N: "MJ000001", U: "U+9AD9", IV: "9AD8_E0100"}, f"row 3, column {IV}", "does not start with"),
        ({N: "MJ000001", U: "U+9AD9", IV: "9AD9_FE00"}, f"row 3, column {IV}", "XXXX_E01XX"),
        ({N: "MJ000001", U: "U+9AD9", X: "1-25"}, f"row 3, column {X}", "面-区-点"),
        ({N: "MJ000001", U: "U+9AD9", J: "BC2F"}, f"row 3, column {J}", "code point"),
    ],
)
def test_a_bad_table_is_a_located_schema_error(
    tmp_path: Path, cells: dict[str, str], where: str, problem: str
) -> None:
    path = write_csv(tmp_path / "bad.csv", [OFFICIAL_HEADER, OFFICIAL_ROWS[0], official_row(**cells)])
    with pytest.raises(SchemaError) as info:
        read_moji_tables([path])
    assert info.value.path == where and problem in info.value.problem


def test_a_table_without_the_needed_columns_or_rows(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="no header row with the columns MJ文字図形名, 実装したUCS"):
        read_moji_tables([write_csv(tmp_path / "t.csv", [["MJ文字図形名", "UCS"], ["MJ000001", "U+9AD9"]])])
    with pytest.raises(SchemaError, match="no character rows"):
        read_moji_tables([write_csv(tmp_path / "e.csv", [OFFICIAL_HEADER])])
    (tmp_path / "cp932.csv").write_bytes("MJ文字図形名,実装したUCS\r\n".encode("cp932"))
    with pytest.raises(SchemaError, match="not valid UTF-8"):
        read_moji_tables([tmp_path / "cp932.csv"])


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (16 * 1024 * 1024))
    with pytest.raises(SheetError, match="zip bomb"):
        check_archive(bomb, SheetLimits())
    with pytest.raises(SchemaError, match="zip bomb"):
        read_moji_tables([bomb])
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(big, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr("a.xml", b"x" * 4096)
    with pytest.raises(SheetError, match="expands to"):
        check_archive(big, replace(SheetLimits(), max_uncompressed=1024))
    (tmp_path / "not.xlsx").write_bytes(b"PK not really")
    with pytest.raises(SchemaError, match="not an XLSX workbook"):
        read_moji_tables([tmp_path / "not.xlsx"])


def test_formulas_are_never_evaluated(tmp_path: Path) -> None:
    """A formula cell reads as its cached value (none here): a table cannot compute its repertoire."""
    import xlsxwriter

    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["MJ文字図形名", "実装したUCS"])
    sheet.write_row(1, 0, ["MJ000001", "U+9AD9"])
    sheet.write_string(2, 0, "MJ000002")
    sheet.write_formula(2, 1, '="U+"&"20BB7"', None, "")  # cached value: empty
    book.close()
    table = read_moji_tables([path])
    assert table is not None and table.repertoire.singles == {0x9AD9}


# --- the cache --------------------------------------------------------------------------------------------


def test_cache_is_keyed_by_hash_reused_and_rebuilt_when_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONFORMANCE_CACHE_DIR", str(tmp_path / "cache"))
    table = write_csv(tmp_path / "mji.csv", [OFFICIAL_HEADER, *OFFICIAL_ROWS])
    first = read_moji_tables([table])
    assert first is not None
    (cached,) = (tmp_path / "cache").glob("moji-*.json")
    assert cached.name == f"moji-{first.sources[0].sha256}.json"
    doc = json.loads(cached.read_text(encoding="utf-8"))
    assert set(doc) == {"format", "sha256", "skipped", "names", "ucs", "selectors", "x0213", "compat", "juki"}

    def no_parse(path: Path) -> None:
        raise AssertionError("parsed although cached")

    with monkeypatch.context() as m:
        m.setattr(moji_module, "_parse", no_parse)
        again = read_moji_tables([table])
    assert again is not None and again.repertoire == first.repertoire
    assert [r for r in again.rows()] == [r for r in first.rows()]

    for corrupt in ("{not json", json.dumps({**doc, "ucs": ["U+9AD9", 0]}), json.dumps({**doc, "format": 0})):
        cached.write_text(corrupt, encoding="utf-8")
        rebuilt = read_moji_tables([table])
        assert rebuilt is not None and rebuilt.repertoire.singles == first.repertoire.singles
        assert json.loads(cached.read_text(encoding="utf-8")) == doc  # written again, whole

    write_csv(table, [OFFICIAL_HEADER, OFFICIAL_ROWS[0]])  # another table: another key
    changed = read_moji_tables([table])
    assert changed is not None and changed.repertoire.singles == {0x9AD9}
    assert len(list((tmp_path / "cache").glob("moji-*.json"))) == 2
    assert not list((tmp_path / "cache").glob(".moji-*"))  # no temporary file left


def test_cache_location_and_switching_it_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CONFORMANCE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "conformance"
    monkeypatch.setenv("CONFORMANCE_CACHE_DIR", "")
    assert cache_dir() is None
    table = write_csv(tmp_path / "mji.csv", [OFFICIAL_HEADER, *OFFICIAL_ROWS])
    assert read_moji_tables([table]) is not None
    assert not (tmp_path / "xdg").exists()


# --- F12 under the MJ repertoire ----------------------------------------------------------------------------


def config(table: MojiTable | None, repertoire: Repertoire) -> CharConfig:
    return CharConfig.of(moji=None if table is None else table.repertoire, repertoire=repertoire)


# value -> (jisx0213, jisx0213+mj, mj): the F12 severity and template id, or None
CASES: dict[str, tuple[tuple[Severity, str] | None, ...]] = {
    "見本　太郎": (None, None, None),
    "髙𠮷": ((W, "F12.warning"), None, None),
    "\U00020002": ((W, "F12.warning"), (W, "F12.unlisted"), (E, "F12.mj")),
    "葛" + IVS2: (None, None, None),  # in the table
    "葛" + IVS0: (None, (W, "F12.ivs"), (W, "F12.ivs")),  # base in MJ, selector not (a Hanyo-Denshi IVS)
    "\U00020002" + IVS0: (None, (W, "F12.unlisted"), (E, "F12.mj")),  # base in neither
    "鷗": (None, None, (E, "F12.mj")),  # JIS X 0213, not in the slice: mj judges ideographs by the table
    "葛" + IVS0 + "\U00020002": ((W, "F12.warning"), (W, "F12.unlisted.ivs"), (E, "F12.mj.ivs")),
    "⑴髙": ((E, "F12.ideographs"), (E, "F12"), (E, "F12")),
    "⑴葛" + IVS0: ((E, "F12"), (E, "F12.ideographs"), (E, "F12.ideographs")),
    "a" + IVS2: ((E, "F12.placement"),) * 3,
}


@pytest.mark.parametrize("value", list(CASES))
def test_f12_readings_per_repertoire(table: MojiTable, value: str) -> None:
    for repertoire, expected in zip(("jisx0213", "jisx0213+mj", "mj"), CASES[value], strict=True):
        faults = [f for f in char_rules(config(table, repertoire)).scan(value) if f.rule == "F12"]
        got = (faults[0].severity, faults[0].message.id) if faults else None
        assert got == expected, (repertoire, value)


def test_ivs_warning_names_the_base(table: MojiTable) -> None:
    (fault,) = char_rules(config(table, "jisx0213+mj")).scan("葛" + IVS0 + "城")
    assert fault.text("en") == (
        "Contains IVS sequences whose selector the MJ tables do not list: U+845B U+E0100 (葛\U000e0100); "
        "the base ideographs (U+845B (葛)) are in the repertoire."
    )
    assert "基底の漢字（U+845B (葛)）は範囲内です" in fault.text("ja")


def test_pua_stays_f13_unless_an_additions_table_or_a_map_covers_it(table: MojiTable) -> None:
    additions = MojiSet.of("additions", table.repertoire.singles | {0xE001}, table.repertoire.sequences)
    for cfg in (
        config(table, "jisx0213+mj"),
        CharConfig.of(moji=additions, repertoire="jisx0213+mj"),
        CharConfig.of(pua_map={0xE001: "MJ000001"}, moji=table.repertoire, repertoire="mj"),
    ):
        rules = {f.rule for f in char_rules(cfg).scan("\ue000")}
        assert rules == {"F13"}
    covered = CharConfig.of(moji=additions, repertoire="mj")
    assert char_rules(covered).scan("\ue001") == ()
    assert char_rules(config(table, "jisx0213+mj")).scan("\ue001")[0].rule == "F13"


def test_a_mode_naming_mj_needs_a_table() -> None:
    with pytest.raises(ValueError, match="needs an MJ table"):
        CharConfig.of(repertoire="mj")
    assert CharConfig.of(moji=MojiSet.of("k", [1], []), repertoire="jisx0213") == CharConfig()


CORPUS = [
    *CASES,
    "髙橋　葛" + IVS2 + "子",
    "葛" + IVS2 + IVS2,
    IVS2 + "葛",
    "　髙",
    "髙 ",
    "斉\U000e0103藤",
    "①髙",
    "か\u309a髙",
    "\ue000髙",
    "𠮷" + IVS0,
    "朗",
    "齊" + IVS0,
    "",
]


@pytest.mark.parametrize("repertoire", REPERTOIRES)
def test_fast_set_and_the_slow_path_agree(table: MojiTable, repertoire: Repertoire) -> None:
    chars = scanner(config(None if repertoire == "jisx0213" else table, repertoire))
    for value in CORPUS:
        assert chars.scan(value) == chars.scan_slowly(value), value


def _schema_with(schema: SchemaSet, table: MojiTable | None, repertoire: Repertoire | None) -> SchemaSet:
    return replace(schema, settings=replace(schema.settings, moji=table, repertoire=repertoire))


@pytest.mark.parametrize("repertoire", REPERTOIRES)
def test_the_prefilter_clears_exactly_what_the_scanner_accepts(
    schema: SchemaSet, table: MojiTable, repertoire: Repertoire
) -> None:
    mj = _schema_with(schema, None if repertoire == "jisx0213" else table, repertoire)
    checks = {c.item.name: c for c in compile_layout(mj.files["住民記録_住登外者"].layout, mj)}
    check = checks["氏名"]  # 文字列: admits IVS
    values = [v for v in CORPUS if v]
    frame = pl.DataFrame({"氏名": values}, schema={"氏名": pl.String})
    got = frame.select(clean_expr(check, mj, pl.col).alias("ok"))["ok"].to_list()
    expected = [check.check(v, {}) == ([], False) for v in values]
    assert got == expected  # sound, and exact on this corpus (in-table sequences are cleared)
    assert char_config(mj).repertoire == repertoire


def test_engines_agree_with_and_without_a_table(schema: SchemaSet, table: MojiTable, tmp_path: Path) -> None:
    src = (DATA / "spec_examples" / "住民記録_住登外者.csv").read_text(encoding="utf-8")
    lines = src.splitlines(keepends=True)
    names = ["髙𠮷　葛" + IVS2, "葛" + IVS0 + "　\U00020002", "\ue000　鷗", "①　𠮷" + IVS0]
    out = [lines[0]]
    for i, name in enumerate(names):
        fields = lines[1 + i % (len(lines) - 1)].split(",")
        fields[3] = name  # 氏名
        out.append(",".join(fields))
    data = tmp_path / "住民記録_住登外者.csv"
    data.write_text("".join(out), encoding="utf-8")
    seen = set()
    for repertoire in (None, *REPERTOIRES):
        mj = _schema_with(schema, None if repertoire in (None, "jisx0213") else table, repertoire)
        rows = []
        for engine in ("reference", "fast"):
            result = validate([data], schema=mj, max_per_rule=None, engine=engine)
            rows.append([(f.line, f.item, f.rule, f.severity.value, f.message_en) for f in result.findings])
        assert rows[0] == rows[1], repertoire
        seen.add(tuple(r for r in rows[0] if r[2] in ("F12", "F13")))
    assert len(seen) == 3  # jisx0213 (also the default without a table), jisx0213+mj and mj differ


def test_loader_default_and_check(table: MojiTable, tmp_path: Path) -> None:
    assert load_schema_set().settings.effective_repertoire == "jisx0213"
    with_table = load_schema_set(moji=[MOJI])
    assert with_table.settings.effective_repertoire == "jisx0213+mj"
    config_file = tmp_path / "c.json"
    config_file.write_text(json.dumps({"repertoire": "mj"}), encoding="utf-8")
    with pytest.raises(SchemaError, match="repertoire 'mj' needs the MJ文字情報一覧表"):
        load_schema_set(config=config_file)
    assert load_schema_set(config=config_file, moji=[MOJI]).settings.effective_repertoire == "mj"
    twice = [str(MOJI), f"{MOJI.parent}/../moji/{MOJI.name}"]
    config_file.write_text(json.dumps({"moji": twice, "repertoire": "jisx0213"}), "utf-8")
    both = load_schema_set(config=config_file, moji=[MOJI]).settings
    assert both.moji is not None and len(both.moji.sources) == 1  # the same table counts once
    assert char_config(replace(schema_of(both))).moji is None  # jisx0213: the table changes no verdict


def schema_of(settings: object) -> SchemaSet:
    base = load_schema_set()
    return replace(base, settings=settings)


def test_inventory_and_html_name_the_ivs_kind(schema: SchemaSet, table: MojiTable, tmp_path: Path) -> None:
    import io

    from conformance.reports import html
    from conformance.reports.masking import ReportOptions

    src = (DATA / "spec_examples" / "住民記録_住登外者.csv").read_text(encoding="utf-8").splitlines(True)
    fields = src[1].split(",")
    fields[3] = "葛" + IVS0 + "見　\U00020002"  # 見 is in the slice
    data = tmp_path / "住民記録_住登外者.csv"
    data.write_text(src[0] + ",".join(fields), encoding="utf-8")
    mj = _schema_with(schema, table, "mj")
    result = validate([data], schema=mj, max_per_rule=None)
    assert [(e.codes, e.kind, e.severity) for e in result.gaiji] == [
        ("U+845B U+E0100", "ivs", W),
        ("U+20002", "ideograph", E),  # an error under mj
    ]
    out = io.StringIO()
    html.write(result, out, ReportOptions(lang="en"))
    assert "IVS sequence whose selector MJ does not list" in out.getvalue()


def test_reports_name_the_repertoire_that_judged_f12(
    schema: SchemaSet, table: MojiTable, tmp_path: Path
) -> None:
    """An F12-free run means nothing without the repertoire: the same value passes under jisx0213+mj and
    fails under jisx0213, so the text, HTML and Excel reports say which one ran, and which table (by hash)."""
    import io

    from conformance.reports import html, text, xlsx
    from conformance.reports.masking import ReportOptions
    from tests.helpers import xlsx_text

    data = tmp_path / "住民記録_住登外者.csv"
    data.write_text((DATA / "spec_examples" / "住民記録_住登外者.csv").read_text(encoding="utf-8"), "utf-8")
    expected = {
        None: ("JIS X 0213（MJ文字情報一覧表の指定なし）", "JIS X 0213 (no MJ文字情報一覧表 given)"),
        "jisx0213+mj": ("JIS X 0213 と MJ文字情報一覧表: ", "JIS X 0213 and the MJ文字情報一覧表; "),
        "mj": (
            "MJ文字情報一覧表（漢字は表のみで判定）: ",
            "the MJ文字情報一覧表 (ideographs judged by the tables only); ",
        ),
    }
    for repertoire, (ja, en) in expected.items():
        with_table = _schema_with(schema, None if repertoire is None else table, repertoire)  # type: ignore[arg-type]
        result = validate([data], schema=with_table)
        for lang, words in (("ja", ja), ("en", en)):
            out, page = io.StringIO(), io.StringIO()
            text.write(result, out, ReportOptions(lang=lang))  # type: ignore[arg-type]
            html.write(result, page, ReportOptions(lang=lang))  # type: ignore[arg-type]
            book = io.BytesIO()
            xlsx.write(result, book, ReportOptions(lang=lang))  # type: ignore[arg-type]
            assert words in out.getvalue() and words in page.getvalue(), (repertoire, lang)
            assert words.rstrip(":; ") in xlsx_text(book.getvalue()), (repertoire, lang)
            tables = [] if repertoire is None else [s.sha256[:12] for s in table.sources]
            assert all(sha in out.getvalue() for sha in tables)
