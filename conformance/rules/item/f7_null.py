"""F7 NULLの表現 — NULL representation."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F7",
    severity=Severity.INFO,
    scope="item",
    title_ja="NULLの表現",
    title_en="NULL representation",
    source="§2 F7; 機械可読ルール L1-09 VERIFIED",
    explanation_ja=(
        "空の項目がNULL。0は値でありNULLではない。F7自体は指摘を出さない（必須はC1・C2）。"
    ),
    explanation_en=(
        "An empty field is NULL; 0 is a value. F7 reports nothing itself (required items: C1/C2)."
    ),
)
