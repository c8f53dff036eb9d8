"""X30 標準税率と異なる年税額 — 年税額 differs from the standard rate."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import RATES, as_int
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("rates", RATES, "車両区分・税率区分ごとの標準税率（円）", "standard annual rate (yen) per 車両区分 and 税率区分"),)

META = RuleMeta(
    id="X30",
    severity=Severity.INFO,
    scope="row",
    title_ja="標準税率と異なる年税額",
    title_en="年税額 differs from the standard rate",
    source="§8.1, §12.8; 地方税法 INFERRED",
    explanation_ja=(
        "年税額が§8.1の（車両区分、税率区分）の標準税率と等しいこと（市町村は別の税率を定めうるため情報）。表で「—」の組と税率区分4・9は検査しない。"
    ),
    explanation_en=(
        "年税額 equals the standard rate of (車両区分, 税率区分) in §8.1 (municipalities "
        "may set other rates, hence info); pairs shown as — and 税率区分 "
        "4 and 9 are not checked."
    ),
    parameters=PARAMETERS,
)


class X30StandardVehicleRate(RowRule):
    meta = META
    items = ("年税額", "車両区分", "税率区分")
    DIFFERS = Message(
        "X30.differs",
        "年税額 {tax} 円が標準税率 {standard} 円（車両区分 {vehicle}・税率区分 {rate_class}）と異なります。",
        "年税額 {tax} yen differs from the standard rate {standard} yen (車両区分 {vehicle}, 税率区分 {rate_class}).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        vehicle, rate_class, tax = row.known("車両区分"), row.known("税率区分"), row.number("年税額")
        if vehicle is None or rate_class is None or tax is None:
            return ()
        standard = self.params["rates"].get(vehicle, {}).get(rate_class)
        if standard is not None and tax != standard:
            return (
                self.hit(
                    row.line, "年税額", self.DIFFERS,
                    tax=Quoted(str(tax), "年税額"), standard=standard,
                    vehicle=Quoted(vehicle, "車両区分"), rate_class=Quoted(rate_class, "税率区分"),
                ),
            )
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        rates: dict[str, dict[str, int]] = self.params["rates"]
        keys = [f"{v}:{r}" for v, by in rates.items() for r in by]
        amounts = [amount for by in rates.values() for amount in by.values()]
        expected = (column("車両区分") + ":" + column("税率区分")).replace_strict(
            keys, amounts, default=None, return_dtype=pl.Int64
        )
        return expected.is_not_null() & (as_int(column("年税額")) != expected)


RULE = X30StandardVehicleRate
