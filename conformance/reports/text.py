"""Terminal summary: verdict first and last, what was checked, counts per file and rule, first findings.

Meant for a person at a terminal, so it is short and coloured there; written to a file or a pipe it is plain
text without escape codes (so logs and CI output stay readable). All text goes through rich ``Text``
objects, never markup, so brackets in messages or values cannot be taken for styles. The verdict and the
totals come first and again last, so neither scrolls away; the last line says how many findings the
listing left out and the command that writes them all.
"""

from __future__ import annotations

import shlex
from typing import BinaryIO, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from conformance import __version__
from conformance.core.findings import Finding, Severity
from conformance.reports import coverage
from conformance.reports.collector import ValidationResult
from conformance.reports.coverage import severity_word
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream
from conformance.rules.catalogue import RULES

PLAIN_WIDTH = 120  # width of the plain-text rendering (no terminal to ask)

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_VERDICT_STYLE = {
    "conforms": "bold green",
    "partially_checked": "bold yellow",
    "does_not_conform": "bold red",
}

_LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "schema": "スキーマ",
        "repertoire": "文字の範囲（F12）",
        "verdict": "判定: {verdict}（誤り {error}件・警告 {warning}件・情報 {info}件、計 {total}件）",
        "capped": "一覧は規則ごとに先頭 {cap}件まで（件数はすべての指摘）",
        "file": "ファイル",
        "layout": "レイアウト",
        "rows": "行数",
        "read_as": "読み方",
        "evidence": "  {file}: {size} バイト、sha256 {sha256}",
        "rule": "規則",
        "severity": "重大度",
        "count": "件数",
        "listed": "一覧",
        "title": "名称",
        "skipped": "検査しなかったファイル（{n}件）",
        "not_checked": "検査できなかった規則（{n}件）",
        "findings": "指摘（一覧 {listed}件のうち先頭 {shown}件）",
        "none": "指摘はありません。",
        "more": "ほかに {n}件の指摘があります（一覧にない {unlisted}件を含む）。"
        "すべて書き出すには: {command}",
        "more_listed": "ほかに {n}件の指摘があります。すべて書き出すには: {command}",
        "all_file": "指摘.csv",
    },
    "en": {
        "schema": "schema",
        "repertoire": "character repertoire (F12)",
        "verdict": "Verdict: {verdict} ({error} errors, {warning} warnings, {info} info; {total} total)",
        "capped": "The listing keeps the first {cap} findings per rule (counts cover all findings)",
        "file": "file",
        "layout": "layout",
        "rows": "rows",
        "read_as": "read as",
        "evidence": "  {file}: {size} bytes, sha256 {sha256}",
        "rule": "rule",
        "severity": "severity",
        "count": "count",
        "listed": "listed",
        "title": "title",
        "skipped": "Not checked: {n} entries",
        "not_checked": "Rules that could not run: {n}",
        "findings": "Findings (first {shown} of {listed} listed)",
        "none": "No findings.",
        "more": "{n} more findings not shown ({unlisted} of them beyond the listing cap). To write them all: "
        "{command}",
        "more_listed": "{n} more findings not shown. To write them all: {command}",
        "all_file": "findings.csv",
    },
}


def finding_line(finding: Finding, opts: ReportOptions) -> str:
    """``file:line [rule/severity] item: message``; ``:line`` and ``item:`` are left out when absent."""
    where = clean(finding.file) if finding.line is None else f"{clean(finding.file)}:{finding.line}"
    item = "" if finding.item is None else f"{opts.item(finding.item)}: "
    sev = severity_word(finding.severity, opts.lang)
    return f"{where} [{finding.rule}/{sev}] {item}{opts.message(finding)}"


def _severity_text(by_severity: dict[Severity, int], lang: str) -> Text:
    text = Text()
    for sev in (s for s, n in by_severity.items() if n):
        if text:
            text.append("/")
        text.append(severity_word(sev, lang), style=_STYLE[sev])
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


