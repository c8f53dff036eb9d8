"""X10 生年月日が他の日付より後 — 生年月日 after another date."""

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
    id="X10",
    severity=Severity.ERROR,
    scope="row",
    title_ja="生年月日が他の日付より後",
    title_en="生年月日 after another date",
    source="§8; INFERRED",
    explanation_ja=(
        "生年月日は処理日・住民となった年月日・住所を定めた年月日・外国人住民となった年月日のいずれよりも後でないこと（1行につき指摘は1件まで）"
        "。"
    ),
    explanation_en=(
        "生年月日 ≤ each of 処理日, 住民となった年月日, 住所を定めた年月日 and 外国人住民となった年月日 (at "
        "most one finding per row)."
    ),
)


class X10BirthFirst(RowRule):
    meta = META
    items = ("生年月日",)
    LATER = ("処理日", "住民となった年月日", "住所を定めた年月日", "外国人住民となった年月日")
    AFTER = Message(
        "X10.after",
        "生年月日 {born} が{other} {other_date} より後です。",
        "生年月日 {born} is after {other} {other_date}.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        born = row.date("生年月日")
        if born is None:
            return ()
        for other in self.LATER:
            d = row.date(other)
            if d is not None and born > d:
                return (self.hit(row.line, "生年月日", self.AFTER, born=iso(born, "生年月日"), other=other, other_date=iso(d, other)),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        born = column("生年月日")
        return pl.any_horizontal([(born > column(n)).fill_null(False) for n in self.LATER])


RULE = X10BirthFirst
