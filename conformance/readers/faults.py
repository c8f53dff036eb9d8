"""A structural fault as its rule unit states it, and the finding it becomes once its place is known.

The encoding checks and the record parser both find faults before they know (or care) which file they are in;
one small type carries the rule unit's META (id and severity), the unit's message and its parameters, so
neither invents a severity or a sentence of its own.
"""

from __future__ import annotations

from typing import NamedTuple

from conformance.core.findings import Finding
from conformance.core.messages import Message, Params
from conformance.core.rules import RuleMeta

__all__ = ["Fault"]


class Fault(NamedTuple):
    rule: RuleMeta
    message: Message
    params: Params = ()

    def at(self, file: str, line: int, item: str | None = None) -> Finding:
        """The finding on ``line`` of ``file``; structural findings never carry a value."""
        return Finding(file, line, item, self.rule.id, self.rule.severity, self.message, self.params, None)
