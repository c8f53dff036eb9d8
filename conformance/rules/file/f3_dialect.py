"""F3 CSV形式（RFC 4180） — CSV dialect (RFC 4180)."""

from __future__ import annotations

from conformance.core.messages import Message
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


QUOTE_IN_UNQUOTED = Message(
    "F3.quote_in_unquoted",
    "{field}列目の引用されていない項目に「\"」があります",
    "quote inside unquoted field {field}",
)
TEXT_AFTER_QUOTE = Message(
    "F3.text_after_quote",
    "{field}列目の閉じ引用符の後に文字があります",
    "characters after the closing quote of field {field}",
)
UNTERMINATED_AT_EOF = Message(
    "F3.unterminated_at_eof",
    "{field}列目の引用が閉じていません（ファイル末尾までに閉じ引用符がありません）",
    "unterminated quoted field {field} (no closing quote before end of file)",
)
UNTERMINATED_WITHIN_BOUNDS = Message(
    "F3.unterminated_within_bounds",
    "{field}列目の引用が閉じていません（{max_lines}行・{max_bytes}バイト以内に閉じ引用符がありません）",
    "unterminated quoted field {field} (no closing quote within {max_lines} lines / {max_bytes} bytes)",
)
# English says "1 field" but "2 fields": two templates, since a parameter cannot choose the noun's number.
ONE_FIELD = Message(
    "F3.one_field",
    "項目数が{expected}ではなく1です",
    "1 field, header has {expected}",
)
FIELD_COUNT = Message(
    "F3.field_count",
    "項目数が{expected}ではなく{count}です",
    "{count} fields, header has {expected}",
)
BLANK_LINE = Message(
    "F3.blank_line",
    "空行です（項目数が{expected}ではなく1です）",
    "blank line (1 field, header has {expected})",
)
LINE_TOO_LONG = Message(
    "F3.line_too_long",
    "物理行が{max_bytes}バイトを超えるため読み取れません",
    "physical line longer than {max_bytes} bytes; not parsed",
)
