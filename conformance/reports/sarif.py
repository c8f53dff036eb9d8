"""SARIF 2.1.0: the findings as static-analysis results, for code-scanning views (GitHub, Azure DevOps, IDEs).

One run. ``tool.driver.rules`` is the whole rule catalogue in spec order (a result's ``ruleIndex`` points
into it), each with its default level; severity overrides and disabled rules of the configuration are
``invocations[0].ruleConfigurationOverrides``. One result per *listed* finding: the message names the item,
the location is the file path as given (relative stays relative; URI-escaped, so Japanese file names are
percent-encoded UTF-8) with ``region.startLine`` = the finding's physical line, left out for file-level
findings. ``run.properties`` carries the exact totals and whether the listing was capped, since results
are capped per rule.

Levels: error → ``error``, warning → ``warning``, info → ``note``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO, TextIO
from urllib.parse import quote

from conformance import __version__
from conformance.core.findings import Finding, Severity
from conformance.reports.collector import FailOn, ValidationResult, rule_sort_key
from conformance.reports.json_report import TOOL_NAME, summary
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream
from conformance.rules.catalogue import RULES, rule_ids

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

LEVELS: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

_SOURCE = {"ja": "根拠", "en": "Source"}


def artifact_uri(path: str) -> str:
    """The file path as a URI reference: relative paths stay relative, absolute ones become file: URIs."""
    text = clean(path)
    windows = PureWindowsPath(text)
    if windows.is_absolute():
        return windows.as_uri()
    if text.startswith("/"):
        return PurePosixPath(text).as_uri()
    if os.sep == "\\":
        text = text.replace("\\", "/")
    return quote(text, safe="/")


def _utc(moment: datetime) -> str:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _level(severity: str) -> str:
    try:
        return LEVELS[Severity(severity)]
    except ValueError:
        return "warning"


def rule_descriptors(extra: list[str], lang: str) -> list[dict[str, Any]]:
    """Every catalogue rule (spec order), then any other rule id that has findings (id only)."""
    other = "ja" if lang == "en" else "en"
    out: list[dict[str, Any]] = []
    for rule_id in rule_ids():
        r = RULES[rule_id]
        title = r.title_en if lang == "en" else r.title_ja
        explanation = (r.explanation_en if lang == "en" else r.explanation_ja) or title
        out.append(
            {
                "id": r.id,
                "name": r.title_en,
                "shortDescription": {"text": title},
                "fullDescription": {"text": explanation},
                "help": {"text": f"{explanation}\n{_SOURCE[lang]}: {r.source}"},
                "defaultConfiguration": {"level": LEVELS[r.severity]},
                "properties": {
                    f"title_{other}": r.title_ja if other == "ja" else r.title_en,
                    f"explanation_{other}": r.explanation_ja if other == "ja" else r.explanation_en,
                    "severity": r.severity.value,
                    "scope": r.scope,
                    "source": r.source,
                },
            }
        )
    for rule_id in extra:
        out.append({"id": clean(rule_id), "shortDescription": {"text": clean(rule_id)}})
    return out


def _message(finding: Finding, opts: ReportOptions) -> str:
    text = opts.message(finding)
    return text if finding.item is None else f"{opts.item(finding.item)}: {text}"


def log(result: ValidationResult, opts: ReportOptions, *, fail_on: FailOn = "error") -> dict[str, Any]:
    """The SARIF log object; ``fail_on`` only decides ``invocations[0].exitCode`` (0 or 1, as the CLI)."""
    known = set(RULES)
    seen = {r for (_, r) in result.totals.by_file_rule} | {f.rule for f in result.findings}
    extra = sorted((r for r in seen if r not in known), key=rule_sort_key)
    rules = rule_descriptors(extra, opts.lang)
    index = {d["id"]: i for i, d in enumerate(rules)}

    artifacts: list[dict[str, Any]] = []
    artifact_index: dict[str, int] = {}
    for fs in result.files:
        artifact_index[fs.file] = len(artifacts)
        artifacts.append(
            {
                "location": {"uri": artifact_uri(fs.file)},
                "properties": {
                    "layout": fs.layout,
                    "rows": fs.rows,
                    "counts": {s.value: n for s, n in fs.counts.items()},
                },
            }
        )

    results: list[dict[str, Any]] = []
    for f in result.findings:
        location: dict[str, Any] = {"uri": artifact_uri(f.file)}
        if f.file in artifact_index:
            location["index"] = artifact_index[f.file]
        physical: dict[str, Any] = {"artifactLocation": location}
        if f.line is not None and f.line >= 1:
            physical["region"] = {"startLine": f.line}
        results.append(
            {
                "ruleId": clean(f.rule),
                "ruleIndex": index[clean(f.rule)],
                "level": LEVELS[f.severity],
                "message": {"text": _message(f, opts)},
                "locations": [{"physicalLocation": physical}],
                "properties": {
                    "item": opts.item(f.item),
                    "severity": f.severity.value,
                    "value": opts.shown(f.value, f.item),
                },
            }
        )

    settings = result.settings_summary
    overrides: list[dict[str, Any]] = []
    for rule_id, severity in sorted(
        (settings.get("severity_overrides") or {}).items(), key=lambda kv: rule_sort_key(str(kv[0]))
    ):
        descriptor: dict[str, Any] = {"id": str(rule_id)}
        if str(rule_id) in index:
            descriptor["index"] = index[str(rule_id)]
        overrides.append({"descriptor": descriptor, "configuration": {"level": _level(str(severity))}})
    for rule_id in sorted((str(r) for r in settings.get("disabled_rules") or ()), key=rule_sort_key):
        descriptor = {"id": rule_id}
        if rule_id in index:
            descriptor["index"] = index[rule_id]
        overrides.append({"descriptor": descriptor, "configuration": {"enabled": False}})
    invocation: dict[str, Any] = {
        "executionSuccessful": True,
        "exitCode": 1 if result.exceeds(fail_on) else 0,
        "startTimeUtc": _utc(result.started),
        "endTimeUtc": _utc(result.finished),
    }
    if overrides:
        invocation["ruleConfigurationOverrides"] = overrides

    s = summary(result, opts)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "artifacts": artifacts,
                "results": results,
                "properties": {
                    "verdict": s["verdict"],
                    "schema": s["schema"],
                    "totals": s["totals"],
                    "listed": s["listed"],
                    "capped": s["capped"],
                    "max_per_rule": s["max_per_rule"],
                },
            }
        ],
    }


def write(
    result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions, *, fail_on: FailOn = "error"
) -> None:
    """Write the SARIF log as one indented JSON document (UTF-8, LF)."""
    with text_stream(out) as stream:
        stream.write(json.dumps(log(result, opts, fail_on=fail_on), ensure_ascii=False, indent=2))
        stream.write("\n")
