"""Small builders shared by the report tests."""

from __future__ import annotations

from conformance.core.findings import Finding, Severity
from conformance.core.messages import fixed_text


def make_finding(
    file: str,
    line: int | None,
    item: str | None,
    rule: str,
    severity: Severity,
    ja: str,
    en: str,
    value: str | None = None,
) -> Finding:
    """A finding whose message is fixed text (report tests care about placement, not wording)."""
    return Finding(file, line, item, rule, severity, fixed_text(f"{rule}.test", ja, en), (), value)
