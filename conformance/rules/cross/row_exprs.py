"""Vectorised *may fire* filters of the row-scope X rules, for the polars fast path.

The scalar ``check`` of each rule (row_rules.py) is the one definition. A filter here is only a sound
over-approximation for rows whose items all passed their checks: wherever the scalar rule would report, the
filter is True. The fast engine runs the scalar rule only on rows where the filter is True, so a filter can
cost speed when it is loose but can never change a finding. ``tests/test_fast_engine.py`` checks soundness
differentially. A rule without a filter here runs on every row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from conformance.rules.cross.base import RowRule

Column = Callable[[str], pl.Expr]
Filter = Callable[[RowRule, Column], pl.Expr]

FILTERS: dict[str, Filter] = {}


def _filter(rule_id: str) -> Callable[[Filter], Filter]:
    def deco(fn: Filter) -> Filter:
        FILTERS[rule_id] = fn
        return fn

    return deco


def _int(c: Column, name: str) -> pl.Expr:
    return c(name).cast(pl.Int64, strict=False)


def _p(rule: RowRule, key: str, default: Any) -> Any:
    return rule.params.get(key, default)


def _s(rule: RowRule, key: str, default: str) -> str:
    return str(rule.params.get(key, default))


@_filter("X7")
def _x7(rule: RowRule, c: Column) -> pl.Expr:
    return ~c("異動事由").is_in(list(_p(rule, "exempt_異動事由", ("31", "32")))) & (c("異動日") > c("処理日"))


@_filter("X8")
def _x8(rule: RowRule, c: Column) -> pl.Expr:
    return c("届出年月日") > c("処理日")


@_filter("X9")
def _x9(rule: RowRule, c: Column) -> pl.Expr:
    return c("異動事由").is_in(list(_p(rule, "異動事由", ("11", "12", "51")))) & (
        c("異動日") > c("届出年月日")
    )


@_filter("X10")
def _x10(rule: RowRule, c: Column) -> pl.Expr:
    born = c("生年月日")
    later = ("処理日", "住民となった年月日", "住所を定めた年月日", "外国人住民となった年月日")
    return pl.any_horizontal([(born > c(n)).fill_null(False) for n in later])


@_filter("X11")
def _x11(rule: RowRule, c: Column) -> pl.Expr:
    eras = rule.ctx.schema.eras
    w, g = c("生年月日和暦"), c("生年月日")
    first_year = w.str.slice(0, 1).replace_strict(
        [e.code for e in eras], [e.first_year for e in eras], default=None, return_dtype=pl.Int64
    )
    year = first_year + w.str.slice(1, 2).cast(pl.Int64, strict=False) - 1
    same = (year == g.str.slice(0, 4).cast(pl.Int64, strict=False)) & (
        w.str.slice(3, 4) == g.str.slice(5, 2) + g.str.slice(8, 2)
    )
    return w.is_not_null() & g.is_not_null() & ~same.fill_null(False)


def _null_when(rule: RowRule, c: Column, selector: str) -> pl.Expr:
    table: dict[str, list[str]] = rule.params.get(selector, {})
    layout = rule.ctx.spec.layout
    parts = [
        (c(selector) == value) & pl.any_horizontal([c(n).is_not_null() for n in names if layout.has(n)])
        for value, names in table.items()
        if any(layout.has(n) for n in names)
    ]
    return pl.any_horizontal(parts) if parts else pl.lit(False)


@_filter("X12")
def _x12(rule: RowRule, c: Column) -> pl.Expr:
    return _null_when(rule, c, "住民種別")


@_filter("X34")
def _x34(rule: RowRule, c: Column) -> pl.Expr:
    return _null_when(rule, c, "個人法人区分")


@_filter("X13")
def _x13(rule: RowRule, c: Column) -> pl.Expr:
    return (
        (c("住民種別") == _s(rule, "日本人", "1")) & c("生年月日").is_not_null() & c("生年月日和暦").is_null()
    )


@_filter("X15")
def _x15(rule: RowRule, c: Column) -> pl.Expr:
    return (c("住民状態") == _s(rule, "住民", "1")) & (
        c("消除事由").is_not_null() | c("消除日").is_not_null()
    )


@_filter("X16")
def _x16(rule: RowRule, c: Column) -> pl.Expr:
    table: dict[str, list[str]] = rule.params.get("住民状態→消除事由", {})
    parts = [
        (c("住民状態") == state) & ~c("消除事由").is_in(list(allowed)) for state, allowed in table.items()
    ]
    return c("消除事由").is_not_null() & (pl.any_horizontal(parts) if parts else pl.lit(False))


@_filter("X18")
def _x18(rule: RowRule, c: Column) -> pl.Expr:
    only: dict[str, str] = rule.params.get("only_for_住民種別", {})
    parts = [(c("異動事由") == reason) & (c("住民種別") != kind) for reason, kind in only.items()]
    return pl.any_horizontal(parts) if parts else pl.lit(False)


@_filter("X19")
def _x19(rule: RowRule, c: Column) -> pl.Expr:
    return c("外国人住民となった年月日") < _s(rule, "earliest", "2012-07-09")


@_filter("X23")
def _x23(rule: RowRule, c: Column) -> pl.Expr:
    return _int(c, "年税額") != _int(c, "所得割額") + _int(c, "均等割額")


@_filter("X24")
def _x24(rule: RowRule, c: Column) -> pl.Expr:
    cls, income, flat = c("課税区分"), _int(c, "所得割額"), _int(c, "均等割額")
    return (
        ((cls == _s(rule, "課税", "1")) & (income <= 0)).fill_null(False)
        | ((cls == _s(rule, "均等割のみ", "2")) & ~((income == 0) & (flat > 0))).fill_null(False)
        | ((cls == _s(rule, "非課税", "3")) & ~((income == 0) & (flat == 0))).fill_null(False)
    )


@_filter("X26")
def _x26(rule: RowRule, c: Column) -> pl.Expr:
    return _int(c, "課税標準額") > _int(c, "評価額")


@_filter("X27")
def _x27(rule: RowRule, c: Column) -> pl.Expr:
    exempt = list(_p(rule, "exempt_地目", ("03", "07")))
    return (
        c("登記地目").is_not_null()
        & ~c("登記地目").is_in(exempt)
        & c("登記地積").str.contains(".", literal=True)
    )


@_filter("X28")
def _x28(rule: RowRule, c: Column) -> pl.Expr:
    return _int(c, "建築年") >= _int(c, "課税年度")


@_filter("X29")
def _x29(rule: RowRule, c: Column) -> pl.Expr:
    return c("取得日") > c("課税年度") + "-" + _s(rule, "assessment_month_day", "04-01")


@_filter("X30")
def _x30(rule: RowRule, c: Column) -> pl.Expr:
    rates: dict[str, dict[str, int]] = rule.params.get("rates", {})
    keys = [f"{v}:{r}" for v, by in rates.items() for r in by]
    amounts = [amount for by in rates.values() for amount in by.values()]
    expected = (c("車両区分") + ":" + c("税率区分")).replace_strict(
        keys, amounts, default=None, return_dtype=pl.Int64
    )
    return expected.is_not_null() & (_int(c, "年税額") != expected)


@_filter("X31")
def _x31(rule: RowRule, c: Column) -> pl.Expr:
    return c("事業年度終了日") <= c("事業年度開始日")


@_filter("X32")
def _x32(rule: RowRule, c: Column) -> pl.Expr:
    start = c("事業年度開始日")
    next_year = (start.str.slice(0, 4).cast(pl.Int64, strict=False) + 1).cast(pl.String).str.zfill(4)
    # start + 1 year as text; 02-29 compares below 03-01, so this over-approximates §12.9 soundly
    return c("事業年度終了日") >= next_year + start.str.slice(4)


@_filter("X33")
def _x33(rule: RowRule, c: Column) -> pl.Expr:
    filed = c("申告年月日")
    final = c("申告区分").is_in(list(_p(rule, "final_申告区分", ("1", "4"))))
    return (filed < c("事業年度開始日")).fill_null(False) | (
        final & (filed <= c("事業年度終了日"))
    ).fill_null(False)


def may_fire(rule: RowRule, column: Column) -> pl.Expr:
    """True where the rule may report on an item-clean row (never null)."""
    f = FILTERS.get(rule.id)
    if f is None:
        return pl.lit(True)
    return f(rule, column).fill_null(False)
