"""日時 (§3.2: ``YYYY-MM-DDTHH:MM:SS`` with an optional ``+09:00``, a valid date and time; F10)."""

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
from conformance.types.date import fixed_lengths_within
from conformance.types.dates import CALENDAR_DATE_RE, REASONS, TIME_RE, datetime_problem
from conformance.types.wareki import EraTable

__all__ = ["DateTimeType"]

_MESSAGES: Final = reason_messages(
    "F10",
    ("日時が正しくありません", "Invalid datetime"),
    REASONS,
    ("datetime_syntax", "year_zero", "month", "day_zero", "calendar_day", "hour", "minute", "second"),
)


class _CompiledDateTime(CompiledType):
    def check(self, value: str, non_calendar: bool) -> ValueFault | None:
        problem = datetime_problem(value)
        if problem is None:
            return None
        return ValueFault("F10", Severity.ERROR, _MESSAGES[problem.reason], problem.params)

    def clean(self, value: pl.Expr, env: CleanEnv) -> TypeClean | None:
        expr = value.str.contains(f"^{CALENDAR_DATE_RE}{TIME_RE}$")
        return TypeClean(expr, lengths=fixed_lengths_within(DateTimeType.fixed_lengths, env))


class DateTimeType(DataType):
    rule = "F10"
    fixed_lengths = (19, 25)
    syntax_chars = "0123456789-T:+"

    def compile(self, facts: Facts, eras: EraTable) -> CompiledType:
        return _CompiledDateTime()
