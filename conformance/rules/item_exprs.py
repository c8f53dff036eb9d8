"""Sound vectorised prefilters for the item checks: the polars fast path's "certainly clean" test.

``ItemCheck.check`` (``item_checks``) stays the one definition of every item rule. For each item,
:func:`clean_expr` builds a polars boolean expression that is True only where the scalar check is certain
to return ``([], False)``; the fast path sends every other row to the scalar check, which produces the
findings. So the fast path cannot mean something else than the reference: the expression may be False for
a clean value (that only costs a scalar call), but it must never be True for a value with a fault.

Each piece mirrors a step of §3.4 and errs on the False side:

- NULL: C1/C2 with the 条件 (``Condition.to_expr``) and the 不詳可 companion ``<項目名>不詳表記``.
- Text types and 文字列: ONE anchored regex does F11–F13, F15 and the C3 syntax. Its units are the *safe*
  characters the type admits (those the character scanner accepts on their own: JIS X 0213 by the codec,
  minus 機種依存文字, controls and U+309A, plus mapped 外字 and the extra repertoire), an ideograph
  followed by one IVS selector, and a kana whose pair with U+309A encodes followed by U+309A; the first
  and last unit must not be U+0020/U+3000.
- 数字/整数/年: ``str.to_integer`` (Rust's ``u64`` parser: an optional ``+`` then ASCII digits) and no
  leading ``+`` is exactly "ASCII digits"; C4/C5 count bytes then. Longer limits fall back to a regex.
- 小数, 日付, 日時: one anchored Rust regex each, with the Gregorian calendar spelt out (month lengths,
  leap years, no year 0000); ``[0-9]``, never ``\\d`` (Rust's ``\\d`` is Unicode). 暦外可 admits 02-29
  of any year, the only day §6 adds.
- 和暦日付 (C9): arithmetic on the number GYYMMDD over the era table of the schema set (``schema.eras``).
- C4/C5 (F14 in code points minus IVS, digits, or UTF-8 bytes), C6 (a code table's clean codes are
  decided once by the scalar check itself), C7 (書式 regexes translated from Python's own syntax tree),
  C8 (check digits as integer arithmetic: 3-digit blocks of the number looked up in weight tables).
- The *distinct-value trick* where the result depends on the value alone and no exact translation
  exists (a 書式 regex with ``\\d``, look-arounds …; a check-digit algorithm added to ``CHECK_DIGITS``
  later): ``map_batches`` runs the scalar predicate once per distinct value of the column.

Polars has no let-binding inside one expression, so work that needs a shared intermediate (the number of
a check-digit item, the era fields) runs inside one ``map_batches`` on eager Series: nothing is computed
twice, whatever the caller's optimiser does. These batch functions are not elementwise for polars, so they
run once per column rather than once per chunk (a CSV read in 200 chunks made them ten times slower);
they are only ever applied to expressions that read a column. Typical costs per 1M values: a regex pass
50–100 ms, ``to_integer`` ~30 ms, arithmetic, ``gather`` and ``len`` a few ms.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Final

import polars as pl

from conformance.rules.chars import base_repertoire, is_ivs, is_pua, pair_encodes
from conformance.rules.checkdigits import CheckDigit
from conformance.rules.item_checks import DATE_TYPES, ItemCheck
from conformance.schema.conditions import Column
from conformance.schema.model import Era, M11Remainder1, SchemaSet

__all__ = ["IDEOGRAPH_RANGES", "Column", "clean_expr", "translate_regex"]

_sre_parser: Any = importlib.import_module("re._parser")  # Python's regex syntax tree (no public API)
_MAXREPEAT: Final[int] = int(importlib.import_module("re._constants").MAXREPEAT)

IVS_FIRST, IVS_LAST = 0xE0100, 0xE01EF
IVS: Final = r"[\x{E0100}-\x{E01EF}]"
_SEMI_VOICED: Final = 0x309A
_SPACES: Final = frozenset({0x20, 0x3000})
_SURROGATES: Final = (0xD800, 0xDFFF)  # never in a polars string; a Rust regex cannot name them
# §2 F12 ideograph ranges, as chars.is_ideograph tests them (the tests check that the two agree).
IDEOGRAPH_RANGES: Final[tuple[tuple[int, int], ...]] = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x2F800, 0x2FA1F),
    (0x30000, 0x323AF),
)
_U64_DIGITS: Final = 19  # every string of up to 19 ASCII digits parses as a u64
_CLEAN: Final[tuple[list[object], bool]] = ([], False)

# §3.2: the characters each text type admits (C3), as a predicate on the code point.
_TEXT_ADMITS: Final[dict[str, Callable[[int], bool]]] = {
    "文字列": lambda cp: True,
    "全角文字列": lambda cp: not (cp <= 0x7F or 0xFF61 <= cp <= 0xFF9F),
    "半角文字列": lambda cp: 0x20 <= cp <= 0x7E,
    "カナ": lambda cp: 0x30A1 <= cp <= 0x30FA or cp in (0x30FC, 0x3000),
    "英字氏名": lambda cp: 0x41 <= cp <= 0x5A or chr(cp) in " ,-.'",
}
# The characters the other types' syntax admits: their character rules are implied when all are safe.
_SYNTAX_CHARS: Final[dict[str, str]] = {
    "数字": "0123456789",
    "整数": "0123456789",
    "年": "0123456789",
    "小数": "0123456789.",
    "日付": "0123456789-",
    "日時": "0123456789-T:+",
    "和暦日付": "0123456789",
}
# Gregorian calendar as regexes: years 0001–9999 (0000 is no year), month lengths, leap years.
_YEAR: Final = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP_YEAR: Final = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_MONTH_DAY: Final = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_CALENDAR_DATE: Final = f"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)"
_LEAP_LENGTH_DATE: Final = f"(?:{_YEAR}-(?:{_MONTH_DAY}|02-29))"  # §6 暦外可: month lengths of a leap year
_TIME: Final = r"T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\+09:00)?"
_FIXED_LENGTHS: Final[dict[str, tuple[int, ...]]] = {"日付": (10,), "日時": (19, 25), "和暦日付": (7,)}


# --- character repertoire -----------------------------------------------------------------------------


def _ranges(cps: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted disjoint (lo, hi) runs of the code points, surrogates left out."""
    out: list[tuple[int, int]] = []
    for cp in sorted(set(cps)):
        if _SURROGATES[0] <= cp <= _SURROGATES[1]:
            continue
        if out and cp == out[-1][1] + 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def _cp(cp: int) -> str:
    return f"\\x{{{cp:X}}}"


