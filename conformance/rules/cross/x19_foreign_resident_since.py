"""X19 外国人住民となった年月日が施行日前 — 外国人住民となった年月日 before 2012-07-09."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import DATE, iso
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("earliest", DATE, "改正住民基本台帳法の施行日", "effective date of the amended 住民基本台帳法"),)

META = RuleMeta(
    id="X19",
    severity=Severity.WARNING,
    scope="row",
    title_ja="外国人住民となった年月日が施行日前",
    title_en="外国人住民となった年月日 before 2012-07-09",
    source="§8; INFERRED",
    explanation_ja=(
        "外国人住民となった年月日は2012-07-09（改正住民基本台帳法の施行日）以後であること。"
    ),
    explanation_en=(
        "外国人住民となった年月日 ≥ 2012-07-09 (the day the amended 住民基本台帳法 took "
        "effect)."
    ),
    parameters=PARAMETERS,
)


class X19ForeignResidentSince(RowRule):
    meta = META
    items = ("外国人住民となった年月日",)
    BEFORE = Message(
        "X19.before_enforcement",
        "外国人住民となった年月日 {since} が改正法施行日 {earliest} より前です。",
        "外国人住民となった年月日 {since} is before {earliest} (the amended act's effective date).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        d = row.date("外国人住民となった年月日")
        earliest = dt.date.fromisoformat(self.params["earliest"])
        if d is not None and d < earliest:
            return (
                self.hit(row.line, "外国人住民となった年月日", self.BEFORE, since=iso(d, "外国人住民となった年月日"), earliest=earliest.isoformat()),
            )
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        return column("外国人住民となった年月日") < str(self.params["earliest"])


RULE = X19ForeignResidentSince
