"""No personal data in any output by default: for every rule of the catalogue and every template it can
emit, identifying values (the finding's value and every quoted parameter) appear in no report format unless
--show-values; a real run over the invalid samples leaks none of the input's identifying values; and values
that merely *look* identifying, or stand under a column that is not a layout item, are masked too."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import rendered, xlsx_text

from conformance.cli import main
from conformance.core.findings import Finding, Severity
from conformance.core.messages import Message, Quoted, params_of
from conformance.reports import csv_report as csv_writer
from conformance.reports import github, html, json_report, jsonl, junit, sarif, text, xlsx
from conformance.reports.collector import Collector, ValidationResult
from conformance.reports.masking import ReportOptions, looks_identifying
from conformance.rules.catalogue import RULES, messages_of, rule_ids
from conformance.schema.model import SchemaSet
from tests.conftest import REPO

SECRET = "秘密山田太郎"
_FIELD = re.compile(r"{(\w+)}")


def _formats(result: ValidationResult, opts: ReportOptions) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, writer in {
        "text": text.write, "jsonl": jsonl.write, "json": json_report.write, "csv": csv_writer.write,
        "html": html.write, "junit": junit.write, "sarif": sarif.write,
    }.items():
        buf = io.StringIO()
        writer(result, buf, opts)
        out[name] = buf.getvalue()
    out["xlsx"] = xlsx_text(xlsx.render(result, opts))
    summary = io.StringIO()
    json_report.write_summary(result, summary, opts)
    out["summary"] = summary.getvalue()
    out["annotations"] = "\n".join(github.annotation_lines(result, opts))
    out["step summary"] = github.step_summary(result, opts)
    return out


def _finding(rule: str, message: Message, n: int) -> Finding:
    fields = sorted(set(_FIELD.findall(message.ja)))
    params = params_of({f: Quoted(f"{SECRET}{n}{f}", "氏名") for f in fields})
    return Finding("住民記録_住民.csv", 2 + n, "氏名", rule, RULES[rule].severity, message, params, SECRET)


def _every_rule_finding() -> list[Finding]:
    findings: list[Finding] = []
    for rule in rule_ids():
        templates = messages_of(rule) or [Message(f"{rule}.any", "{value}", "{value}")]
        findings.extend(_finding(rule, m, len(findings)) for m in templates)
    return findings


def _result(schema: SchemaSet, findings: list[Finding]) -> ValidationResult:
    c = Collector(max_per_rule=None)
    c.start_file("住民記録_住民.csv", "住民記録_住民")
    for f in findings:
        c.add(f)
    return c.finish(schema=schema, started=datetime(2024, 1, 1), finished=datetime(2024, 1, 1), inputs=["d/"],
                    settings_summary={})


def test_every_rule_and_template_is_masked_in_every_format(schema: SchemaSet) -> None:
    findings = _every_rule_finding()
    assert {f.rule for f in findings} == set(RULES)
    result = _result(schema, findings)
    outputs = _formats(result, ReportOptions.of(schema, lang="ja"))
    outputs |= {f"{k} (en)": v for k, v in _formats(result, ReportOptions.of(schema, lang="en")).items()}
    leaks = {name: out.count(SECRET) for name, out in outputs.items() if SECRET in out}
    assert leaks == {}


def test_show_values_shows_every_value_and_parameter(schema: SchemaSet) -> None:
    findings = _every_rule_finding()
    opts = ReportOptions.of(schema, lang="ja", show_values=True)
    out = _formats(_result(schema, findings), opts)
    for f in findings:
        for _, p in f.params:
            assert isinstance(p, Quoted)
            assert p.text in out["jsonl"], (f.rule, f.message.id)
    assert SECRET in out["csv"] and SECRET in out["html"] and SECRET in out["text"] and SECRET in out["xlsx"]


def test_values_that_look_identifying_are_masked_under_any_column(schema: SchemaSet) -> None:
    opts = ReportOptions.of(schema)
    my_number = "123456789018"  # passes the 個人番号 check digit
    assert looks_identifying(my_number) and looks_identifying("1234 5678 9018")
    assert looks_identifying("12345678901")  # the shape of a 住民票コード
    assert not looks_identifying("123456789012") and not looks_identifying("2020-04-01")
    assert opts.shown(my_number, "性別") == "************"  # a shifted column: masked all the same
    assert opts.shown("12345678901", "備考") == "***********"
    assert opts.shown("1", "性別") == "1"
    assert opts.shown("山田", "列X") == "**"  # under a column that is not a layout item
    assert opts.item("列X") == "**" and opts.item("性別") == "性別"


def test_control_characters_never_reach_an_output(schema: SchemaSet) -> None:
    message = Message("F15.t", "x", "x")
    f = Finding("a\x1b[2J.csv", 2, "備考", "F15", Severity.WARNING, message, (), "\x00\x1b[31m")
    outputs = _formats(_result(schema, [f]), ReportOptions.of(schema, show_values=True))
    for name, out in outputs.items():
        assert "\x1b" not in out and "\x00" not in out, name


# --- a real run ----------------------------------------------------------------------------------------

INVALID = REPO / "samples" / "invalid"


def _identifying_values(schema: SchemaSet) -> set[str]:
    """Values of identifying items in the input that never stand in a non-identifying item anywhere (a date
    shared with a 処理日 may rightly be shown there)."""
    identifying, other = set(), set()
    for path in INVALID.glob("*.csv"):
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                for item, value in row.items():
                    if not value or len(value) < 4 or item is None:
                        continue
                    (identifying if item in schema.identifying_items else other).add(value)
    return identifying - other


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_a_real_run_leaks_no_identifying_value(
    schema: SchemaSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    summary = tmp_path / "step.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    out = tmp_path / "out"
    r = CliRunner().invoke(
        main, ["validate", str(INVALID), "--engine", engine, "--max-per-rule", "-1", "--output-dir", str(out),
               "--format", "text,jsonl,json,csv,html,xlsx,junit,sarif"],
        catch_exceptions=False,
    )
    assert r.exit_code == 1
    texts = {
        p.name: xlsx_text(p.read_bytes()) if p.suffix == ".xlsx" else p.read_text(encoding="utf-8")
        for p in out.iterdir()
    }
    texts["stdout+stderr"] = r.output
    texts["step summary"] = summary.read_text(encoding="utf-8")
    secrets = _identifying_values(schema)
    assert len(secrets) > 100
    leaks = {name: sorted(v for v in secrets if v in body)[:5] for name, body in texts.items()}
    assert {k: v for k, v in leaks.items() if v} == {}


@pytest.mark.parametrize("engine", ["fast", "reference"])
def test_non_csv_inputs_leak_no_value(tmp_path: Path, engine: str) -> None:
    """JSON Lines and XML records: a value, an unknown key that is data, a broken record holding a value."""
    data = tmp_path / "d"
    data.mkdir()
    (data / "住民記録_住民.jsonl").write_text(
        f'{{"氏名": "{SECRET}\\u0007", "個人番号": "{SECRET}1", "{SECRET}2": "x"}}\n'
        f'{{"氏名": "{SECRET}3"\n{{"氏名": ["{SECRET}4"], "宛名番号": "{SECRET}5"}}\n',
        encoding="utf-8",
    )
    (data / "住民記録_住登外者.xml").write_text(
        f'<r><record 氏名="{SECRET}6\t"><{SECRET}7>x</{SECRET}7><個人番号>{SECRET}8</個人番号></record>'
        f"<record>{SECRET}9<氏名>x</氏名></record></r>",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    r = CliRunner().invoke(
        main, ["validate", str(data), "--engine", engine, "--max-per-rule", "-1", "--output-dir", str(out),
               "--format", "text,jsonl,json,csv,html,junit,sarif"],
        catch_exceptions=False,
    )
    assert r.exit_code == 1
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()}
    texts["stdout+stderr"] = r.output
    assert {name for name, body in texts.items() if SECRET in body} == set()


def test_reconcile_reports_leak_no_identifying_value(schema: SchemaSet) -> None:
    """Every reconcile format masks values, key values and unknown item names like findings."""
    from conformance.reconcile.model import Difference, LayoutResult, ReconcileResult
    from conformance.reports.reconcile_formats import RECONCILE_FORMATS
    from conformance.reports.reconcile_report import write_summary

    file = "住民記録_住民.csv"
    key = (("宛名番号", f"{SECRET}key"), ("履歴番号", "1"))
    listed = [
        Difference(file, "changed", key, "氏名", f"{SECRET}before", f"{SECRET}after", 2, 2),
        Difference(file, "changed", key, "性別", "1", "123456789012"[:11], 3, 3),  # looks like a 住民票コード
        Difference(file, "missing", key, line_before=4),
        Difference(file, "item_added", item=f"{SECRET}column"),  # a header cell that is no layout item
    ]
    layout = LayoutResult("住民記録_住民", file, ("宛名番号", "履歴番号"), None, None, listed=listed,
                          counts={"changed": 2, "missing": 1, "item_added": 1})
    result = ReconcileResult("before", "after", schema.name, [layout])
    for show in (False, True):
        opts = ReportOptions.of(schema, show_values=show)
        outputs = {}
        for name, writer in RECONCILE_FORMATS.items():
            outputs[name] = rendered(writer, result, opts)  # xlsx: every part and cell of the workbook
        summary = io.StringIO()
        write_summary(result, summary, opts)
        outputs["summary"] = summary.getvalue()
        for name, text_out in outputs.items():
            if name == "summary":  # holds no values: nothing to show either way
                assert SECRET not in text_out
                continue
            assert (SECRET in text_out) is show, (name, show)
            assert ("12345678901" in text_out) is show, (name, show)
