"""X4 世帯主のいない世帯 — Household without 世帯主."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit
from conformance.rules.cross.history import HistoryRule, heads, households, is_head
from conformance.rules.cross.state import Column

META = RuleMeta(
    id="X4",
    severity=Severity.INFO,
    scope="file",
    title_ja="世帯主のいない世帯",
    title_en="Household without 世帯主",
    source="§8; 住基標準1.1.10, 4.0.4 VERIFIED",
    explanation_ja=(
        "世帯主のいない世帯は許容される（「世帯主未設定を許容すること」）が、残った世帯員を職権で世帯主とするか世帯主変更が想定されるため、"
        "最初の世帯員の続柄で情報として報告する。"
    ),
    explanation_en=(
        "A household without 世帯主 is allowed, but 4.0.4 expects the sole "
        "remaining member to be made head 職権 or a 世帯主変更; reported as "
        "info on the first member's 続柄."
    ),
)


class X4HeadMissing(HistoryRule):
    meta = META
    items = ("続柄", "世帯番号", "住民状態")
    keep = ("続柄",)
    NO_HEAD = Message(
        "X4.no_head",
        "世帯主のいない世帯です（職権での世帯主設定又は世帯主変更を確認してください）。",
        "Household without a 世帯主 (check for a 職権 head assignment or a 世帯主変更).",
    )

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        hits: list[Hit] = []
        for members in households(self.ctx, self.index):
            if all(is_head(m) is False for m in members):
                first = members[0]
                hits.append(self.hit(first.line, "続柄", self.NO_HEAD, first.raw.get("続柄")))
        return hits

    def household_flag(self, column: Column) -> pl.Expr:
        """No 世帯主."""
        return heads(column) == 0


RULE = X4HeadMissing
