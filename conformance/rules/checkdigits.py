"""Check-digit algorithms (spec §7) and the registry that the 書式 column names (C8).

Each function takes the whole number as written and answers "is the check digit right?"; a value of the
wrong length or with a non-digit is simply not right. *Whether* C8 runs at all for a given length is the
caller's decision (§12.11), recorded per algorithm in :data:`CHECK_DIGITS`.

住民票コード has a check digit too, but its formula (平成14年総務省告示第436号) is not available (§7.5), so it
is checked by format only. Adding it later is one entry in :data:`CHECK_DIGITS`, e.g.
``CHECK_DIGITS["住民票コードCD"] = CheckDigit("住民票コードCD", 11, 11, False, lambda s, _r: ...)``, and
``住民票コードCD`` in the item's 書式.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CHECK_DIGITS",
    "CheckDigit",
    "corporate_number_ok",
    "local_gov_code_ok",
    "m11_check_digit",
    "m11_ok",
    "my_number_ok",
]

Remainder1 = Literal["zero", "reject", "any"]


def _digits(s: str, n: int | None = None) -> bool:
    return s.isascii() and s.isdigit() and (n is None or len(s) == n)


def my_number_ok(s: str) -> bool:
    """個人番号 (§7.1): 12 digits, weights 6,5,4,3,2,7,6,5,4,3,2 on the first 11; r ≤ 1 → 0, else 11 − r."""
    if not _digits(s, 12):
        return False
    total = sum(int(d) * w for d, w in zip(s[:11], (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True))
    r = total % 11
    return int(s[11]) == (0 if r <= 1 else 11 - r)


def corporate_number_ok(s: str) -> bool:
    """法人番号 (§7.2): 13 digits, check digit FIRST: 9 − (Σ P_n·Q_n mod 9), Q = 1/2 for odd/even n."""
    if not _digits(s, 13):
        return False
    body = s[1:]
    total = sum(int(d) * (1 if n % 2 == 1 else 2) for n, d in enumerate(reversed(body), start=1))
    return int(s[0]) == 9 - total % 9


def local_gov_code_ok(s: str) -> bool:
    """全国地方公共団体コード (§7.3): 6 digits; (11 − (Σ d·(6,5,4,3,2) mod 11)) mod 10."""
    if not _digits(s, 6):
        return False
    total = sum(int(d) * w for d, w in zip(s[:5], (6, 5, 4, 3, 2), strict=True))
    return int(s[5]) == (11 - total % 11) % 10


def m11_check_digit(body: str) -> int:
    """M11W2-7 (§7.4): weights 2..7 repeating from the rightmost body digit; r = 0 → 0, else 11 − r.

    The result is 10 when r = 1 (not specified by the standard; see ``m11_ok``).
    """
    total = 0
    for i, d in enumerate(reversed(body)):
        total += int(d) * (2 + i % 6)
    r = total % 11
    return 0 if r == 0 else 11 - r


def m11_ok(s: str, remainder1: Remainder1 = "zero") -> bool:
    """宛名番号/世帯番号 (§7.4): last digit is the M11W2-7 check digit of the rest (any length ≥ 2).

    ``remainder1`` settles the unspecified remainder-1 case (check 10): ``zero`` accepts 0 (default,
    INFERRED), ``reject`` accepts nothing, ``any`` accepts any digit.
    """
    if not _digits(s) or len(s) < 2:
        return False
    expected = m11_check_digit(s[:-1])
    if expected == 10:
        if remainder1 == "any":
            return True
        if remainder1 == "zero":
            return s[-1] == "0"
        return False
    return int(s[-1]) == expected


@dataclass(frozen=True, slots=True)
class CheckDigit:
    """A check-digit algorithm as the 書式 column names it.

    ``length`` is the exact length the algorithm defines (None: any length ≥ ``min_length``); C8 is only
    evaluated on values of that length (§12.11). ``warning`` marks algorithms whose mismatch is a warning
    (M11: numbers assigned before the standard need not comply).
    """

    name: str
    length: int | None
    min_length: int
    warning: bool
    verify: Callable[[str, Remainder1], bool]
    label_ja: str = ""
    label_en: str = ""

    def applies(self, value: str) -> bool:
        n = len(value)
        return n == self.length if self.length is not None else n >= self.min_length

    def __call__(self, value: str, remainder1: Remainder1 = "zero") -> bool:
        return self.verify(value, remainder1)


CHECK_DIGITS: dict[str, CheckDigit] = {
    "個人番号CD": CheckDigit(
        "個人番号CD",
        12,
        12,
        False,
        lambda s, _r: my_number_ok(s),
        "個人番号の検査用数字",
        "個人番号 check digit",
    ),
    "法人番号CD": CheckDigit(
        "法人番号CD",
        13,
        13,
        False,
        lambda s, _r: corporate_number_ok(s),
        "法人番号の検査用数字",
        "法人番号 check digit",
    ),
    "団体コードCD": CheckDigit(
        "団体コードCD",
        6,
        6,
        False,
        lambda s, _r: local_gov_code_ok(s),
        "全国地方公共団体コードの検査数字",
        "local government code check digit",
    ),
    "M11": CheckDigit("M11", None, 2, True, m11_ok, "検査数字（モジュラス11 W2-7）", "M11W2-7 check digit"),
}
