"""The run summary as JSON, and the one-document ``json`` report (summary plus listed findings).

The summary is what a pipeline reads to decide and to trend: the verdict, exact totals of all findings
(listed or not), per rule with titles in both languages, per file × rule × item, and whether the listing
was capped. It carries no values, so it needs no masking. When the run met characters outside the
repertoire or in private use it ends with ``gaiji``, the 外字 inventory (single characters with counts and
first locations, not values).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import PurePath
from typing import Any, BinaryIO, TextIO

from conformance import __version__
from conformance.core.evidence import FileEvidence
from conformance.core.findings import Severity
from conformance.reports import coverage
from conformance.reports.collector import SEVERITIES, ValidationResult
from conformance.reports.gaiji import entry_to_json
from conformance.reports.jsonl import finding_object
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream
from conformance.rules.catalogue import RULES

TOOL_NAME = "conformance"


def _counts(counts: Mapping[Severity, int]) -> dict[str, int]:
    return {sev.value: counts.get(sev, 0) for sev in SEVERITIES}


def jsonable(value: Any) -> Any:
    """Turn settings values (sets, paths, enums, dates, dataclass-free objects) into JSON values, stably."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, PurePath):
        return clean(str(value))
    if isinstance(value, Mapping):
        return {clean(str(k)): jsonable(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False))
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return clean(str(value))


def evidence_object(ev: FileEvidence) -> dict[str, Any]:
    return {
        "size": ev.size,
        "sha256": ev.sha256,
        "modified": ev.modified,
        "format": ev.format,
        "encoding": ev.encoding,
        "encoding_declared": ev.encoding_declared,
        "line_endings": ev.line_endings,
    }


def summary(result: ValidationResult, opts: ReportOptions | None = None) -> dict[str, Any]:
    """The summary document (see the module docstring); key order is part of the format."""
    opts = opts or ReportOptions()
    totals = result.totals
    by_rule: dict[str, Any] = {}
    for rule_id, rt in totals.by_rule.items():
        info = RULES.get(rule_id)
        by_rule[rule_id] = {
            "title_ja": info.title_ja if info else "",
            "title_en": info.title_en if info else "",
            "count": rt.count,
            "by_severity": _counts(rt.by_severity),
            "listed": rt.listed,
        }
    files = []
    for fs in result.files:
        entry: dict[str, Any] = {
            "file": clean(fs.file),
            "layout": fs.layout,
            "rows": fs.rows,
            "counts": _counts(fs.counts),
            "by_rule": {rule: n for (file, rule), n in totals.by_file_rule.items() if file == fs.file},
        }
        if fs.evidence is not None:
            entry["evidence"] = evidence_object(fs.evidence)
        files.append(entry)
    doc: dict[str, Any] = {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "schema": {
            "name": result.schema_name,
            "standard": dict(result.standard),
            "bundled": result.schema_bundled,
            "origin_ja": coverage.schema_origin(result, "ja"),
            "origin_en": coverage.schema_origin(result, "en"),
        },
        "inputs": [clean(i) for i in result.inputs],
        "started": result.started.isoformat(),
        "finished": result.finished.isoformat(),
        "settings": jsonable(result.settings_summary),
        "verdict": result.verdict,
        "verdict_ja": coverage.verdict_word(result, "ja"),
        "complete": result.complete,
        "files": files,
        "skipped_inputs": [
            {
                "path": clean(sk.path),
                "reason": sk.reason,
                "message_ja": sk.text("ja"),
                "message_en": sk.text("en"),
            }
            for sk in result.skipped
        ],
        "not_checked": [{"rule": nc.rule, "file": clean(nc.file)} for nc in result.not_checked],
        "totals": {
            "findings": totals.total,
            "by_severity": _counts(totals.by_severity),
            "by_rule": by_rule,
            "by_file_rule_item": [
                {"file": clean(file), "rule": rule, "item": opts.item(item), "count": n}
                for (file, rule, item), n in totals.by_file_rule_item.items()
            ],
        },
        "listed": len(result.findings),
        "capped": totals.capped,
        "max_per_rule": result.max_per_rule,
    }
    if result.gaiji:  # the 外字 inventory: distinct characters only, never whole values
        doc["gaiji"] = [entry_to_json(e) for e in result.gaiji]
    return doc


def write_summary(result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """Write the summary as one indented JSON document (UTF-8, LF)."""
    with text_stream(out) as stream:
        stream.write(json.dumps(summary(result, opts), ensure_ascii=False, indent=2))
        stream.write("\n")


def write(result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """Write ``{"summary": …, "findings": [<the JSONL objects>]}`` as one document."""
    doc = {"summary": summary(result, opts), "findings": [finding_object(f, opts) for f in result.findings]}
    with text_stream(out) as stream:
        stream.write(json.dumps(doc, ensure_ascii=False, indent=2))
        stream.write("\n")
