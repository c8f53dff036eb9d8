"""Gregorian dates (F9, §6) and datetimes (F10): the calendar, as a scalar test and as polars regexes.

``date_problem``/``datetime_problem`` say *why* a value is not valid, as a :class:`Problem` (a reason id and
its parameters); the type units turn it into their message. A 暦外可 (non-calendar) date only needs month
01–12 and a day up to the month's length in a leap year (§6): 1987-02-29 passes, 02-30 never does. Year
0000 is not a Gregorian year (Python's ``datetime.date`` refuses it), but §6 tests only month and day of a
暦外可 date.

The regexes are the same calendar for the fast path; the month lengths are spelt out from the one table
:data:`MONTH_LENGTHS`, so only the leap-year rule is written twice (as ``calendar.isleap`` and as a regex),
and the tests compare the two on every year.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Final

from conformance.core.messages import Params

__all__ = [
    "CALENDAR_DATE_RE",
    "LEAP_LENGTH_DATE_RE",
    "MONTH_LENGTHS",
    "REASONS",
    "TIME_RE",
    "Problem",
    "date_problem",
    "datetime_problem",
    "days_in_month",
    "ymd_problem",
]

_DATE_RE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DATETIME_RE: Final = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\+09:00)?"
)
#: Days of months 1–12 in a common year (February has 29 in a leap year, and always under 暦外可).
MONTH_LENGTHS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a value is not a valid date: a reason id (a key of :data:`REASONS` or of an era table's) and
    the parameters its wording needs."""

    reason: str
    params: Params = ()


#: The wording of each reason, (ja, en), composed into the F9, F10 and C9 templates by the type units.
REASONS: Final[dict[str, tuple[str, str]]] = {
    "date_syntax": (
        "形式がYYYY-MM-DD（半角数字）ではありません",
        "not in the form YYYY-MM-DD (half-width digits)",
    ),
    "datetime_syntax": (
        "形式がYYYY-MM-DDTHH:MM:SS（+09:00は任意）ではありません",
        "not in the form YYYY-MM-DDTHH:MM:SS with an optional +09:00",
    ),
    "year_zero": ("西暦0000年は存在しません", "year 0000 is not a Gregorian year"),
    "month": ("月が01〜12ではありません", "the month is not 01–12"),
    "day_zero": ("日が00です", "the day is 00"),
    "calendar_day": (
        "暦上の日ではありません（その月は{limit}日まで）",
        "not a real calendar day: that month has {limit} days",
    ),
    "leap_length": (
        "日がその月の日数（閏年でも{limit}日）を超えています",
        "the day exceeds {limit}, the month's length even in a leap year",
    ),
    "hour": ("時が00〜23ではありません", "the hour is not 00–23"),
    "minute": ("分が00〜59ではありません", "the minute is not 00–59"),
    "second": ("秒が00〜59ではありません", "the second is not 00–59"),
}


def days_in_month(year: int, month: int, *, non_calendar: bool = False) -> int:
    """Days of the month; with ``non_calendar`` the leap-year length (§6)."""
    if month == 2 and (non_calendar or calendar.isleap(year)):
        return 29
    return MONTH_LENGTHS[month - 1]


def ymd_problem(y: int, m: int, d: int, *, non_calendar: bool) -> Problem | None:
    """Calendar test of a (year, month, day) triple; shared with the 和暦 check (§5 step 4)."""
    if y < 1 and not non_calendar:
        return Problem("year_zero")
    if not 1 <= m <= 12:
        return Problem("month")
    if d < 1:
        return Problem("day_zero")
    limit = days_in_month(y, m, non_calendar=non_calendar)
    if d > limit:
        return Problem("leap_length" if non_calendar else "calendar_day", (("limit", limit),))
    return None


def date_problem(value: str, *, non_calendar: bool = False) -> Problem | None:
    """Why ``value`` is not a valid 日付 (F9), or None."""
    m = _DATE_RE.fullmatch(value)
    if m is None:
        return Problem("date_syntax")
    return ymd_problem(int(m[1]), int(m[2]), int(m[3]), non_calendar=non_calendar)


def datetime_problem(value: str) -> Problem | None:
    """Why ``value`` is not a valid 日時 (F10), or None."""
    m = _DATETIME_RE.fullmatch(value)
    if m is None:
        return Problem("datetime_syntax")
    problem = ymd_problem(int(m[1]), int(m[2]), int(m[3]), non_calendar=False)
    if problem is not None:
        return problem
    if int(m[4]) > 23:
        return Problem("hour")
    if int(m[5]) > 59:
        return Problem("minute")
    if int(m[6]) > 59:
        return Problem("second")
    return None


# --- the same calendar as Rust regexes (``[0-9]``, never ``\d``: Rust's ``\d`` is Unicode) ------------------


def _days(limit: int) -> str:
    """Days 01..limit for a month of 28–31 days."""
    parts = ["0[1-9]", "1[0-9]", f"2[0-{min(limit - 20, 9)}]"]
    if limit >= 30:
        parts.append("30" if limit == 30 else f"3[0-{limit - 30}]")
    return "|".join(parts)


def _month_days(lengths: tuple[int, ...]) -> str:
    """``MM-DD`` for every month, months of one length grouped."""
    by_length: dict[int, list[str]] = {}
    for month, n in enumerate(lengths, start=1):
        by_length.setdefault(n, []).append(f"{month:02d}")
    return "(?:" + "|".join(f"(?:{'|'.join(ms)})-(?:{_days(n)})" for n, ms in by_length.items()) + ")"


_YEAR: Final = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"  # 0001–9999: 0000 is no year
# calendar.isleap: divisible by 4 and not by 100, or by 400 (years 0000–9999 as four digits).
_LEAP_YEAR: Final = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_LEAP_LENGTHS: Final = tuple(29 if m == 2 else n for m, n in enumerate(MONTH_LENGTHS, start=1))
#: A real Gregorian ``YYYY-MM-DD``.
CALENDAR_DATE_RE: Final = f"(?:{_YEAR}-{_month_days(MONTH_LENGTHS)}|{_LEAP_YEAR}-02-29)"
#: §6 暦外可: month lengths of a leap year in any year (0000 left to the scalar check).
LEAP_LENGTH_DATE_RE: Final = f"(?:{_YEAR}-{_month_days(_LEAP_LENGTHS)})"
#: The time part of a 日時.
TIME_RE: Final = r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\+09:00)?"
