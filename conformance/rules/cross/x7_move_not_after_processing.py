"""X7 異動日が処理日より後 — 異動日 after 処理日."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODES, iso
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("exempt_異動事由", CODES, "処理日より後でもよい異動事由（転出）", "異動事由 that may be after 処理日 (転出)"),)

META = RuleMeta(
    id="X7",
    severity=Severity.ERROR,
    scope="row",
    title_ja="異動日が処理日より後",
    title_en="異動日 after 処理日",
    source="§8; 住基標準4.0.3 VERIFIED",
    explanation_ja=(
        "異動日は処理日以前であること。ただし異動事由31・32（転出）は転出予定日のため未来日でもよい（「異動日は、転出を除き、"
        "処理当日以前の日のみを入力できること。」）。"
    ),
    explanation_en=(
        "異動日 ≤ 処理日, except for 異動事由 31/32 (転出: the planned move-out date "
        "may be in the future)."
    ),
    parameters=PARAMETERS,
)


class X7MoveNotAfterProcessing(RowRule):
    meta = META
    items = ("異動日", "処理日", "異動事由")
    AFTER = Message(
        "X7.after_processing",
        "異動日 {moved} が処理日 {processed} より後です（転出以外）。",
        "異動日 {moved} is after 処理日 {processed} (not a 転出).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        reason = row.known("異動事由")
        if reason is None or reason in self.params["exempt_異動事由"]:
            return ()
        moved, processed = row.date("異動日"), row.date("処理日")
        if moved and processed and moved > processed:
            return (self.hit(row.line, "異動日", self.AFTER, moved=iso(moved, "異動日"), processed=iso(processed, "処理日")),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        exempt = list(self.params["exempt_異動事由"])
        return ~column("異動事由").is_in(exempt) & (column("異動日") > column("処理日"))


RULE = X7MoveNotAfterProcessing