def _class_of_runs(runs: Iterable[tuple[int, int]]) -> str | None:
    body = "".join(_cp(lo) if lo == hi else f"{_cp(lo)}-{_cp(hi)}" for lo, hi in runs)
    return f"[{body}]" if body else None


def _class(cps: Iterable[int]) -> str | None:
    """A Rust character class of the code points, or None when there are none."""
    return _class_of_runs(_ranges(cps))


@lru_cache(maxsize=8)
def _repertoire(
    platform_dependent: frozenset[int], pua: frozenset[int], extra: frozenset[int]
) -> tuple[frozenset[int], tuple[int, ...]]:
    """(safe code points, the safe bases that may carry U+309A).

    The safe set is built exactly as ``CharScanner`` builds its fast set: a character in it can never
    produce a fault on its own, except F15 at an edge.
    """
    fast = {ord(c) for c in base_repertoire()}
    fast.update(pua)
    fast.update(cp for cp in extra if not is_pua(cp) and not is_ivs(cp))
    fast.discard(_SEMI_VOICED)
    fast.difference_update(platform_dependent)
    bases = tuple(sorted(cp for cp in fast if pair_encodes(chr(cp))))
    return frozenset(fast), bases


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


@lru_cache(maxsize=32)
def _text_regex(
    data_type: str, platform_dependent: frozenset[int], pua: frozenset[int], extra: frozenset[int]
) -> str | None:
    """The one regex of a text type: F11–F13 clean, no F15, C3 syntax. None: no value can be clean.

    An ideograph followed by an IVS selector and a base followed by U+309A are the only sequences the
    character scanner accepts for characters outside the safe set; 機種依存文字 are never admitted (they
    warn wherever they stand).
    """
    admits = _TEXT_ADMITS[data_type]
    safe, bases = _repertoire(platform_dependent, pua, extra)
    units: list[str] = []
    edge_units: list[str] = []  # units that may stand first or last (no U+0020/U+3000 there)
    plain = _class(cp for cp in safe if admits(cp))
    plain_edge = _class(cp for cp in safe if admits(cp) and cp not in _SPACES)
    if plain is not None:
        units.append(plain)
    if plain_edge is not None:
        edge_units.append(plain_edge)
    if admits(IVS_FIRST):  # the types that admit IVS selectors admit every ideograph and selector
        pair = f"{_class_of_runs(_ideograph_runs(platform_dependent))}{IVS}"
        units.append(pair)
        edge_units.append(pair)
    base = _class(cp for cp in bases if admits(cp) and cp not in _SPACES)
    if admits(_SEMI_VOICED) and base is not None:
        units.append(base + _cp(_SEMI_VOICED))
        edge_units.append(base + _cp(_SEMI_VOICED))
    if not edge_units:
        return None if data_type != "文字列" else "^$"
    unit = "(?:" + "|".join(units) + ")"
    edge = "(?:" + "|".join(edge_units) + ")"
    body = f"{edge}(?:{unit}*{edge})?"
    # 文字列 has no syntax of its own: the empty string is as clean as the scalar check finds it.
    return f"^(?:{body})?$" if data_type == "文字列" else f"^{body}$"


