"""Identifiers with valid check digits (spec §7), generated without storing what was issued.

The generator must stream millions of rows, so uniqueness comes from construction, not from a set of used
values: 宛名番号/世帯番号 are sequential counters (as the standard numbers them), 個人番号, 住民票コード and
法人番号 are images of an index under a bijection of their digit space (an affine map modulo 10^k with a
multiplier coprime to 10), so distinct indexes give distinct numbers.
"""

from __future__ import annotations

import random


def m11_check(body: str) -> int | None:
    """M11W2-7 check digit (住基標準1.1.13), or None for remainder 1 (unspecified: never issued here)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        total += int(ch) * (2 + i % 6)
    r = total % 11
    if r == 0:
        return 0
    if r == 1:
        return None
    return 11 - r


def my_number_check(base11: str) -> int:
    """個人番号 check digit (平成26年総務省令第85号 第5条): weights 6,5,4,3,2,7,6,5,4,3,2 left to right."""
    weights = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    r = sum(int(c) * w for c, w in zip(base11, weights, strict=True)) % 11
    return 0 if r <= 1 else 11 - r


def corporate_number_check(base12: str) -> int:
    """法人番号 check digit (国税庁): 9 − (Σ P_n·Q_n mod 9); Q_n = 1 for odd n, 2 for even n (from right)."""
    total = 0
    for n, ch in enumerate(reversed(base12), start=1):
        total += int(ch) * (1 if n % 2 else 2)
    return 9 - total % 9


def local_gov_check(base5: str) -> int:
    """全国地方公共団体コード check digit (§7.3)."""
    s = sum(int(c) * w for c, w in zip(base5, (6, 5, 4, 3, 2), strict=True))
    return (11 - s % 11) % 10


class M11Counter:
    """Sequential 10-digit numbers (9-digit body + M11 digit), skipping bodies whose remainder is 1."""

    def __init__(self, start: int) -> None:
        self._next = start

    def next(self) -> str:
        while True:
            body = f"{self._next:09d}"
            self._next += 1
            check = m11_check(body)
            if check is not None:
                return body + str(check)


def with_wrong_m11(number: str) -> str:
    """The same body with a check digit that is wrong under every m11_remainder1 setting."""
    body = number[:-1]
    good = m11_check(body)
    bad = (int(number[-1]) + 1) % 10
    while bad == good or bad == 0:  # 0 is accepted for remainder 1 under 'zero'/'any'
        bad = (bad + 1) % 10
    return body + str(bad)


class Bijection:
    """index -> k-digit string, injective for 0 <= index < 10**k (affine map mod 10**k)."""

    def __init__(self, digits: int, multiplier: int, offset: int) -> None:
        if multiplier % 2 == 0 or multiplier % 5 == 0:
            raise ValueError("multiplier must be coprime to 10")
        self.digits = digits
        self._mod = 10**digits
        self._mul = multiplier % self._mod
        self._off = offset % self._mod

    def __call__(self, index: int) -> str:
        return f"{(index * self._mul + self._off) % self._mod:0{self.digits}d}"


def my_number(base11: str) -> str:
    return base11 + str(my_number_check(base11))


def corporate_number(base12: str) -> str:
    return str(corporate_number_check(base12)) + base12


class Issuer:
    """Every identifier of one dataset: each kind from its own counter or index space, so none repeats.

    個人番号 index spaces: resident persons < 10^9, non-residents 10^9 + j, never-issued 2·10^9 + k.
    """

    def __init__(self, rng: random.Random) -> None:
        self.aname = M11Counter(10000)  # 宛名番号: one sequence for residents and non-residents
        self.household = M11Counter(200000)  # 世帯番号
        self.unissued_aname = M11Counter(900000000)  # never issued (X21 injections)
        self._my = Bijection(11, 31_415_926_537, rng.randrange(10**11))
        self._juminhyo = Bijection(11, 27_182_818_283, rng.randrange(10**11))
        self._corp = Bijection(12, 161_803_398_877, rng.randrange(10**12))
        self._residents = 0
        self._outsiders = 0
        self._fresh = 0
        self._corporations = 0

    def resident(self) -> tuple[str, str]:
        """個人番号 and 住民票コード of the next resident person."""
        i = self._residents
        self._residents += 1
        return my_number(self._my(i)), self._juminhyo(i)

    def outsider(self) -> str:
        """個人番号 of the next non-resident person (one living abroad takes an index but has no number)."""
        self._outsiders += 1
        return my_number(self._my(10**9 + self._outsiders))

    def fresh_my_number(self) -> str:
        """A valid 個人番号 that no person of the dataset holds."""
        self._fresh += 1
        return my_number(self._my(2 * 10**9 + self._fresh))

    def corporate_number(self) -> str:
        self._corporations += 1
        return corporate_number(self._corp(self._corporations))
