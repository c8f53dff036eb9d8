"""C6 コード表にない値 — Value not in the code table."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="C6",
    severity=Severity.ERROR,
    scope="item",
    title_ja="コード表にない値",
    title_en="Value not in the code table",
    source="§3.4 C6, §9; codes INFERRED",
    explanation_ja=(
        "コード表に存在しない値。"
    ),
    explanation_en=(
        "The value is not a code of its コード表."
    ),
)

MAX_LISTED = 12  # a table with at most this many codes is listed in the message, a larger one counted
NOT_LISTED_CODE = Message(
    "C6.listed",
    "コード表「{table}」にない値です（有効なコード: {codes}）。",
    "Not a code of the code table 「{table}」 (valid codes: {codes}).",
)
NOT_COUNTED_CODE = Message(
    "C6.counted",
    "コード表「{table}」にない値です（{count}件のコード）。",
    "Not a code of the code table 「{table}」 ({count} codes).",
)
