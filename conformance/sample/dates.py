"""The synthetic register's calendar: its fixed days, the date arithmetic the histories need, and 和暦."""

from __future__ import annotations

from datetime import date, timedelta

END = date(2025, 3, 31)  # last processing day of the synthetic register
ENFORCEMENT = date(2012, 7, 9)  # 改正住民基本台帳法 施行日 (外国人住民)

# 年号 (spec §5.1): code, first day, Gregorian year of 元年. Shared days take the later era.
ERAS: tuple[tuple[str, tuple[int, int, int], int], ...] = (
    ("5", (2019, 5, 1), 2019), ("4", (1989, 1, 8), 1989), ("3", (1926, 12, 25), 1926),
    ("2", (1912, 7, 30), 1912), ("1", (1873, 1, 1), 1868),
)
ERA_NAMES = {"1": "明治", "2": "大正", "3": "昭和", "4": "平成", "5": "令和"}


def iso(d: date) -> str:
    return d.isoformat()


def wareki(y: int, m: int, d: int) -> str:
    """GYYMMDD of a (possibly non-calendar) Gregorian day, by tuple comparison with the era table."""
    for code, first, first_year in ERAS:
        if (y, m, d) >= first:
            return f"{code}{y - first_year + 1:02d}{m:02d}{d:02d}"
    raise ValueError(f"date before 1873: {y}-{m}-{d}")


def years_before(d: date, years: int) -> date:
    """The same day ``years`` earlier (later when negative); 02-29 becomes 02-28 in a common year."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def month_end(d: date, months: int) -> date:
    """The last day of the month ``months`` after ``d``'s month (a 申告 deadline)."""
    k = d.year * 12 + d.month - 1 + months + 1
    return date(k // 12, k % 12 + 1, 1) - timedelta(days=1)
