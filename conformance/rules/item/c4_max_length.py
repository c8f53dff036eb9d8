"""C4 最大桁数超過 — Longer than 最大桁数."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.item.f14_length import UNITS

META = RuleMeta(
    id="C4",
    severity=Severity.ERROR,
    scope="item",
    title_ja="最大桁数超過",
    title_en="Longer than 最大桁数",
    source="§3.4 C4, §2 F14; INFERRED",
    explanation_ja=(
        "長さが最大桁数を超える。"
    ),
    explanation_en=(
        "Length exceeds 最大桁数."
    ),
)

#: Length mode -> template; fields n (the length) and limit (最大桁数).
TOO_LONG = {
    mode: Message(
        f"C4.{mode}",
        f"長さ{{n}}（{ja}）が最大桁数{{limit}}を超えています。",
        f"Length {{n}} exceeds 最大桁数 {{limit}} (counted in {en}).",
    )
    for mode, (ja, en) in UNITS.items()
}
