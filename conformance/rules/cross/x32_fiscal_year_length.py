"""X32 事業年度が1年を超える — 事業年度 longer than one year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import iso
from conformance.rules.cross.state import Column

META = RuleMeta(
    id="X32",
    severity=Severity.WARNING,
    scope="row",
    title_ja="事業年度が1年を超える",
    title_en="事業年度 longer than one year",
    source="§8, §12.9; INFERRED",
    explanation_ja=(
        "事業年度は1年以内：事業年度終了日は事業年度開始日の1年後より前（02-29の1年後は翌年の03-01）。"
    ),
    explanation_en=(
        "事業年度 ≤ 1 year: 事業年度終了日 < 事業年度開始日 + 1 year (02-29 plus one year "
        "is 03-01 of the next year)."
    ),
)


def add_one_year(d: dt.date) -> dt.date | None:
    """d + 1 year; 02-29 becomes 03-01 of the next year (§12.9); None past the calendar's last year."""
    if d.year >= dt.MAXYEAR:
        return None
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return dt.date(d.year + 1, 3, 1)


class X32FiscalYearLength(RowRule):
    meta = META
    items = ("事業年度開始日", "事業年度終了日")
    TOO_LONG = Message(
        "X32.too_long",
        "事業年度（{start}〜{end}）が1年を超えています。",
        "The business year {start} to {end} is longer than one year.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        start, end = row.date("事業年度開始日"), row.date("事業年度終了日")
        if not (start and end):
            return ()
        limit = add_one_year(start)
        if limit is not None and not end < limit:
            return (self.hit(row.line, "事業年度終了日", self.TOO_LONG, start=iso(start, "事業年度開始日"), end=iso(end, "事業年度終了日")),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        start = column("事業年度開始日")
        next_year = (start.str.slice(0, 4).cast(pl.Int64, strict=False) + 1).cast(pl.String).str.zfill(4)
        # start + 1 year as text; 02-29 compares below 03-01, so this over-approximates §12.9 soundly
        return column("事業年度終了日") >= next_year + start.str.slice(4)


RULE = X32FiscalYearLength
