"""Severity of a finding (§2: error, warning, info) and its order for ``--fail-on``."""

from __future__ import annotations

from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used by ``--fail-on``."""
        return _RANK[self.value]


_RANK = {"error": 3, "warning": 2, "info": 1}
