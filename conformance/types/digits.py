"""数字 and 整数 (§3.2: ``[0-9]+``, F8) and 年 (``[0-9]{4}``): ASCII digit strings, F14 counted in digits.

The polars form is one pass per column: ``str.to_integer`` (Rust's ``u64`` parser: an optional ``+`` then
ASCII digits) and no leading ``+`` is exactly "ASCII digits"; then bytes = digits = code points, so C4/C5
are byte counts and C8 is the check digit's arithmetic on the same parsed number (nothing is computed
twice, whatever polars' optimiser does). Longer limits than a u64 holds fall back to a regex.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from conformance.core.messages import Message, params_of
from conformance.core.severity import Severity
from conformance.types.base import CleanEnv, CompiledType, DataType, Facts, LengthMode, TypeClean, ValueFault
from conformance.types.checkdigits import (
    U64_DIGITS,
    CheckDigit,
    M11Remainder1,
    vectorised_width,
    verdict_series,
)
from conformance.types.classes import offending_classes
from conformance.types.regex import MAX_REGEX_REPEAT
from conformance.types.wareki import EraTable

__all__ = ["DigitsType", "YearType", "digits_clean"]

DIGITS: Final = "0123456789"

F8_DIGITS: Final = Message(
    "F8.digits",
    "{type}は半角数字のみです（桁区切り・単位・符号・空白・全角数字は不可）。使えない文字: {found}。",
    "{type} holds ASCII digits only (no separators, units, signs, spaces or full-width digits); "
    "found: {found}.",
)
F8_YEAR_LENGTH: Final = Message("F8.year", "年は西暦4桁の半角数字です。", "年 is a 4-digit Gregorian year.")
F8_YEAR_CHARS: Final = Message(
    "F8.year_chars",
    "年は西暦4桁の半角数字です。使えない文字: {found}。",
    "年 is a 4-digit Gregorian year; found: {found}.",
)


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def digits_clean(
    value: pl.Expr, digits: tuple[int, int] | None, check_digit: CheckDigit | None, remainder1: M11Remainder1
) -> pl.Expr:
    """One pass over a number item: ASCII digits in ``digits`` counts (if given) and C8 (if given).

    ``check_digit`` must have a vectorised form (``vectorised_width``).
    """
    width = None if check_digit is None else vectorised_width(check_digit)
    if width is not None and digits is not None:
        width = min(width, digits[1])  # a longer value fails the digit count anyway: fewer 3-digit blocks

    def run(series: pl.Series) -> pl.Series:
        number = series.str.to_integer(dtype=pl.UInt64, strict=False)
        n_bytes = series.str.len_bytes()
        is_digits = number.is_not_null() & ~series.str.starts_with("+")
        ok = pl.repeat(True, len(series), dtype=pl.Boolean, eager=True) if digits is None else is_digits
        if digits is not None:
            ok = ok & (n_bytes >= digits[0]) & (n_bytes <= digits[1])
        if check_digit is not None and check_digit.arithmetic is not None and width is not None:
            n_chars = n_bytes if digits is not None else series.str.len_chars()
            length = check_digit.length
            applies = (n_chars == length) if length is not None else (n_chars >= check_digit.min_length)
            verdict = verdict_series(check_digit.arithmetic, remainder1, number, width)
            ok = ok & (~applies | (is_digits & (n_bytes <= width) & verdict))
        return ok.fill_null(False)

    # Not elementwise for polars: one call per column, not per chunk (a CSV read in 200 chunks made the
    # batch function ten times slower); only ever applied to an expression that reads a column.
    return value.map_batches(run, return_dtype=pl.Boolean, is_elementwise=False).fill_null(False)


class _CompiledDigits(CompiledType):
    __slots__ = ("_type",)

    def __init__(self, data_type: DigitsType) -> None:
        self._type = data_type

    def check(self, value: str, non_calendar: bool) -> ValueFault | None:
        if value.isdigit() and value.isascii() and self._type.fixed_lengths in ((), (len(value),)):
            return None  # the common case, decided here without a further call
        return self._type.fault(value)

    def clean(self, value: pl.Expr, env: CleanEnv) -> TypeClean | None:
        fixed = self._type.fixed_lengths
        lo, hi = (min(fixed), max(fixed)) if fixed else (1, None)
        high, low = env.limits
        if low is not None:
            lo = max(lo, low)
        if high is not None:
            hi = high if hi is None else min(hi, high)
        if hi is not None and hi < lo:
            return None
        if hi is not None and hi <= U64_DIGITS:
            cd = env.check_digit
            vectorised = cd is not None and vectorised_width(cd) is not None
            expr = digits_clean(value, (lo, hi), cd if vectorised else None, env.remainder1)
            return TypeClean(expr, lengths=True, check_digit=cd is None or vectorised)
        if max(lo, hi or 0) > MAX_REGEX_REPEAT:  # a huge 最大桁数: counted, not compiled into the regex
            n = value.str.len_bytes()
            fits = (n >= lo) if hi is None else n.is_between(lo, hi)
            return TypeClean(value.str.contains("^[0-9]+$") & fits, lengths=True)
        return TypeClean(value.str.contains(f"^[0-9]{{{lo},{'' if hi is None else hi}}}$"), lengths=True)


class DigitsType(DataType):
    """数字 / 整数: ASCII digits, any count (leading zeros significant for 数字, tolerated for 整数)."""

    rule = "F8"
    length_mode: LengthMode = "digits"
    syntax_chars = DIGITS

    def compile(self, facts: Facts, eras: EraTable) -> CompiledType:
        return _CompiledDigits(self)

    def fault(self, value: str) -> ValueFault | None:
        if value.isascii() and value.isdigit():
            return None
        found = offending_classes(value, _is_digit)
        return ValueFault("F8", Severity.ERROR, F8_DIGITS, params_of({"type": self.name, "found": found}))


class YearType(DigitsType):
    """年: a 4-digit Gregorian year."""

    fixed_lengths = (4,)

    def fault(self, value: str) -> ValueFault | None:
        if value.isascii() and value.isdigit():
            return None if len(value) == 4 else ValueFault("F8", Severity.ERROR, F8_YEAR_LENGTH)
        found = offending_classes(value, _is_digit)
        return ValueFault("F8", Severity.ERROR, F8_YEAR_CHARS, params_of({"found": found}))