def verdict_line(result: ValidationResult, lang: str) -> str:
    """The verdict with the totals, in one line (also what ``validate`` prints on stderr)."""
    labels = _LABELS["en" if lang == "en" else "ja"]
    sev = {s.value: f"{n:,}" for s, n in result.totals.by_severity.items()}
    return labels["verdict"].format(
        verdict=coverage.verdict_word(result, "en" if lang == "en" else "ja"),
        total=f"{result.totals.total:,}",
        **sev,
    )


def _render(console: Console, result: ValidationResult, opts: ReportOptions, labels: dict[str, str]) -> None:
    totals, lang = result.totals, opts.lang
    style = _VERDICT_STYLE[result.verdict]
    console.print(Text(verdict_line(result, lang), style=style))
    origin = coverage.schema_origin(result, lang)
    console.print(Text(f"conformance {__version__} — {labels['schema']}: {origin}"), soft_wrap=True)
    console.print(Text(f"{labels['repertoire']}: {coverage.repertoire(result, lang)}"), soft_wrap=True)
    if totals.capped and result.max_per_rule is not None:
        console.print(Text(labels["capped"].format(cap=result.max_per_rule)))

    files = Table(box=box.SIMPLE_HEAD, show_edge=False)
    files.add_column(labels["file"])
    files.add_column(labels["layout"])
    for name in (labels["rows"], *(severity_word(s, lang) for s in Severity)):
        files.add_column(name, justify="right")
    files.add_column(labels["read_as"])
    for fs in result.files:
        ev = fs.evidence
        read_as = "" if ev is None else ev.read_as
        files.add_row(
            Text(clean(fs.file)),
            Text(fs.layout or "-"),
            f"{fs.rows:,}",
            *(f"{fs.counts[s]:,}" for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)),
            Text(read_as),
        )
    console.print(files)
    for fs in result.files:
        if fs.evidence is not None:
            line = labels["evidence"].format(
                file=clean(fs.file), size=f"{fs.evidence.size:,}", sha256=fs.evidence.sha256
            )
            console.print(Text(line), soft_wrap=True)

    for key, entries in (
        ("skipped", coverage.skipped(result, lang)),
        ("not_checked", coverage.not_checked(result, lang)),
    ):
        if entries:
            console.print()
            console.print(Text(labels[key].format(n=len(entries)), style="bold yellow"))
            for e in entries:
                console.print(Text(f"  {e.where}: {e.why}"), soft_wrap=True)

    if totals.by_rule:
        rules = Table(box=box.SIMPLE_HEAD, show_edge=False)
        rules.add_column(labels["rule"])
        rules.add_column(labels["severity"])
        rules.add_column(labels["count"], justify="right")
        rules.add_column(labels["listed"], justify="right")
        rules.add_column(labels["title"])
        for rule_id, rt in totals.by_rule.items():
            info = RULES.get(rule_id)
            title = "" if info is None else (info.title_en if lang == "en" else info.title_ja)
            rules.add_row(
                rule_id, _severity_text(rt.by_severity, lang), f"{rt.count:,}", f"{rt.listed:,}", Text(title)
            )
        console.print(rules)

    shown = result.findings[: max(opts.text_limit, 0)]
    if not result.findings:
        if totals.total == 0:
            console.print(Text(labels["none"]))
    else:
        console.print(Text(labels["findings"].format(shown=len(shown), listed=len(result.findings))))
        for finding in shown:
            console.print(Text(finding_line(finding, opts), style=_STYLE[finding.severity]), soft_wrap=True)
    console.print()
    console.print(Text(verdict_line(result, lang), style=style))
    hidden = totals.total - len(shown)
    if hidden > 0:
        command = " ".join(
            [
                "conformance",
                "validate",
                *(shlex.quote(clean(i)) for i in result.inputs),
                "--format",
                "csv",
                "-o",
                labels["all_file"],
            ]
        )
        unlisted = totals.total - len(result.findings)
        key = "more" if unlisted else "more_listed"
        console.print(
            Text(labels[key].format(n=f"{hidden:,}", unlisted=f"{unlisted:,}", command=command)),
            soft_wrap=True,
        )
