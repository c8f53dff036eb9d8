"""X24 課税区分と税額の不一致 — 課税区分 and amounts disagree."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODE, as_int
from conformance.rules.cross.state import Column

PARAMETERS = (
    Parameter("課税", CODE, "課税の課税区分", "課税区分 of a taxed person"),
    Parameter("均等割のみ", CODE, "均等割のみの課税区分", "課税区分 of 均等割 only"),
    Parameter("非課税", CODE, "非課税の課税区分", "課税区分 of a person not taxed"),
)

META = RuleMeta(
    id="X24",
    severity=Severity.WARNING,
    scope="row",
    title_ja="課税区分と税額の不一致",
    title_en="課税区分 and amounts disagree",
    source="§8; INFERRED",
    explanation_ja=(
        "課税区分と税額の対応：1なら所得割額が0より大きい、2なら所得割額が0で均等割額が0より大きい、3ならどちらも0。"
    ),
    explanation_en=(
        "課税区分 vs amounts: 1 ⇒ 所得割額 > 0; 2 ⇒ 所得割額 = 0 and 均等割額 > 0; 3 "
        "⇒ both are 0."
    ),
    parameters=PARAMETERS,
)


class X24TaxClassAmounts(RowRule):
    meta = META
    items = ("課税区分", "所得割額", "均等割額")
    TAXED = Message("X24.taxed", "課税区分 {tax_class} では 所得割額 > 0 のはずです。", "課税区分 {tax_class} requires 所得割額 > 0.")
    FLAT_ONLY = Message(
        "X24.flat_only",
        "課税区分 {tax_class} では 所得割額 = 0 かつ 均等割額 > 0 のはずです。",
        "課税区分 {tax_class} requires 所得割額 = 0 and 均等割額 > 0.",
    )
    NOT_TAXED = Message(
        "X24.not_taxed",
        "課税区分 {tax_class} では 所得割額・均等割額とも 0 のはずです。",
        "課税区分 {tax_class} requires 所得割額 and 均等割額 both 0.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        cls = row.known("課税区分")
        income, flat = row.number("所得割額"), row.number("均等割額")
        p = self.params
        message: Message | None = None
        if cls == p["課税"] and income is not None:
            message = self.TAXED if income <= 0 else None
        elif cls == p["均等割のみ"] and income is not None and flat is not None:
            message = None if income == 0 and flat > 0 else self.FLAT_ONLY
        elif cls == p["非課税"] and income is not None and flat is not None:
            message = None if income == 0 and flat == 0 else self.NOT_TAXED
        if message is None or cls is None:
            return ()
        return (self.hit(row.line, "課税区分", message, cls, tax_class=Quoted(cls, "課税区分")),)

    def may_fire(self, column: Column) -> pl.Expr:
        cls, income, flat = column("課税区分"), as_int(column("所得割額")), as_int(column("均等割額"))
        p = self.params
        return (
            ((cls == str(p["課税"])) & (income <= 0)).fill_null(False)
            | ((cls == str(p["均等割のみ"])) & ~((income == 0) & (flat > 0))).fill_null(False)
            | ((cls == str(p["非課税"])) & ~((income == 0) & (flat == 0))).fill_null(False)
        )


RULE = X24TaxClassAmounts
