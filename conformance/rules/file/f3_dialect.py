"""F3 CSV形式（RFC 4180） — CSV dialect (RFC 4180)."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F3",
    severity=Severity.ERROR,
    scope="record",
    title_ja="CSV形式（RFC 4180）",
    title_en="CSV dialect (RFC 4180)",
    source="§2 F3; 機械可読ルール L1-15 VERIFIED",
    explanation_ja=(
        '区切りはカンマ、引用符は二重引用符。引用されていない項目中の「"」、閉じていない引用、閉じ引用符の後の文字、見出し行と異なる項目数は誤り。'
    ),
    explanation_en=(
        "Comma separated, double-quote enclosed; a quote inside an unquoted field, an unterminated quote, text after a closing quote or a wrong field count is an error."
    ),
)
