"""The one record type that flows from engines to reports, and the sink the engines write it to.

A finding is located (file, physical line, 項目名), names the spec rule id, and carries its message as a
template with parameters (``conformance.core.messages``), so any report renders it in either language,
masking what must be masked. ``value`` is the raw value of the item; it too is masked at report time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from conformance.core.evidence import FileEvidence
from conformance.core.messages import Lang, Message, Params, Quoted, render
from conformance.core.severity import Severity

__all__ = ["FileEvidence", "Finding", "FindingSink", "Severity"]


def _raw(q: Quoted) -> str:
    return q.text


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int | None
    item: str | None
    rule: str
    severity: Severity
    message: Message
    params: Params = ()
    value: str | None = None

    def text(self, lang: Lang, show: Callable[[Quoted], str] = _raw) -> str:
        """The message rendered in ``lang``; quoted input goes through ``show`` (default: as is, unmasked)."""
        return render(self.message, self.params, lang, show)

    @property
    def message_ja(self) -> str:
        """Japanese text, unmasked: for tests and logs of our own, never for a report."""
        return self.text("ja")

    @property
    def message_en(self) -> str:
        """English text, unmasked: for tests and logs of our own, never for a report."""
        return self.text("en")


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
