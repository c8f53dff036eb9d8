"""The one random source of a dataset, with the kinds of draw the row builders need.

Determinism rests on a single ``random.Random(seed)`` consulted in a fixed order: every builder draws from
the same ``Draw``, never from its own generator, the wall clock, or hash or set iteration order.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

T = TypeVar("T")


class Draw(random.Random):
    """A seeded ``random.Random`` plus the draws shared by persons, addresses and tax rows."""

    def day(self, lo: date, hi: date) -> date:
        """A day in [lo, hi]; ``lo`` when the range is empty (callers clamp bounds, not retry)."""
        if hi <= lo:
            return lo
        return date.fromordinal(self.randint(lo.toordinal(), hi.toordinal()))

    def chance(self, p: float) -> bool:
        return self.random() < p

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.randrange(len(seq))]

    def weighted(self, pairs: Sequence[tuple[str, int]]) -> str:
        """One value of ``(value, weight)`` pairs, by integer weights (exact and platform-independent)."""
        x = self.randrange(sum(w for _, w in pairs))
        for v, w in pairs:
            x -= w
            if x < 0:
                return v
        raise AssertionError("unreachable")

    def digits(self, n: int) -> str:
        """``n`` decimal digits, leading zeros kept (designation numbers, card serials, postal codes)."""
        return f"{self.randrange(10**n):0{n}d}"

    def stamp(self, d: date) -> str:
        """A 更新日時 in office hours on ``d``, with the +09:00 offset on most rows (both forms are valid)."""
        t = f"{d.isoformat()}T{self.randint(8, 18):02d}:{self.randrange(60):02d}:{self.randrange(60):02d}"
        return t + "+09:00" if self.chance(0.8) else t
