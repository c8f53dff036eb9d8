"""X21 宛名番号の参照先がない — 宛名番号 not found in 住民記録."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from conformance.core.messages import Localized, Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import DatasetRule, Hit, RowView, RuleContext
from conformance.rules.cross.history import key_of
from conformance.rules.cross.state import Found, SpilledState, lines_of, most_partitions, no_lines, with_key

META = RuleMeta(
    id="X21",
    severity=Severity.ERROR,
    scope="dataset",
    title_ja="宛名番号の参照先がない",
    title_en="宛名番号 not found in 住民記録",
    source="§8; INFERRED",
    explanation_ja=(
        "宛名番号の参照（個人住民税_課税の宛名番号、土地・家屋の納税義務者宛名番号、軽自動車税_車両の所有者宛名番号）は、住民記録_住民または住民記録_住登外者の宛名番号に存在すること。"
    ),
    explanation_en=(
        "宛名番号 references (個人住民税_課税.宛名番号, 土地/家屋.納税義務者宛名番号, 軽自動車税_車両.所有者宛名番号)"
        " exist in 住民記録_住民 or 住民記録_住登外者."
    ),
)


class X21ReferenceExists(DatasetRule):
    """Foreign keys of the dataset definition whose ``rule`` is X21 (references_any)."""

    meta = META
    MISSING = Message(
        "X21.missing",
        "{columns}が参照先（{targets}）に存在しません。",
        "{columns} not found in {targets}.",
    )

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.keys: dict[tuple[str, tuple[str, ...]], set[tuple[object, ...]]] = {}
        for spec in ctx.schema.files.values():
            for fk in spec.foreign_keys:
                if fk.rule == self.id:
                    for ref in fk.references_any:
                        self.keys.setdefault((ref.file, ref.columns), set())

    def columns(self, file: str) -> tuple[str, ...]:
        names: list[str] = [c for (f, cols) in self.keys for c in cols if f == file]
        for fk in self.ctx.schema.files[file].foreign_keys if file in self.ctx.schema.files else ():
            if fk.rule == self.id:
                names.extend(fk.columns)
        return tuple(dict.fromkeys(names))

    def collect(self, file: str, row: RowView) -> None:
        for (ref_file, columns), keys in self.keys.items():
            if ref_file == file:
                k = key_of(row, columns)
                if k is not None:
                    keys.add(k)

    def check(self, file: str, row: RowView) -> Iterable[Hit]:
        spec = self.ctx.schema.files[file]
        hits: list[Hit] = []
        for fk in spec.foreign_keys:
            if fk.rule != self.id:
                continue
            k = key_of(row, fk.columns)
            if k is None:
                continue
            if not any(k in self.keys.get((ref.file, ref.columns), set()) for ref in fk.references_any):
                targets = " / ".join(f"{r.file}.{'+'.join(r.columns)}" for r in fk.references_any)
                item = fk.columns[-1]
                hits.append(
                    self.hit(
                        row.line, item, self.MISSING, row.raw.get(item),
                        columns=Localized("＋".join(fk.columns), " + ".join(fk.columns)), targets=targets,
                    )
                )
        return hits

    def candidates(self, file: str, state: SpilledState, needed: Mapping[str, SpilledState]) -> Found:
        """Rows whose reference key is in none of the referenced key sets (exactly the rows ``check``
        reports); nothing to collect: ``check`` of such a row finds nothing in any set."""
        lines: list[pl.Series] = []
        for fk in self.ctx.schema.files[file].foreign_keys:
            if fk.rule != self.id:
                continue
            kcols = [f"_k{i}" for i in range(len(fk.columns))]
            present = [ref for ref in fk.references_any if ref.file in needed]
            refs = [with_key(needed[ref.file], ref.columns).select(kcols) for ref in present]
            left = with_key(state, fk.columns)
            if refs:
                parts = most_partitions(state, *(needed[r.file] for r in present))
                lines.append(lines_of(state.joined(left, pl.concat(refs, how="vertical"), kcols, "anti", parts)))
            else:
                lines.append(lines_of(left.collect(engine="streaming")))
        found = pl.concat(lines).unique() if lines else no_lines()
        return found, {}


RULE = X21ReferenceExists
