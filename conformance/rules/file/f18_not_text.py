"""F18 文字列でない値 — A value that is not text (§13.3, §13.4)."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F18",
    severity=Severity.ERROR,
    scope="record",
    title_ja="文字列でない値",
    title_en="Value that is not text",
    source="inputs §13.3, §13.4 F18; INFERRED",
    explanation_ja=(
        "JSONの項目の値は文字列かnullであること。数値・真偽値・配列・オブジェクトは誤りとし、その項目は検査しない"
        "（数値では先頭の0や小数の書式が失われるため）。Parquetでは列が文字列型（またはすべてnull）であること。"
    ),
    explanation_en=(
        "A JSON item's value must be a string or null; a number, boolean, array or object is an error and the "
        "item is not checked further (a number loses leading zeros and its decimal form). A Parquet column must "
        "be of a string type (or all null)."
    ),
)

# {kind} is a fixed word (number, boolean, array, object, or the Parquet type's name), never a value.
JSON_VALUE = Message(
    "F18.json_value",
    "値が文字列ではありません（{kind}）。この項目は検査していません",
    "the value is not a string ({kind}); the item was not checked",
)
COLUMN_TYPE = Message(
    "F18.column_type",
    "列が文字列型ではありません（{kind}）。この列は検査していません",
    "the column is not of a string type ({kind}); it was not checked",
)
