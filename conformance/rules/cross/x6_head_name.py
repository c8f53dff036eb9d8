"""X6 世帯主氏名の不一致 — 世帯主氏名 differs from the head's name."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import UNKNOWN, Hit
from conformance.rules.cross.history import HEAD, HistoryRule, differ, heads, households, is_head
from conformance.rules.cross.state import Column

META = RuleMeta(
    id="X6",
    severity=Severity.WARNING,
    scope="file",
    title_ja="世帯主氏名の不一致",
    title_en="世帯主氏名 differs from the head's name",
    source="§8; INFERRED",
    explanation_ja=(
        "世帯主がちょうど1人で、その氏名（空なら氏名アルファベット）が空でなければ、世帯員全員の世帯主氏名はそれと等しいこと。"
    ),
    explanation_en=(
        "If a household has exactly one 世帯主 whose 氏名 (or, if NULL, 氏名アルファベット)"
        " is non-NULL, every member's 世帯主氏名 equals it."
    ),
)


class X6HeadName(HistoryRule):
    meta = META
    items = ("続柄", "世帯主氏名", "世帯番号", "住民状態")
    keep = ("続柄", "世帯主氏名", "氏名", "氏名アルファベット")
    DIFFERS = Message(
        "X6.differs",
        "世帯主氏名が世帯主（{head}行目）の氏名と一致しません。",
        "世帯主氏名 does not equal the name of the 世帯主 on line {head}.",
    )

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        hits: list[Hit] = []
        for members in households(self.ctx, self.index):
            kinds = [is_head(m) for m in members]
            if any(k is None for k in kinds) or kinds.count(True) != 1:
                continue
            head = members[kinds.index(True)]
            name = head.value("氏名")
            if name is None:
                name = head.value("氏名アルファベット")
            if name is None or name is UNKNOWN:
                continue
            for m in members:
                v = m.value("世帯主氏名")
                if v is not UNKNOWN and v != name:
                    hits.append(self.hit(m.line, "世帯主氏名", self.DIFFERS, m.raw.get("世帯主氏名"), head=head.line))
        return hits

    def household_flag(self, column: Column) -> pl.Expr:
        """One 世帯主, and 世帯主氏名 not the same on every member or not the head's 氏名 (else all equal it)."""
        name = pl.coalesce(column("氏名"), column("氏名アルファベット"))
        is_head_ = (column("続柄") == HEAD).fill_null(False)
        head_differs = (is_head_ & (column("世帯主氏名") != name).fill_null(True)).any()
        return (heads(column) == 1) & (differ(column("世帯主氏名")) | head_differs)


RULE = X6HeadName
