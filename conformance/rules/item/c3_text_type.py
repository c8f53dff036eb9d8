"""C3 文字種 — Text type."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="C3",
    severity=Severity.ERROR,
    scope="item",
    title_ja="文字種",
    title_en="Text type",
    source="§3.2, §3.4 C3; INFERRED",
    explanation_ja=(
        "全角文字列・半角文字列・カナ・英字氏名の文字種に合わない。"
    ),
    explanation_en=(
        "The value does not match its text type (全角文字列, 半角文字列, カナ, 英字氏名)."
    ),
)