# --- Python regex → Rust regex ------------------------------------------------------------------------


class _Untranslatable(Exception):
    """A construct whose Rust meaning could differ from Python's (or that Rust lacks)."""


def _literal(cp: int) -> str:
    if _SURROGATES[0] <= cp <= _SURROGATES[1]:
        raise _Untranslatable("surrogate")
    return _cp(cp)


def _char_class(items: list[tuple[Any, Any]]) -> str:
    negate = False
    body: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            body.append(_literal(av))
        elif name == "RANGE":
            lo, hi = av
            if lo <= _SURROGATES[1] and hi >= _SURROGATES[0]:
                raise _Untranslatable("surrogate range")
            body.append(f"{_cp(lo)}-{_cp(hi)}")
        else:  # CATEGORY (\d, \w, \s …): the Unicode tables of Python and Rust may differ
            raise _Untranslatable(name)
    if not body:
        raise _Untranslatable("empty class")
    return f"[{'^' if negate else ''}{''.join(body)}]"


def _emit(sub: Any, *, dotall: bool, top: bool) -> str:
    data = list(sub.data)
    out: list[str] = []
    for i, (op, av) in enumerate(data):
        name = str(op)
        if name == "LITERAL":
            out.append(_literal(av))
        elif name == "NOT_LITERAL":
            out.append(f"[^{_literal(av)}]")
        elif name == "ANY":
            out.append(r"[\x{0}-\x{10FFFF}]" if dotall else r"[^\n]")
        elif name == "IN":
            out.append(_char_class(av))
        elif name == "BRANCH":
            out.append("(?:" + "|".join(_emit(s, dotall=dotall, top=False) for s in av[1]) + ")")
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise _Untranslatable("scoped flags")
            out.append("(?:" + _emit(inner, dotall=dotall, top=False) + ")")
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):  # greedy or lazy: the same for a whole-value match
            lo, hi, inner = av
            count = f"{{{lo},}}" if hi >= _MAXREPEAT else f"{{{lo},{hi}}}"
            out.append("(?:" + _emit(inner, dotall=dotall, top=False) + ")" + count)
        elif (
            name == "AT"
            and top
            and (
                (i == 0 and str(av) in ("AT_BEGINNING", "AT_BEGINNING_STRING"))
                or (i == len(data) - 1 and str(av) in ("AT_END", "AT_END_STRING"))
            )
        ):
            continue  # ^ first / $ last at the top level: always true in a whole-value match
        else:  # other anchors, back-references, look-arounds, atomic/possessive groups, categories
            raise _Untranslatable(name)
    return "".join(out)


