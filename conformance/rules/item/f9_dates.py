"""F9 日付の形式 — Date syntax."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F9",
    severity=Severity.ERROR,
    scope="item",
    title_ja="日付の形式",
    title_en="Date syntax",
    source="§2 F9; 日付モデル VERIFIED",
    explanation_ja=(
        "日付はYYYY-MM-DDの実在する日であること（暦にない日付も可（暦外可）とされた項目は、その月の閏年の日数まで可）。"
    ),
    explanation_en=(
        "Dates are YYYY-MM-DD real calendar days (items that allow non-calendar dates, 暦外可: any day up to the month's length in a leap year)."
    ),
)
