"""F11 機種依存文字 — Platform-dependent character."""

from __future__ import annotations

from conformance.core.messages import Message, params_of
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.types.base import ValueFault
from conformance.types.chars import CharFaults, describe_chars

META = RuleMeta(
    id="F11",
    severity=Severity.WARNING,
    scope="item",
    title_ja="機種依存文字",
    title_en="Platform-dependent character",
    source="§2 F11; 機械可読ルール L1-08 VERIFIED; list partly INFERRED",
    explanation_ja=(
        "機種依存文字（丸数字、ローマ数字、単位記号、㈱など）は原則として使用しない。"
    ),
    explanation_en=(
        "Platform-dependent characters (circled numbers, Roman numerals, squared units, ㈱ …) should not be used."
    ),
)

FOUND = Message(
    "F11",
    "機種依存文字を含みます: {chars}。原則として使用しないでください。",
    "Contains platform-dependent characters: {chars}; avoid them in principle.",
)


def fault(found: CharFaults) -> ValueFault | None:
    if not found.platform_dependent:
        return None
    return ValueFault(
        "F11", META.severity, FOUND, params_of({"chars": describe_chars(found.platform_dependent)})
    )
