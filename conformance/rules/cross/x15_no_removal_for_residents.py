"""X15 住民なのに消除事由・消除日がある — 消除事由/消除日 on a current resident."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODE
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("住民", CODE, "住民である住民状態", "住民状態 of a current resident"),)

META = RuleMeta(
    id="X15",
    severity=Severity.WARNING,
    scope="row",
    title_ja="住民なのに消除事由・消除日がある",
    title_en="消除事由/消除日 on a current resident",
    source="§8; INFERRED",
    explanation_ja=(
        "住民状態=1なら消除事由と消除日は空であること（逆向きは△の条件「住民状態!=1」で検査する）。空でない項目を報告する。"
    ),
    explanation_en=(
        "住民状態=1 ⇒ 消除事由 and 消除日 are NULL (the converse is the △ condition "
        "住民状態!=1); the non-NULL item is reported."
    ),
    parameters=PARAMETERS,
)


class X15NoRemovalForResidents(RowRule):
    meta = META
    items = ("住民状態", "消除事由", "消除日")
    REMOVED = ("消除事由", "消除日")
    SET_ON_RESIDENT = Message(
        "X15.set_on_resident",
        "住民状態={state}（住民）の行に{item}があります。",
        "{item} is set on a row with 住民状態={state} (resident).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        state = row.known("住民状態")
        if state is None or state != self.params["住民"]:
            return ()
        return [
            self.hit(row.line, n, self.SET_ON_RESIDENT, row.raw.get(n), state=state, item=n)
            for n in self.REMOVED
            if not row.is_null(n)
        ]

    def may_fire(self, column: Column) -> pl.Expr:
        resident = column("住民状態") == str(self.params["住民"])
        return resident & pl.any_horizontal([column(n).is_not_null() for n in self.REMOVED])


RULE = X15NoRemovalForResidents
