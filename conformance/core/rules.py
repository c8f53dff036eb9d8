"""What a rule *is*, apart from what it checks: id, severity, scope, titles, source, explanation, parameters.

Every rule unit (``conformance/rules/...``: one file per rule) declares one :class:`RuleMeta`; the
catalogue, ``conformance rules`` and docs/rules.md are generated from those declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from conformance.core.severity import Severity

Scope = Literal["file", "record", "item", "row", "dataset"]

__all__ = ["Parameter", "RuleMeta", "Scope"]


@dataclass(frozen=True, slots=True)
class Parameter:
    """A value a rule compares against (a code list, a rate table, a date), and the JSON Schema of its value.

    The values are facts or INFERRED choices of the standard, so they are data: the bundled schema set's
    ``rule_parameters.json`` holds each one with its source, and a user's schema set overrides it parameter
    by parameter. The unit declares only what the value must look like.
    """

    name: str
    schema: Mapping[str, Any]
    description_ja: str = ""
    description_en: str = ""


@dataclass(frozen=True, slots=True)
class RuleMeta:
    id: str
    severity: Severity  # default severity (a rule may report some findings at another, e.g. C8 M11)
    scope: Scope
    title_ja: str
    title_en: str
    source: str  # spec section and the standard's source keys, with VERIFIED/INFERRED status
    explanation_ja: str = ""
    explanation_en: str = ""
    parameters: tuple[Parameter, ...] = field(default=())

    @property
    def family(self) -> str:
        """F, C or X."""
        return self.id[0]

    @property
    def number(self) -> int:
        return int(self.id[1:])
