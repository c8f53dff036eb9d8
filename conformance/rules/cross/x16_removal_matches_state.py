"""X16 住民状態と消除事由の不一致 — 住民状態 and 消除事由 disagree."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Localized, Message, Quoted
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODES_BY_CODE
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("住民状態→消除事由", CODES_BY_CODE, "住民状態ごとの許される消除事由", "消除事由 allowed per 住民状態"),)

META = RuleMeta(
    id="X16",
    severity=Severity.WARNING,
    scope="row",
    title_ja="住民状態と消除事由の不一致",
    title_en="住民状態 and 消除事由 disagree",
    source="§8; INFERRED",
    explanation_ja=(
        "住民状態と消除事由の対応：2なら1または2、3なら3または4、4なら5から9。"
    ),
    explanation_en=(
        "住民状態 and 消除事由 agree: 2 ⇒ 1 or 2; 3 ⇒ 3 or 4; 4 ⇒ 5 to 9."
    ),
    parameters=PARAMETERS,
)


class X16RemovalMatchesState(RowRule):
    meta = META
    items = ("住民状態", "消除事由")
    MISMATCH = Message(
        "X16.mismatch",
        "住民状態 {state} に消除事由 {reason} は対応しません（{allowed} のいずれか）。",
        "消除事由 {reason} does not match 住民状態 {state} (expected one of {allowed}).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        state, reason = row.known("住民状態"), row.known("消除事由")
        if state is None or reason is None:
            return ()
        allowed = self.params["住民状態→消除事由"].get(state)
        if allowed is not None and reason not in allowed:
            return (
                self.hit(
                    row.line, "消除事由", self.MISMATCH, reason,
                    state=state, reason=Quoted(reason, "消除事由"), allowed=Localized("・".join(allowed), ", ".join(allowed)),
                ),
            )
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        table: dict[str, list[str]] = self.params["住民状態→消除事由"]
        parts = [
            (column("住民状態") == state) & ~column("消除事由").is_in(list(allowed)) for state, allowed in table.items()
        ]
        return column("消除事由").is_not_null() & (pl.any_horizontal(parts) if parts else pl.lit(False))


RULE = X16RemovalMatchesState
