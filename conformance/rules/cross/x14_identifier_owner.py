"""X14 個人番号・住民票コードの重複 — 個人番号 or 住民票コード shared by two 宛名番号."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import FileRule, Hit, RowView, RuleContext
from conformance.rules.cross.state import LINE, SpilledState, no_lines

META = RuleMeta(
    id="X14",
    severity=Severity.ERROR,
    scope="file",
    title_ja="個人番号・住民票コードの重複",
    title_en="個人番号 or 住民票コード shared by two 宛名番号",
    source="§8; INFERRED",
    explanation_ja=(
        "同じ個人番号または住民票コードが、異なる宛名番号に使われていないこと（全行が対象）。後の行を報告する。"
    ),
    explanation_en=(
        "A 個人番号 or 住民票コード value is not used by two different 宛名番号 (any "
        "rows); the later row is reported."
    ),
)


class X14IdentifierOwner(FileRule):
    meta = META
    items = ("宛名番号",)
    identifiers = ("個人番号", "住民票コード")
    reads = identifiers
    SHARED = Message(
        "X14.shared",
        "{identifier}が別の宛名番号（{first}行目）でも使われています。",
        "{identifier} is also used by another 宛名番号 (line {first}).",
    )

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.owner: dict[tuple[str, str], tuple[str, int]] = {}

    def add(self, row: RowView) -> Iterable[Hit]:
        person = row.known("宛名番号")
        if person is None:
            return ()
        hits: list[Hit] = []
        for name in self.identifiers:
            v = row.known(name)
            if v is None:
                continue
            owner, line = self.owner.setdefault((name, v), (person, row.line))
            if owner != person:
                hits.append(self.hit(row.line, name, self.SHARED, v, identifier=name, first=line))
        return hits

    def candidates(self, state: SpilledState) -> pl.Series:
        """Rows whose identifier is used by more than one 宛名番号: with one owner, ``add`` never reports."""
        person = state.known("宛名番号")
        out: list[pl.Series] = []
        for name in self.identifiers:
            if not state.spilled(name):
                continue
            ident = state.known(name)
            rows = state.scan().filter(person.is_not_null() & ident.is_not_null()).select(
                LINE, ident.alias("_i"), person.alias("_p")
            )

            def build(lf: pl.LazyFrame) -> pl.LazyFrame:
                # group_by + semi join: twice as fast as a window over the identifier
                shared = lf.group_by("_i").agg(pl.col("_p").n_unique().alias("_n")).filter(pl.col("_n") > 1)
                return lf.join(shared.select("_i"), on="_i", how="semi").select(LINE)

            out.append(state.partitioned(rows, pl.col("_i"), build)[LINE])
        return pl.concat(out).unique() if out else no_lines()


RULE = X14IdentifierOwner
