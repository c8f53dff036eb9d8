"""X1 主キーの重複 — Duplicate primary key."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Localized, Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import FileRule, Hit, RowView, RuleContext
from conformance.rules.cross.history import key_of
from conformance.rules.cross.state import LINE, SpilledState, has_all, key_parts

META = RuleMeta(
    id="X1",
    severity=Severity.ERROR,
    scope="file",
    title_ja="主キーの重複",
    title_en="Duplicate primary key",
    source="§8; 住基標準1.2.1 VERIFIED for 住民; other keys INFERRED",
    explanation_ja=(
        "dataset.jsonの主キーはファイル内で一意であること。2件目以降の重複行を主キーの最後の項目で報告する。"
    ),
    explanation_en=(
        "The primary key of dataset.json is unique in the file; second and later occurrences are reported "
        "on the last key item."
    ),
)


class X1PrimaryKeyUnique(FileRule):
    """Streams: the second and later occurrence of a key is reported at once (and excluded by the engine
    from every other X rule, §8)."""

    meta = META
    DUPLICATE = Message(
        "X1.duplicate",
        "主キー（{key}）が{first}行目と重複しています。",
        "Primary key ({key}) duplicates line {first}.",
    )

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.key = ctx.spec.primary_key
        layout = ctx.spec.layout
        self.integers = frozenset(i.name for i in layout.items if i.data_type == "整数" and i.name in self.key)
        self.seen: dict[tuple[object, ...], int] = {}

    def add(self, row: RowView) -> Iterable[Hit]:
        k = key_of(row, self.key, integers=self.integers)
        if k is None:
            return ()
        first = self.seen.setdefault(k, row.line)
        if first == row.line:
            return ()
        last = self.key[-1]
        return (
            self.hit(
                row.line, last, self.DUPLICATE, row.raw.get(last),
                key=Localized("＋".join(self.key), " + ".join(self.key)), first=first,
            ),
        )

    def candidates(self, state: SpilledState) -> pl.Series:
        """Rows whose key occurs more than once: a unique key is never reported and never reports another."""
        parts = key_parts(state, self.key, self.integers)
        kcols = [f"_k{i}" for i in range(len(parts))]
        rows = state.scan().filter(has_all(parts)).select(LINE, *parts)

        def build(lf: pl.LazyFrame) -> pl.LazyFrame:
            return lf.filter(pl.struct(kcols).is_duplicated()).select(LINE)

        return state.partitioned(rows, pl.struct(kcols), build)[LINE]


RULE = X1PrimaryKeyUnique
