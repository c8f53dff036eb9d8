"""F8 数値の形式 — Number syntax."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F8",
    severity=Severity.ERROR,
    scope="item",
    title_ja="数値の形式",
    title_en="Number syntax",
    source="§2 F8, §3.2; 機械可読ルール L2-01 VERIFIED",
    explanation_ja=(
        "数字・整数・小数・年は半角数字のみ（小数は小数点1つ）。桁区切り・単位・符号・全角数字は不可。"
    ),
    explanation_en=(
        "数字/整数/小数/年 hold ASCII digits only (one '.' for 小数): no separators, units, signs or full-width digits."
    ),
)
