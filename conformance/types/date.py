"""日付 (§3.2: ``YYYY-MM-DD``, a real Gregorian day; F9) with the 暦外可 relaxation of §6."""

from __future__ import annotations

from typing import Final

import polars as pl

from conformance.core.severity import Severity
from conformance.types.base import (
    CleanEnv,
    CompiledType,
    DataType,
    Facts,
    TypeClean,
    ValueFault,
    reason_messages,
)
from conformance.types.dates import CALENDAR_DATE_RE, LEAP_LENGTH_DATE_RE, REASONS, date_problem
from conformance.types.wareki import EraTable

__all__ = ["DateType", "fixed_lengths_within"]

_CALENDAR: Final = reason_messages(
    "F9",
    ("日付が正しくありません", "Invalid date"),
    REASONS,
    ("date_syntax", "year_zero", "month", "day_zero", "calendar_day"),
)
_NON_CALENDAR: Final = reason_messages(
    "F9.non_calendar",
    ("日付が正しくありません（暦にない日付も可の項目）", "Invalid date (non-calendar dates allowed here)"),
    REASONS,
    ("date_syntax", "month", "day_zero", "leap_length"),
)


def fixed_lengths_within(lengths: tuple[int, ...], env: CleanEnv) -> bool:
    """Every length the syntax allows is within the item's C4/C5 limits (then they need no test)."""
    high, low = env.limits
    return all((high is None or n <= high) and (low is None or n >= low) for n in lengths)


class _CompiledDate(CompiledType):
    def check(self, value: str, non_calendar: bool) -> ValueFault | None:
        problem = date_problem(value, non_calendar=non_calendar)
        if problem is None:
            return None
        templates = _NON_CALENDAR if non_calendar else _CALENDAR
        return ValueFault("F9", Severity.ERROR, templates[problem.reason], problem.params)

    def clean(self, value: pl.Expr, env: CleanEnv) -> TypeClean | None:
        mode = env.non_calendar
        if mode is True:
            expr = value.str.contains(f"^{LEAP_LENGTH_DATE_RE}$")
        elif mode is False:
            expr = value.str.contains(f"^{CALENDAR_DATE_RE}$")
        else:
            calendar = value.str.contains(f"^{CALENDAR_DATE_RE}$")
            expr = value.str.contains(f"^{LEAP_LENGTH_DATE_RE}$") & (mode | calendar)
        return TypeClean(expr, lengths=fixed_lengths_within(DateType.fixed_lengths, env))


class DateType(DataType):
    rule = "F9"
    non_calendar = True
    fixed_lengths = (10,)
    syntax_chars = "0123456789-"

    def compile(self, facts: Facts, eras: EraTable) -> CompiledType:
        return _CompiledDate()
