"""F6 改行コード — Line endings."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F6",
    severity=Severity.ERROR,
    scope="record",
    title_ja="改行コード",
    title_en="Line endings",
    source="§2 F6, §12.4; INFERRED",
    explanation_ja=(
        "改行はCRLFかLFのいずれかに統一する。見出し行の改行が基準。単独のCRは誤り。"
    ),
    explanation_en=(
        "Records end with CRLF or LF, the same as the header throughout; a bare CR is an error."
    ),
)
