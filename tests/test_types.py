"""The データ型 registry and its units: derived tables, derived regexes, layout problems, compile errors."""

from __future__ import annotations

import calendar
import re

import polars as pl
import pytest

from conformance.types.base import Facts, TypeCompileError
from conformance.types.dates import CALENDAR_DATE_RE, LEAP_LENGTH_DATE_RE
from conformance.types.registry import (
    DATA_TYPES,
    NON_CALENDAR_TYPES,
    NUMBER_TYPES,
    TEXT_TYPES,
    TYPES,
    by_name,
    layout_problems,
)
from conformance.types.text import TextType
from conformance.types.wareki import era_table


def test_tables_are_derived_from_the_registry() -> None:
    assert tuple(t.name for t in TYPES) == DATA_TYPES and len(set(DATA_TYPES)) == len(DATA_TYPES) == 13
    assert {"数字", "整数", "小数", "年"} == NUMBER_TYPES
    assert {"日付", "和暦日付"} == NON_CALENDAR_TYPES
    assert {"全角文字列", "半角文字列", "カナ", "英字氏名"} == TEXT_TYPES
    assert by_name("ナニカ") is None


@pytest.mark.parametrize("name", sorted(t.name for t in TYPES if isinstance(t, TextType)))
def test_text_syntax_regex_and_predicate_agree(name: str) -> None:
    """The scalar regex and the character predicate come from one range table: they agree on the BMP."""
    data_type = by_name(name)
    assert isinstance(data_type, TextType)
    wrong = [
        cp
        for cp in range(0x10000)
        if not 0xD800 <= cp <= 0xDFFF
        and (data_type.syntax.fullmatch(chr(cp)) is not None) is not data_type.admits(cp)
    ]
    assert wrong == []


def test_leap_years_of_the_calendar_regex_are_those_of_calendar_isleap() -> None:
    days = pl.Series([f"{y:04d}-02-29" for y in range(1, 10000)])
    matched = days.str.contains(f"^{CALENDAR_DATE_RE}$").to_list()
    assert [y for y, ok in zip(range(1, 10000), matched, strict=True) if ok != calendar.isleap(y)] == []


def test_month_lengths_of_the_regexes() -> None:
    values = [f"2023-{m:02d}-{d:02d}" for m in range(0, 14) for d in range(0, 33)]
    calendar_ok = pl.Series(values).str.contains(f"^{CALENDAR_DATE_RE}$").to_list()
    leap_ok = pl.Series(values).str.contains(f"^{LEAP_LENGTH_DATE_RE}$").to_list()
    for value, cal, leap in zip(values, calendar_ok, leap_ok, strict=True):
        m, d = int(value[5:7]), int(value[8:10])
        real = 1 <= m <= 12 and 1 <= d <= calendar.monthrange(2023, m)[1]
        assert cal is real, value
        assert leap is (1 <= m <= 12 and 1 <= d <= (29 if m == 2 else calendar.monthrange(2023, m)[1])), value


@pytest.mark.parametrize(
    ("name", "facts", "problems"),
    [
        ("小数", Facts(format="10.2"), []),
        ("小数", Facts(format="10.0"), ["書式"]),  # s ≥ 1 (§3.2: [0-9]{1,s})
        ("小数", Facts(format="0.2"), ["書式"]),
        ("小数", Facts(), ["書式"]),
        ("コード", Facts(), ["コード表"]),
        ("コード", Facts(code_table="性別"), []),
        ("日付", Facts(non_calendar=True), []),
        ("和暦日付", Facts(non_calendar=True), []),
        ("文字列", Facts(non_calendar=True), ["暦外可"]),
    ],
)
def test_layout_problems_come_from_the_unit(name: str, facts: Facts, problems: list[str]) -> None:
    data_type = by_name(name)
    assert data_type is not None
    assert [column for column, _ in layout_problems(data_type, facts)] == problems


def test_non_calendar_problem_names_the_date_types() -> None:
    data_type = by_name("年")
    assert data_type is not None
    ((_, problem),) = layout_problems(data_type, Facts(non_calendar=True))
    assert problem == "暦外可 applies only to 日付 and 和暦日付, not 年"


def test_a_code_without_a_table_does_not_compile() -> None:
    data_type = by_name("コード")
    assert data_type is not None
    with pytest.raises(TypeCompileError, match="needs a コード表"):
        data_type.compile(Facts(), era_table(()))


def test_every_type_check_names_its_rule() -> None:
    assert {t.name: t.rule for t in TYPES if t.rule is not None} == {
        **dict.fromkeys(("全角文字列", "半角文字列", "カナ", "英字氏名"), "C3"),
        **dict.fromkeys(("数字", "整数", "小数", "年"), "F8"),
        "日付": "F9",
        "日時": "F10",
        "和暦日付": "C9",
    }
    assert all(re.fullmatch(r"[0-9T:+.\-]*", t.syntax_chars) for t in TYPES)
