"""和暦日付 GYYMMDD (spec §5.2): every vector, the shared boundary days, 暦外可, and X11 arithmetic."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from conformance.types.dates import REASONS, Problem
from conformance.types.wareki import ERA_REASONS, Era, EraTable, era_table, wareki_ymd


def reason(problem: Problem, lang: str = "en") -> str:
    """The wording of a reason (as the C9 templates compose it)."""
    ja, en = {**REASONS, **ERA_REASONS}[problem.reason]
    return (ja if lang == "ja" else en).format_map(dict(problem.params))


def parse_wareki(value: str, eras: Sequence[Era], *, non_calendar: bool) -> tuple[int, int, int] | str:
    """(y, m, d) of a valid value, else its reason in English."""
    parsed = era_table(eras).parse(value, non_calendar=non_calendar)
    return parsed if isinstance(parsed, tuple) else reason(parsed)

ERAS = (
    Era("1", "明治", (1873, 1, 1), (1912, 7, 30), 45, 1868),
    Era("2", "大正", (1912, 7, 30), (1926, 12, 25), 15, 1912),
    Era("3", "昭和", (1926, 12, 25), (1989, 1, 7), 64, 1926),
    Era("4", "平成", (1989, 1, 8), (2019, 4, 30), 31, 1989),
    Era("5", "令和", (2019, 5, 1), None, None, 2019),
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3500412", (1975, 4, 12)),
        ("1450730", (1912, 7, 30)),
        ("2010730", (1912, 7, 30)),
        ("2151225", (1926, 12, 25)),
        ("3011225", (1926, 12, 25)),
        ("3640107", (1989, 1, 7)),
        ("4310430", (2019, 4, 30)),
        ("5010501", (2019, 5, 1)),
        ("1060101", (1873, 1, 1)),
        ("3630229", (1988, 2, 29)),
        ("4010108", (1989, 1, 8)),
        ("5990101", (2117, 1, 1)),  # the open era has no last year
    ],
)
def test_valid_vectors(value: str, expected: tuple[int, int, int]) -> None:
    assert parse_wareki(value, ERAS, non_calendar=False) == expected
    assert parse_wareki(value, ERAS, non_calendar=True) == expected


@pytest.mark.parametrize(
    ("value", "reason_en"),
    [
        ("3640108", "the date is outside 昭和 (1926-12-25 to 1989-01-07)"),
        ("4010107", "the date is outside 平成 (1989-01-08 to 2019-04-30)"),
        ("4310501", "the date is outside 平成 (1989-01-08 to 2019-04-30)"),
        ("4320101", "the year exceeds 平成's last year 31"),
        ("1051231", "the date is outside 明治 (1873-01-01 to 1912-07-30)"),
        ("1450731", "the date is outside 明治 (1873-01-01 to 1912-07-30)"),
        ("2010729", "the date is outside 大正 (1912-07-30 to 1926-12-25)"),
        ("0500101", "not 7 half-width digits GYYMMDD"),
        ("6010101", "unknown era code 6 (known: 1（明治）, 2（大正）, 3（昭和）, 4（平成）, 5（令和）)"),
        ("5000101", "the era year is 00 (元年 is 01)"),
        ("3621301", "the month is not 01–12"),
        ("3620100", "the day is 00"),
        ("362012", "not 7 half-width digits GYYMMDD"),
        ("３６２０１０１", "not 7 half-width digits GYYMMDD"),
    ],
)
def test_invalid_vectors_with_reason(value: str, reason_en: str) -> None:
    result = era_table(ERAS).parse(value, non_calendar=False)
    assert isinstance(result, Problem) and reason(result) == reason_en and reason(result, "ja")


def test_non_calendar_day_only_for_non_calendar_items() -> None:
    assert (
        parse_wareki("3620229", ERAS, non_calendar=False) == "not a real calendar day: that month has 28 days"
    )
    assert parse_wareki("3620229", ERAS, non_calendar=True) == (1987, 2, 29)


def test_non_calendar_still_bounded_by_leap_year_length_and_era() -> None:
    assert parse_wareki("3620230", ERAS, non_calendar=True) == (
        "the day exceeds 29, the month's length even in a leap year"
    )
    assert parse_wareki("3620431", ERAS, non_calendar=True) == (
        "the day exceeds 30, the month's length even in a leap year"
    )
    assert (
        parse_wareki("4310501", ERAS, non_calendar=True)
        == "the date is outside 平成 (1989-01-08 to 2019-04-30)"
    )


def test_reason_in_japanese() -> None:
    result = era_table(ERAS).parse("4320101", non_calendar=False)
    assert isinstance(result, Problem)
    assert reason(result, "ja") == "年が平成の最終年31を超えています"


def test_wareki_ymd_is_plain_arithmetic() -> None:
    assert wareki_ymd("3260229", ERAS) == (1951, 2, 29)  # §12.12: agrees with 1951-02-29
    assert wareki_ymd("3550505", ERAS) == (1980, 5, 5)
    assert wareki_ymd("3640108", ERAS) == (1989, 1, 8)  # no era-range test either
    assert wareki_ymd("6010101", ERAS) is None
    assert wareki_ymd("35505", ERAS) is None


def test_new_era_is_a_data_change() -> None:
    eras = (
        *ERAS[:4],
        Era("5", "令和", (2019, 5, 1), (2040, 3, 31), 22, 2019),
        Era("6", "次元号", (2040, 4, 1), None, None, 2040),
    )
    table = EraTable(eras)
    assert table.parse("6010401", non_calendar=False) == (2040, 4, 1)
    outside = "the date is outside 次元号 (2040-04-01 to now)"
    assert parse_wareki("6010331", eras, non_calendar=False) == outside
    assert parse_wareki("5230101", eras, non_calendar=False) == "the year exceeds 令和's last year 22"
