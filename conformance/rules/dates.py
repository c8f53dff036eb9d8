"""Gregorian dates (F9, §6) and datetimes (F10).

``date_problem``/``datetime_problem`` say *why* a value is not valid, for the message; the other functions
are the yes/no forms the cross-record rules use. A 暦外可 (non-calendar) date only needs month 01–12 and a
day up to the month's length in a leap year (§6): 1987-02-29 passes, 02-30 never does. Year 0000 is not a
Gregorian year (Python's ``datetime.date`` refuses it), but §6 tests only month and day of a 暦外可 date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

__all__ = [
    "Problem",
    "calendar_date",
    "date_problem",
    "datetime_problem",
    "days_in_month",
    "parse_date",
    "parse_datetime",
    "ymd_problem",
]

_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\+09:00)?")
_LEAP_DAYS = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class Problem(str):
    """A reason (English ``str``) that also carries its Japanese text in ``ja``."""

    ja: str

    def __new__(cls, en: str, ja: str) -> Problem:
        obj = super().__new__(cls, en)
        obj.ja = ja
        return obj


def days_in_month(year: int, month: int, *, non_calendar: bool = False) -> int:
    """Days of the month; with ``non_calendar`` the leap-year length (§6)."""
    if non_calendar:
        return _LEAP_DAYS[month]
    return calendar.monthrange(year, month)[1]


def ymd_problem(y: int, m: int, d: int, *, non_calendar: bool) -> Problem | None:
    """Calendar test of a (year, month, day) triple; shared with the 和暦 check (§5 step 4)."""
    if y < 1 and not non_calendar:
        return Problem("year 0000 is not a Gregorian year", "西暦0000年は存在しません")
    if not 1 <= m <= 12:
        return Problem("the month is not 01–12", "月が01〜12ではありません")
    if d < 1:
        return Problem("the day is 00", "日が00です")
    limit = days_in_month(y, m, non_calendar=non_calendar)
    if d > limit:
        if non_calendar:
            return Problem(
                f"the day exceeds {limit}, the month's length even in a leap year",
                f"日がその月の日数（閏年でも{limit}日）を超えています",
            )
        return Problem(
            f"not a real calendar day: that month has {limit} days",
            f"暦上の日ではありません（その月は{limit}日まで）",
        )
    return None


def date_problem(value: str, *, non_calendar: bool = False) -> Problem | None:
    """Why ``value`` is not a valid 日付 (F9), or None."""
    m = _DATE_RE.fullmatch(value)
    if m is None:
        return Problem(
            "not in the form YYYY-MM-DD (half-width digits)", "形式がYYYY-MM-DD（半角数字）ではありません"
        )
    return ymd_problem(int(m[1]), int(m[2]), int(m[3]), non_calendar=non_calendar)


def parse_date(value: str, *, non_calendar: bool) -> tuple[int, int, int] | None:
    """(year, month, day) of a valid 日付, or None; ``non_calendar`` applies the §6 relaxation."""
    m = _DATE_RE.fullmatch(value)
    if m is None:
        return None
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if ymd_problem(y, mo, d, non_calendar=non_calendar) is not None:
        return None
    return (y, mo, d)


def calendar_date(value: str) -> dt.date | None:
    """A real calendar date, or None for a non-calendar or malformed value (X rules skip those)."""
    ymd = parse_date(value, non_calendar=False)
    return None if ymd is None else dt.date(*ymd)


def datetime_problem(value: str) -> Problem | None:
    """Why ``value`` is not a valid 日時 (F10), or None."""
    m = _DATETIME_RE.fullmatch(value)
    if m is None:
        return Problem(
            "not in the form YYYY-MM-DDTHH:MM:SS with an optional +09:00",
            "形式がYYYY-MM-DDTHH:MM:SS（+09:00は任意）ではありません",
        )
    problem = ymd_problem(int(m[1]), int(m[2]), int(m[3]), non_calendar=False)
    if problem is not None:
        return problem
    if int(m[4]) > 23:
        return Problem("the hour is not 00–23", "時が00〜23ではありません")
    if int(m[5]) > 59:
        return Problem("the minute is not 00–59", "分が00〜59ではありません")
    if int(m[6]) > 59:
        return Problem("the second is not 00–59", "秒が00〜59ではありません")
    return None


def parse_datetime(value: str) -> bool:
    """True when ``value`` is a valid 日時 (F10)."""
    return datetime_problem(value) is None
