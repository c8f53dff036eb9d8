"""X5 世帯の住所の不一致 — Household address differs."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import UNKNOWN, Hit
from conformance.rules.cross.history import HistoryRule, differ, households
from conformance.rules.cross.state import Column

META = RuleMeta(
    id="X5",
    severity=Severity.WARNING,
    scope="file",
    title_ja="世帯の住所の不一致",
    title_en="Household address differs",
    source="§8; INFERRED from 住基標準1.2.1",
    explanation_ja=(
        "住所・方書・郵便番号・住所コードは世帯の全行で同じであること。世帯の最初の行と異なる行を、異なる項目で報告する。"
    ),
    explanation_en=(
        "住所, 方書, 郵便番号 and 住所コード are identical on all rows of a household; "
        "rows that differ from the first row are reported on the differing "
        "item."
    ),
)


class X5HouseholdAddress(HistoryRule):
    meta = META
    items = ("世帯番号", "住民状態")
    compared = ("住所", "方書", "郵便番号", "住所コード")
    keep = compared
    DIFFERS = Message(
        "X5.differs",
        "同じ世帯の{first}行目と{item}が異なります。",
        "{item} differs from line {first} of the same household.",
    )

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        hits: list[Hit] = []
        names = [n for n in self.compared if self.ctx.spec.layout.has(n)]
        for members in households(self.ctx, self.index):
            for name in names:
                ref = next((m for m in members if m.value(name) is not UNKNOWN), None)
                if ref is None:
                    continue
                for m in members:
                    v = m.value(name)
                    if m is not ref and v is not UNKNOWN and v != ref.raw.get(name):
                        hits.append(self.hit(m.line, name, self.DIFFERS, m.raw.get(name), first=ref.line, item=name))
        return hits

    def household_flag(self, column: Column) -> pl.Expr:
        """Members differ in a compared item (NULL counts as a value, as ``!=`` does in ``finish``)."""
        layout = self.ctx.spec.layout
        return pl.any_horizontal([differ(column(n)) for n in self.compared if layout.has(n)] or [pl.lit(False)])


RULE = X5HouseholdAddress
