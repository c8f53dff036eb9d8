"""F5 1レコード1行 — One record per physical line."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F5",
    severity=Severity.ERROR,
    scope="record",
    title_ja="1レコード1行",
    title_en="One record per physical line",
    source="§2 F5; 機械可読ルール L1-14 VERIFIED",
    explanation_ja=(
        "引用された項目の中に改行（CR・LF）を含めてはならない。"
    ),
    explanation_en=(
        "A quoted field must not contain CR or LF."
    ),
)
