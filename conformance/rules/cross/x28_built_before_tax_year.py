"""X28 建築年が課税年度以後 — 建築年 not before 課税年度."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import as_int
from conformance.rules.cross.state import Column

META = RuleMeta(
    id="X28",
    severity=Severity.WARNING,
    scope="row",
    title_ja="建築年が課税年度以後",
    title_en="建築年 not before 課税年度",
    source="§8; INFERRED",
    explanation_ja=(
        "建築年は課税年度より前であること（賦課期日は1月1日。1月1日当日に完成した家屋はまれな例外）。"
    ),
    explanation_en=(
        "建築年 < 課税年度 (賦課期日 is 1 January; a building completed on 1 January "
        "itself is the rare exception)."
    ),
)


class X28BuiltBeforeTaxYear(RowRule):
    meta = META
    items = ("建築年", "課税年度")
    NOT_BEFORE = Message(
        "X28.not_before",
        "建築年 {built} が課税年度 {year} より前ではありません。",
        "建築年 {built} is not before 課税年度 {year}.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        built, year = row.number("建築年"), row.number("課税年度")
        if built is not None and year is not None and built >= year:
            return (self.hit(row.line, "建築年", self.NOT_BEFORE, built=Quoted(str(built), "建築年"), year=Quoted(str(year), "課税年度")),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        return as_int(column("建築年")) >= as_int(column("課税年度"))


RULE = X28BuiltBeforeTaxYear
