"""Addresses in the fictional 東京都見本市 and elsewhere in Japan, consistent across the items that hold them.

A local address carries its 郵便番号 and 住所コード, derived from the same town and block numbers, so that
every member of a household shares all four items (X5) simply by sharing the ``Address``.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.sample import names as N
from conformance.sample.draw import Draw


@dataclass(slots=True)
class Address:
    jusho: str  # 住所
    katagaki: str | None  # 方書
    postal: str  # 郵便番号
    code: str  # 住所コード


class Addresses:
    def __init__(self, draw: Draw) -> None:
        self._draw = draw

    def local(self, apartment: bool | None = None) -> Address:
        """A 住所 in 見本市 (with a 方書 when ``apartment``; by chance when None)."""
        d = self._draw
        ti = d.randrange(len(N.TOWNS))
        chome, ban, go = d.randint(1, 6), d.randint(1, 40), d.randint(1, 30)
        jusho = f"{N.CITY}{N.TOWNS[ti]}{N.kanji_number(chome)}丁目{N.fullwidth(ban)}番{N.fullwidth(go)}号"
        if apartment is None:
            apartment = d.chance(0.35)
        katagaki = None
        if apartment:
            room = d.randint(1, 6) * 100 + d.randint(1, 12)
            katagaki = f"{d.pick(N.APARTMENTS)}{N.fullwidth(room)}号室"
        return Address(jusho, katagaki, f"199{ti + 1:04d}", f"{ti + 1:03d}{chome:02d}{ban:03d}{go:02d}")

    def local_lot(self) -> str:
        """A 地番-style address in 見本市 (a 本籍)."""
        d = self._draw
        town, chome = d.pick(N.TOWNS), N.kanji_number(d.randint(1, 6))
        return f"{N.CITY}{town}{chome}丁目{N.fullwidth(d.randint(1, 60))}番地"

    def elsewhere(self, *, lot: bool = False) -> str:
        """An address in another municipality: a 住居表示 one, or a 地番 one (a 本籍) with ``lot``."""
        d = self._draw
        town = d.pick(N.OTHER_TOWNS)
        chome = N.kanji_number(d.randint(1, 5))
        if lot:
            return f"{d.pick(N.OTHER_CITIES)}{town}{chome}丁目{N.fullwidth(d.randint(1, 60))}番地"
        return (f"{d.pick(N.OTHER_CITIES)}{town}{chome}丁目{N.fullwidth(d.randint(1, 30))}番"
                f"{N.fullwidth(d.randint(1, 20))}号")

    def postal_elsewhere(self) -> str:
        return f"{self._draw.randint(10, 99)}{self._draw.digits(5)}"
