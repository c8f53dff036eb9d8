"""X20 在留期間満了日の経過 — 在留期間満了日 has passed."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, calendar_date
from conformance.rules.cross.history import HistoryRule
from conformance.rules.cross.params import CODE, iso
from conformance.rules.cross.state import Column

PARAMETERS = (
    Parameter("外国人", CODE, "外国人住民の住民種別", "住民種別 of a 外国人住民"),
    Parameter("住民", CODE, "住民である住民状態", "住民状態 of a current resident"),
)

META = RuleMeta(
    id="X20",
    severity=Severity.INFO,
    scope="file",
    title_ja="在留期間満了日の経過",
    title_en="在留期間満了日 has passed",
    source="§8; INFERRED",
    explanation_ja=(
        "住民種別=2・住民状態=1の現在行で、在留期間満了日が処理日より前なら情報として報告する。"
    ),
    explanation_en=(
        "On a current row with 住民種別=2 and 住民状態=1, a 在留期間満了日 before 処理日 "
        "is reported as info."
    ),
    parameters=PARAMETERS,
)


class X20ResidencePeriod(HistoryRule):
    meta = META
    items = ("住民種別", "住民状態", "在留期間満了日", "処理日")
    keep = ("住民種別", "住民状態", "在留期間満了日", "処理日", "在留期間満了日不詳表記", "処理日不詳表記")
    EXPIRED = Message(
        "X20.expired",
        "在留期間満了日 {until} が処理日 {reference} より前です。",
        "在留期間満了日 {until} is before 処理日 {reference}.",
    )

    def finish(self) -> Iterable[Hit]:
        assert self.index is not None
        fixed = self.ctx.schema.settings.processing_date
        reference_date = calendar_date(fixed) if fixed else None
        hits: list[Hit] = []
        for row in self.index.current_rows():
            if row.known("住民種別") != self.params["外国人"] or row.known("住民状態") != self.params["住民"]:
                continue
            until = row.date("在留期間満了日")
            ref = reference_date or row.date("処理日")
            if until is not None and ref is not None and until < ref:
                hits.append(self.hit(row.line, "在留期間満了日", self.EXPIRED, until=iso(until, "在留期間満了日"), reference=iso(ref, "処理日")))
        return hits

    def current_flag(self, column: Column) -> pl.Expr:
        """A current row of a foreign resident whose 在留期間満了日 is not certainly on or after the reference
        date (ISO dates of equal length compare as strings; anything else stays a candidate)."""
        fixed = self.ctx.schema.settings.processing_date
        until = column("在留期間満了日")
        ref = pl.lit(fixed, pl.String) if fixed else column("処理日")
        settled = (until.str.len_bytes() == 10) & (ref.str.len_bytes() == 10) & (until >= ref)
        foreign = (column("住民種別") == str(self.params["外国人"])) & (column("住民状態") == str(self.params["住民"]))
        return foreign & ~settled.fill_null(False) & until.is_not_null()


RULE = X20ResidencePeriod
