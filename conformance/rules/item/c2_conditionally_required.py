"""C2 条件付き必須項目が空 — Conditionally required item is NULL."""

from __future__ import annotations

from conformance.core.messages import Message
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

NULL = Message(
    "C2",
    "条件「{condition}」を満たすため必須（△）ですが空です。",
    "Required (△) because 「{condition}」 holds, but empty.",
)
NULL_WITH_COMPANION = Message(
    "C2.companion",
    "条件「{condition}」を満たすため必須（△）ですが空です（不詳表記 {companion} も空）。",
    "Required (△) because 「{condition}」 holds, but empty (and so is its companion {companion}).",
)
