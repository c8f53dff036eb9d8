"""GitHub Actions integration: workflow-command annotations and a Markdown step summary.

Workflow commands are read by the runner from a job's **stdout**, one command per line
(``::error file=…,line=…,title=…::message``). Findings carry data from the files (values, file names), so
every piece of text is escaped exactly as the actions toolkit does: in the message ``%``, CR and LF; in
property values also ``:`` and ``,``. A value holding a newline or ``::`` can therefore never end a command
early or start a new one.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step and drops the rest silently,
so at most ``ANNOTATIONS_PER_TYPE`` of each are printed (the first in report order), and the last notice
always states the exact totals, so a reader knows when more exist than are shown. The full listing belongs
in a report file (SARIF, JUnit, JSONL …), not in annotations.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from conformance import __version__
from conformance.core.findings import Finding, Severity
from conformance.reports import coverage
from conformance.reports.collector import SEVERITIES, ValidationResult
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions
from conformance.rules.catalogue import RULES

ANNOTATIONS_PER_TYPE = 10  # what GitHub shows per step and type; the totals notice takes one notice slot
SUMMARY_LIMIT = 1_000_000  # bytes; GitHub refuses a step summary over 1 MiB
SUMMARY_FILE_ROWS = 200  # rows of the per-file table before it is cut (keeps the summary under the limit)

COMMANDS: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}

_LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "value": "値",
        "skipped": "検査しなかったファイル",
        "not_checked": "検査できなかった規則",
        "totals": "判定: {verdict} — 誤り {error}件・警告 {warning}件・情報 {info}件（計 {total}件）",
        "shown": "注釈は種類ごとに先頭 {n}件まで。すべての指摘はレポートファイルを参照。",
        "heading": "conformance: {verdict}",
        "schema": "スキーマ",
        "listing": "一覧 {listed}件（規則ごとに先頭 {cap}件まで、件数はすべての指摘）",
        "file": "ファイル",
        "layout": "レイアウト",
        "rows": "行数",
        "rule": "規則",
        "title": "名称",
        "count": "件数",
        "listed": "一覧",
        "error": "誤り",
        "warning": "警告",
        "info": "情報",
        "no_findings": "指摘はありません。",
        "more_files": "ほか {n}ファイル",
    },
    "en": {
        "value": "value",
        "skipped": "Not checked",
        "not_checked": "Rules that could not run",
        "totals": "Verdict: {verdict} — {error} errors, {warning} warnings, {info} info ({total} total)",
        "shown": "At most {n} annotations per type are shown; the report files list every finding.",
        "heading": "conformance: {verdict}",
        "schema": "schema",
        "listing": "{listed} listed (at most {cap} per rule; counts cover all findings)",
        "file": "file",
        "layout": "layout",
        "rows": "rows",
        "rule": "rule",
        "title": "title",
        "count": "count",
        "listed": "listed",
        "error": "error",
        "warning": "warning",
        "info": "info",
        "no_findings": "No findings.",
        "more_files": "{n} more files",
    },
}


def is_github_actions(env: Mapping[str, str]) -> bool:
    """GitHub sets ``GITHUB_ACTIONS=true`` in every step it runs; nothing else counts."""
    return env.get("GITHUB_ACTIONS") == "true"


def escape_data(text: str) -> str:
    """Escape a workflow-command message (the part after ``::``). ``clean`` has already written CR and LF
    (like every control character) as ``\\x0d`` / ``\\x0a``, so a value cannot start a command line."""
    return clean(text).replace("%", "%25")


def escape_property(text: str) -> str:
    """Escape a workflow-command property value (``file=…``, ``title=…``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: Mapping[str, str | int | None], message: str) -> str:
    """One workflow-command line; properties that are None are left out."""
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def _title(rule_id: str, lang: str) -> str:
    info = RULES.get(rule_id)
    if info is None:
        return rule_id
    return f"{rule_id} {info.title_en if lang == 'en' else info.title_ja}"


def annotation_message(finding: Finding, opts: ReportOptions) -> str:
    """``item: message (value: v)``, the value masked as in every report."""
    text = opts.message(finding)
    if finding.item is not None:
        text = f"{opts.item(finding.item)}: {text}"
    shown = opts.shown(finding.value, finding.item)
    if shown is not None:
        label = _LABELS[opts.lang]["value"]
        text += f"（{label}: {shown}）" if opts.lang == "ja" else f" ({label}: {shown})"
    return text


def annotation(finding: Finding, opts: ReportOptions) -> str:
    """The workflow command of one finding."""
    return command(
        COMMANDS[finding.severity],
        {"file": finding.file, "line": finding.line, "title": _title(finding.rule, opts.lang)},
        annotation_message(finding, opts),
    )


