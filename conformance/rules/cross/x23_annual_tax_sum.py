"""X23 年税額＝所得割額＋均等割額 — 年税額 ≠ 所得割額 + 均等割額."""

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
    id="X23",
    severity=Severity.ERROR,
    scope="row",
    title_ja="年税額＝所得割額＋均等割額",
    title_en="年税額 ≠ 所得割額 + 均等割額",
    source="§8; INFERRED",
    explanation_ja=(
        "年税額＝所得割額＋均等割額であること。"
    ),
    explanation_en=(
        "年税額 = 所得割額 + 均等割額."
    ),
)


class X23AnnualTaxSum(RowRule):
    meta = META
    items = ("年税額", "所得割額", "均等割額")
    DIFFERS = Message(
        "X23.differs",
        "年税額 {total} が所得割額 {income} ＋ 均等割額 {flat} ＝ {sum} と一致しません。",
        "年税額 {total} ≠ 所得割額 {income} + 均等割額 {flat} = {sum}.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        total, income, flat = row.number("年税額"), row.number("所得割額"), row.number("均等割額")
        if total is None or income is None or flat is None or total == income + flat:
            return ()
        return (
            self.hit(
                row.line, "年税額", self.DIFFERS,
                total=Quoted(str(total), "年税額"), income=Quoted(str(income), "所得割額"),
                flat=Quoted(str(flat), "均等割額"), sum=income + flat,
            ),
        )

    def may_fire(self, column: Column) -> pl.Expr:
        return as_int(column("年税額")) != as_int(column("所得割額")) + as_int(column("均等割額"))


RULE = X23AnnualTaxSum
