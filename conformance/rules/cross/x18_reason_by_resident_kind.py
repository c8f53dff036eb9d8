"""X18 異動事由と住民種別の不一致 — 異動事由 not allowed for this 住民種別."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import Parameter, RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.params import CODE_BY_CODE
from conformance.rules.cross.state import Column

PARAMETERS = (Parameter("only_for_住民種別", CODE_BY_CODE, "特定の住民種別にだけ使える異動事由", "異動事由 allowed for one 住民種別 only"),)

META = RuleMeta(
    id="X18",
    severity=Severity.WARNING,
    scope="row",
    title_ja="異動事由と住民種別の不一致",
    title_en="異動事由 not allowed for this 住民種別",
    source="§8; 住基標準1.2.2 VERIFIED (14/15/34/35); 65–69 INFERRED",
    explanation_ja=(
        "異動事由と住民種別：14・35は日本人（1）のみ、15・34は外国人（2）のみ、65から67（旧氏）は日本人のみ、68・69（通称）"
        "は外国人のみ。"
    ),
    explanation_en=(
        "異動事由 vs 住民種別: 14 and 35 only for 日本人 (1), 15 and 34 only for "
        "外国人 (2); 65 to 67 (旧氏) only for 日本人; 68 and 69 (通称) only for "
        "外国人."
    ),
    parameters=PARAMETERS,
)


class X18ReasonByResidentKind(RowRule):
    meta = META
    items = ("住民種別", "異動事由")
    ONLY_FOR = Message(
        "X18.only_for",
        "異動事由 {reason} は住民種別 {only} のみに使えます（この行は {kind}）。",
        "異動事由 {reason} is only for 住民種別 {only} (this row: {kind}).",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        kind, reason = row.known("住民種別"), row.known("異動事由")
        if kind is None or reason is None:
            return ()
        only = self.params["only_for_住民種別"].get(reason)
        if only is not None and only != kind:
            return (self.hit(row.line, "異動事由", self.ONLY_FOR, reason, reason=Quoted(reason, "異動事由"), only=only, kind=kind),)
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        only: dict[str, str] = self.params["only_for_住民種別"]
        parts = [(column("異動事由") == reason) & (column("住民種別") != kind) for reason, kind in only.items()]
        return pl.any_horizontal(parts) if parts else pl.lit(False)


RULE = X18ReasonByResidentKind
