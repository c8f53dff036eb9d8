"""小数 (§3.2): with 書式 ``p.s``, ``[0-9]{1,p}(\\.[0-9]{1,s})?`` — F8, F14 counted in digits.

Reading of ``p.s`` (§3.1, §3.2): p integer digits and s fraction digits, both at least 1 (``[0-9]{1,0}``
would be no syntax at all), so ``10.2`` allows ``1234567890.12``; 最大桁数 = p+s is informative only. A sheet
must give the 書式 (a layout problem otherwise); an item built without one (or with another 書式) is
checked as "digits with at most one decimal point", with no limits. The 書式 of a 小数 is never a C7
regex or a C8 name.
"""

from __future__ import annotations

import re
from typing import Final

import polars as pl

from conformance.core.messages import Message, Param, params_of
from conformance.core.severity import Severity
from conformance.types.base import CleanEnv, CompiledType, DataType, Facts, LengthMode, TypeClean, ValueFault
from conformance.types.classes import offending_classes
from conformance.types.regex import MAX_REGEX_REPEAT
from conformance.types.wareki import EraTable

__all__ = ["DECIMAL_FORMAT", "CompiledDecimal", "DecimalType"]

#: 書式 p.s of 小数.
DECIMAL_FORMAT: Final = re.compile(r"([1-9][0-9]*)\.([1-9][0-9]*)")

_SHAPE: Final = ("整数部{p}桁以内・小数部{s}桁以内", "at most {p} integer and {s} fraction digits")
_ANY_SHAPE: Final = ("半角数字と小数点1つ", "digits and one '.'")
_PROBLEMS: Final = {
    "points": ("小数点が複数あります", "more than one decimal point"),
    "sides": ("小数点の前後には数字が必要です", "digits are needed on both sides of the decimal point"),
    "whole": ("整数部が{p}桁を超えています（{n}桁）", "{n} integer digits exceed {p}"),
    "fraction": ("小数部が{s}桁を超えています（{n}桁）", "{n} fraction digits exceed {s}"),
}


def _templates(scaled: bool) -> dict[str, Message]:
    shape_ja, shape_en = _SHAPE if scaled else _ANY_SHAPE
    key = "F8.decimal" if scaled else "F8.decimal_any"
    out = {
        "chars": Message(
            f"{key}.chars",
            f"小数は{shape_ja}の半角数字です。使えない文字: {{found}}。",
            f"小数 holds {shape_en} in ASCII; found: {{found}}.",
        )
    }
    for problem, (ja, en) in _PROBLEMS.items():
        if scaled or problem in ("points", "sides"):
            out[problem] = Message(
                f"{key}.{problem}",
                f"小数の形式（{shape_ja}）に合いません: {ja}。",
                f"Not a 小数 ({shape_en}): {en}.",
            )
    return out


_SCALED: Final = _templates(scaled=True)
_UNSCALED: Final = _templates(scaled=False)
_NEEDS_FORMAT: Final = "an item of type 小数 needs 書式 p.s (integer and fraction digits, e.g. 10.2)"


def _is_digit_or_point(c: str) -> bool:
    return "0" <= c <= "9" or c == "."


class CompiledDecimal(CompiledType):
    """A 小数 item's check; ``scale`` is (p, s) of its 書式, None without one."""

    __slots__ = ("scale",)
    max_length_applies = False  # 書式 p.s governs; 最大桁数 = p+s is informative only (§3.1)

    def __init__(self, scale: tuple[int, int] | None) -> None:
        self.scale = scale

    def _fault(self, problem: str, **values: Param) -> ValueFault:
        templates = _SCALED if self.scale is not None else _UNSCALED
        scale = {} if self.scale is None else {"p": self.scale[0], "s": self.scale[1]}
        return ValueFault("F8", Severity.ERROR, templates[problem], params_of({**scale, **values}))

    def check(self, value: str, non_calendar: bool) -> ValueFault | None:
        if not (value.isascii() and all(_is_digit_or_point(c) for c in value)):
            return self._fault("chars", found=offending_classes(value, _is_digit_or_point))
        whole, point, frac = value.partition(".")
        if "." in frac:
            return self._fault("points")
        if not whole or (point and not frac):
            return self._fault("sides")
        if self.scale is not None:
            p, s = self.scale
            if len(whole) > p:
                return self._fault("whole", n=len(whole))
            if len(frac) > s:
                return self._fault("fraction", n=len(frac))
        return None

    def clean(self, value: pl.Expr, env: CleanEnv) -> TypeClean | None:
        if self.scale is None or max(self.scale) > MAX_REGEX_REPEAT:
            # No 書式, or one too large for a compiled regex (polars' size limit): the shape by regex,
            # the digit counts by length.
            shape = value.str.contains(r"^[0-9]+(?:\.[0-9]+)?$")
            if self.scale is None:
                return TypeClean(shape)
            p, s = self.scale
            n = value.str.len_bytes()
            whole = value.str.find(".", literal=True).fill_null(n)
            return TypeClean(shape & (whole <= p) & (n - whole - 1 <= s))
        p, s = self.scale
        return TypeClean(value.str.contains(f"^[0-9]{{1,{p}}}(?:\\.[0-9]{{1,{s}}})?$"))


class DecimalType(DataType):
    rule = "F8"
    length_mode: LengthMode = "digits"
    syntax_chars = "0123456789."
    reads_format = True

    def problems(self, facts: Facts) -> list[tuple[str, str]]:
        if facts.format is None or DECIMAL_FORMAT.fullmatch(facts.format) is None:
            return [("書式", _NEEDS_FORMAT)]
        return []

    def compile(self, facts: Facts, eras: EraTable) -> CompiledType:
        scale = None if facts.format is None else DECIMAL_FORMAT.fullmatch(facts.format)
        return CompiledDecimal(None if scale is None else (int(scale[1]), int(scale[2])))
