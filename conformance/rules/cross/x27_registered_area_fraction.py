"""X27 登記地積の端数 — Fraction in 登記地積."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODES, DIGITS
from conformance.rules.cross.state import Column

PARAMETERS = (
    Parameter("exempt_地目", CODES, "端数を許す登記地目（宅地・鉱泉地）", "登記地目 that may have a fraction (宅地, 鉱泉地)"),
    Parameter("threshold", DIGITS, "この地積（㎡）を超えると端数を切り捨てる", "area (m²) above which the fraction is dropped"),
)

META = RuleMeta(
    id="X27",
    severity=Severity.INFO,
    scope="row",
    title_ja="登記地積の端数",
    title_en="Fraction in 登記地積",
    source="§8; 不動産登記規則100条 INFERRED",
    explanation_ja=(
        "登記地目が宅地（03）・鉱泉地（07）以外で登記地積が10を超えるなら、登記地積に小数部はない（不動産登記規則100条）"
        "。"
    ),
    explanation_en=(
        "登記地積 has no fractional part when 登記地目 is not 宅地 (03) or 鉱泉地 "
        "(07) and 登記地積 > 10 (不動産登記規則 article 100)."
    ),
    parameters=PARAMETERS,
)


class X27RegisteredAreaFraction(RowRule):
    meta = META
    items = ("登記地積", "登記地目")
    FRACTION = Message(
        "X27.fraction",
        "登記地目 {kind} で {threshold}㎡を超える登記地積に1㎡未満の端数があります。",
        "登記地積 over {threshold} m² has a fraction below 1 m² for 登記地目 {kind} (不動産登記規則100条).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        kind, area = row.known("登記地目"), row.decimal("登記地積")
        if kind is None or area is None or kind in self.params["exempt_地目"]:
            return ()
        whole, frac = area
        threshold = int(self.params["threshold"])
        if frac != 0 and (whole > threshold or (whole == threshold and frac > 0)):
            return (self.hit(row.line, "登記地積", self.FRACTION, kind=Quoted(kind, "登記地目"), threshold=threshold),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        exempt = list(self.params["exempt_地目"])
        kind = column("登記地目")
        return kind.is_not_null() & ~kind.is_in(exempt) & column("登記地積").str.contains(".", literal=True)


RULE = X27RegisteredAreaFraction
