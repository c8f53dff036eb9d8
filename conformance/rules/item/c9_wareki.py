"""C9 和暦日付 — Japanese era date."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="C9",
    severity=Severity.ERROR,
    scope="item",
    title_ja="和暦日付",
    title_en="Japanese era date",
    source="§5; 元号表 VERIFIED; codes INFERRED",
    explanation_ja=(
        "GYYMMDD形式の和暦日付として正しくない（年号コード、年の範囲、実在日、元号の期間）。"
    ),
    explanation_en=(
        "Not a valid GYYMMDD era date (era code, year range, calendar day, inside the era)."
    ),
)
