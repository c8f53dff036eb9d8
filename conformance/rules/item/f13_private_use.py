"""F13 外字（私用領域） — 外字 (private use area)."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F13",
    severity=Severity.ERROR,
    scope="item",
    title_ja="外字（私用領域）",
    title_en="外字 (private use area)",
    source="§2 F13; MJ+ VERIFIED; treatment INFERRED",
    explanation_ja=(
        "私用領域（PUA）の文字は外字として誤り。対応表が与えられた場合は対応する文字として扱う。"
    ),
    explanation_en=(
        "Private-use code points are 外字 errors unless a mapping table maps them."
    ),
)
