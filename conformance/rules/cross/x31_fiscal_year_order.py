"""X31 事業年度終了日が開始日以前 — 事業年度終了日 not after 開始日."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import iso
from conformance.rules.cross.state import Column

META = RuleMeta(
    id="X31",
    severity=Severity.ERROR,
    scope="row",
    title_ja="事業年度終了日が開始日以前",
    title_en="事業年度終了日 not after 開始日",
    source="§8; INFERRED",
    explanation_ja=(
        "事業年度終了日は事業年度開始日より後であること。"
    ),
    explanation_en=(
        "事業年度終了日 > 事業年度開始日."
    ),
)


class X31FiscalYearOrder(RowRule):
    meta = META
    items = ("事業年度開始日", "事業年度終了日")
    NOT_AFTER = Message(
        "X31.not_after",
        "事業年度終了日 {end} が開始日 {start} より後ではありません。",
        "事業年度終了日 {end} is not after 事業年度開始日 {start}.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        start, end = row.date("事業年度開始日"), row.date("事業年度終了日")
        if start and end and not end > start:
            return (self.hit(row.line, "事業年度終了日", self.NOT_AFTER, end=iso(end, "事業年度終了日"), start=iso(start, "事業年度開始日")),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        return column("事業年度終了日") <= column("事業年度開始日")


RULE = X31FiscalYearOrder
