"""The MJ repertoire as the character rules see it: single code points and (base, IVS selector) sequences.

行政事務標準文字 is MJ (文字情報基盤) plus the Digital Agency's additions in private-use code points, and MJ
distinguishes glyphs by IVS sequences (葛 U+845B alone, 葛󠄀 U+845B U+E0100, …). A set of single code points
cannot say "U+845B U+E0100 is in, U+845B U+E0105 is not", so the repertoire is a set of *sequences*. The
tables are read by ``conformance.schema.moji``; this is only what a check needs, built once per run.

A :class:`MojiSet` is compared and hashed by the sha256 of the tables it came from (``key``), so a
configuration that holds it stays a cheap cache key (the character scanner and the polars regexes are
cached per configuration) while the sets themselves hold ~60,000 entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = ["REPERTOIRES", "MojiSet", "Repertoire"]

#: The values of the ``repertoire`` setting: which set F12 judges characters by.
Repertoire = Literal["jisx0213", "mj", "jisx0213+mj"]
REPERTOIRES: Final[tuple[Repertoire, ...]] = ("jisx0213", "mj", "jisx0213+mj")


@dataclass(frozen=True, slots=True, eq=False)
class MojiSet:
    """What the MJ tables of a run accept.

    ``singles`` holds every 実装したUCS (also the base of an IVS row: a base without a selector is that
    character, whichever glyph the font draws) and every 対応する互換漢字; ``sequences`` every
    (base, selector) of 実装したMoji_JohoコレクションIVS. ``key`` identifies the tables (their sha256s).
    """

    key: str
    singles: frozenset[int]
    sequences: frozenset[tuple[int, int]]
    by_selector: Mapping[int, frozenset[int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        grouped: dict[int, set[int]] = {}
        for base, selector in self.sequences:
            grouped.setdefault(selector, set()).add(base)
        # The polars prefilter admits ``[bases]selector`` per selector: exact, and ~30 selectors in MJ.
        object.__setattr__(self, "by_selector", {s: frozenset(b) for s, b in sorted(grouped.items())})

    @staticmethod
    def of(key: str, singles: Iterable[int], sequences: Iterable[tuple[int, int]]) -> MojiSet:
        return MojiSet(key, frozenset(singles), frozenset(sequences))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MojiSet) and other.key == self.key

    def __hash__(self) -> int:
        return hash(self.key)

    def __len__(self) -> int:
        return len(self.singles) + len(self.sequences)
