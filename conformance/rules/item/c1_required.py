"""C1 必須項目が空 — Required item is NULL."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="C1",
    severity=Severity.ERROR,
    scope="item",
    title_ja="必須項目が空",
    title_en="Required item is NULL",
    source="§3.4 C1; INFERRED",
    explanation_ja=(
        "必須（○）の項目が空。不詳可の項目は不詳表記も空の場合。"
    ),
    explanation_en=(
        "A required (○) item is NULL (for 不詳可 items: and its 不詳表記 too)."
    ),
)

NULL = Message("C1", "必須項目（○）が空です。", "Required item (○) is empty.")
NULL_WITH_COMPANION = Message(
    "C1.companion",
    "必須項目（○）が空です（不詳表記 {companion} も空）。",
    "Required item (○) is empty (and so is its companion {companion}).",
)
