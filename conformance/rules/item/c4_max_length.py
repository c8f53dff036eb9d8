"""C4 最大桁数超過 — Longer than 最大桁数."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

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
