"""F10 日時の形式 — Datetime syntax."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F10",
    severity=Severity.ERROR,
    scope="item",
    title_ja="日時の形式",
    title_en="Datetime syntax",
    source="§2 F10; 日付モデル VERIFIED; offset optional INFERRED",
    explanation_ja=(
        "日時はYYYY-MM-DDTHH:MM:SS（+09:00は任意）。"
    ),
    explanation_en=(
        "Datetimes are YYYY-MM-DDTHH:MM:SS with an optional +09:00."
    ),
)
