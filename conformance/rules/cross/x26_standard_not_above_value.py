"""X26 課税標準額が評価額を超える — 課税標準額 exceeds 評価額."""

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
    id="X26",
    severity=Severity.ERROR,
    scope="row",
    title_ja="課税標準額が評価額を超える",
    title_en="課税標準額 exceeds 評価額",
    source="§8; INFERRED",
    explanation_ja=(
        "課税標準額は評価額以下であること。"
    ),
    explanation_en=(
        "課税標準額 ≤ 評価額."
    ),
)


class X26StandardNotAboveValue(RowRule):
    meta = META
    items = ("課税標準額", "評価額")
    EXCEEDS = Message(
        "X26.exceeds", "課税標準額 {base} が評価額 {value} を超えています。", "課税標準額 {base} exceeds 評価額 {value}."
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        base, value = row.number("課税標準額"), row.number("評価額")
        if base is not None and value is not None and base > value:
            return (self.hit(row.line, "課税標準額", self.EXCEEDS, base=Quoted(str(base), "課税標準額"), value=Quoted(str(value), "評価額")),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        return as_int(column("課税標準額")) > as_int(column("評価額"))


RULE = X26StandardNotAboveValue
