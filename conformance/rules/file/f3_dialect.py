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

# A file that is not CSV text at all (conformance/readers/sniff.py): one finding, its records are not read.
_NOT_READ_JA = "このファイルのデータは検査していません"
_NOT_READ_EN = "its records were not checked"
NOT_CSV_EXCEL = Message(
    "F3.not_csv_excel",
    f"Excel ファイル（.xlsx）です。Excel で開き「CSV UTF-8（コンマ区切り）」で保存してください。{_NOT_READ_JA}",
    f"this is an Excel workbook (.xlsx), not CSV; open it in Excel and save as 'CSV UTF-8 (comma delimited)'; "
    f"{_NOT_READ_EN}",
)
NOT_CSV_XLS = Message(
    "F3.not_csv_xls",
    f"旧形式の Excel ファイル（.xls）です。Excel で開き「CSV UTF-8（コンマ区切り）」で保存してください。{_NOT_READ_JA}",
    f"this is an old-format Excel workbook (.xls), not CSV; open it in Excel and save as 'CSV UTF-8 "
    f"(comma delimited)'; {_NOT_READ_EN}",
)
NOT_CSV_ZIP = Message(
    "F3.not_csv_zip",
    f"ZIP 圧縮ファイルです。展開して中の CSV ファイルを検査してください。{_NOT_READ_JA}",
    f"this is a ZIP archive, not CSV; extract it and check the CSV files inside; {_NOT_READ_EN}",
)
NOT_CSV_GZIP = Message(
    "F3.not_csv_gzip",
    f"gzip 圧縮ファイルです。展開してから検査してください。{_NOT_READ_JA}",
    f"this is a gzip-compressed file, not CSV; decompress it and check the result; {_NOT_READ_EN}",
)
NOT_CSV_PDF = Message(
    "F3.not_csv_pdf",
    f"PDF ファイルです。元のシステムから CSV（UTF-8、コンマ区切り）で出力してください。{_NOT_READ_JA}",
    f"this is a PDF document, not CSV; export the data from its system as CSV (UTF-8, comma separated); "
    f"{_NOT_READ_EN}",
)
NOT_CSV_MARKUP = Message(
    "F3.not_csv_markup",
    f"{{kind}} ファイルです。CSV（UTF-8、コンマ区切り）で出力してください。{_NOT_READ_JA}",
    f"this is an {{kind}} document, not CSV; export the data as CSV (UTF-8, comma separated); {_NOT_READ_EN}",
)
NOT_CSV_BINARY = Message(
    "F3.not_csv_binary",
    f"テキストではないバイナリファイルです（先頭{{sample}}バイトのうち{{control}}バイトが制御文字）。"
    f"CSV（UTF-8、コンマ区切り）で出力してください。{_NOT_READ_JA}",
    f"this is a binary file, not CSV text ({{control}} of its first {{sample}} bytes are control bytes); "
    f"export the data as CSV (UTF-8, comma separated); {_NOT_READ_EN}",
)
DELIMITER = Message(
    "F3.delimiter",
    f"区切り文字がコンマではなく{{delimiter}}です（1行目がその区切りでレイアウトの見出し行になります）。"
    f"コンマ区切りの CSV で保存してください。{_NOT_READ_JA}",
    f"the delimiter is {{delimiter}}, not a comma (line 1 split at it is the layout's header); save the file as "
    f"comma-separated CSV; {_NOT_READ_EN}",
)
