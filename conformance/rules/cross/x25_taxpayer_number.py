"""X25 個人番号の不一致 — 個人番号 differs from the resident's."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import UNKNOWN, DatasetRule, Hit, RowView, RuleContext
from conformance.rules.cross.state import (
    Found,
    SpilledState,
    lines_of,
    most_partitions,
    needed_states,
    no_lines,
    rows_with_keys,
    with_key,
)

META = RuleMeta(
    id="X25",
    severity=Severity.WARNING,
    scope="dataset",
    title_ja="個人番号の不一致",
    title_en="個人番号 differs from the resident's",
    source="§8, §12.6; INFERRED",
    explanation_ja=(
        "個人番号が空でなく、参照先の者（最新行）の個人番号も空でなければ、両者が等しいこと。宛名番号が住民と住登外者の両方にある場合は住民記録_住民の現在行を参照先とする。"
    ),
    explanation_en=(
        "A non-NULL 個人番号 equals the 個人番号 of the referenced person (latest "
        "row) when that is non-NULL; a 宛名番号 in both files refers to the "
        "住民記録_住民 current row."
    ),
)


class X25TaxpayerNumberMatches(DatasetRule):
    """個人番号 of a tax row equals the referenced person's (住民 current row first, §12.6, else 住登外者)."""

    meta = META
    items = ("宛名番号", "個人番号")
    reads = ("履歴番号",)  # of 住民記録_住民: the current row's 個人番号
    DIFFERS = Message(
        "X25.differs",
        "個人番号が{where}の同じ宛名番号の個人番号と異なります。",
        "個人番号 differs from the one held for this 宛名番号 in {where}.",
    )

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.resident_file, self.nonresident_file = self.needed(0), self.needed(1)
        # 宛名番号 -> (履歴番号, 個人番号 | None | UNKNOWN)
        self.resident: dict[str, tuple[int, str | object | None]] = {}
        self.nonresident: dict[str, str | object | None] = {}

    def collect(self, file: str, row: RowView) -> None:
        person = row.known("宛名番号")
        if person is None:
            return
        if file == self.resident_file:
            seq = row.number("履歴番号")
            if seq is None:
                return
            prev = self.resident.get(person)
            if prev is None or seq > prev[0]:
                self.resident[person] = (seq, row.value("個人番号"))
        elif file == self.nonresident_file:
            self.nonresident.setdefault(person, row.value("個人番号"))

    def check(self, file: str, row: RowView) -> Iterable[Hit]:
        person, number = row.known("宛名番号"), row.known("個人番号")
        if person is None or number is None:
            return ()
        if person in self.resident:
            ref = self.resident[person][1]
            where = self.resident_file
        elif person in self.nonresident:
            ref = self.nonresident[person]
            where = self.nonresident_file
        else:
            return ()
        if ref is None or ref is UNKNOWN or ref == number:
            return ()
        return (self.hit(row.line, "個人番号", self.DIFFERS, number, where=where),)

    def candidates(self, file: str, state: SpilledState, needed: Mapping[str, SpilledState]) -> Found:
        """Rows some of whose person's rows in the needed files hold another (or no, or an unknown) 個人番号:
        whichever of them ``collect`` keeps, equal numbers never fire. Collect every row of those persons."""
        rows = with_key(state, ["宛名番号"], state.known("個人番号").alias("_n")).filter(pl.col("_n").is_not_null())
        out: list[pl.Series] = []
        for ref in needed_states(self.needs, needed):
            other = with_key(ref, ["宛名番号"], ref.known("個人番号").alias("_rn")).select("_k0", "_rn")
            pairs = state.joined(rows, other, ["_k0"], "inner", most_partitions(state, ref))
            differs = pairs.filter((pl.col("_n") != pl.col("_rn")).fill_null(True))
            out.append(lines_of(differs))
        found = pl.concat(out).unique() if out else no_lines()
        persons = state.rows_at(found).select(state.known("宛名番号").alias("_k0")).drop_nulls()
        return found, {n: rows_with_keys(s, ["宛名番号"], persons) for n in self.needs if (s := needed.get(n))}


RULE = X25TaxpayerNumberMatches
