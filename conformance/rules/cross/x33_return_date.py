"""X33 申告年月日が事業年度と合わない — 申告年月日 inconsistent with the 事業年度."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODES, iso
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("final_申告区分", CODES, "事業年度終了後に申告する申告区分（確定・修正）", "申告区分 filed after the business year (確定, 修正)"),)

META = RuleMeta(
    id="X33",
    severity=Severity.WARNING,
    scope="row",
    title_ja="申告年月日が事業年度と合わない",
    title_en="申告年月日 inconsistent with the 事業年度",
    source="§8; INFERRED",
    explanation_ja=(
        "申告年月日は事業年度開始日以後で、申告区分が1（確定）または4（修正）なら事業年度終了日より後であること。"
    ),
    explanation_en=(
        "申告年月日 ≥ 事業年度開始日, and > 事業年度終了日 when 申告区分 is 1 (確定) or 4 (修正)"
        "."
    ),
    parameters=PARAMETERS,
)


class X33ReturnDate(RowRule):
    meta = META
    items = ("申告年月日", "事業年度開始日", "事業年度終了日", "申告区分")
    BEFORE_START = Message(
        "X33.before_start",
        "申告年月日 {filed} が事業年度開始日 {start} より前です。",
        "申告年月日 {filed} is before 事業年度開始日 {start}.",
    )
    NOT_AFTER_END = Message(
        "X33.not_after_end",
        "申告区分 {kind} の申告年月日 {filed} が事業年度終了日 {end} より後ではありません。",
        "申告年月日 {filed} of a 申告区分 {kind} return is not after 事業年度終了日 {end}.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        filed, start, end = row.date("申告年月日"), row.date("事業年度開始日"), row.date("事業年度終了日")
        if filed is None:
            return ()
        if start is not None and filed < start:
            return (self.hit(row.line, "申告年月日", self.BEFORE_START, filed=iso(filed, "申告年月日"), start=iso(start, "事業年度開始日")),)
        kind = row.known("申告区分")
        if kind is not None and kind in self.params["final_申告区分"] and end is not None and not filed > end:
            return (
                self.hit(
                    row.line, "申告年月日", self.NOT_AFTER_END,
                    kind=Quoted(kind, "申告区分"), filed=iso(filed, "申告年月日"), end=iso(end, "事業年度終了日"),
                ),
            )
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        filed = column("申告年月日")
        final = column("申告区分").is_in(list(self.params["final_申告区分"]))
        return (filed < column("事業年度開始日")).fill_null(False) | (
            final & (filed <= column("事業年度終了日"))
        ).fill_null(False)


RULE = X33ReturnDate
