"""X8 届出年月日が処理日より後 — 届出年月日 after 処理日."""

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
    id="X8",
    severity=Severity.ERROR,
    scope="row",
    title_ja="届出年月日が処理日より後",
    title_en="届出年月日 after 処理日",
    source="§8; 住基標準4.1.0.2 VERIFIED",
    explanation_ja=(
        "届出年月日は処理日以前であること（「届出日は、処理当日以前の日のみを入力できること。」）。"
    ),
    explanation_en=(
        "届出年月日 ≤ 処理日 (a notification cannot be dated after the processing "
        "day)."
    ),
)


class X8NoticeNotAfterProcessing(RowRule):
    meta = META
    items = ("届出年月日", "処理日")
    AFTER = Message(
        "X8.after_processing",
        "届出年月日 {notified} が処理日 {processed} より後です。",
        "届出年月日 {notified} is after 処理日 {processed}.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        notified, processed = row.date("届出年月日"), row.date("処理日")
        if notified and processed and notified > processed:
            return (
                self.hit(row.line, "届出年月日", self.AFTER, notified=iso(notified, "届出年月日"), processed=iso(processed, "処理日")),
            )
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        return column("届出年月日") > column("処理日")


RULE = X8NoticeNotAfterProcessing