_ALLOWED_FLAGS: Final = re.UNICODE | re.VERBOSE | re.DOTALL


@lru_cache(maxsize=256)
def _translate(pattern: str, flags: int) -> str | None:
    try:
        tree = _sre_parser.parse(pattern, flags)
        if tree.state.flags & ~_ALLOWED_FLAGS:  # IGNORECASE, MULTILINE, ASCII … (also inline (?i) etc.)
            return None
        body = _emit(tree, dotall=bool(tree.state.flags & re.DOTALL), top=True)
    except (_Untranslatable, re.error, RecursionError):
        return None
    rust = f"^(?:{body})$"
    try:  # Rust may still refuse it (size limits of huge repetitions …): then it is not translatable
        pl.select(pl.lit("", pl.String).str.contains(rust))
    except pl.exceptions.PolarsError:
        return None
    return rust


def translate_regex(regex: re.Pattern[str]) -> str | None:
    """An anchored polars (Rust) regex matching exactly the strings ``regex.fullmatch`` matches, or None.

    Built from Python's own parse tree so that every construct is spelt out explicitly (code points as
    ``\\x{…}``, classes as ranges). Constructs whose meaning may differ between the two engines — Unicode
    categories (``\\d``, ``\\w``, ``\\s``), case folding, multi-line anchors, ``^``/``$`` other than at the
    ends, word boundaries, back-references, look-arounds, possessive or atomic groups — give None.
    """
    return _translate(regex.pattern, regex.flags)


# --- expression helpers -------------------------------------------------------------------------------


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

    return value.map_batches(run, return_dtype=pl.Boolean, is_elementwise=False).fill_null(False)


# --- the pieces of clean_expr -------------------------------------------------------------------------


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


def _length(check: ItemCheck, value: pl.Expr, *, admits_ivs: bool) -> pl.Expr | None:
    """C4/C5 as the scalar counts F14, or None when no limit applies.

    In character mode a maximum is tested on the raw code-point count, which is never below the F14
    length (sound; a value with IVS selectors right at the limit goes scalar); a minimum subtracts them.
    """
    high, low = check.length_limits
    if high is None and low is None:
        return None
    mode = check.length_mode
    if mode == "bytes":
        raw = n = value.str.len_bytes().cast(pl.Int64)
    elif mode == "digits":
        raw = n = value.str.len_chars().cast(pl.Int64) - value.str.count_matches(".", literal=True)
    else:
        raw = value.str.len_chars().cast(pl.Int64)
        n = raw - value.str.count_matches(IVS).cast(pl.Int64) if admits_ivs and low is not None else raw
    parts: list[pl.Expr] = []
    if high is not None:
        parts.append(raw <= high)
    if low is not None:
        parts.append(n >= low)
    return _all(parts)


def _digit_range(check: ItemCheck) -> tuple[int, int | None] | None:
    """The digit counts 数字/整数/年 admit, C4/C5 included (F14 counts digits; bytes equal digits)."""
    lo, hi = (4, 4) if check.item.data_type == "年" else (1, None)
    high, low = check.length_limits
    if low is not None:
        lo = max(lo, low)
    if high is not None:
        hi = high if hi is None else min(hi, high)
    if hi is not None and hi < lo:
        return None
    return lo, hi


# --- C8: check digits as arithmetic ---------------------------------------------------------------------


# Weight of the digit at position q from the right (q = 0 is the last digit); 0 leaves a digit out.
def _m11_weight(q: int) -> int:
    return 0 if q == 0 else 2 + (q - 1) % 6


