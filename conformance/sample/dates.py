"""The synthetic register's calendar: its fixed days, the date arithmetic the histories need, and 和暦."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from conformance.types.wareki import Era

END = date(2025, 3, 31)  # last processing day of the synthetic register
ENFORCEMENT = date(2012, 7, 9)  # 改正住民基本台帳法 施行日 (外国人住民)


def iso(d: date) -> str:
    return d.isoformat()


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


class Wareki:
    """和暦 by the schema set's 年号 table, so the generator writes the eras the validator checks against."""

    def __init__(self, eras: Sequence[Era]) -> None:
        self._eras = sorted(eras, key=lambda e: e.first_day, reverse=True)  # a shared day takes the later era

    def _era(self, y: int, m: int, d: int) -> Era:
        for era in self._eras:
            if (y, m, d) >= era.first_day:
                return era
        raise ValueError(f"date before the first era: {y}-{m}-{d}")

    def __call__(self, y: int, m: int, d: int) -> str:
        """GYYMMDD of a (possibly non-calendar) Gregorian day, by tuple comparison with the first days."""
        era = self._era(y, m, d)
        return f"{era.code}{y - era.first_year + 1:02d}{m:02d}{d:02d}"

    def circa(self, birth: date) -> str:
        """A 生年月日不詳表記 such as 昭和12年頃 for a birth known only to the year."""
        era = self._era(birth.year, birth.month, birth.day)
        return f"{era.name}{birth.year - era.first_year + 1}年頃"
