"""Sound vectorised prefilters for the item checks: the polars fast path's "certainly clean" test.

``ItemCheck.check`` (``check``) stays the one definition of every item rule. For each item,
:func:`clean_expr` builds a polars boolean expression that is True only where the scalar check is certain
to return ``([], False)``; the fast path sends every other row to the scalar check, which produces the
findings. So the fast path cannot mean something else than the reference: the expression may be False for
a clean value (that only costs a scalar call), but it must never be True for a value with a fault.

This module combines the pieces the way §3.4 does and errs on the False side; each piece comes from where
its scalar twin lives:

- NULL: C1/C2 with the 条件 (``Condition.to_expr``) and the 不詳可 companion ``<項目名>不詳表記``.
- Step 1 and 2: the データ型 unit's clean expression (``CompiledType.clean``). A text type's regex also
  decides F11–F13 and F15; for the other types the characters their syntax admits must all be safe.
- C4/C5 (F14 as the item counts it: ``types.base.length_expr``) unless the type's expression decided them,
  C6 (a code table's clean codes are decided once by the scalar check itself), C7 (``translate_regex``),
  C8 (``types.checkdigits`` arithmetic) unless the type's expression decided it.
- The *distinct-value trick* where the result depends on the value alone and no exact translation
  exists (a 書式 regex with ``\\d``, look-arounds …; a check digit with no arithmetic): ``map_batches`` runs
  the scalar predicate once per distinct value of the column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Final

import polars as pl

from conformance.rules.items.check import ItemCheck, Result, char_config
from conformance.schema.conditions import Column
from conformance.schema.model import SchemaSet
from conformance.types.base import CleanEnv, length_expr
from conformance.types.chars import IVS_FIRST, safe_code_points
from conformance.types.checkdigits import vectorised_width
from conformance.types.digits import digits_clean
from conformance.types.regex import translate_regex

__all__ = ["clean_expr"]

_CLEAN: Final[Result] = ([], False)


def _all(parts: Iterable[pl.Expr]) -> pl.Expr:
    out: pl.Expr | None = None
    for p in parts:
        out = p if out is None else out & p
    return pl.lit(True) if out is None else out


def _one_of(value: pl.Expr, values: Iterable[str]) -> pl.Expr:
    """Membership, False on NULL; a plain list (not a Series) keeps a literal operand broadcastable."""
    return value.is_in(sorted(values)).fill_null(False)


def _distinct(value: pl.Expr, ok: Callable[[str], bool]) -> pl.Expr:
    """``ok`` once per distinct value of the batch, then ``is_in`` (sound if ``ok`` reads the value only)."""

    def run(series: pl.Series) -> pl.Series:
        good = [v for v in series.drop_nulls().unique().to_list() if ok(v)]
        return series.is_in(sorted(good)).fill_null(False)

    # Not elementwise: one call per column, never per chunk; only applied to expressions reading a column.
    return value.map_batches(run, return_dtype=pl.Boolean, is_elementwise=False).fill_null(False)


def _unknown_active(check: ItemCheck, column: Column) -> pl.Expr | None:
    """不詳可 applies and the companion 不詳表記 is filled in (as ``ItemCheck._unknown_active``)."""
    companion = check.unknown_companion
    if companion is None:
        return None
    always, condition = check.unknown_rule
    filled = column(companion).is_not_null()
    if always:
        return filled
    if condition is None:
        return pl.lit(False)
    return filled & condition.to_expr(column)


def _null_clean(check: ItemCheck, column: Column) -> pl.Expr:
    """A NULL is clean unless C1/C2 fires: not required, 条件 false, or the 不詳表記 stands in."""
    if not check.null_is_fault:
        return pl.lit(True)
    ok: pl.Expr = pl.lit(False)
    condition = check.required_condition
    if condition is not None:
        ok = ~condition.to_expr(column)
    unknown = _unknown_active(check, column)
    if unknown is not None:
        ok = ok | unknown
    return ok


def _non_calendar(check: ItemCheck, column: Column) -> pl.Expr | bool:
    """The row's 暦外可 mode (as ``ItemCheck._non_calendar``); a bool when it does not vary."""
    always, condition, varies = check.non_calendar_rule
    if not varies:
        return always
    mode: pl.Expr = pl.lit(False) if condition is None else condition.to_expr(column)
    unknown = _unknown_active(check, column)
    if unknown is not None:
        mode = mode | unknown
    return mode


def _code_clean(check: ItemCheck, codes: frozenset[str]) -> list[str]:
    """The codes for which the whole scalar check is clean (value-only for a non-date type)."""
    return sorted(c for c in codes if check.check(c, {}) == _CLEAN)


def _value_clean(check: ItemCheck, schema: SchemaSet, value: pl.Expr, column: Column) -> pl.Expr:
    """True only where the non-NULL value is clean (steps 1–3 of §3.4)."""
    data_type = check.data_type
    codes = check.codes
    if codes is not None and not data_type.non_calendar:
        # A finite set and a value-only check: the clean codes, decided once by the scalar check itself.
        return _one_of(value, _code_clean(check, codes))
    config = char_config(schema)
    if data_type.syntax_chars and not {ord(c) for c in data_type.syntax_chars} <= safe_code_points(config):
        return pl.lit(False)  # a syntax character is itself 機種依存 here: leave it all to the scalar
    c8 = check.check_digit
    env = CleanEnv(_non_calendar(check, column), check.length_limits, c8, check.m11_remainder1, config)
    typed = check.compiled_type.clean(value, env)
    if typed is None:
        return pl.lit(False)
    parts = [typed.expr]
    if not typed.lengths:
        length = length_expr(
            value, check.length_mode, check.length_limits, admits_ivs=data_type.admits(IVS_FIRST)
        )
        if length is not None:
            parts.append(length)
    if codes is not None:
        parts.append(_one_of(value, codes))
    regex = check.format_regex
    if regex is not None:
        rust = translate_regex(regex)
        if rust is not None:
            parts.append(value.str.contains(rust))
        else:
            parts.append(_distinct(value, lambda v: regex.fullmatch(v) is not None))
    if c8 is not None and not typed.check_digit:
        remainder1 = check.m11_remainder1
        if vectorised_width(c8) is not None:
            parts.append(digits_clean(value, None, c8, remainder1))
        else:
            parts.append(_distinct(value, lambda v: not c8.applies(v) or c8(v, remainder1)))
    return _all(parts)


def clean_expr(check: ItemCheck, schema: SchemaSet, column: Column) -> pl.Expr:
    """True only where ``check.check(value, row)`` is certain to return ``([], False)``; never null.

    ``column(name)`` is the expression of an item's raw value (pl.String, null for NULL; an item absent
    from the file is ``pl.lit(None, pl.String)``). ``schema`` must be the schema set ``check`` was compiled
    with (character configuration, era table, settings). False means "ask the scalar check", never "fault".
    The expression is not named: ``.alias`` it before selecting several.
    """
    value = column(check.item.name)
    null_ok = _null_clean(check, column)
    # A value that reads no column is a constant (an absent item is NULL): its value part never applies,
    # and a batch function must only ever see whole columns (non-elementwise: one call per column).
    value_ok = _value_clean(check, schema, value, column) if value.meta.root_names() else pl.lit(False)
    return pl.when(value.is_null()).then(null_ok).otherwise(value_ok.fill_null(False)).fill_null(False)
