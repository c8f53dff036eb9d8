"""The JSON Lines, JSON and Parquet readers (§13): records keyed by name, the structural findings of §13.4
at their lines, F4 by name, and both engines giving the same findings on every case."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from conformance.api import validate
from conformance.core.findings import Finding
from conformance.engines.inputs import match_layout, resolve_inputs
from conformance.readers import jsonl as jsonl_reader
from conformance.readers import structured
from conformance.readers.formats import format_of, open_input
from conformance.schema.model import SchemaSet

Row = tuple[int | None, str | None, str]
ITEMS = ("団体コード", "宛名番号")


def _both(paths: list[Path], schema: SchemaSet, **kw: object) -> list[Finding]:
    """The findings of the reference engine, after checking the fast engine gives the same."""
    out = []
    for engine in ("reference", "fast"):
        result = validate(paths, schema=schema, max_per_rule=None, engine=engine, **kw)  # type: ignore[arg-type]
        out.append(sorted(result.findings, key=lambda f: (f.file, f.line or 0, f.item or "", f.message.id)))
    assert [(f.file, f.line, f.item, f.message.id, f.value) for f in out[1]] == [
        (f.file, f.line, f.item, f.message.id, f.value) for f in out[0]
    ]
    return out[0]


def _structural(findings: list[Finding], names: tuple[str, ...] = ITEMS) -> set[Row]:
    """F1/F2/F16/F18 and the F4s other than 'missing' for items outside ``names``."""
    rows = set()
    for f in findings:
        missing_elsewhere = f.message.id == "F4.missing" and f.item not in names
        if f.rule in ("F1", "F2", "F16", "F17", "F18", "D1") or (f.rule == "F4" and not missing_elsewhere):
            rows.add((f.line, f.item, f.message.id))
    return rows


def _items(findings: list[Finding], item: str) -> set[tuple[int | None, str]]:
    """The item checks' findings on ``item`` (not the readers' F1, F4, F18)."""
    return {(f.line, f.rule) for f in findings if f.item == item and f.rule not in ("F1", "F4", "F18")}


def test_extensions_choose_the_reader_and_stand_for_the_patterns(schema: SchemaSet) -> None:
    assert [
        format_of(Path(f"a.{e}")) for e in ("csv", "JSONL", "ndjson", "json", "xml", "parquet", "txt")
    ] == ["csv", "jsonl", "jsonl", "json", "xml", "parquet", None]
    for name in ("住民記録_住民.jsonl", "住民記録_住民.2024.xml", "住民記録_住民.parquet"):
        spec = match_layout(Path(name), schema)
        assert spec is not None and spec.name == "住民記録_住民"
    assert match_layout(Path("住民記録_住民.txt"), schema) is None


def test_jsonl_record_faults_are_located_and_the_run_goes_on(tmp_path: Path, schema: SchemaSet) -> None:
    path = tmp_path / "住民記録_住民.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + '{"団体コード": "12345X", "謎": "x"}\n'.encode()
        + b"\n"
        + b"[1]\n"
        + '{"団体コード": 131016, "宛名番号": true}\n'.encode()
        + b'{"a": \n'
        + '{"団体コード": "1", "団体コード": "2"}\n'.encode()
        + '{"団体コード": "見本'.encode()
        + b'\xff"}\n'
        + '{"団体コード": "ABC", "謎": "y"} x\n'.encode()
        + '{"団体コード": null, "宛名番号": ""}\n'.encode()
    )
    findings = _both([path], schema)
    assert _structural(findings) == {
        (1, None, "F2.bom"),
        (1, "謎", "F4.unknown_name"),  # once, at its first line
        (2, None, "F16.blank_line"),
        (3, None, "F16.not_object"),
        (4, "団体コード", "F18.json_value"),
        (4, "宛名番号", "F18.json_value"),
        (5, None, "F16.not_json"),
        (6, None, "F16.duplicate_key"),
        (8, None, "F16.not_json"),
        (7, "団体コード", "F1.invalid_value"),
    }
    # item checks ran on the readable records only, the F18 item is not checked, an absent key is NULL
    assert (1, "F8") in _items(findings, "団体コード")
    assert not {line for line, _ in _items(findings, "団体コード")} & {2, 3, 4, 5, 6, 8}
    assert (9, "C1") in _items(findings, "宛名番号")


def test_jsonl_invalid_bytes_and_an_oversized_line(
    tmp_path: Path, schema: SchemaSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl_reader, "MAX_RECORD_BYTES", 64)
    monkeypatch.setattr(structured, "MAX_RECORD_BYTES", 64)
    path = tmp_path / "住民記録_住民.jsonl"
    path.write_bytes(
        '{"団体コード": "見本見本見本見本"}\n'.encode()
        + b'{"\xe5\x9b\xa3\xe4\xbd\x93\xe3\x82\xb3\xe3\x83\xbc\xe3\x83\x89": "ab\xffc"}\n'
        + ('{"団体コード": "' + "1" * 200 + '"}\n').encode()
        + '{"団体コード": "131016"}\n'.encode()
    )
    findings = _both([path], schema)
    assert _structural(findings, ("団体コード",)) == {
        (2, "団体コード", "F1.invalid_value"),
        (3, None, "F16.too_large"),
    }
    assert {line for line, _ in _items(findings, "団体コード")} == {1}  # line 4 is read and clean


def test_json_array_members_and_a_broken_document(tmp_path: Path, schema: SchemaSet) -> None:
    path = tmp_path / "住民記録_住民.json"
    path.write_text(
        '[\n  {"団体コード": "12345X"},\n  "text",\n  {"団体コード": 1.50,\n   "宛名番号": [1]},\n'
        '  {"団体コード": "1", "団体コード": "1"},\n  {"団体コード": "ABC"} {"x": 1}\n]\n',
        encoding="utf-8",
    )
    findings = _both([path], schema)
    assert _structural(findings) == {
        (3, None, "F16.not_object"),
        (4, "団体コード", "F18.json_value"),
        (4, "宛名番号", "F18.json_value"),
        (6, None, "F16.duplicate_key"),
        (7, None, "F16.broken_document"),
    }
    broken = next(f for f in findings if f.rule == "F16" and f.line == 7)
    assert (
        broken.message_en == "the document is not well-formed (column 20); nothing from line 7 on was checked"
    )
    assert {line for line, _ in _items(findings, "団体コード")} == {2, 7}  # the member before the error
    path.write_text('{"団体コード": "1"}\n', encoding="utf-8")
    assert _structural(_both([path], schema)) == {
        (1, None, "F16.not_array"),
        (None, None, "D1.no_records_read"),
    }
    path.write_text('[{"団体コード": "131016"}]\n]', encoding="utf-8")
    assert _structural(_both([path], schema), ("団体コード",)) == {(2, None, "F16.trailing")}
    path.write_text("[]", encoding="utf-8")
    assert _structural(_both([path], schema), ()) == {(None, None, "D1.no_records_read")}


def test_json_member_spanning_many_chunks(tmp_path: Path, schema: SchemaSet) -> None:
    long = "x" * (3 << 20)
    path = tmp_path / "住民記録_住民.json"
    path.write_text(
        f'[{{"団体コード": "131016", "方書": "{long}"}},\n{{"団体コード": "1"}}]', encoding="utf-8"
    )
    reader = open_input("json", path, path.name, names=schema.files["住民記録_住民"].layout.item_names)
    assert [r.line for r in reader.records()] == [1, 2]
    assert [f.message.id for f in reader.finish() if f.rule == "F16"] == []


def _parquet(path: Path, columns: dict[str, pl.Series]) -> Path:
    pl.DataFrame(columns).write_parquet(path)
    return path


def test_parquet_columns_types_and_lines(tmp_path: Path, schema: SchemaSet) -> None:
    path = _parquet(
        tmp_path / "住民記録_住民.parquet",
        {
            "団体コード": pl.Series(["131016", "12345X", "", None], dtype=pl.String),
            "宛名番号": pl.Series([1, 2, 3, 4], dtype=pl.Int64),
            "謎": pl.Series([None, None, None, None], dtype=pl.Null),
        },
    )
    findings = _both([path], schema)
    assert _structural(findings) == {
        (1, "宛名番号", "F18.column_type"),
        (1, "謎", "F4.unknown"),
    }
    assert _items(findings, "宛名番号") == set()  # the column is not checked: no C1 per row
    assert (3, "F8") in _items(findings, "団体コード")
    assert {(4, "C1"), (5, "C1")} <= _items(findings, "団体コード")  # "" and null are NULL
    evidence = validate([path], schema=schema).files[0].evidence
    assert evidence is not None and evidence.format == "parquet"


def test_parquet_that_is_not_one(tmp_path: Path, schema: SchemaSet) -> None:
    path = tmp_path / "住民記録_住民.parquet"
    path.write_bytes(b"PAR1 not really")
    assert _structural(_both([path], schema)) == {(1, None, "F16.not_parquet")}


def test_a_folder_may_mix_formats_and_input_format_forces_one(tmp_path: Path, schema: SchemaSet) -> None:
    (tmp_path / "住民記録_住民.jsonl").write_text('{"団体コード": "131016"}\n', encoding="utf-8")
    _parquet(tmp_path / "住民記録_住登外者.parquet", {"団体コード": pl.Series(["131016"])})
    (tmp_path / "個人住民税_課税.csv").write_text("団体コード\n131016\n", encoding="utf-8")
    inputs, skipped = resolve_inputs([tmp_path], schema)
    assert sorted(i.format for i in inputs) == ["csv", "jsonl", "parquet"]
    assert skipped == []
    result = validate([tmp_path], schema=schema)
    assert sorted(f.evidence.format for f in result.files if f.evidence) == ["csv", "jsonl", "parquet"]
    forced = tmp_path / "forced"
    forced.mkdir()
    (forced / "住民記録_住民.csv").write_text('{"団体コード": "12345X"}\n', encoding="utf-8")
    findings = validate([forced], schema=schema, input_format="jsonl", max_per_rule=None).findings
    assert any(f.line == 1 and f.item == "団体コード" and f.rule == "F8" for f in findings)


def test_empty_jsonl_reports_no_records_read(tmp_path: Path, schema: SchemaSet) -> None:
    path = tmp_path / "住民記録_住民.jsonl"
    path.write_bytes(b"")
    findings = _both([path], schema)
    assert [(f.rule, f.message.id) for f in findings if f.rule == "D1"] == [("D1", "D1.no_records_read")]
    assert sum(f.message.id == "F4.missing" for f in findings) == len(
        schema.files["住民記録_住民"].layout.item_names
    )


_XML_DOC = (
    '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY e "x"> <!-- ] > --> ]>\n<r>\n'
    "<record 宛名番号='&e;&amp;'><!-- &e; <x> -->"
    "<団体コード><![CDATA[&e;<]]>&lt;&#x41;&e;</団体コード></record>\n"
    "<?pi &e; ?><record><団体コード>見本&quot;</団体コード></record>\n</r>\n"
)
_JSON_DOC = (
    '[\n {"団体コード": "見本\\"]", "宛名番号": null},\n\n {"団体コード": "1,2"} ,{"x": [1, {"y": "]"}]}\n]\n'
)


def _read_all(fmt: str, path: Path, names: list[str]) -> list[tuple[object, ...]]:
    reader = open_input(fmt, path, path.name, names=names)
    out: list[tuple[object, ...]] = [(r.line, tuple(r.fields), r.checkable) for r in reader.records()]
    return out + [(f.line, f.message.id) for f in reader.finish()]


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_chunk_boundaries_change_nothing(
    fmt: str, tmp_path: Path, schema: SchemaSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The JSON structure reader and the XML sanitiser read the same records whatever their buffer size."""
    from conformance.readers import json_reader, xml_reader

    names = list(schema.files["住民記録_住民"].layout.item_names)
    path = tmp_path / f"住民記録_住民.{fmt}"
    path.write_text(_XML_DOC if fmt == "xml" else _JSON_DOC, encoding="utf-8")
    whole = _read_all(fmt, path, names)
    assert len([r for r in whole if len(r) == 3]) == (2 if fmt == "xml" else 3)
    module = xml_reader if fmt == "xml" else json_reader
    for size in (1, 2, 3, 5, 8, 13):
        monkeypatch.setattr(module, "BUFFER_BYTES", size)
        assert _read_all(fmt, path, names) == whole, size
