"""The same generated dataset with the same injected violations, written as CSV, JSON Lines, JSON, XML and
Parquet, gives the same item and cross-record findings (layout, record, item, rule, severity) in both
engines (§13: only the structural rules differ). Records holding a CSV-only fault (F1, F3, F5, F6, or text
XML cannot hold) are left out of the comparison: their translation is the answer key's business."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.api import validate
from conformance.sample.generator import generate
from conformance.sample.outputs import Converted, convert_dataset
from conformance.schema.model import SchemaSet

Row = tuple[str, int | None, str | None, str, str]
STRUCTURAL = {"F1", "F2", "F3", "F4", "F5", "F6", "F16", "F17", "F18", "D1", "D2"}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv")
    generate(out, rows=120, seed=5, inject=True)
    return out


def _rows(path: Path, schema: SchemaSet, engine: str, conv: Converted | None) -> set[Row]:
    result = validate([path], schema=schema, max_per_rule=None, engine=engine)
    rows: set[Row] = set()
    for f in result.findings:
        if f.rule in STRUCTURAL:
            continue
        name = Path(f.file).name
        line = f.line
        if conv is not None and line is not None:
            line = conv.lines[name][line]
        rows.add((name.split(".")[0], line, f.item, f.rule, f.severity.value))
    return rows


def _altered(dataset: Path, conv: Converted) -> set[tuple[str, int]]:
    return {(name.split(".")[0], line) for name, lines in conv.altered.items() for line in lines}


@pytest.mark.parametrize("fmt", ["jsonl", "json", "xml", "parquet"])
def test_every_format_gives_the_csv_findings(
    fmt: str, dataset: Path, tmp_path: Path, schema: SchemaSet
) -> None:
    conv = convert_dataset(dataset, tmp_path / fmt, fmt)
    skip = _altered(dataset, conv)
    csv = {r for r in _rows(dataset, schema, "reference", None) if (r[0], r[1]) not in skip}
    assert len(csv) > 50
    for engine in ("reference", "fast"):
        got = {r for r in _rows(tmp_path / fmt, schema, engine, conv) if (r[0], r[1]) not in skip}
        assert got == csv, (engine, sorted(got - csv)[:5], sorted(csv - got)[:5])


@pytest.mark.parametrize("fmt", ["jsonl", "json", "xml", "parquet"])
def test_a_clean_dataset_conforms_in_every_format(fmt: str, tmp_path: Path, schema: SchemaSet) -> None:
    """The clean generated dataset conforms as CSV, so it must conform in every format it is written in: an
    item that is NULL in every record is still named once (§13.3), never "absent everywhere" (F4)."""
    generate(tmp_path / "csv", rows=40, seed=3)
    convert_dataset(tmp_path / "csv", tmp_path / fmt, fmt)
    for engine in ("reference", "fast"):
        result = validate([tmp_path / fmt], schema=schema, engine=engine)
        assert [(f.file, f.line, f.rule) for f in result.findings] == [], (fmt, engine)
        assert result.verdict == "conforms"
