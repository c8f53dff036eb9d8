"""F15 前後の空白 — Surrounding spaces."""

from __future__ import annotations

from conformance.core.messages import Message, params_of
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.types.base import ValueFault
from conformance.types.chars import CharFaults, describe_chars

META = RuleMeta(
    id="F15",
    severity=Severity.WARNING,
    scope="item",
    title_ja="前後の空白",
    title_en="Surrounding spaces",
    source="§2 F15; 機械可読ルール L1-06 VERIFIED",
    explanation_ja=(
        "値の先頭・末尾に半角・全角の空白を置かない。"
    ),
    explanation_en=(
        "A value must not start or end with a space (U+0020 or U+3000)."
    ),
)

_TAIL_JA, _TAIL_EN = (
    "に空白があります。体裁のための空白は削除してください。",
    " space; remove spaces added for layout.",
)
LEADING = Message(
    "F15.leading", "値の先頭（{leading}）" + _TAIL_JA, "The value has a leading {leading}" + _TAIL_EN
)
TRAILING = Message(
    "F15.trailing", "値の末尾（{trailing}）" + _TAIL_JA, "The value has a trailing {trailing}" + _TAIL_EN
)
BOTH = Message(
    "F15",
    "値の先頭（{leading}）と末尾（{trailing}）" + _TAIL_JA,
    "The value has a leading {leading} and a trailing {trailing}" + _TAIL_EN,
)


def fault(found: CharFaults) -> ValueFault | None:
    lead, trail = found.leading, found.trailing
    if lead is None and trail is None:
        return None
    params = {}
    if lead is not None:
        params["leading"] = describe_chars((lead,))
    if trail is not None:
        params["trailing"] = describe_chars((trail,))
    message = BOTH if lead is not None and trail is not None else LEADING if lead is not None else TRAILING
    return ValueFault("F15", META.severity, message, params_of(params))
