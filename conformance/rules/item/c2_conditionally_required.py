"""C2 条件付き必須項目が空 — Conditionally required item is NULL."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="C2",
    severity=Severity.ERROR,
    scope="item",
    title_ja="条件付き必須項目が空",
    title_en="Conditionally required item is NULL",
    source="§3.4 C2, §3.3; INFERRED",
    explanation_ja=(
        "条件付き必須（△）の項目が、条件を満たすのに空。"
    ),
    explanation_en=(
        "A conditionally required (△) item is NULL while its 条件 holds."
    ),
)
