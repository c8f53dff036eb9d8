"""X2 履歴番号の連番 — 履歴番号 not 1..n."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit
from conformance.rules.cross.history import HistoryRule
from conformance.rules.cross.state import Column

META = RuleMeta(
    id="X2",
    severity=Severity.ERROR,
    scope="file",
    title_ja="履歴番号の連番",
    title_en="履歴番号 not 1..n",
    source="§8, §12.7; 住基標準1.2.1 VERIFIED",
    explanation_ja=(
        "宛名番号ごとに、履歴番号の異なり値がちょうど1からnまでであること。履歴番号が異なり値の数を超える行を報告する（1・3・4なら4の行）"
        "。"
    ),
    explanation_en=(
        "For each 宛名番号 the distinct 履歴番号 are exactly 1..n; each row whose "
        "履歴番号 exceeds the number of distinct values is reported (history "
        "1, 3, 4 flags the row with 4)."
    ),
)


class X2HistorySequence(HistoryRule):
    meta = META
    items = ("宛名番号", "履歴番号")
    GAP = Message(
        "X2.gap",
        "{sequence} {value} が連番 1〜{count} の範囲外です（欠番があります）。",
        "{sequence} {value} is outside 1..{count}: the history has a gap.",
    )

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        seq_name = self.index.history.sequence
        hits: list[Hit] = []
        for entity in self.index.entities.values():
            n = len({seq for seq, _, _ in entity.history})
            for seq, line, _ in entity.history:
                if seq > n:
                    hits.append(
                        self.hit(line, seq_name, self.GAP, str(seq), sequence=seq_name, value=Quoted(str(seq), seq_name), count=n)
                    )
        return hits

    def entity_flag(self, seq: pl.Expr, column: Column) -> pl.Expr:
        """A gap: some 履歴番号 above the number of distinct ones (``finish`` reports only then)."""
        return seq.max() > seq.n_unique()


RULE = X2HistorySequence
