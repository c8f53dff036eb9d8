"""The データ型 of §3.2, one line each: every other list or table of types is derived from this one.

Adding a type is one unit (a :class:`~conformance.types.base.DataType` subclass, or an instance of an
existing family) and one line here; the layout meta-schema's enum of データ型 is regenerated from
:data:`DATA_TYPES` (``python3 -m conformance.devtools.regenerate``).
"""

from __future__ import annotations

from typing import Final

from conformance.core.messages import Message
from conformance.types.base import DataType, Facts
from conformance.types.date import DateType
from conformance.types.date_time import DateTimeType
from conformance.types.decimal import DecimalType
from conformance.types.digits import DigitsType, YearType
from conformance.types.text import CodeType, TextType
from conformance.types.wareki_date import WarekiDateType

__all__ = [
    "DATA_TYPES",
    "NON_CALENDAR_TYPES",
    "NUMBER_TYPES",
    "TEXT_TYPES",
    "TYPES",
    "by_name",
    "layout_problems",
]

_ALL: Final = ((0, 0x10FFFF),)

#: The types in the order of §3.2 (also the order of the meta-schema enum).
TYPES: Final[tuple[DataType, ...]] = (
    TextType("文字列", _ALL),
    TextType(
        "全角文字列",
        ((0x00, 0x7F), (0xFF61, 0xFF9F)),
        refuses=True,
        message=Message(
            "C3.全角文字列",
            "全角文字列にはASCII文字・半角カナを使えません。使えない文字: {found}。",
            "全角文字列 must not contain ASCII or half-width katakana; found: {found}.",
        ),
    ),
    TextType(
        "半角文字列",
        ((0x20, 0x7E),),
        message=Message(
            "C3.半角文字列",
            "半角文字列は印字可能なASCII文字（U+0020〜U+007E）のみです。使えない文字: {found}。",
            "半角文字列 allows printable ASCII (U+0020–U+007E) only; found: {found}.",
        ),
    ),
    TextType(
        "カナ",
        ((0x30A1, 0x30FA), (0x30FC, 0x30FC), (0x3000, 0x3000)),
        message=Message(
            "C3.カナ",
            "カナは全角カタカナ（ァ〜ヺ）・長音記号ー・全角空白のみです（中点・は不可）。"
            "使えない文字: {found}。",
            "カナ allows full-width katakana (ァ–ヺ), ー and the full-width space only (not ・); "
            "found: {found}.",
        ),
    ),
    TextType(
        "英字氏名",
        ((0x41, 0x5A), (0x20, 0x20), (0x2C, 0x2E), (0x27, 0x27)),
        message=Message(
            "C3.英字氏名",
            "英字氏名は英大文字A〜Z・空白・カンマ・ハイフン・ピリオド・アポストロフィのみです。"
            "使えない文字: {found}。",
            "英字氏名 allows A–Z, space, comma, hyphen, period and apostrophe only; found: {found}.",
        ),
    ),
    DigitsType("数字"),
    DigitsType("整数"),
    DecimalType("小数"),
    DateType("日付"),
    WarekiDateType("和暦日付"),
    DateTimeType("日時"),
    YearType("年"),
    CodeType("コード", _ALL),
)

_BY_NAME: Final[dict[str, DataType]] = {t.name: t for t in TYPES}
DATA_TYPES: Final[tuple[str, ...]] = tuple(_BY_NAME)
NUMBER_TYPES: Final = frozenset(t.name for t in TYPES if t.length_mode == "digits")
NON_CALENDAR_TYPES: Final = frozenset(t.name for t in TYPES if t.non_calendar)  # 暦外可 applies (§6)
TEXT_TYPES: Final = frozenset(t.name for t in TYPES if t.rule == "C3")


def by_name(name: str) -> DataType | None:
    return _BY_NAME.get(name)


def layout_problems(data_type: DataType, facts: Facts) -> list[tuple[str, str]]:
    """(column, problem) of an item of this type: the type's own and 暦外可 on a type it does not fit."""
    problems = data_type.problems(facts)
    if facts.non_calendar and not data_type.non_calendar:
        names = " and ".join(sorted(NON_CALENDAR_TYPES, key=DATA_TYPES.index))
        problems.append(("暦外可", f"暦外可 applies only to {names}, not {data_type.name}"))
    return problems
