"""Terminal summary: the verdict, rows per file, counts per rule, then the first listed findings.

Meant for a person at a terminal, so it is short and coloured there; written to a file or a pipe it is plain
text without escape codes (so logs and CI output stay readable). All text goes through rich ``Text``
objects, never markup, so brackets in messages or values cannot be taken for styles.
"""

from __future__ import annotations

from typing import BinaryIO, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from conformance import __version__
from conformance.core.findings import Finding, Severity
from conformance.reports.collector import ValidationResult
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream
from conformance.rules.catalogue import RULES

PLAIN_WIDTH = 120  # width of the plain-text rendering (no terminal to ask)

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

_LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "schema": "スキーマ",
        "conforms": "判定: 適合",
        "does_not_conform": "判定: 不適合",
        "counts": "指摘: 誤り {error}件・警告 {warning}件・情報 {info}件（計 {total}件、一覧 {listed}件）",
        "capped": "一覧は規則ごとに先頭 {cap}件まで（件数はすべての指摘）",
        "file": "ファイル",
        "layout": "レイアウト",
        "rows": "行数",
        "rule": "規則",
        "severity": "重大度",
        "count": "件数",
        "listed": "一覧",
        "title": "名称",
        "findings": "指摘（一覧 {listed}件のうち先頭 {shown}件）",
        "none": "指摘はありません。",
    },
    "en": {
        "schema": "schema",
        "conforms": "Verdict: conforms",
        "does_not_conform": "Verdict: does not conform",
        "counts": (
            "Findings: {error} errors, {warning} warnings, {info} info ({total} total, {listed} listed)"
        ),
        "capped": "The listing keeps the first {cap} findings per rule (counts cover all findings)",
        "file": "file",
        "layout": "layout",
        "rows": "rows",
        "rule": "rule",
        "severity": "severity",
        "count": "count",
        "listed": "listed",
        "title": "title",
        "findings": "Findings (first {shown} of {listed} listed)",
        "none": "No findings.",
    },
}


def finding_line(finding: Finding, opts: ReportOptions) -> str:
    """``file:line [rule/severity] item: message``; ``:line`` and ``item:`` are left out when absent."""
    where = clean(finding.file) if finding.line is None else f"{clean(finding.file)}:{finding.line}"
    item = "" if finding.item is None else f"{clean(finding.item)}: "
    return f"{where} [{finding.rule}/{finding.severity.value}] {item}{opts.message(finding)}"


def _severity_text(by_severity: dict[Severity, int]) -> Text:
    text = Text()
    for sev in (s for s, n in by_severity.items() if n):
        if text:
            text.append("/")
        text.append(sev.value, style=_STYLE[sev])
    return text


def write(result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """Render the summary; colour only when ``out`` is a terminal."""
    labels = _LABELS[opts.lang]
    with text_stream(out) as stream:
        terminal = stream.isatty()
        console = Console(
            file=stream,
            force_terminal=terminal,
            color_system="auto" if terminal else None,
            width=None if terminal else PLAIN_WIDTH,
            highlight=False,
            emoji=False,
            markup=False,
        )
        _render(console, result, opts, labels)


def _render(console: Console, result: ValidationResult, opts: ReportOptions, labels: dict[str, str]) -> None:
    totals = result.totals
    console.print(Text(f"conformance {__version__} — {labels['schema']} {result.schema_name}"))
    conforms = result.verdict == "conforms"
    console.print(Text(labels[result.verdict], style="bold green" if conforms else "bold red"))
    sev = {s.value: n for s, n in totals.by_severity.items()}
    console.print(Text(labels["counts"].format(**sev, total=totals.total, listed=len(result.findings))))
    if totals.capped and result.max_per_rule is not None:
        console.print(Text(labels["capped"].format(cap=result.max_per_rule)))

    files = Table(box=box.SIMPLE_HEAD, show_edge=False)
    files.add_column(labels["file"])
    files.add_column(labels["layout"])
    for name in (labels["rows"], "error", "warning", "info"):
        files.add_column(name, justify="right")
    for fs in result.files:
        files.add_row(
            Text(clean(fs.file)),
            Text(fs.layout or "-"),
            str(fs.rows),
            *(str(fs.counts[s]) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)),
        )
    console.print(files)

    if totals.by_rule:
        rules = Table(box=box.SIMPLE_HEAD, show_edge=False)
        rules.add_column(labels["rule"])
        rules.add_column(labels["severity"])
        rules.add_column(labels["count"], justify="right")
        rules.add_column(labels["listed"], justify="right")
        rules.add_column(labels["title"])
        for rule_id, rt in totals.by_rule.items():
            info = RULES.get(rule_id)
            title = "" if info is None else (info.title_en if opts.lang == "en" else info.title_ja)
            rules.add_row(rule_id, _severity_text(rt.by_severity), str(rt.count), str(rt.listed), Text(title))
        console.print(rules)

    if not result.findings:
        if totals.total == 0:
            console.print(Text(labels["none"]))
        return
    shown = result.findings[: max(opts.text_limit, 0)]
    console.print(Text(labels["findings"].format(shown=len(shown), listed=len(result.findings))))
    for finding in shown:
        console.print(Text(finding_line(finding, opts), style=_STYLE[finding.severity]), soft_wrap=True)