def totals_message(result: ValidationResult, opts: ReportOptions) -> str:
    labels = _LABELS[opts.lang]
    sev = {s.value: n for s, n in result.totals.by_severity.items()}
    return labels["totals"].format(
        verdict=coverage.verdict_word(result, opts.lang), total=result.totals.total, **sev
    )


def annotation_lines(
    result: ValidationResult, opts: ReportOptions, per_type: int = ANNOTATIONS_PER_TYPE
) -> list[str]:
    """The command lines to print: the first listed findings of each type, then one totals notice.

    Notices get one slot fewer so that the totals notice is always among the ones GitHub shows.
    """
    room = {Severity.ERROR: per_type, Severity.WARNING: per_type, Severity.INFO: max(per_type - 1, 0)}
    lines: list[str] = []
    for finding in result.findings:
        if room[finding.severity] > 0:
            room[finding.severity] -= 1
            lines.append(annotation(finding, opts))
    message = totals_message(result, opts)
    if result.totals.total > len(lines):
        message += " " + _LABELS[opts.lang]["shown"].format(n=per_type)
    lines.append(command("notice", {"title": f"conformance {__version__}"}, message))
    return lines


def write_annotations(result: ValidationResult, out: TextIO, opts: ReportOptions) -> None:
    """Print the annotation commands, one per line, and flush so they precede anything written later."""
    for line in annotation_lines(result, opts):
        out.write(line + "\n")
    out.flush()


def md_cell(text: str) -> str:
    """A Markdown table cell that data cannot break: no line breaks, pipes and HTML escaped."""
    text = clean(text).replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.splitlines()) if text else text


def step_summary(result: ValidationResult, opts: ReportOptions) -> str:
    """The Markdown summary: verdict, totals, a per-file table and a per-rule table (no values)."""
    labels = _LABELS[opts.lang]
    totals = result.totals
    mark = {"conforms": "✅", "partially_checked": "⚠️", "does_not_conform": "❌"}[result.verdict]
    out = [f"## {mark} " + labels["heading"].format(verdict=coverage.verdict_word(result, opts.lang)), ""]
    origin = md_cell(coverage.schema_origin(result, opts.lang))
    out.append(f"{totals_message(result, opts)} — {labels['schema']}: {origin}")
    if totals.capped and result.max_per_rule is not None:
        out += ["", labels["listing"].format(listed=len(result.findings), cap=result.max_per_rule)]
    sev_heads = " | ".join(labels[s.value] for s in SEVERITIES)
    out += ["", f"| {labels['file']} | {labels['layout']} | {labels['rows']} | {sev_heads} |"]
    out.append("|---|---|---:|---:|---:|---:|")
    for fs in result.files[:SUMMARY_FILE_ROWS]:
        counts = " | ".join(str(fs.counts.get(s, 0)) for s in SEVERITIES)
        out.append(f"| {md_cell(fs.file)} | {md_cell(fs.layout or '-')} | {fs.rows} | {counts} |")
    if len(result.files) > SUMMARY_FILE_ROWS:
        out.append(f"| {labels['more_files'].format(n=len(result.files) - SUMMARY_FILE_ROWS)} | | | | | |")
    out.append("")
    for key, entries in (
        ("skipped", coverage.skipped(result, opts.lang)),
        ("not_checked", coverage.not_checked(result, opts.lang)),
    ):
        if entries:
            out.append(f"**{labels[key]}** ({len(entries)})")
            out += [f"- {md_cell(e.where)}: {md_cell(e.why)}" for e in entries[:SUMMARY_FILE_ROWS]]
            out.append("")
    if not totals.by_rule:
        out.append(labels["no_findings"])
    else:
        heads = f"{labels['rule']} | {labels['title']} | {labels['count']} | {sev_heads} | {labels['listed']}"
        out.append(f"| {heads} |")
        out.append("|---|---|---:|---:|---:|---:|---:|")
        for rule_id, rt in totals.by_rule.items():
            info = RULES.get(rule_id)
            title = "" if info is None else (info.title_en if opts.lang == "en" else info.title_ja)
            counts = " | ".join(str(rt.by_severity.get(s, 0)) for s in SEVERITIES)
            out.append(f"| {md_cell(rule_id)} | {md_cell(title)} | {rt.count} | {counts} | {rt.listed} |")
    text = "\n".join(out) + "\n\n"
    encoded = text.encode("utf-8")
    if len(encoded) > SUMMARY_LIMIT:  # only with very long file names: cut, never exceed GitHub's cap
        text = encoded[: SUMMARY_LIMIT - 8].decode("utf-8", "ignore") + "\n\n…\n"
    return text


def append_step_summary(result: ValidationResult, path: Path, opts: ReportOptions) -> None:
    """Append the summary to ``$GITHUB_STEP_SUMMARY`` (other steps may have written there before)."""
    with path.open("a", encoding="utf-8", newline="\n") as fh:
        fh.write(step_summary(result, opts))
