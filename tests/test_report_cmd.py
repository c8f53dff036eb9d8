"""`conformance report`: an earlier run rendered again, exactly; every bad input is one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner, Result

from conformance.cli import main
from conformance.reports.load import ReportLoadError, default_summary_path, read_result
from tests.conftest import REPO

SAMPLES = REPO / "samples" / "invalid"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def earlier_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real run over the bundled invalid samples, written as JSONL plus its summary."""
    out = tmp_path_factory.mktemp("run") / "findings.jsonl"
    r = run("validate", SAMPLES, "--format", "jsonl", "-o", out, "--silent")
    assert r.exit_code == 1, r.output
    assert default_summary_path(out).exists()
    return out


def test_json_rendering_reproduces_the_run_exactly(earlier_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.json"
    r = run("report", earlier_run, "--format", "json", "-o", out)
    assert (r.exit_code, r.output) == (0, "")
    doc = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads(default_summary_path(earlier_run).read_text(encoding="utf-8"))
    assert doc["summary"] == original
    assert [c["code_points"] for c in original["gaiji"]] == [
        ["U+2474"], ["U+3042", "U+E0100"], ["U+E000"], ["U+20BB7"]
    ]
    lines = earlier_run.read_text(encoding="utf-8").splitlines()
    assert doc["findings"] == [json.loads(line) for line in lines]


def test_jsonl_rendering_is_byte_identical(earlier_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.jsonl"
    assert run("report", earlier_run, "--format", "jsonl", "-o", out).exit_code == 0
    assert out.read_bytes() == earlier_run.read_bytes()


def test_html_rendering_keeps_values_as_written(earlier_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    summary = tmp_path / "elsewhere.json"
    summary.write_bytes(default_summary_path(earlier_run).read_bytes())
    assert run("report", earlier_run, "--summary", summary, "--format", "html", "-o", out).exit_code == 0
    doc = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    data = json.loads(doc.xpath('//script[@id="report-data"]')[0].text)
    written = [json.loads(line)["value"] for line in earlier_run.read_text(encoding="utf-8").splitlines()]
    assert [row[6] for row in data["rows"]] == written
    assert "*" in "".join(v for v in written if v)  # the run masked identifying values; they stay masked
    note = doc.xpath('//*[@id="values-note"]/span[1]')[0].text_content()
    assert note.startswith("値は検査結果（JSONL）に記録されたとおりに表示しています。")
    assert len(doc.xpath('//table[@id="gaiji-table"]/tbody/tr')) == 4


def test_text_is_the_default_format(earlier_run: Path) -> None:
    r = run("report", earlier_run, "--lang", "en")
    assert r.exit_code == 0
    assert r.output.splitlines()[0].startswith("Verdict: does not conform (")


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_bad_inputs_are_one_line_errors_with_exit_2(earlier_run: Path, tmp_path: Path) -> None:
    summary = default_summary_path(earlier_run).read_text(encoding="utf-8")
    good = earlier_run.read_text(encoding="utf-8").splitlines()

    def fails(*args: str | Path) -> str:
        r = run("report", *args)
        assert r.exit_code == 2
        assert r.output.count("\n") == 1
        return r.output.strip()

    missing = tmp_path / "none.jsonl"
    assert fails(missing) == f"conformance: {missing}: findings file not found"
    no_summary = write_lines(tmp_path / "alone.jsonl", good[0])
    assert fails(no_summary) == f"conformance: {tmp_path / 'alone.summary.json'}: summary file not found"
    broken = write_lines(tmp_path / "broken.jsonl", good[0], "{not json")
    (tmp_path / "broken.summary.json").write_text(summary, encoding="utf-8")
    assert fails(broken).startswith(f"conformance: {broken}:2: not a JSON object")
    other = write_lines(tmp_path / "other.jsonl", json.dumps({**json.loads(good[0]), "rule": "X99"}))
    (tmp_path / "other.summary.json").write_text(summary, encoding="utf-8")
    assert fails(other).endswith("the two files are not from the same run")
    bad_summary = tmp_path / "bad.json"
    bad_summary.write_text(json.dumps({**json.loads(summary), "totals": []}), encoding="utf-8")
    assert fails(earlier_run, "--summary", bad_summary) == (
        f"conformance: {bad_summary}: 'totals' is missing or not an object"
    )
    assert fails(earlier_run, "-o", tmp_path / "no" / "dir" / "r.html", "--format", "html").startswith(
        "conformance: レポートを書けません / cannot write the report:"
    )


def test_read_result_checks_fields(tmp_path: Path, earlier_run: Path) -> None:
    summary = json.loads(default_summary_path(earlier_run).read_text(encoding="utf-8"))
    findings = write_lines(tmp_path / "f.jsonl", json.dumps({"file": "a.csv", "line": "2", "rule": "C1"}))
    (tmp_path / "f.summary.json").write_text(json.dumps(summary), encoding="utf-8")
    with pytest.raises(ReportLoadError, match=r"f\.jsonl:1: 'line' must be an integer or null"):
        read_result(findings)
    summary["gaiji"][0]["kind"] = "emoji"
    bad = tmp_path / "s.json"
    bad.write_text(json.dumps(summary), encoding="utf-8")
    with pytest.raises(ReportLoadError, match=r"s\.json: gaiji\[0\]: 'kind' must be one of"):
        read_result(earlier_run, bad)
    result = read_result(earlier_run)
    assert result.totals.total == sum(summary["totals"]["by_severity"].values())
    assert result.verdict == "does_not_conform"
