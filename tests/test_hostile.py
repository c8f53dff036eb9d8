"""Hostile inputs a vendor may well receive: each gives a located diagnosis or finding, never a flood, a
traceback or a hang, and both engines agree (issue 9, points 2 and 4).

Each case asserts the exit code and the exact findings; the issue's closing note quotes the commands.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.api import validate
from conformance.cli import main
from conformance.readers.sniff import read_sniffed
from conformance.schema import documents
from conformance.schema.loader import load_schema_set
from conformance.schema.model import SchemaSet
from tests.conftest import DATA, REPO

EXAMPLES = DATA / "spec_examples"
RESIDENTS = "住民記録_住民.csv"
ENGINES = ("reference", "fast")


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def _residents() -> bytes:
    return (EXAMPLES / RESIDENTS).read_bytes()


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(RESIDENTS, _residents())
    return buf.getvalue()


def _text(encoding: str) -> bytes:
    return _residents().decode("utf-8").encode(encoding)


def _without_header() -> bytes:
    return b"".join(_residents().splitlines(keepends=True)[1:])


def _other_layout() -> bytes:
    return (EXAMPLES / "個人住民税_課税.csv").read_bytes()


#: file content → the one finding it gives: (line, rule, message id).
WRONG_FORMAT = {
    "xlsx": (_xlsx, (1, "F3", "F3.not_csv_excel")),
    "xls (OLE2)": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), (1, "F3", "F3.not_csv_xls")),
    "zip": (_zip, (1, "F3", "F3.not_csv_zip")),
    "gzip": (lambda: gzip.compress(_residents()), (1, "F3", "F3.not_csv_gzip")),
    "pdf": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", (1, "F3", "F3.not_csv_pdf")),
    "html": (lambda: b"<!DOCTYPE html>\n<html><body></body></html>\n", (1, "F3", "F3.not_csv_markup")),
    "xml": (lambda: b'<?xml version="1.0"?>\n<rows><row/></rows>\n', (1, "F3", "F3.not_csv_markup")),
    "binary": (lambda: bytes(range(256)) * 8, (1, "F3", "F3.not_csv_binary")),
    "utf-16 BOM": (lambda: _text("utf-16"), (1, "F1", "F1.utf16_bom")),
    "utf-16le": (lambda: _text("utf-16-le"), (1, "F1", "F1.wide")),
    "utf-16be": (lambda: _text("utf-16-be"), (1, "F1", "F1.wide")),
    "utf-32 BOM": (lambda: _text("utf-32"), (1, "F1", "F1.wide")),
    "utf-32le": (lambda: _text("utf-32-le"), (1, "F1", "F1.wide")),
    "utf-32be": (lambda: _text("utf-32-be"), (1, "F1", "F1.wide")),
    "0 bytes": (lambda: b"", (1, "F4", "F4.empty")),
    "no header line": (_without_header, (1, "F4", "F4.no_header")),
    "another layout's header": (_other_layout, (1, "F4", "F4.other_layout")),
    "tab separated": (lambda: _residents().replace(b",", b"\t"), (1, "F3", "F3.delimiter")),
    "CR-only line ends": (lambda: _residents().replace(b"\n", b"\r"), (1, "F6", "F6.cr_only")),
    "semicolon separated": (lambda: _residents().replace(b",", b";"), (1, "F3", "F3.delimiter")),
}


@pytest.mark.parametrize("case", WRONG_FORMAT)
def test_a_file_in_the_wrong_format_is_one_diagnosis_in_both_engines(
    tmp_path: Path, schema: SchemaSet, case: str
) -> None:
    make, expected = WRONG_FORMAT[case]
    d = tmp_path / "d"
    d.mkdir()
    (d / RESIDENTS).write_bytes(make())
    for engine in ENGINES:
        result = validate([d], schema=schema, engine=engine)
        assert [(f.line, f.rule, f.message.id) for f in result.findings] == [expected], engine
        assert result.verdict == "does_not_conform"
        assert [s.rows for s in result.files] == [0]  # its records were not read, so nothing passed
        text = result.findings[0].message_ja + result.findings[0].message_en
        assert "検査していません" in text or "UTF-8で保存" in text or "0バイト" in text


#: What no text format is: the same diagnosis when the file is named for JSON Lines, JSON or XML.
NO_TEXT_FORMAT = ("xlsx", "zip", "gzip", "pdf", "binary", "utf-16le", "utf-32 BOM")


@pytest.mark.parametrize("ext", ["jsonl", "json", "xml"])
@pytest.mark.parametrize("case", NO_TEXT_FORMAT)
def test_a_container_named_as_another_text_format_is_one_diagnosis_too(
    tmp_path: Path, schema: SchemaSet, case: str, ext: str
) -> None:
    make, expected = WRONG_FORMAT[case]
    d = tmp_path / "d"
    d.mkdir()
    (d / f"住民記録_住民.{ext}").write_bytes(make())
    for engine in ENGINES:
        result = validate([d], schema=schema, engine=engine)
        assert [(f.line, f.rule, f.message.id) for f in result.findings] == [expected], engine
        assert result.verdict == "does_not_conform" and [s.rows for s in result.files] == [0]
        assert result.files[0].evidence is not None and result.files[0].evidence.format == ext


def test_empty_columns_at_the_end_of_the_header_are_one_finding(tmp_path: Path, schema: SchemaSet) -> None:
    lines = _residents().split(b"\n")
    pad = b"," * 1000  # a spreadsheet's trailing commas, on every line (so no F3 field-count finding)
    (tmp_path / RESIDENTS).write_bytes(b"\n".join(line + pad if line else line for line in lines))
    got = _agree([tmp_path / RESIDENTS], schema)
    assert got == [(1, "", "F4", "F4.trailing_empty")]
    (finding,) = validate([tmp_path], schema=schema).findings
    first = len(schema.files["住民記録_住民"].layout.items) + 1
    assert finding.message_en == f"1000 unnamed columns at the end of the header (from position {first})"


def test_the_diagnosis_says_what_the_file_is_and_what_to_do(tmp_path: Path) -> None:
    (tmp_path / RESIDENTS).write_bytes(_xlsx())
    r = run("validate", tmp_path / RESIDENTS)
    assert r.exit_code == 1
    assert "[F3/誤り] Excel ファイル（.xlsx）です。Excel で開き「CSV UTF-8（コンマ区切り）」" in r.output
    r = run("validate", tmp_path / RESIDENTS, "--lang", "en")
    assert "this is an Excel workbook (.xlsx), not CSV" in r.output


def test_an_xlsx_forced_with_layout_is_one_finding_and_no_raw_bytes(tmp_path: Path) -> None:
    book = tmp_path / "台帳.xlsx"
    book.write_bytes(_xlsx())
    r = run("validate", book, "--layout", "住民記録_住民")
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == "判定: 不適合（誤り 1件・警告 0件・情報 0件、計 1件）"
    assert "PK" not in r.output and not any(ord(c) < 0x20 and c not in "\n\t" for c in r.output)


def test_a_file_without_header_shows_none_of_its_first_row(tmp_path: Path) -> None:
    (tmp_path / RESIDENTS).write_bytes(_without_header())
    for fmt in ("text", "jsonl", "json", "html"):
        r = run("validate", tmp_path / RESIDENTS, "--format", fmt)
        assert r.exit_code == 1, fmt
        assert "見本　太郎" not in r.output and "0000100013" not in r.output, fmt


# --- point 4: never a crash or a hang ------------------------------------------------------------------


def _schema_copy(tmp_path: Path, layout: str, item: str, **changes: object) -> Path:
    """A copy of the bundled schema set with one item's columns changed (a user's schema set)."""
    root = tmp_path / "schema"
    shutil.copytree(REPO / "schemas" / "reference", root)
    path = root / "layouts" / f"{layout}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    (entry,) = [i for i in doc["items"] if i["項目名"] == item]
    entry.update(changes)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return root


def _rows(name: str, column: str, values: list[str]) -> bytes:
    """The example file of ``name`` with one row per value, ``column`` set to it."""
    rows = list(csv.reader(io.StringIO((EXAMPLES / f"{name}.csv").read_text(encoding="utf-8"))))
    at = rows[0].index(column)
    out = [rows[0]]
    for v in values:
        row = list(rows[1])
        row[at] = v
        out.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(out)
    return buf.getvalue().encode()


def _agree(paths: list[Path], schema: SchemaSet) -> list[tuple[int | None, str | None, str, str]]:
    """The findings (line, item, rule, message id) both engines give; they must be the same."""
    got = {
        e: sorted(
            (
                (f.line, f.item, f.rule, f.message.id)
                for f in validate(paths, schema=schema, engine=e).findings
            ),
            key=repr,
        )
        for e in ENGINES
    }
    assert got["fast"] == got["reference"]
    return got["reference"]


@pytest.mark.parametrize(
    "pattern", ["^(ａ+)+$", "(ａ*){3}", "(ａ?){30}ａ{30}", "(ａ|ａｂ)+", r"(.*)\1+", "((ａ+))*"]
)
def test_a_catastrophic_format_is_refused_at_schema_load(tmp_path: Path, pattern: str) -> None:
    root = _schema_copy(tmp_path, "住民記録_住民", "方書", 書式=pattern)
    r = run("schema", "check", root)
    assert r.exit_code == 2
    assert (
        "住民記録_住民.json: $.items[21].書式: this regular expression could take exponential time"
        in r.output
    )
    (tmp_path / RESIDENTS).write_bytes(_rows("住民記録_住民", "方書", ["ａ" * 35 + "！"]))
    r = run("validate", tmp_path / RESIDENTS, "--schema", root)
    assert r.exit_code == 2 and "could take exponential time" in r.output  # refused, never run (no hang)


@pytest.mark.parametrize(
    "pattern", ["(?:の(?:夫|妻)){0,3}", "(ａｂ|ｃｄ)+", "[０-９]{1,20}(?:－[０-９]{1,20}){0,3}"]
)
def test_a_safe_format_with_repeats_is_accepted(tmp_path: Path, pattern: str) -> None:
    assert (
        run("schema", "check", _schema_copy(tmp_path, "住民記録_住民", "方書", 書式=pattern)).exit_code == 0
    )


def test_a_layout_nested_100000_deep_is_a_located_schema_error(tmp_path: Path) -> None:
    root = _schema_copy(tmp_path, "住民記録_住民", "方書")
    (root / "layouts" / "住民記録_住民.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    for args in (("schema", "check", root), ("validate", EXAMPLES / RESIDENTS, "--schema", root)):
        r = run(*args)
        assert r.exit_code == 2
        assert "住民記録_住民.json: nested deeper than 64 arrays or objects" in r.output


def test_a_schema_document_over_the_size_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _schema_copy(tmp_path, "住民記録_住民", "方書")
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 1000)
    r = run("schema", "check", root)
    assert r.exit_code == 2
    assert "dataset.json: " in r.output and "a schema document may hold at most 1,000" in r.output


def test_a_fifo_as_config_or_schema_document_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.json"
    os.mkfifo(fifo)  # reading it would block forever
    r = run("validate", EXAMPLES / RESIDENTS, "--config", fifo)
    assert r.exit_code == 2 and "settings.json: not a regular file" in r.output
    root = _schema_copy(tmp_path, "住民記録_住民", "方書")
    (root / "layouts" / "住民記録_住民.json").unlink()
    os.mkfifo(root / "layouts" / "住民記録_住民.json")
    r = run("schema", "check", root)
    assert r.exit_code == 2 and "layout file not found" in r.output


def test_a_huge_decimal_format_is_checked_by_length_in_the_fast_engine(tmp_path: Path) -> None:
    root = _schema_copy(tmp_path, "固定資産税_土地", "登記地積", 書式="100000.2", 最大桁数=100_003)
    big = load_schema_set(root)
    values = ["1" * 100_000 + ".25", "1" * 100_001, "12.345", "12.", ".5", "1.2.3", "3", "0.50"]
    (tmp_path / "固定資産税_土地.csv").write_bytes(_rows("固定資産税_土地", "登記地積", values))
    got = [
        (line, rule)
        for line, item, rule, _ in _agree([tmp_path / "固定資産税_土地.csv"], big)
        if item == "登記地積"
    ]
    assert got == [(3, "F8"), (4, "F8"), (5, "F8"), (6, "F8"), (7, "F8")]


def test_a_huge_maximum_length_of_digits_allocates_nothing(tmp_path: Path) -> None:
    root = _schema_copy(tmp_path, "住民記録_住民", "宛名番号", 最大桁数=10**9, 最小桁数=None)
    big = load_schema_set(root)
    assert _agree([EXAMPLES / RESIDENTS], big) == []
    root = _schema_copy(tmp_path / "min", "住民記録_住民", "宛名番号", 最大桁数=10**9, 最小桁数=10**6)
    big = load_schema_set(root)
    got = _agree([EXAMPLES / RESIDENTS], big)
    assert {(item, rule) for _, item, rule, _ in got} == {("宛名番号", "C5")}


#: Boundary values per データ型: the ends of the calendar, past them, and amounts past any machine integer.
BOUNDARIES = {
    "日付": ["9999-12-31", "0001-01-01", "10000-01-01", "9999-12-32", "0000-01-01", "1900-02-29"],
    "日時": [
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59.999999999Z",
        "10000-01-01T00:00:00",
    ],
    "年": ["9999", "0000", "10000"],
    "和暦日付": ["9999999", "5991231", "0000000"],
    "整数": ["9" * 40, "-" + "9" * 40, "-0"],
    "小数": ["9" * 40 + ".99", "0." + "9" * 40],
    "数字": ["9" * 40],
}


@pytest.mark.parametrize("k", range(3))
def test_boundary_dates_and_amounts_are_findings_in_every_rule_and_both_engines(
    tmp_path: Path, schema: SchemaSet, k: int
) -> None:
    """Every date, year, 和暦 and amount item of every file gets boundary values (so every X rule's date or
    amount arithmetic sees them): no exception, the same findings in both engines, every row counted."""
    for p in EXAMPLES.glob("*.csv"):
        if ".invalid" in p.name:
            continue
        types = {i.name: i.data_type for i in schema.files[p.stem].layout.items}
        rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
        for n, row in enumerate(rows[1:]):
            for j, column in enumerate(rows[0]):
                values = BOUNDARIES.get(types[column])
                if values:
                    row[j] = values[(k + n + j) % len(values)]
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        (tmp_path / p.name).write_text(buf.getvalue(), encoding="utf-8")
    got = _agree([tmp_path], schema)
    assert {rule for _, _, rule, _ in got} >= {"F9", "F10"}
    for engine in ENGINES:
        result = validate([tmp_path], schema=schema, engine=engine)
        expected = {p.name: len(p.read_bytes().splitlines()) - 1 for p in tmp_path.glob("*.csv")}
        assert {Path(s.file).name: s.rows for s in result.files} == expected


# --- property: random bytes and CSV-ish files through both engines ---------------------------------------

_HEADER = (EXAMPLES / RESIDENTS).read_bytes().split(b"\n", 1)[0]
_ROW = (EXAMPLES / RESIDENTS).read_bytes().split(b"\n")[1]
_pieces = st.sampled_from(
    [
        b",",
        b'"',
        b"\n",
        b"\r\n",
        b"\r",
        b"a",
        b"1",
        b"\xe3\x81\x82",
        b"\xff",
        b"\x82\xa0",
        b"\x00",
        b"\t",
        b";",
        b"\xef\xbb\xbf",
        b"PK\x03\x04",
        b"9999-12-31",
        b"\xe4\xbb\xa4\xe5\x92\x8c",
        _ROW + b"\n",
    ],
)
_files = st.one_of(
    st.binary(max_size=200),
    st.lists(_pieces, max_size=30).map(b"".join),
    st.lists(_pieces, max_size=30).map(lambda ps: _HEADER + b"\n" + b"".join(ps)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_files)
def test_property_any_bytes_give_findings_never_an_exception(
    tmp_path_factory: pytest.TempPathFactory, schema: SchemaSet, data: bytes
) -> None:
    d = tmp_path_factory.mktemp("fuzz")
    path = d / RESIDENTS
    path.write_bytes(data)
    spec = schema.files["住民記録_住民"]
    sniffed = read_sniffed(path, path.name, None, spec, schema.files.values())
    records = 0 if sniffed.fatal else sum(1 for _ in sniffed.records())
    results = {e: validate([path], schema=schema, engine=e, max_per_rule=None) for e in ENGINES}
    key = [
        sorted(((f.line, f.item, f.rule, f.message.id, f.value) for f in r.findings), key=repr)
        for r in results.values()
    ]
    assert key[0] == key[1]
    for result in results.values():
        assert [s.rows for s in result.files] == [records]  # every record read was checked, none dropped
        assert result.verdict != "conforms" or not sniffed.fatal  # a file not read is never a pass


def test_a_zip_bomb_workbook_in_schema_import_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    book = tmp_path / "基本データリスト.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", bytes(16 << 20))  # 16 MiB of NUL in ~16 KB
    r = run("schema", "import", book)
    assert r.exit_code == 2
    assert "xl/worksheets/sheet1.xml" in r.output and "zip爆弾の疑い" in r.output  # the import report: ja


def test_a_full_spill_disk_is_exit_2_and_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import polars as pl

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_ipc", full)
    monkeypatch.setattr(pl.LazyFrame, "sink_ipc", full)
    spill = tmp_path / "spill"
    r = run("validate", REPO / "samples" / "valid", "--engine", "fast", "--spill-dir", spill)
    assert r.exit_code == 2
    assert "一時ファイルの領域が一杯です" in r.output
    assert f"{spill}: no space left on the device holding the spill folder" in r.output
    assert list(spill.iterdir()) == []  # the spill folder is removed on this way out too
