"""Hostile inputs a vendor may well receive: each gives a located diagnosis or finding, never a flood, a
traceback or a hang, and both engines agree (issue 9, points 2 and 4).

Each case asserts the exit code and the exact findings; the issue's closing note quotes the commands.
"""

from __future__ import annotations

import gzip
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conformance.api import validate
from conformance.cli import main
from conformance.schema.model import SchemaSet
from tests.conftest import DATA

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
