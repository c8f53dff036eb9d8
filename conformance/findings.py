"""The one record type that flows from engines to reports.

A finding is located (file, physical line, 項目名) and names the spec rule id. Messages are kept in both
Japanese and English so that any report can be rendered in either language without re-running.
The raw value is kept unmasked here; masking is a report-time decision (see ``conformance.reports.masking``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used by ``--fail-on``."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int | None
    item: str | None
    rule: str
    severity: Severity
    message_ja: str
    message_en: str
    value: str | None = None

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line if self.line is not None else 0, self.rule, self.item or "")
