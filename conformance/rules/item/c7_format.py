"""C7 書式不一致 — Format mismatch."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="C7",
    severity=Severity.ERROR,
    scope="item",
    title_ja="書式不一致",
    title_en="Format mismatch",
    source="§3.4 C7; INFERRED",
    explanation_ja=(
        "書式（正規表現）に一致しない。"
    ),
    explanation_en=(
        "The value does not match the 書式 regular expression."
    ),
)
