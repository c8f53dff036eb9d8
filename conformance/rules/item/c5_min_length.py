"""C5 最小桁数未満 — Shorter than 最小桁数."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.item.f14_length import UNITS

META = RuleMeta(
    id="C5",
    severity=Severity.ERROR,
    scope="item",
    title_ja="最小桁数未満",
    title_en="Shorter than 最小桁数",
    source="§3.4 C5, §2 F14; INFERRED",
    explanation_ja=(
        "長さが最小桁数に満たない。"
    ),
    explanation_en=(
        "Length is below 最小桁数."
    ),
)

#: Length mode -> template; fields n (the length) and limit (最小桁数).
TOO_SHORT = {
    mode: Message(
        f"C5.{mode}",
        f"長さ{{n}}（{ja}）が最小桁数{{limit}}より短くなっています。",
        f"Length {{n}} is below 最小桁数 {{limit}} (counted in {en}).",
    )
    for mode, (ja, en) in UNITS.items()
}
