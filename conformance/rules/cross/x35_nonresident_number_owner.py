"""X35 住登外者の個人番号が住民の別人と重複 — 住登外者 個人番号 belongs to another resident."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import DatasetRule, Hit, RowView, RuleContext
from conformance.rules.cross.state import (
    Found,
    SpilledState,
    lines_of,
    most_partitions,
    no_lines,
    rows_with_keys,
    with_key,
)

META = RuleMeta(
    id="X35",
    severity=Severity.WARNING,
    scope="dataset",
    title_ja="住登外者の個人番号が住民の別人と重複",
    title_en="住登外者 個人番号 belongs to another resident",
    source="§8; INFERRED",
    explanation_ja=(
        "住民記録_住登外者の個人番号が、住民記録_住民の別の宛名番号の個人番号でないこと。"
    ),
    explanation_en=(
        "A 個人番号 in 住民記録_住登外者 is not the 個人番号 of a different 宛名番号 in 住民記録_住民."
    ),
)


class X35NonResidentNumberOwner(DatasetRule):
    meta = META
    items = ("宛名番号", "個人番号")
    OTHER_OWNER = Message(
        "X35.other_owner",
        "この個人番号は{resident_file}の別の宛名番号の個人番号です。",
        "This 個人番号 belongs to a different 宛名番号 in {resident_file}.",
    )

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.resident_file = self.needed(0)
        self.owners: dict[str, tuple[str, bool]] = {}  # 個人番号 -> (first 宛名番号, several owners)

    def collect(self, file: str, row: RowView) -> None:
        if file != self.resident_file:
            return
        person, number = row.known("宛名番号"), row.known("個人番号")
        if person is None or number is None:
            return
        prev = self.owners.get(number)
        if prev is None:
            self.owners[number] = (person, False)
        elif prev[0] != person and not prev[1]:
            self.owners[number] = (prev[0], True)

    def check(self, file: str, row: RowView) -> Iterable[Hit]:
        person, number = row.known("宛名番号"), row.known("個人番号")
        if person is None or number is None or number not in self.owners:
            return ()
        owner, several = self.owners[number]
        if owner != person or several:
            return (self.hit(row.line, "個人番号", self.OTHER_OWNER, number, resident_file=self.resident_file),)
        return ()

    def candidates(self, file: str, state: SpilledState, needed: Mapping[str, SpilledState]) -> Found:
        """Rows whose 個人番号 is held in 住民記録_住民 by another 宛名番号; collect the rows with those numbers."""
        resident = needed.get(self.resident_file)
        if resident is None:
            return no_lines(), {}
        rows = with_key(state, ["個人番号"], state.known("宛名番号").alias("_p")).filter(pl.col("_p").is_not_null())
        owners = with_key(resident, ["個人番号"], resident.known("宛名番号").alias("_rp")).filter(
            pl.col("_rp").is_not_null()
        ).select("_k0", "_rp")
        pairs = state.joined(rows, owners, ["_k0"], "inner", most_partitions(state, resident))
        found = lines_of(pairs.filter(pl.col("_p") != pl.col("_rp")))
        numbers = state.rows_at(found).select(state.known("個人番号").alias("_k0")).drop_nulls()
        return found, {self.resident_file: rows_with_keys(resident, ["個人番号"], numbers)}


RULE = X35NonResidentNumberOwner
