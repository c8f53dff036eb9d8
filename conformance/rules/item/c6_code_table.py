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
    "「{value}」はコード表「{table}」にないコードです（使えるコード: {codes}）。",
    "「{value}」 is not a code of the code table 「{table}」 (the codes: {codes}).",
)
NOT_COUNTED_CODE = Message(
    "C6.counted",
    "「{value}」はコード表「{table}」にないコードです（コード表には{count}件のコードがあります）。",
    "「{value}」 is not a code of the code table 「{table}」 (it holds {count} codes).",
)
