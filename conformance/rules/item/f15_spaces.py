"""F15 前後の空白 — Surrounding spaces."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

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
