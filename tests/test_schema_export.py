"""``schema export``: Frictionless, JSON Schema and CSVW read our layouts and agree with our findings.

Frictionless's own validator passes samples/valid, and every error it reports on samples/invalid is one of
our findings; the JSON Schemas accept every valid record and reject the faults they can express; the CSVW
metadata reads back with the ``csvw`` package.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import frictionless
import jsonschema
import pytest
from click.testing import CliRunner

from conformance.api import validate
from conformance.cli import main
from conformance.schema.export import json_schemas
from conformance.schema.model import SchemaSet
from tests.conftest import REPO

SAMPLES = REPO / "samples"


def exported(tmp_path: Path, fmt: str, data: str) -> Path:
    folder = tmp_path / data
    shutil.copytree(SAMPLES / data, folder)
    result = CliRunner().invoke(main, ["schema", "export", "--format", fmt, "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def records(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(physical start line, fields) of every record; a multi-line record starts where it starts."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        out = []
        start = 2
        for row in reader:
            out.append((start, dict(zip(header, row, strict=False))))
            start = reader.line_num + 1
        return out


def test_frictionless_passes_valid_samples(tmp_path: Path) -> None:
    folder = exported(tmp_path, "frictionless", "valid")
    package = frictionless.Package(str(folder / "datapackage.json"))
    assert [r.name for r in package.resources] == [f"file-{n:02d}" for n in range(1, 8)]
    assert package.resources[0].title == "住民記録_住民"
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])


def test_each_frictionless_error_on_invalid_samples_is_one_of_ours(tmp_path: Path, schema: SchemaSet) -> None:
    folder = exported(tmp_path, "frictionless", "invalid")
    package = frictionless.Package(str(folder / "datapackage.json"))
    titles = {r.name: r.title for r in package.resources}
    report = package.validate()
    ours = validate([folder], schema=schema, max_per_rule=None).findings
    lines = {title: [line for line, _ in records(folder / f"{title}.csv")] for title in titles.values()}
    errors = [(titles[task.name], error) for task in report.tasks for error in task.errors]
    assert len(errors) > 20
    for file, error in errors:
        mine = [f for f in ours if Path(f.file).stem == file]
        if error.type == "encoding-error":
            assert any(f.rule == "F1" for f in mine), error
            continue
        line = lines[file][error.row_number - 2]
        field = getattr(error, "field_name", None)
        assert any(f.line == line and (field is None or f.item in (field, None)) for f in mine), (
            file,
            line,
            error,
        )


def test_json_schemas_accept_valid_records_and_reject_expressible_faults(schema: SchemaSet) -> None:
    schemas = json_schemas(schema)
    validators = {file: jsonschema.Draft202012Validator(doc) for file, doc in schemas.items()}
    for file, validator in validators.items():
        jsonschema.Draft202012Validator.check_schema(schemas[file])
        for line, record in records(SAMPLES / "valid" / f"{file}.csv"):
            errors = list(validator.iter_errors({k: v for k, v in record.items() if v}))
            assert errors == [], (file, line, errors[0].message)
    checked = 0
    invalid = validate([SAMPLES / "invalid"], schema=schema, max_per_rule=None).findings
    broken_lines = {(Path(f.file).stem, f.line) for f in invalid if f.rule in ("F1", "F3", "F5")}
    for finding in invalid:
        file = Path(finding.file).stem
        if finding.rule not in ("C3", "C4", "C6", "C7", "F8") or (file, finding.line) in broken_lines:
            continue
        spec = schema.files[file]
        item = spec.layout.item(str(finding.item))
        if item.name in schema.settings.byte_length_items or item.data_type == "小数":
            continue
        record = dict(records(SAMPLES / "invalid" / f"{file}.csv"))[finding.line]
        assert not validators[file].is_valid({k: v for k, v in record.items() if v}), finding
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("宛名番号", "１２３"),
        ("宛名番号", "12a"),
        ("性別", "9"),
        ("氏名フリガナ", "やまだ"),
        ("生年月日", "1990/01/01"),
    ],
)
def test_json_schema_faults(schema: SchemaSet, item: str, value: str) -> None:
    validator = jsonschema.Draft202012Validator(json_schemas(schema)["住民記録_住民"])
    record = {k: v for k, v in records(SAMPLES / "valid" / "住民記録_住民.csv")[0][1].items() if v}
    assert validator.is_valid(record)
    assert not validator.is_valid({**record, item: value})
    assert not validator.is_valid({k: v for k, v in record.items() if k != "宛名番号"})
    assert not validator.is_valid({**record, "余分": "x"})


def test_descriptions_say_what_cannot_be_expressed(schema: SchemaSet) -> None:
    props: dict[str, Any] = json_schemas(schema)["住民記録_住民"]["properties"]
    assert "Check digit M11 (C8) is not expressed" in props["宛名番号"]["description"]
    assert "Character rules" in props["氏名"]["description"]
    assert "Calendar validity" in props["生年月日"]["description"]
    assert "Cross-record rules" in json_schemas(schema)["住民記録_住民"]["description"]


def test_csvw_metadata_reads_back(tmp_path: Path) -> None:
    csvw = pytest.importorskip("csvw")
    folder = exported(tmp_path, "csvw", "valid")
    group = csvw.TableGroup.from_file(folder / "csv-metadata.json")
    titles = [t["dc:title"] for t in json.loads((folder / "csv-metadata.json").read_text("utf-8"))["tables"]]
    assert [t.url.string for t in group.tables] == [f"{title}.csv" for title in titles]
    rows = sum(len(list(t.iterdicts(strict=True))) for t in group.tables)
    assert rows == sum(len(records(p)) for p in folder.glob("*.csv"))
    broken = folder / "住民記録_住民.csv"
    text = broken.read_text(encoding="utf-8-sig").splitlines()
    fields = text[1].split(",")
    fields[1] = "12a"
    broken.write_text("\n".join([text[0], ",".join(fields), *text[2:]]) + "\n", encoding="utf-8")
    group = csvw.TableGroup.from_file(folder / "csv-metadata.json")
    with pytest.raises(ValueError):
        list(group.tables[0].iterdicts(strict=True))
