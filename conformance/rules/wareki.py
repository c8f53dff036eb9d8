"""和暦日付 ``GYYMMDD`` (spec §5, check C9) with the era table as data.

Eras come from the schema set (``SchemaSet.eras``), so a new 元号 is a data change. The shared days
1912-07-30 and 1926-12-25 are valid in both adjacent eras because each era is tested on its own bounds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from conformance.rules.dates import Problem, ymd_problem
from conformance.schema.model import Era

__all__ = ["EraTable", "era_table", "parse_wareki", "wareki_ymd"]

_WAREKI_RE = re.compile(r"[1-9][0-9]{6}")


def _iso(day: tuple[int, int, int]) -> str:
    return f"{day[0]:04d}-{day[1]:02d}-{day[2]:02d}"


class EraTable:
    """The era table compiled for lookups by 年号コード (one digit: the G of GYYMMDD)."""

    __slots__ = ("_by_code", "_codes")

    def __init__(self, eras: Sequence[Era]) -> None:
        self._by_code: dict[str, Era] = {e.code: e for e in eras}
        self._codes = ", ".join(f"{e.code}（{e.name}）" for e in eras)

    def parse(self, value: str, *, non_calendar: bool) -> tuple[int, int, int] | Problem:
        """The Gregorian (y, m, d) of a valid value, else the reason (§5.2 steps 1–5)."""
        if _WAREKI_RE.fullmatch(value) is None:
            return Problem("not 7 half-width digits GYYMMDD", "形式がGYYMMDD（半角数字7桁）ではありません")
        era = self._by_code.get(value[0])
        if era is None:
            return Problem(
                f"unknown era code {value[0]} (known: {self._codes})",
                f"年号コード{value[0]}は年号表にありません（有効: {self._codes}）",
            )
        yy, mm, dd = int(value[1:3]), int(value[3:5]), int(value[5:7])
        if yy < 1:
            return Problem("the era year is 00 (元年 is 01)", "年が00です（元年は01）")
        if era.last_year is not None and yy > era.last_year:
            return Problem(
                f"the year exceeds {era.name}'s last year {era.last_year}",
                f"年が{era.name}の最終年{era.last_year}を超えています",
            )
        y = era.first_year + yy - 1
        problem = ymd_problem(y, mm, dd, non_calendar=non_calendar)
        if problem is not None:
            return problem
        day = (y, mm, dd)
        if day < era.first_day or (era.last_day is not None and day > era.last_day):
            last = _iso(era.last_day) if era.last_day is not None else ""
            return Problem(
                f"the date is outside {era.name} ({_iso(era.first_day)} to {last or 'now'})",
                f"日付が{era.name}の期間（{_iso(era.first_day)}〜{last}）外です",
            )
        return day

    def ymd(self, value: str) -> tuple[int, int, int] | None:
        """§5 step 3 arithmetic only (no range or calendar test), for X11; None if malformed/unknown era."""
        if _WAREKI_RE.fullmatch(value) is None:
            return None
        era = self._by_code.get(value[0])
        if era is None:
            return None
        return (era.first_year + int(value[1:3]) - 1, int(value[3:5]), int(value[5:7]))


@lru_cache(maxsize=8)
def _table(eras: tuple[Era, ...]) -> EraTable:
    return EraTable(eras)


def era_table(eras: Sequence[Era]) -> EraTable:
    """A shared compiled table for these eras."""
    return _table(tuple(eras))


def parse_wareki(value: str, eras: Sequence[Era], *, non_calendar: bool) -> tuple[int, int, int] | str:
    """(y, m, d) of a valid 和暦日付, or a reason string (a :class:`Problem` that also has ``.ja``)."""
    return era_table(eras).parse(value, non_calendar=non_calendar)


def wareki_ymd(value: str, eras: Sequence[Era]) -> tuple[int, int, int] | None:
    """The (y, m, d) a GYYMMDD value denotes by §5 step 3, without calendar or era-range test (X11)."""
    return era_table(eras).ymd(value)
