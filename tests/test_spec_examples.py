"""The spec's own examples: the valid dataset gives no finding at all, the invalid file exactly its 57."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.api import validate
from conformance.schema.model import SchemaSet
from tests.conftest import DATA

EXAMPLES = DATA / "spec_examples"
VALID = sorted(p for p in EXAMPLES.glob("*.csv") if ".invalid" not in p.name)


def test_valid_dataset_has_no_findings(schema: SchemaSet) -> None:
    assert len(VALID) == 7
    result = validate(VALID, schema=schema, max_per_rule=None)
    assert [(f.file, f.line, f.item, f.rule, f.message_en) for f in result.findings] == []
    assert result.verdict == "conforms"
    assert sum(fs.rows for fs in result.files) == 6 - 1 + 3 + 4 + 3 + 3 + 3 + 3


def test_invalid_file_gives_exactly_the_expected_findings(schema: SchemaSet) -> None:
    expected = {
        (d["line"], d["item"], d["rule"])
        for d in map(json.loads, (EXAMPLES / "住民記録_住民.invalid.expected.jsonl").read_text().splitlines())
    }
    result = validate([EXAMPLES / "住民記録_住民.invalid.csv"], schema=schema, max_per_rule=None)
    got = [(f.line, f.item, f.rule) for f in result.findings]
    assert len(got) == len(set(got)), "a finding was reported twice"
    assert set(got) == expected
    assert len(expected) == 57


def test_each_valid_file_alone_only_reports_dataset_rules_not_checked(
    schema: SchemaSet, tmp_path: Path
) -> None:
    """Checked on its own, a file gives no finding except the §12.13 "not checked" info of dataset rules."""
    for p in VALID:
        result = validate([p], schema=schema, max_per_rule=None)
        for f in result.findings:
            assert (f.rule, f.line, f.item, f.severity.value) in {
                (r, None, None, "info") for r in ("X21", "X22", "X25", "X35")
            }, f
