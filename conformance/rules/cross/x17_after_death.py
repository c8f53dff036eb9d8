"""X17 死亡後の異動 — Change after death."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit
from conformance.rules.cross.history import HistoryRule
from conformance.rules.cross.params import CODES
from conformance.rules.cross.state import Column

PARAMETERS = (
    Parameter("death", CODES, "死亡の異動事由", "異動事由 of a death"),
    Parameter("allowed_after", CODES, "死亡の後に許される異動事由", "異動事由 allowed after a death"),
)

META = RuleMeta(
    id="X17",
    severity=Severity.WARNING,
    scope="file",
    title_ja="死亡後の異動",
    title_en="Change after death",
    source="§8; INFERRED",
    explanation_ja=(
        "異動事由33（死亡）の行より後の、同じ宛名番号の行の異動事由は19・39・71（異動の取消し）・53（職権修正）・54（誤記修正）"
        "のみ。"
    ),
    explanation_en=(
        "After a row with 異動事由 33 (死亡), later rows of the same 宛名番号 carry "
        "only 19, 39, 71 (異動の取消し), 53 (職権修正) or 54 (誤記修正)."
    ),
    parameters=PARAMETERS,
)


class X17AfterDeath(HistoryRule):
    meta = META
    items = ("宛名番号", "履歴番号", "異動事由")
    tracked = "異動事由"
    AFTER_DEATH = Message(
        "X17.after_death",
        "死亡（履歴番号 {died}）の後の履歴に異動事由 {reason} があります。",
        "異動事由 {reason} after the death recorded in 履歴番号 {died}.",
    )

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        death = set(self.params["death"])
        allowed = set(self.params["allowed_after"])
        hits: list[Hit] = []
        for entity in self.index.entities.values():
            deaths = [seq for seq, _, reason in entity.history if reason in death]
            if not deaths:
                continue
            died = min(deaths)
            for seq, line, reason in entity.history:
                if seq > died and isinstance(reason, str) and reason not in allowed:
                    hits.append(self.hit(line, "異動事由", self.AFTER_DEATH, reason, died=died, reason=Quoted(reason, "異動事由")))
        return hits

    def entity_flag(self, seq: pl.Expr, column: Column) -> pl.Expr:
        """A row after the first death whose 異動事由 is known and not allowed (what ``finish`` reports)."""
        death = [str(v) for v in self.params["death"]]
        allowed = [str(v) for v in self.params["allowed_after"]]
        reason = column("異動事由")
        died = pl.when(reason.is_in(death)).then(seq).min()
        later = pl.when(reason.is_not_null() & ~reason.is_in(allowed)).then(seq).max()
        return (later > died).fill_null(False)


RULE = X17AfterDeath