def _corporate_weight(q: int) -> int:
    return 0 if q >= 12 else (1 if q % 2 == 0 else 2)


_WEIGHTS: Final[dict[str, Callable[[int], int]]] = {
    # §7.1: weights 6,5,4,3,2,7,6,5,4,3,2 left to right on digits 1–11 = 2..7, 2..6 from the right.
    "個人番号CD": _m11_weight,
    # §7.2: the check digit is FIRST (q = 12); body digit n = q + 1 weighs 1 (odd n) or 2 (even n).
    "法人番号CD": _corporate_weight,
    # §7.3: weights 6,5,4,3,2 left to right on digits 1–5 = 2..6 from the right.
    "団体コードCD": _m11_weight,
    # §7.4: M11W2-7, weights 2..7 repeating from the rightmost body digit.
    "M11": _m11_weight,
}
_FIXED: Final[dict[str, int]] = {"個人番号CD": 12, "法人番号CD": 13, "団体コードCD": 6}


@lru_cache(maxsize=64)
def _block_table(weights: tuple[int, int, int]) -> pl.Series:
    """Σ weight·digit of every 3-digit block 000–999 (digit p = 0 the block's last)."""
    return pl.Series(
        [sum(w * (a // 10**p % 10) for p, w in enumerate(weights)) for a in range(1000)], dtype=pl.Int32
    )


def _weighted_sum(number: pl.Series, weight: Callable[[int], int], width: int) -> pl.Series:
    """Σ weight(q)·digit(q) over the ``width`` lowest digits: 3-digit blocks looked up in tables."""
    total: pl.Series | None = None
    rest = number
    for block in range((width + 2) // 3):
        digits = rest % 1000
        rest = rest // 1000
        term = _block_table(tuple(weight(3 * block + p) for p in range(3))).gather(digits)
        total = term if total is None else total + term
    assert total is not None
    return total


def _vectorised_check_digit(c8: CheckDigit) -> int | None:
    """The digit width the arithmetic handles for this algorithm, or None (no vectorised form)."""
    if c8.name in _FIXED:
        return c8.length if c8.length == _FIXED[c8.name] else None
    if c8.name == "M11" and c8.length is None:
        return _U64_DIGITS
    return None


def _check_digit_verdict(name: str, remainder1: M11Remainder1, number: pl.Series, width: int) -> pl.Series:
    """Whether the check digit of each (digit-only) number is right."""
    total = _weighted_sum(number, _WEIGHTS[name], width)
    last = (number % 10).cast(pl.Int32)
    # A check digit is 0–9, so "last == 11 − r" never holds for r ≤ 1: those cases are spelt out.
    if name == "個人番号CD":
        r = total % 11
        return (last == 11 - r) | ((r <= 1) & (last == 0))
    if name == "法人番号CD":
        return (number // 10**12).cast(pl.Int32) == 9 - total % 9
    if name == "団体コードCD":
        return last == (11 - total % 11) % 10
    r = total % 11  # M11: r = 0 → 0; r = 1 (check 10) by the m11_remainder1 setting
    ok = (last == 11 - r) | ((r == 0) & (last == 0))
    if remainder1 == "any":
        ok = ok | (r == 1)
    elif remainder1 == "zero":
        ok = ok | ((r == 1) & (last == 0))
    return ok


def _digits_and_check_digit(
    value: pl.Expr,
    digits: tuple[int, int] | None,
    c8: CheckDigit | None,
    remainder1: M11Remainder1,
) -> pl.Expr:
    """One pass over a number item: ASCII digits in ``digits`` counts (if given) and C8 (if given).

    ``str.to_integer`` as u64 accepts exactly an optional ``+`` and ASCII digits, so "parses and has no
    ``+``" is "ASCII digits"; then bytes = digits = code points.
    """
    width = None if c8 is None else _vectorised_check_digit(c8)
    if width is not None and digits is not None:
        width = min(width, digits[1])  # a longer value fails the digit count anyway: fewer 3-digit blocks

    def run(series: pl.Series) -> pl.Series:
        number = series.str.to_integer(dtype=pl.UInt64, strict=False)
        n_bytes = series.str.len_bytes()
        is_digits = number.is_not_null() & ~series.str.starts_with("+")
        ok = pl.repeat(True, len(series), dtype=pl.Boolean, eager=True) if digits is None else is_digits
        if digits is not None:
            ok = ok & (n_bytes >= digits[0]) & (n_bytes <= digits[1])
        if c8 is not None and width is not None:
            n_chars = n_bytes if digits is not None else series.str.len_chars()
            applies = (n_chars == c8.length) if c8.length is not None else (n_chars >= c8.min_length)
            right = is_digits & (n_bytes <= width) & _check_digit_verdict(c8.name, remainder1, number, width)
            ok = ok & (~applies | right)
        return ok.fill_null(False)

    return value.map_batches(run, return_dtype=pl.Boolean, is_elementwise=False).fill_null(False)


# --- C9: 和暦日付 as arithmetic over the era table ------------------------------------------------------

_MONTH_LENGTH: Final = pl.Series(
    [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] + [0] * 87, dtype=pl.Int64
)
_OPEN: Final = 10**9  # "no limit" for the open era's last year and last day


def _era_columns(eras: Sequence[Era]) -> dict[str, pl.Series]:
    """The era table indexed by the G digit 0–9 (as ``EraTable``: a later row with the same code wins)."""
    by_code = {e.code: e for e in eras}
    table: dict[str, list[int]] = {k: [0] * 10 for k in ("known", "first_year", "last_year", "first", "last")}
    for code, era in by_code.items():
        if len(code) != 1 or code not in "123456789":
            continue  # G is the first of seven ASCII digits and never 0: such a code never matches
        g = int(code)
        table["known"][g] = 1
        table["first_year"][g] = era.first_year
        table["last_year"][g] = era.last_year if era.last_year is not None else _OPEN
        table["first"][g] = era.first_day[0] * 10000 + era.first_day[1] * 100 + era.first_day[2]
        last = era.last_day
        table["last"][g] = last[0] * 10000 + last[1] * 100 + last[2] if last is not None else _OPEN
    return {k: pl.Series(v, dtype=pl.Int64) for k, v in table.items()}


def _wareki_verdict(series: pl.Series, relaxed: pl.Series | bool, eras: dict[str, pl.Series]) -> pl.Series:
    """§5.2 on each value: GYYMMDD syntax, known era, 1 ≤ YY ≤ last year, a (leap-length) day, in range."""
    n = series.str.to_integer(strict=False)
    syntax = n.is_not_null() & ~series.str.starts_with("+") & (series.str.len_bytes() == 7) & (n >= 10**6)
    n = n.fill_null(0).clip(0, 10**7 - 1)
    g = n // 10**6
    yy = n // 10**4 % 100
    mm = n // 100 % 100
    dd = n % 100
    y = eras["first_year"].gather(g) + yy - 1
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    feb29 = (mm == 2) & (leap | relaxed)
    limit = _MONTH_LENGTH.gather(mm) + feb29.cast(pl.Int64)
    key = y * 10000 + mm * 100 + dd
    return (
        syntax
        & (eras["known"].gather(g) == 1)
        & (yy >= 1)
        & (yy <= eras["last_year"].gather(g))
        & (y >= 1)
        & (dd >= 1)
        & (dd <= limit)
        & (key >= eras["first"].gather(g))
        & (key <= eras["last"].gather(g))
    ).fill_null(False)


def _wareki_ok(value: pl.Expr, eras: Sequence[Era], non_calendar: pl.Expr | bool) -> pl.Expr:
    table = _era_columns(eras)
    if isinstance(non_calendar, bool):
        mode = non_calendar
        return value.map_batches(
            lambda s: _wareki_verdict(s, mode, table), return_dtype=pl.Boolean, is_elementwise=False
        )
    both = pl.struct(value.alias("value"), non_calendar.alias("non_calendar"))
    return both.map_batches(
        lambda s: _wareki_verdict(s.struct.field("value"), s.struct.field("non_calendar"), table),
        return_dtype=pl.Boolean,
        is_elementwise=False,
    )


def _code_clean(check: ItemCheck, codes: frozenset[str]) -> list[str]:
    """The codes for which the whole scalar check is clean (value-only for a non-date type)."""
    return sorted(c for c in codes if check.check(c, {}) == _CLEAN)


def _fixed_length(check: ItemCheck, value: pl.Expr, data_type: str) -> pl.Expr | None:
    """C4/C5 of a type whose syntax fixes the length: None when every such length is within the limits."""
    high, low = check.length_limits
    if all((high is None or n <= high) and (low is None or n >= low) for n in _FIXED_LENGTHS[data_type]):
        return None
    return _length(check, value, admits_ivs=False)


# --- the value check ----------------------------------------------------------------------------------


def _value_clean(check: ItemCheck, schema: SchemaSet, value: pl.Expr, column: Column) -> pl.Expr:
    """True only where the non-NULL value is clean (steps 1–3 of §3.4)."""
    data_type = check.item.data_type
    codes = check.codes
    if codes is not None and data_type not in DATE_TYPES:
        # A finite set and a value-only check: the clean codes, decided once by the scalar check itself.
        return _one_of(value, _code_clean(check, codes))
    settings = schema.settings
    config = (schema.platform_dependent, frozenset(settings.pua_map), settings.extra_repertoire)
    c8 = check.check_digit
    remainder1 = check.m11_remainder1
    parts: list[pl.Expr] = []
    c8_done = False
    if data_type in _TEXT_ADMITS:
        text = _text_regex(data_type, *config)
        if text is None:
            return pl.lit(False)
        parts.append(value.str.contains(text))
        length = _length(check, value, admits_ivs=data_type in ("文字列", "全角文字列"))
    else:
        if not {ord(c) for c in _SYNTAX_CHARS[data_type]} <= _repertoire(*config)[0]:
            return pl.lit(False)  # a syntax character is itself 機種依存 here: leave it all to the scalar
        length = None
        if data_type in ("数字", "整数", "年"):
            counts = _digit_range(check)
            if counts is None:
                return pl.lit(False)
            lo, hi = counts
            if hi is not None and hi <= _U64_DIGITS:
                parts.append(_digits_and_check_digit(value, (lo, hi), c8, remainder1))
                c8_done = c8 is None or _vectorised_check_digit(c8) is not None
            else:
                parts.append(value.str.contains(f"^[0-9]{{{lo},{'' if hi is None else hi}}}$"))
        elif data_type == "和暦日付":
            parts.append(_wareki_ok(value, schema.eras, _non_calendar(check, column)))
            length = _fixed_length(check, value, data_type)
        elif data_type == "小数":
            scale = check.decimal_scale
            p, s = ("", "") if scale is None else scale
            parts.append(value.str.contains(f"^[0-9]{{1,{p}}}(?:\\.[0-9]{{1,{s}}})?$"))
            length = _length(check, value, admits_ivs=False)
        else:
            date = _CALENDAR_DATE if data_type == "日付" else f"{_CALENDAR_DATE}{_TIME}"
            mode = _non_calendar(check, column) if data_type == "日付" else False
            if mode is True:
                parts.append(value.str.contains(f"^{_LEAP_LENGTH_DATE}$"))
            elif mode is False:
                parts.append(value.str.contains(f"^{date}$"))
            else:
                calendar = value.str.contains(f"^{date}$")
                parts.append(value.str.contains(f"^{_LEAP_LENGTH_DATE}$") & (mode | calendar))
            length = _fixed_length(check, value, data_type)
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
    if c8 is not None and not c8_done:
        if _vectorised_check_digit(c8) is not None:
            parts.append(_digits_and_check_digit(value, None, c8, remainder1))
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
