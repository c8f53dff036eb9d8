"""和暦日付 ``GYYMMDD`` (spec §5, check C9) with the era table as data: the scalar parse and its twin.

Eras come from the schema set (``SchemaSet.eras``), so a new 元号 is a data change. The shared days
1912-07-30 and 1926-12-25 are valid in both adjacent eras because each era is tested on its own bounds.
:func:`wareki_verdict` is §5.2 as integer arithmetic on polars Series, for the fast path; the tests compare
it with :meth:`EraTable.parse` value by value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import polars as pl

from conformance.types.dates import MONTH_LENGTHS, Problem, ymd_problem

__all__ = ["ERA_REASONS", "Era", "EraTable", "era_table", "wareki_verdict", "wareki_ymd"]

_WAREKI_RE: Final = re.compile(r"[1-9][0-9]{6}")
_OPEN: Final = 10**9  # "no limit" for the open era's last year and last day, in the arithmetic


@dataclass(frozen=True, slots=True)
class Era:
    """One row of the 年号 table with its boundaries (§5)."""

    code: str
    name: str
    first_day: tuple[int, int, int]  # first Gregorian day that may be held (明治: 1873-01-01)
    last_day: tuple[int, int, int] | None  # None for the open era
    last_year: int | None
    first_year: int  # Gregorian year of 元年


#: The wording of the era reasons (the calendar ones are ``dates.REASONS``), (ja, en).
ERA_REASONS: Final[dict[str, tuple[str, str]]] = {
    "wareki_syntax": ("形式がGYYMMDD（半角数字7桁）ではありません", "not 7 half-width digits GYYMMDD"),
    "era_unknown": (
        "年号コード{code}は年号表にありません（有効: {codes}）",
        "unknown era code {code} (known: {codes})",
    ),
    "era_year_zero": ("年が00です（元年は01）", "the era year is 00 (元年 is 01)"),
    "era_last_year": (
        "年が{era}の最終年{last_year}を超えています",
        "the year exceeds {era}'s last year {last_year}",
    ),
    "era_range": (
        "日付が{era}の期間（{first}〜{last}）外です",
        "the date is outside {era} ({first} to {last})",
    ),
    "era_range_open": ("日付が{era}の期間（{first}〜）外です", "the date is outside {era} ({first} to now)"),
}


def _iso(day: tuple[int, int, int]) -> str:
    return f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}"


class EraTable:
    """The era table compiled for lookups by 年号コード (one digit: the G of GYYMMDD)."""

    __slots__ = ("_by_code", "_codes", "eras")

    def __init__(self, eras: Sequence[Era]) -> None:
        self.eras = tuple(eras)
        self._by_code: dict[str, Era] = {e.code: e for e in eras}
        self._codes = ", ".join(f"{e.code}（{e.name}）" for e in eras)

    def parse(self, value: str, *, non_calendar: bool) -> tuple[int, int, int] | Problem:
        """The Gregorian (y, m, d) of a valid value, else the reason (§5.2 steps 1–5)."""
        if _WAREKI_RE.fullmatch(value) is None:
            return Problem("wareki_syntax")
        era = self._by_code.get(value[0])
        if era is None:
            return Problem("era_unknown", (("code", value[0]), ("codes", self._codes)))
        yy, mm, dd = int(value[1:3]), int(value[3:5]), int(value[5:7])
        if yy < 1:
            return Problem("era_year_zero")
        if era.last_year is not None and yy > era.last_year:
            return Problem("era_last_year", (("era", era.name), ("last_year", era.last_year)))
        y = era.first_year + yy - 1
        problem = ymd_problem(y, mm, dd, non_calendar=non_calendar)
        if problem is not None:
            return problem
        day = (y, mm, dd)
        if day < era.first_day or (era.last_day is not None and day > era.last_day):
            where = (("era", era.name), ("first", _iso(era.first_day)))
            if era.last_day is None:
                return Problem("era_range_open", where)
            return Problem("era_range", (*where, ("last", _iso(era.last_day))))
        return day

    def ymd(self, value: str) -> tuple[int, int, int] | None:
        """§5 step 3 arithmetic only (no range or calendar test), for X11; None if malformed/unknown era."""
        if _WAREKI_RE.fullmatch(value) is None:
            return None
        era = self._by_code.get(value[0])
        if era is None:
            return None
        return (era.first_year + int(value[1:3]) - 1, int(value[3:5]), int(value[5:7]))

    @property
    def columns(self) -> dict[str, pl.Series]:
        """The table indexed by the G digit 0–9 for :func:`wareki_verdict` (a later row with a code wins)."""
        return _era_columns(self.eras)


@lru_cache(maxsize=8)
def _table(eras: tuple[Era, ...]) -> EraTable:
    return EraTable(eras)


def era_table(eras: Sequence[Era]) -> EraTable:
    """A shared compiled table for these eras."""
    return _table(tuple(eras))


def wareki_ymd(value: str, eras: Sequence[Era]) -> tuple[int, int, int] | None:
    """The (y, m, d) a GYYMMDD value denotes by §5 step 3, without calendar or era-range test (X11)."""
    return era_table(eras).ymd(value)


# --- §5.2 as arithmetic on polars Series -----------------------------------------------------------------

_MONTH_LENGTH: Final = (0, *MONTH_LENGTHS, *([0] * 87))  # indexed by MM 00–99


@lru_cache(maxsize=8)
def _era_columns(eras: tuple[Era, ...]) -> dict[str, pl.Series]:
    table: dict[str, list[int]] = {k: [0] * 10 for k in ("known", "first_year", "last_year", "first", "last")}
    for code, era in {e.code: e for e in eras}.items():
        if len(code) != 1 or code not in "123456789":
            continue  # G is the first of seven ASCII digits and never 0: such a code never matches
        g = int(code)
        table["known"][g] = 1
        table["first_year"][g] = era.first_year
        table["last_year"][g] = era.last_year if era.last_year is not None else _OPEN
        table["first"][g] = era.first_day[0] * 10000 + era.first_day[1] * 100 + era.first_day[2]
        last = era.last_day
        table["last"][g] = last[0] * 10000 + last[1] * 100 + last[2] if last is not None else _OPEN
    return {k: pl.Series(v, dtype=pl.Int64) for k, v in table.items()}


def wareki_verdict(series: pl.Series, relaxed: pl.Series | bool, eras: dict[str, pl.Series]) -> pl.Series:
    """§5.2 on each value: GYYMMDD syntax, known era, 1 ≤ YY ≤ last year, a (leap-length) day, in range.

    ``relaxed`` is the 暦外可 mode (per value or for all); ``eras`` is :attr:`EraTable.columns`.
    """
    n = series.str.to_integer(strict=False)
    syntax = n.is_not_null() & ~series.str.starts_with("+") & (series.str.len_bytes() == 7) & (n >= 10**6)
    n = n.fill_null(0).clip(0, 10**7 - 1)
    g = n // 10**6
    yy = n // 10**4 % 100
    mm = n // 100 % 100
    dd = n % 100
    y = eras["first_year"].gather(g) + yy - 1
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    feb29 = (mm == 2) & (leap | relaxed)
    limit = pl.Series(_MONTH_LENGTH, dtype=pl.Int64).gather(mm) + feb29.cast(pl.Int64)
    key = y * 10000 + mm * 100 + dd
    return (
        syntax
        & (eras["known"].gather(g) == 1)
        & (yy >= 1)
        & (yy <= eras["last_year"].gather(g))
        & (y >= 1)
        & (dd >= 1)
        & (dd <= limit)
        & (key >= eras["first"].gather(g))
        & (key <= eras["last"].gather(g))
    ).fill_null(False)
