"""X13 日本人住民の生年月日和暦が空 — 生年月日和暦 missing for a 日本人住民."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODE
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("日本人", CODE, "日本人住民の住民種別", "住民種別 of a 日本人住民"),)

META = RuleMeta(
    id="X13",
    severity=Severity.INFO,
    scope="row",
    title_ja="日本人住民の生年月日和暦が空",
    title_en="生年月日和暦 missing for a 日本人住民",
    source="§8; 住基標準1.1.1 VERIFIED; rule INFERRED",
    explanation_ja=(
        "住民種別=1で生年月日が正しく、生年月日和暦が空の行を情報として報告する（日本人住民の生年月日は和暦で管理される）。"
    ),
    explanation_en=(
        "住民種別=1 with a valid 生年月日 and a NULL 生年月日和暦 is reported as info "
        "(a 日本人住民's 生年月日 is managed in 和暦)."
    ),
    parameters=PARAMETERS,
)


class X13WarekiBirthMissing(RowRule):
    meta = META
    items = ("住民種別", "生年月日", "生年月日和暦")
    MISSING = Message(
        "X13.missing",
        "日本人住民の生年月日和暦が空欄です（生年月日は和暦で管理）。",
        "生年月日和暦 is NULL for a 日本人住民 (their birth date is managed in 和暦).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        if row.known("住民種別") != self.params["日本人"]:
            return ()
        if row.known("生年月日") is not None and row.is_null("生年月日和暦"):
            return (self.hit(row.line, "生年月日和暦", self.MISSING),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        japanese = column("住民種別") == str(self.params["日本人"])
        return japanese & column("生年月日").is_not_null() & column("生年月日和暦").is_null()


RULE = X13WarekiBirthMissing
