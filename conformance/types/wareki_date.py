"""和暦日付 (§3.2: ``GYYMMDD`` = ``[1-9][0-9]{6}``, validated by §5 over the schema set's era table; C9)."""

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
from conformance.types.dates import REASONS
from conformance.types.wareki import ERA_REASONS, EraTable, wareki_verdict

__all__ = ["WarekiDateType"]

_REASONS: Final = {**REASONS, **ERA_REASONS}
_COMMON: Final = ("wareki_syntax", "era_unknown", "era_year_zero", "era_last_year", "month", "day_zero")
_RANGE: Final = ("era_range", "era_range_open")
_CALENDAR: Final = reason_messages(
    "C9",
    ("和暦日付（GYYMMDD）が正しくありません", "Invalid era date (GYYMMDD)"),
    _REASONS,
    (*_COMMON, "year_zero", "calendar_day", *_RANGE),  # year_zero: only with an era table built in code
)
_NON_CALENDAR: Final = reason_messages(
    "C9.non_calendar",
    (
        "和暦日付（GYYMMDD）が正しくありません（暦にない日付も可の項目）",
        "Invalid era date (GYYMMDD) (an item that allows non-calendar dates)",
    ),
    _REASONS,
    (*_COMMON, "leap_length", *_RANGE),
)


class _CompiledWareki(CompiledType):
    def __init__(self, eras: EraTable) -> None:
        self._eras = eras

    def check(self, value: str, non_calendar: bool) -> ValueFault | None:
        parsed = self._eras.parse(value, non_calendar=non_calendar)
        if isinstance(parsed, tuple):
            return None
        templates = _NON_CALENDAR if non_calendar else _CALENDAR
        return ValueFault("C9", Severity.ERROR, templates[parsed.reason], parsed.params)

    def clean(self, value: pl.Expr, env: CleanEnv) -> TypeClean | None:
        table = self._eras.columns
        mode = env.non_calendar
        if isinstance(mode, bool):
            expr = value.map_batches(
                lambda s: wareki_verdict(s, mode, table), return_dtype=pl.Boolean, is_elementwise=False
            )
        else:
            both = pl.struct(value.alias("value"), mode.alias("non_calendar"))
            expr = both.map_batches(
                lambda s: wareki_verdict(s.struct.field("value"), s.struct.field("non_calendar"), table),
                return_dtype=pl.Boolean,
                is_elementwise=False,
            )
        return TypeClean(expr, lengths=fixed_lengths_within(WarekiDateType.fixed_lengths, env))


class WarekiDateType(DataType):
    rule = "C9"
    non_calendar = True
    fixed_lengths = (7,)
    syntax_chars = "0123456789"

    def compile(self, facts: Facts, eras: EraTable) -> CompiledType:
        return _CompiledWareki(eras)
