"""X29 取得日が賦課期日より後 — 取得日 after 賦課期日 (4月1日)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import MONTH_DAY, iso
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("assessment_month_day", MONTH_DAY, "賦課期日（月-日）", "assessment date (month-day)"),)

META = RuleMeta(
    id="X29",
    severity=Severity.WARNING,
    scope="row",
    title_ja="取得日が賦課期日より後",
    title_en="取得日 after 賦課期日 (4月1日)",
    source="§8; INFERRED",
    explanation_ja=(
        "取得日は課税年度の4月1日（賦課期日）以前であること。"
    ),
    explanation_en=(
        "取得日 ≤ 課税年度-04-01 (賦課期日 is 1 April)."
    ),
    parameters=PARAMETERS,
)


class X29AcquiredByAssessmentDate(RowRule):
    meta = META
    items = ("取得日", "課税年度")
    AFTER = Message(
        "X29.after_assessment",
        "取得日 {acquired} が賦課期日 {deadline} より後です。",
        "取得日 {acquired} is after the assessment date {deadline}.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        got, year = row.date("取得日"), row.number("課税年度")
        if got is None or year is None:
            return ()
        month, day = (int(x) for x in self.params["assessment_month_day"].split("-"))
        try:
            deadline = dt.date(year, month, day)
        except ValueError:
            return ()
        if got > deadline:
            return (self.hit(row.line, "取得日", self.AFTER, acquired=iso(got, "取得日"), deadline=iso(deadline, "課税年度")),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        return column("取得日") > column("課税年度") + "-" + str(self.params["assessment_month_day"])


RULE = X29AcquiredByAssessmentDate
