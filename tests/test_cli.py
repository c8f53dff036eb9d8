"""The command line as a user meets it: exit codes, formats, files written, masking, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conformance.cli import main
from tests.conftest import DATA

EXAMPLES = DATA / "spec_examples"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture()
def valid_dir(tmp_path: Path) -> Path:
    d = tmp_path / "dataset"
    d.mkdir()
    for p in EXAMPLES.glob("*.csv"):
        if ".invalid" not in p.name:
            shutil.copy(p, d / p.name)
    return d


INVALID = EXAMPLES / "住民記録_住民.invalid.csv"


def test_valid_dataset_exits_0(valid_dir: Path) -> None:
    r = run("validate", valid_dir)
    assert r.exit_code == 0, r.output
    assert "適合" in r.output


def test_findings_exit_1_and_fail_on_controls_it() -> None:
    assert run("validate", INVALID).exit_code == 1
    assert run("validate", INVALID, "--fail-on", "never").exit_code == 0


def test_fail_on_warning_counts_warnings(valid_dir: Path) -> None:
    # A leading full-width space in 方書 (a non-current history row) is an F15 warning only.
    p = valid_dir / "住民記録_住民.csv"
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
    rows[1][rows[0].index("方書")] = "\u3000見本"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    assert run("validate", valid_dir).exit_code == 0
    assert run("validate", valid_dir, "--fail-on", "warning").exit_code == 1


def test_jsonl_report_and_summary_are_written(tmp_path: Path) -> None:
    out = tmp_path / "findings.jsonl"
    r = run("validate", INVALID, "--format", "jsonl", "-o", out, "--max-per-rule", "2")
    assert r.exit_code == 1
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert all({"file", "line", "item", "rule", "severity", "message", "value"} <= set(d) for d in lines)
    summary = json.loads((tmp_path / "findings.summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "does_not_conform"
    # totals stay exact while the listing is capped: C7 has 4 findings, 2 listed
    assert summary["totals"]["by_rule"]["C7"]["count"] == 4
    assert sum(1 for d in lines if d["rule"] == "C7") == 2


def test_identifying_values_are_masked_unless_asked(tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    run("validate", INVALID, "--format", "jsonl", "-o", out, "--max-per-rule", "-1")
    mynumber = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if '"C8"' in x]
    by_item = {d["item"]: d["value"] for d in mynumber}
    assert set(by_item["個人番号"]) == {"*"}
    run("validate", INVALID, "--format", "jsonl", "-o", out, "--max-per-rule", "-1", "--show-values")
    shown = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if '"C8"' in x]
    assert any(d["item"] == "個人番号" and d["value"].isdigit() for d in shown)


def test_csv_report_has_bom_and_english_messages(tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    run("validate", INVALID, "--format", "csv", "-o", out, "--lang", "en")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:5] == ["file", "line", "item", "rule", "severity"]
    assert len(rows) == 1 + 57


def test_json_format_holds_summary_and_findings() -> None:
    r = run("validate", INVALID, "--format", "json", "--max-per-rule", "-1", "-q")
    doc = json.loads(r.stdout)
    assert len(doc["findings"]) == 57 and doc["summary"]["verdict"] == "does_not_conform"


def test_unmatched_file_name_is_a_usage_error(tmp_path: Path) -> None:
    p = tmp_path / "unknown.csv"
    p.write_text("a\n1\n", encoding="utf-8")
    r = run("validate", p)
    assert r.exit_code == 2 and "--layout" in r.output


def test_layout_option_forces_a_layout(tmp_path: Path) -> None:
    p = tmp_path / "dump.csv"
    shutil.copy(EXAMPLES / "住民記録_住民.csv", p)
    assert run("validate", p, "--layout", "住民記録_住民", "--silent").exit_code == 0
    assert run("validate", p, "--layout", "no_such_layout").exit_code == 2


def test_missing_input_is_exit_3(tmp_path: Path) -> None:
    assert run("validate", tmp_path / "nope.csv").exit_code == 3


def test_broken_schema_is_exit_2_with_location(tmp_path: Path) -> None:
    bad = tmp_path / "schema"
    bad.mkdir()
    (bad / "dataset.json").write_text("{ not json", encoding="utf-8")
    r = run("validate", INVALID, "--schema", bad)
    assert r.exit_code == 2
    assert "dataset.json" in r.output


def test_cp932_file_is_reported_then_transcoded_with_encoding(tmp_path: Path) -> None:
    p = tmp_path / "住民記録_住登外者.csv"
    p.write_bytes((EXAMPLES / "住民記録_住登外者.csv").read_text(encoding="utf-8").encode("cp932"))
    out = tmp_path / "f.jsonl"
    r = run("validate", p, "--format", "jsonl", "-o", out)
    assert r.exit_code == 1
    findings = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [
        (d["rule"], d["line"], d["item"]) for d in findings if d["rule"] != "X22" and d["rule"] != "X35"
    ] == [("F1", 1, None)]
    r = run("validate", p, "--encoding", "cp932", "--format", "jsonl", "-o", out)
    read = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {d["rule"] for d in read} <= {"X22", "X35", "F1"}
    # the delivery is still not UTF-8, and every report says so: one F1 warning for the file
    assert [(d["severity"], d["message_id"], d["line"]) for d in read if d["rule"] == "F1"] == [
        ("warning", "F1.declared", None)
    ]


def test_unknown_encoding_is_a_usage_error() -> None:
    assert run("validate", INVALID, "--encoding", "no-such-codec").exit_code == 2


def test_rules_command_lists_every_rule() -> None:
    r = run("rules", "--format", "json")
    ids = {d["id"] for d in json.loads(r.stdout)}
    assert {f"F{i}" for i in range(1, 16)} | {f"C{i}" for i in range(1, 10)} | {
        f"X{i}" for i in range(1, 36)
    } <= ids
