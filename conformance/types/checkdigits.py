"""Check-digit algorithms (spec §7) and the registry that the 書式 column names (C8).

Each built-in algorithm is written once, as :class:`Arithmetic`: a weight per digit position and a verdict
on the weighted sum. The verdicts use only operators that mean the same on Python ints and on polars
Series (``%``, ``//``, ``-``, ``==``, ``<=``, ``&``, ``|``), so the scalar check (:meth:`CheckDigit.__call__`)
and the vectorised one (:func:`verdict_series`) evaluate the same formula and cannot drift apart.

*Whether* C8 runs for a given length is the caller's decision (§12.11), recorded per algorithm
(:meth:`CheckDigit.applies`). 住民票コード has a check digit too, but its formula (平成14年総務省告示第436号)
is not available (§7.5), so it is checked by format only; adding it later is one entry in
:data:`CHECK_DIGITS` and ``住民票コードCD`` in the item's 書式. An entry may also give only a ``verify``
predicate: the fast path then runs it once per distinct value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

import polars as pl

__all__ = [
    "CHECK_DIGITS",
    "U64_DIGITS",
    "Arithmetic",
    "CheckDigit",
    "M11Remainder1",
    "vectorised_width",
    "verdict_series",
]

M11Remainder1 = Literal["zero", "reject", "any"]
U64_DIGITS: Final = 19  # every string of up to 19 ASCII digits parses as a u64


# Weight of the digit at position q from the right (q = 0 is the last digit); 0 leaves a digit out.
def _m11_weight(q: int) -> int:
    """2..7 repeating from the digit before the last (the last is the check digit)."""
    return 0 if q == 0 else 2 + (q - 1) % 6


def _corporate_weight(q: int) -> int:
    """§7.2: the check digit is FIRST (q = 12); body digit n = q + 1 weighs 1 (odd n) or 2 (even n)."""
    return 0 if q >= 12 else (1 if q % 2 == 0 else 2)


def _last(number: Any) -> Any:
    return number % 10


def _first_of_13(number: Any) -> Any:
    return number // 10**12


# Verdicts: (weighted sum, check digit, m11_remainder1) -> right? A check digit is 0–9, so "digit == 11 − r"
# never holds for r ≤ 1: those cases are spelt out.
def _my_number(total: Any, digit: Any, _r1: M11Remainder1) -> Any:
    """§7.1: r = Σ mod 11; r ≤ 1 → 0, else 11 − r."""
    r = total % 11
    return (digit == 11 - r) | ((r <= 1) & (digit == 0))


def _corporate(total: Any, digit: Any, _r1: M11Remainder1) -> Any:
    """§7.2: 9 − (Σ mod 9)."""
    return digit == 9 - total % 9


def _local_gov(total: Any, digit: Any, _r1: M11Remainder1) -> Any:
    """§7.3: (11 − (Σ mod 11)) mod 10."""
    return digit == (11 - total % 11) % 10


def _m11(total: Any, digit: Any, remainder1: M11Remainder1) -> Any:
    """§7.4: r = 0 → 0, else 11 − r; r = 1 (check 10) is unspecified: the ``m11_remainder1`` setting."""
    r = total % 11
    ok = (digit == 11 - r) | ((r == 0) & (digit == 0))
    if remainder1 == "any":
        return ok | (r == 1)
    if remainder1 == "zero":
        return ok | ((r == 1) & (digit == 0))
    return ok


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """A check digit as arithmetic on the whole number (the check digit included, at weight 0)."""

    weight: Callable[[int], int]
    digit: Callable[[Any], Any]  # the check digit of the number (int or Series)
    verdict: Callable[[Any, Any, M11Remainder1], Any]

    def ok(self, value: str, remainder1: M11Remainder1) -> bool:
        """The scalar form, on a string of ASCII digits."""
        total = sum(self.weight(q) * (ord(c) - 48) for q, c in enumerate(reversed(value)))
        # The check digit is the last digit or, of a 13-digit 法人番号, the first: the last 13 digits hold it,
        # and a value of any length (a huge 最大桁数) converts without Python's digit limit.
        return bool(self.verdict(total, self.digit(int(value[-13:])), remainder1))


def _digits(s: str) -> bool:
    return s.isascii() and s.isdigit()


@dataclass(frozen=True, slots=True)
class CheckDigit:
    """A check-digit algorithm as the 書式 column names it.

    ``length`` is the exact length the algorithm defines (None: any length ≥ ``min_length``); C8 is only
    evaluated on values of that length (§12.11). ``warning`` marks algorithms whose mismatch is a warning
    (M11: numbers assigned before the standard need not comply). ``verify`` answers "is the check digit
    right?" for the whole number as written; ``arithmetic``, when given, is what it computes, in a form
    the fast path can vectorise.
    """

    name: str
    length: int | None
    min_length: int
    warning: bool
    verify: Callable[[str, M11Remainder1], bool]
    label_ja: str = ""
    label_en: str = ""
    arithmetic: Arithmetic | None = None

    def applies(self, value: str) -> bool:
        n = len(value)
        return n == self.length if self.length is not None else n >= self.min_length

    def __call__(self, value: str, remainder1: M11Remainder1 = "zero") -> bool:
        return self.verify(value, remainder1)


def _weighted(
    name: str, length: int | None, min_length: int, warning: bool, arithmetic: Arithmetic, ja: str, en: str
) -> CheckDigit:
    """A CheckDigit whose ``verify`` is its arithmetic on digit strings of an applicable length."""

    def verify(value: str, remainder1: M11Remainder1) -> bool:
        n = len(value)
        right_length = n == length if length is not None else n >= min_length
        return right_length and _digits(value) and arithmetic.ok(value, remainder1)

    return CheckDigit(name, length, min_length, warning, verify, ja, en, arithmetic)


CHECK_DIGITS: dict[str, CheckDigit] = {
    cd.name: cd
    for cd in (
        # §7.1: weights 6,5,4,3,2,7,6,5,4,3,2 left to right on digits 1–11 = 2..7, 2..6 from the right.
        _weighted(
            "個人番号CD",
            12,
            12,
            False,
            Arithmetic(_m11_weight, _last, _my_number),
            "個人番号の検査用数字",
            "個人番号 check digit",
        ),
        _weighted(
            "法人番号CD",
            13,
            13,
            False,
            Arithmetic(_corporate_weight, _first_of_13, _corporate),
            "法人番号の検査用数字",
            "法人番号 check digit",
        ),
        # §7.3: weights 6,5,4,3,2 left to right on digits 1–5 = 2..6 from the right.
        _weighted(
            "団体コードCD",
            6,
            6,
            False,
            Arithmetic(_m11_weight, _last, _local_gov),
            "全国地方公共団体コードの検査数字",
            "local government code check digit",
        ),
        # §7.4: M11W2-7 on any length ≥ 2 (宛名番号, 世帯番号).
        _weighted(
            "M11",
            None,
            2,
            True,
            Arithmetic(_m11_weight, _last, _m11),
            "検査数字（モジュラス11 W2-7）",
            "M11W2-7 check digit",
        ),
    )
}


# --- the vectorised form ------------------------------------------------------------------------------


def vectorised_width(cd: CheckDigit) -> int | None:
    """The digit width the u64 arithmetic handles for this algorithm, or None (no vectorised form)."""
    if cd.arithmetic is None:
        return None
    return cd.length if cd.length is not None and cd.length <= U64_DIGITS else U64_DIGITS


@lru_cache(maxsize=64)
def _block_table(weights: tuple[int, int, int]) -> pl.Series:
    """Σ weight·digit of every 3-digit block 000–999 (digit p = 0 the block's last)."""
    return pl.Series(
        [sum(w * (a // 10**p % 10) for p, w in enumerate(weights)) for a in range(1000)], dtype=pl.Int32
    )


def _weighted_sum(number: pl.Series, weight: Callable[[int], int], width: int) -> pl.Series:
    """Σ weight(q)·digit(q) over the ``width`` lowest digits: 3-digit blocks looked up in tables."""
    total = pl.Series([0] * len(number), dtype=pl.Int32)
    rest = number
    for block in range((width + 2) // 3):
        digits = rest % 1000
        rest = rest // 1000
        total = total + _block_table(tuple(weight(3 * block + p) for p in range(3))).gather(digits)
    return total


def verdict_series(
    arithmetic: Arithmetic, remainder1: M11Remainder1, number: pl.Series, width: int
) -> pl.Series:
    """Whether the check digit of each number (u64 of at most ``width`` digits) is right."""
    total = _weighted_sum(number, arithmetic.weight, width)
    result: pl.Series = arithmetic.verdict(total, arithmetic.digit(number).cast(pl.Int32), remainder1)
    return result
