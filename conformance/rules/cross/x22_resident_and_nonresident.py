"""X22 住民と住登外者の両方にある宛名番号 — 宛名番号 in both 住民 and 住登外者."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
    id="X22",
    severity=Severity.WARNING,
    scope="dataset",
    title_ja="住民と住登外者の両方にある宛名番号",
    title_en="宛名番号 in both 住民 and 住登外者",
    source="§8; INFERRED",
    explanation_ja=(
        "同じ宛名番号が住民記録_住民と住民記録_住登外者の両方にないこと。住登外者の行を報告する。"
    ),
    explanation_en=(
        "A 宛名番号 is not in both 住民記録_住民 and 住民記録_住登外者; the 住登外者 row is "
        "reported."
    ),
)


class X22NotBothResidentAndNonResident(DatasetRule):
    meta = META
    items = ("宛名番号",)
    IN_BOTH = Message(
        "X22.in_both",
        "この宛名番号は{resident_file}にもあります。",
        "This 宛名番号 is also in {resident_file}.",
    )

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.resident_file = self.needed(0)
        self.residents: set[str] = set()

    def collect(self, file: str, row: RowView) -> None:
        if file == self.resident_file and (v := row.known("宛名番号")) is not None:
            self.residents.add(v)

    def check(self, file: str, row: RowView) -> Iterable[Hit]:
        v = row.known("宛名番号")
        if v is not None and v in self.residents:
            return (self.hit(row.line, "宛名番号", self.IN_BOTH, v, resident_file=self.resident_file),)
        return ()

    def candidates(self, file: str, state: SpilledState, needed: Mapping[str, SpilledState]) -> Found:
        """Rows whose 宛名番号 is in 住民記録_住民; collect only those 宛名番号."""
        resident = needed.get(self.resident_file)
        if resident is None:
            return no_lines(), {}
        hits = state.joined(
            with_key(state, ["宛名番号"]), with_key(resident, ["宛名番号"]).select("_k0"), ["_k0"], "semi",
            most_partitions(state, resident),
        )
        return lines_of(hits), {self.resident_file: rows_with_keys(resident, ["宛名番号"], hits.select("_k0"))}


RULE = X22NotBothResidentAndNonResident
