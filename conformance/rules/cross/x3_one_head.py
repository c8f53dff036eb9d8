"""X3 世帯主が複数 — More than one 世帯主 in a household."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit
from conformance.rules.cross.history import HEAD, HistoryRule, heads, households, is_head
from conformance.rules.cross.state import Column

META = RuleMeta(
    id="X3",
    severity=Severity.ERROR,
    scope="file",
    title_ja="世帯主が複数",
    title_en="More than one 世帯主 in a household",
    source="§8; 住基標準1.1.10/1.1.11 INFERRED",
    explanation_ja=(
        "世帯（住民状態=1の現在行で世帯番号が同じもの）に続柄=世帯主は1人まで。2人目以降の世帯主を続柄で報告する。"
    ),
    explanation_en=(
        "At most one 続柄=世帯主 per household (current rows with 住民状態=1 and "
        "the same 世帯番号); second and later heads are reported on 続柄."
    ),
)


class X3OneHead(HistoryRule):
    meta = META
    items = ("続柄", "世帯番号", "住民状態")
    keep = ("続柄",)
    SECOND_HEAD = Message(
        "X3.second_head",
        "世帯に世帯主が複数います（最初の世帯主は{first}行目）。",
        "A second 世帯主 in the household (the first is on line {first}).",
    )

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        hits: list[Hit] = []
        for members in households(self.ctx, self.index):
            heads_ = [m for m in members if is_head(m)]
            for extra in heads_[1:]:
                hits.append(self.hit(extra.line, "続柄", self.SECOND_HEAD, HEAD, first=heads_[0].line))
        return hits

    def household_flag(self, column: Column) -> pl.Expr:
        """More than one 世帯主."""
        return heads(column) > 1


RULE = X3OneHead
