"""JUnit XML: one test suite per file, one test case per file × catalogue rule, for CI test-report views.

Every catalogue rule is a test case of every file, so a passed case means "checked, nothing found" and the
counts are comparable between runs. A case **fails** when the file has error or warning findings of that
rule (the ``--fail-on warning`` reading; the process exit code still follows ``--fail-on``): the failure's
``type`` is the worst severity and its message the exact count, ``N findings (M listed)``; its text lists
the listed findings. Info findings never fail a case; a case with only info findings passes and lists them
in its ``system-out``. Rules disabled by the configuration are ``skipped``.

Totals per file × rule are exact, but per-severity counts exist only per rule; whether unlisted findings of
a case are info is derived from the rule's run-wide counts minus the listed ones, which is exact unless a
rule with both info and error/warning findings is capped in several files (then the case fails: the
conservative reading).

The document is built with lxml so that escaping is right; characters XML 1.0 cannot carry (C0 controls
other than TAB/LF/CR, U+FFFE/U+FFFF, lone surrogates) become U+FFFD.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, BinaryIO, TextIO

from lxml import etree

from conformance.core.findings import Finding, Severity
from conformance.reports.collector import SEVERITIES, RuleTotal, ValidationResult, rule_sort_key
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream
from conformance.rules.catalogue import RULES, rule_ids

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "counts": "指摘 {n}件（一覧 {m}件）",
        "line": "{n}行目",
        "value": "値",
        "more": "ほか {n}件は一覧にない（--max-per-rule）",
        "disabled": "設定で無効",
    },
    "en": {
        "counts": "{n} findings ({m} listed)",
        "line": "line {n}",
        "value": "value",
        "more": "{n} more not listed (--max-per-rule)",
        "disabled": "disabled by the configuration",
    },
}


def xml_text(text: str) -> str:
    """Text that XML 1.0 can hold: surrogates and forbidden control characters become U+FFFD."""
    return _NOT_XML.sub("\ufffd", clean(text))


def finding_text(finding: Finding, opts: ReportOptions) -> str:
    """``[severity] line N item: message (value: v)``; line, item and value left out when absent.

    Japanese: ``[severity] N行目 item: message（値: v）``.
    """
    labels = _LABELS[opts.lang]
    parts = [f"[{finding.severity.value}]"]
    if finding.line is not None:
        parts.append(labels["line"].format(n=finding.line))
    if finding.item is not None:
        parts.append(opts.item(finding.item) or "")
    sep = ": " if len(parts) > 1 else " "
    text = f"{' '.join(parts)}{sep}{opts.message(finding)}"
    shown = opts.shown(finding.value, finding.item)
    if shown is not None:
        text += f"（{labels['value']}: {shown}）" if opts.lang == "ja" else f" ({labels['value']}: {shown})"
    return text


def _unlisted_severities(rule_total: RuleTotal | None, listed: list[Finding]) -> set[Severity]:
    """Severities that findings of the rule not in the listing can have (run-wide count minus listed)."""
    if rule_total is None:
        return set(SEVERITIES)
    left = dict(rule_total.by_severity)
    for f in listed:
        left[f.severity] = left.get(f.severity, 0) - 1
    return {s for s, n in left.items() if n > 0}


def case_severity(
    count: int, listed: list[Finding], rule_total: RuleTotal | None, rule_listed: list[Finding]
) -> Severity | None:
    """The worst error/warning severity of a file × rule case (None: the case passes).

    ``listed`` are the listed findings of the case, ``rule_listed`` those of the rule in every file.
    """
    possible = {f.severity for f in listed}
    if count > len(listed):
        possible |= _unlisted_severities(rule_total, rule_listed)
    failing = [s for s in possible if s is not Severity.INFO]
    return max(failing, key=lambda s: s.rank) if failing else None


def build(result: ValidationResult, opts: ReportOptions) -> Any:
    """The ``<testsuites>`` element (lxml) of the result."""
    labels = _LABELS[opts.lang]
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in result.findings:
        by_case[(f.file, f.rule)].append(f)
        by_rule[f.rule].append(f)
    disabled = {str(r) for r in result.settings_summary.get("disabled_rules", ()) or ()}
    catalogue = rule_ids()
    known = set(catalogue)
    extra = sorted({r for (_, r) in result.totals.by_file_rule if r not in known}, key=rule_sort_key)

    root = etree.Element("testsuites", name="conformance")
    duration = max((result.finished - result.started).total_seconds(), 0.0)
    sums = {"tests": 0, "failures": 0, "skipped": 0}
    for fs in result.files:
        file = fs.file
        suite = etree.SubElement(root, "testsuite", name=xml_text(file))
        props = etree.SubElement(suite, "properties")
        etree.SubElement(props, "property", name="layout", value=xml_text(fs.layout or ""))
        etree.SubElement(props, "property", name="rows", value=str(fs.rows))
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for rule_id in catalogue + extra:
            info = RULES.get(rule_id)
            title = "" if info is None else (info.title_en if opts.lang == "en" else info.title_ja)
            case = etree.SubElement(
                suite, "testcase", classname=xml_text(file), name=xml_text(f"{rule_id} {title}".strip())
            )
            counts["tests"] += 1
            n = result.totals.by_file_rule.get((file, rule_id), 0)
            listed = by_case.get((file, rule_id), [])
            if n == 0:
                if rule_id in disabled:
                    etree.SubElement(case, "skipped", message=labels["disabled"])
                    counts["skipped"] += 1
                continue
            lines = [finding_text(f, opts) for f in listed]
            if n > len(listed):
                lines.append(labels["more"].format(n=n - len(listed)))
            message = labels["counts"].format(n=n, m=len(listed))
            worst = case_severity(n, listed, result.totals.by_rule.get(rule_id), by_rule.get(rule_id, []))
            if worst is None:
                out = etree.SubElement(case, "system-out")
                out.text = "\n".join(xml_text(x) for x in [message, *lines])
                continue
            failure = etree.SubElement(case, "failure", message=xml_text(message), type=worst.value)
            failure.text = "\n".join(xml_text(x) for x in lines)
            counts["failures"] += 1
        for key, value in counts.items():
            sums[key] += value
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", "0")
        suite.set("skipped", str(counts["skipped"]))
        suite.set("time", "0")
    root.set("tests", str(sums["tests"]))
    root.set("failures", str(sums["failures"]))
    root.set("errors", "0")
    root.set("skipped", str(sums["skipped"]))
    root.set("time", f"{duration:.3f}")
    return root


def write(result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """Write the JUnit document: UTF-8 with an XML declaration, indented, LF line ends."""
    body = etree.tostring(build(result, opts), encoding="unicode", pretty_print=True)
    with text_stream(out) as stream:
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(body)
