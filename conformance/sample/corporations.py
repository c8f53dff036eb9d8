"""Corporations: their names, and the 法人番号 of the employers that 特別徴収 rows may name.

Employers are drawn from corporations registered as 住登外者 when there are some (a real register names
the same employers again and again), so the pool is bounded and fed by the 住登外者 rows.
"""

from __future__ import annotations

from collections import deque

from conformance.sample import names as N
from conformance.sample.draw import Draw
from conformance.sample.numbers import Issuer


class Corporations:
    def __init__(self, draw: Draw, ids: Issuer) -> None:
        self._draw = draw
        self._ids = ids
        self.employers: deque[str] = deque(maxlen=64)  # 法人番号 of recent corporate 住登外者

    def name(self) -> tuple[str, str]:
        """法人名称 and its reading (フリガナ), the legal form before or after the name."""
        d = self._draw
        stem, trade = d.pick(N.CORP_STEMS), d.pick(N.CORP_TRADES)
        before, form, reading = d.pick(N.CORP_FORMS)
        if before:
            return f"{form}{stem[0]}{trade[0]}", f"{reading}{stem[1]}{trade[1]}"
        return f"{stem[0]}{trade[0]}{form}", f"{stem[1]}{trade[1]}{reading}"

    def employer(self) -> str:
        """法人番号 of a 特別徴収義務者: a known corporation half the time, else a new one."""
        reuse = bool(self.employers) and self._draw.chance(0.5)
        if reuse:
            return self.employers[self._draw.randrange(len(self.employers))]
        return self._ids.corporate_number()
