"""The one record type that flows from engines to reports, and the sink the engines write it to.

A finding is located (file, physical line, 項目名), names the spec rule id, and carries its message as a
template with parameters (``conformance.core.messages``), so any report renders it in either language,
masking what must be masked. ``value`` is the raw value of the item; it too is masked at report time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from conformance.core.evidence import FileEvidence
from conformance.core.messages import Message, Params, Rendered
from conformance.core.severity import Severity

__all__ = ["FileEvidence", "Finding", "FindingSink", "Severity"]


@dataclass(frozen=True, slots=True)
class Finding(Rendered):
    file: str
    line: int | None
    item: str | None
    rule: str
    severity: Severity
    message: Message
    params: Params = ()
    value: str | None = None


class FindingSink(Protocol):
    """Where an engine puts what it finds and what it checked (the report layer's collector implements it)."""

    def start_file(self, file: str, layout: str | None) -> None:
        """Declare a file of the run, in run order."""

    def add(self, finding: Finding) -> None:
        """One finding."""

    def add_rows(self, file: str, n: int) -> None:
        """``n`` more data records were read from ``file``."""

    def describe_file(self, file: str, evidence: FileEvidence) -> None:
        """What was read of ``file``: size, hash, encoding, line endings."""

    def not_checked(self, rule: str, file: str) -> None:
        """``rule`` applies to ``file`` but could not run (a file it needs is not part of the run)."""
