"""The text types (§3.2): 文字列, 全角文字列, 半角文字列, カナ, 英字氏名, and コード (text from a table).

Each text type is one table of code-point ranges (or, for 全角文字列, the ranges it refuses). The scalar
syntax regex, the character predicate and the polars character class are all derived from that table.

The polars clean expression is ONE anchored regex that decides F11–F13, F15 and the C3 syntax at once.
Its units are the *safe* characters the type admits (``chars.safe_code_points``: what the scanner accepts
on its own), an ideograph followed by one IVS selector, and a kana whose pair with U+309A encodes followed
by U+309A; the first and last unit must not be U+0020/U+3000. With MJ tables the IVS units are exactly
the tables' sequences (see ``_ivs_units``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import Final

import polars as pl

from conformance.core.messages import Message, params_of
from conformance.core.severity import Severity
from conformance.types.base import (
    CleanEnv,
    CompiledType,
    DataType,
    Facts,
    TypeClean,
    TypeCompileError,
    ValueFault,
)
from conformance.types.chars import (
    COMBINING_SEMI_VOICED,
    IDEOGRAPH_RANGES,
    IVS_FIRST,
    IVS_LAST,
    SPACES,
    CharConfig,
    is_ideograph,
    pair_encodes,
    safe_code_points,
)
from conformance.types.classes import offending_classes
from conformance.types.regex import char_class, code_point, runs_class
from conformance.types.wareki import EraTable

__all__ = ["CodeType", "TextType"]

Ranges = tuple[tuple[int, int], ...]
_IVS: Final = f"[{code_point(IVS_FIRST)}-{code_point(IVS_LAST)}]"


def _python_class(ranges: Ranges, *, negated: bool) -> str:
    body = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in ranges
    )
    return f"[{'^' if negated else ''}{body}]"


class _CompiledText(CompiledType):
    __slots__ = ("_fullmatch", "_type")

    def __init__(self, data_type: TextType) -> None:
        self._type = data_type
        self._fullmatch = data_type.syntax.fullmatch

    def check(self, value: str, non_calendar: bool) -> ValueFault | None:
        if self._fullmatch(value) is not None or self._type.message is None:
            return None
        t = self._type
        found = offending_classes(value, lambda c: t.admits(ord(c)))
        return ValueFault("C3", Severity.ERROR, self._type.message, params_of({"found": found}))

    def clean(self, value: pl.Expr, env: CleanEnv) -> TypeClean | None:
        pattern = _text_regex(self._type, env.chars)
        return None if pattern is None else TypeClean(value.str.contains(pattern))


class TextType(DataType):
    """A text type: the characters it admits, as ranges; ``message`` is its C3 template (None: no C3)."""

    def __init__(self, name: str, ranges: Ranges, *, refuses: bool = False, message: Message | None = None):
        super().__init__(name)
        self.rule = None if message is None else "C3"
        self.message = message
        self._ranges = ranges
        self._refuses = refuses
        # admits() runs over every safe code point when a regex is built (~65,000 with an MJ table)
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(ranges):
            if merged and lo <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        self._starts = [lo for lo, _ in merged]
        self._ends = [hi for _, hi in merged]
        #: §3.2 syntax as a Python regex (applied with ``fullmatch``).
        self.syntax = re.compile(_python_class(ranges, negated=refuses) + "+")

    def admits(self, cp: int) -> bool:
        i = bisect_right(self._starts, cp) - 1
        inside = i >= 0 and cp <= self._ends[i]
        return inside is not self._refuses

    def compile(self, facts: Facts, eras: EraTable) -> CompiledType:
        return _CompiledText(self)


class CodeType(TextType):
    """コード: any text, but the value must be one of its コード表 (C6, checked by the item checker)."""

    _NEEDS_TABLE: Final = "an item of type コード needs a コード表"

    def problems(self, facts: Facts) -> list[tuple[str, str]]:
        return [] if facts.code_table is not None else [("コード表", self._NEEDS_TABLE)]

    def compile(self, facts: Facts, eras: EraTable) -> CompiledType:
        if facts.code_table is None:
            raise TypeCompileError(self._NEEDS_TABLE)
        return super().compile(facts, eras)


def _ideograph_runs(excluded: frozenset[int]) -> list[tuple[int, int]]:
    """The ideograph ranges minus the excluded code points, as runs (without enumerating 100k points)."""
    out: list[tuple[int, int]] = []
    for lo, hi in IDEOGRAPH_RANGES:
        start = lo
        for cp in sorted(c for c in excluded if lo <= c <= hi):
            if cp > start:
                out.append((start, cp - 1))
            start = cp + 1
        if start <= hi:
            out.append((start, hi))
    return out


def _ivs_units(config: CharConfig) -> list[str]:
    """The regex units of accepted IVS sequences: any ideograph + selector under ``jisx0213``; with MJ
    tables exactly their sequences, one ``[bases]selector`` unit per selector (~30 in MJ).

    A sequence the tables do not hold is left to the scalar check (a warning there, or an error), so a
    value holding one is never cleared here; 機種依存文字 never stand in a unit (they must reach F11).
    """
    pd = config.platform_dependent
    if config.moji is None:
        return [f"{runs_class(_ideograph_runs(pd))}{_IVS}"]
    units: list[str] = []
    for selector, bases in config.moji.by_selector.items():
        cls = char_class(b for b in bases if is_ideograph(b) and b not in pd)
        if cls is not None:
            units.append(cls + code_point(selector))
    return units


@lru_cache(maxsize=32)
def _text_regex(data_type: TextType, config: CharConfig) -> str | None:
    """The one regex of a text type: F11–F13 clean, no F15, C3 syntax. None: no value can be clean.

    An ideograph followed by an IVS selector and a base followed by U+309A are the only sequences the
    character scanner accepts for characters outside the safe set; 機種依存文字 are never admitted (they
    warn wherever they stand).
    """
    admits = data_type.admits
    admitted = [cp for cp in safe_code_points(config) if admits(cp)]
    units: list[str] = []
    edge_units: list[str] = []  # units that may stand first or last (no U+0020/U+3000 there)
    plain = char_class(admitted)
    plain_edge = char_class(cp for cp in admitted if cp not in SPACES)
    if plain is not None:
        units.append(plain)
    if plain_edge is not None:
        edge_units.append(plain_edge)
    if admits(IVS_FIRST):  # the types that admit IVS selectors admit every ideograph and selector
        for pair in _ivs_units(config):
            units.append(pair)
            edge_units.append(pair)
    if admits(COMBINING_SEMI_VOICED):
        base = char_class(cp for cp in admitted if cp not in SPACES and pair_encodes(chr(cp)))
        if base is not None:
            units.append(base + code_point(COMBINING_SEMI_VOICED))
            edge_units.append(base + code_point(COMBINING_SEMI_VOICED))
    empty_ok = data_type.message is None  # no syntax of its own: the empty string is as clean as it gets
    if not edge_units:
        return "^$" if empty_ok else None
    unit = "(?:" + "|".join(units) + ")"
    edge = "(?:" + "|".join(edge_units) + ")"
    body = f"{edge}(?:{unit}*{edge})?"
    return f"^(?:{body})?$" if empty_ok else f"^{body}$"
