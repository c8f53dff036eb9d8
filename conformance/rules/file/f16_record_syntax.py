"""F16 レコードの構文 — Record syntax of JSON Lines, JSON and XML inputs (§13.4)."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F16",
    severity=Severity.ERROR,
    scope="record",
    title_ja="レコードの構文",
    title_en="Record syntax",
    source="inputs §13.4 F16; INFERRED",
    explanation_ja=(
        "JSON Lines・JSON・XMLの入力で、レコードが構文として読めないもの。JSON Linesは1行に1つのJSONオブジェクト"
        "（キーの重複なし）、JSONはオブジェクトの配列、XMLは整形式で、項目要素は子要素や混在内容を持たず、同じ項目を"
        "2回与えないこと。読めないレコードは検査せず、次のレコードから続ける。文書全体が壊れている場合は、どの行から"
        "検査していないかを報告する。"
    ),
    explanation_en=(
        "A record of a JSON Lines, JSON or XML input that cannot be read as one: JSON Lines holds one JSON object "
        "per line (no duplicated key), JSON an array of objects, XML must be well-formed and an item element holds "
        "no child element or mixed content and is given once. Such a record is not checked and the run goes on; "
        "a broken document is reported once, saying from which line nothing was checked."
    ),
)

# No message carries a value of the file: positions, counts and fixed words only.
NOT_JSON = Message(
    "F16.not_json",
    "1つのJSON値として読めません（{column}文字目）",
    "not one JSON value (column {column})",
)
BLANK_LINE = Message(
    "F16.blank_line",
    "空行です（JSON Linesでは1行に1レコード）",
    "blank line (JSON Lines holds one record a line)",
)
NOT_OBJECT = Message(
    "F16.not_object",
    "レコードがJSONオブジェクトではありません（{kind}）",
    "the record is not a JSON object ({kind})",
)
DUPLICATE_KEY = Message(
    "F16.duplicate_key",
    "同じキーがレコード内で重複しています",
    "a key is duplicated within the record",
)
TOO_LARGE = Message(
    "F16.too_large",
    "レコードが上限（{max_bytes}バイト）を超えています",
    "the record exceeds the bound ({max_bytes} bytes)",
)
NOT_ARRAY = Message(
    "F16.not_array",
    "JSON文書がオブジェクトの配列ではありません。{line}行目以降は検査していません",
    "the JSON document is not an array of objects; nothing from line {line} on was checked",
)
BROKEN_DOCUMENT = Message(
    "F16.broken_document",
    "文書が整形式ではありません（{column}文字目）。{line}行目以降は検査していません",
    "the document is not well-formed (column {column}); nothing from line {line} on was checked",
)
TRAILING = Message(
    "F16.trailing",
    "JSON文書の配列の後に余分な内容があります",
    "content after the JSON document's array",
)
CHILD_ELEMENTS = Message(
    "F16.child_elements",
    "項目要素に子要素があります",
    "an item element holds child elements",
)
MIXED_CONTENT = Message(
    "F16.mixed_content",
    "レコード要素に項目要素以外の文字があります（混在内容）",
    "the record element holds text outside its item elements (mixed content)",
)
REPEATED_ITEM = Message(
    "F16.repeated_item",
    "同じ項目がレコード内で2回以上与えられています",
    "an item is given more than once in the record",
)
NOT_PARQUET = Message(
    "F16.not_parquet",
    "Parquetファイルとして読めません。このファイルは検査していません",
    "not a readable Parquet file; the file was not checked",
)
TOO_MANY_ELEMENTS = Message(
    "F16.too_many_elements",
    "レコードの要素が上限（{max_elements}個）を超えています。{line}行目以降は検査していません",
    "the record holds more than {max_elements} elements; nothing from line {line} on was checked",
)
