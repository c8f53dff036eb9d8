"""F5 1レコード1行 — One record per physical line."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F5",
    severity=Severity.ERROR,
    scope="record",
    title_ja="1レコード1行",
    title_en="One record per physical line",
    source="§2 F5; 機械可読ルール L1-14 VERIFIED",
    explanation_ja=(
        "引用された項目の中に改行（CR・LF）を含めてはならない。"
    ),
    explanation_en=(
        "A quoted field must not contain CR or LF."
    ),
)


LINE_BREAK = Message(
    "F5.line_break",
    "{field}列目の引用された項目に改行が含まれています（{start}行目から{end}行目まで）",
    "quoted field {field} contains a line break (record spans lines {start}-{end})",
)
CR = Message(
    "F5.cr",
    "{field}列目の引用された項目にCR（改行文字）が含まれています",
    "quoted field {field} contains a CR (line break character)",
)
