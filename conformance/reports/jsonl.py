"""JSON Lines: one listed finding per line, the machine-readable form that diffs well between runs.

The summary (totals, verdict, files) is not mixed into the stream; ``json_report.write_summary`` writes it
as a separate document so that every line of a JSONL report has the same shape.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO, TextIO

from conformance.core.findings import Finding
from conformance.reports.collector import ValidationResult
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream


def finding_object(finding: Finding, opts: ReportOptions) -> dict[str, Any]:
    """The JSON object of one finding: message in ``opts.lang`` plus both languages, value masked; the
    template id and its parameters, quoted input masked exactly as in the message."""
    return {
        "file": clean(finding.file),
        "line": finding.line,
        "item": opts.item(finding.item),
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": opts.message(finding),
        "message_ja": opts.message(finding, "ja"),
        "message_en": opts.message(finding, "en"),
        "message_id": finding.message.id,
        "params": opts.params(finding),
        "value": opts.shown(finding.value, finding.item),
    }


def write(result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """Write the listed findings, one JSON object per LF-terminated line, UTF-8 without escapes."""
    with text_stream(out) as stream:
        for finding in result.findings:
            stream.write(json.dumps(finding_object(finding, opts), ensure_ascii=False))
            stream.write("\n")
