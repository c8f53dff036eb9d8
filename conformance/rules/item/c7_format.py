"""C7 書式不一致 — Format mismatch."""

from __future__ import annotations

from conformance.core.messages import Message
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
        "値が項目の書式（スキーマの書式名。formats.json にその名称と説明がある）に合わない。メッセージは書式の説明で、何が期待されるかを示す。"
    ),
    explanation_en=(
        "The value does not fit the item's 書式 (a named format; formats.json gives its name and description). The message quotes that description, saying what was expected."
    ),
)

#: The 書式 in words (the schema set's formats.json): what is expected, never the regular expression.
NO_MATCH = Message(
    "C7",
    "「{value}」は{name}の書式に合いません: {description}。",
    "「{value}」 does not fit {name}: {description}.",
)
#: A 書式 the schema set does not describe: the message says so instead of quoting an expression.
NO_MATCH_UNDESCRIBED = Message(
    "C7.undescribed",
    "「{value}」はこの項目の書式に合いません（書式の説明がスキーマセットの formats.json にありません）。",
    "「{value}」 does not fit the item's 書式 (the schema set's formats.json does not describe it).",
)
