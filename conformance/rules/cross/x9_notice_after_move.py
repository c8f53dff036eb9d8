"""X9 届出年月日が異動日より前 — 届出年月日 before 異動日."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODES, iso
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("異動事由", CODES, "届出が異動の後になる異動事由（転入・転居）", "異動事由 notified after the move (転入, 転居)"),)

META = RuleMeta(
    id="X9",
    severity=Severity.WARNING,
    scope="row",
    title_ja="届出年月日が異動日より前",
    title_en="届出年月日 before 異動日",
    source="§8; INFERRED",
    explanation_ja=(
        "異動事由が11・12・51（転入・転居）の場合、届出は異動の後に行われるため、異動日は届出年月日以前であること。"
    ),
    explanation_en=(
        "When 異動事由 is 11, 12 or 51 (転入, 転居: notified after the move),"
        " 異動日 ≤ 届出年月日; reported on 届出年月日."
    ),
    parameters=PARAMETERS,
)


class X9NoticeAfterMove(RowRule):
    meta = META
    items = ("異動日", "届出年月日", "異動事由")
    BEFORE = Message(
        "X9.before_move",
        "届出年月日 {notified} が異動日 {moved} より前です（転入・転居）。",
        "届出年月日 {notified} is before 異動日 {moved} (転入/転居 are notified after the move).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        if row.known("異動事由") not in self.params["異動事由"]:
            return ()
        moved, notified = row.date("異動日"), row.date("届出年月日")
        if moved and notified and moved > notified:
            return (self.hit(row.line, "届出年月日", self.BEFORE, notified=iso(notified, "届出年月日"), moved=iso(moved, "異動日")),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        return column("異動事由").is_in(list(self.params["異動事由"])) & (column("異動日") > column("届出年月日"))


RULE = X9NoticeAfterMove
