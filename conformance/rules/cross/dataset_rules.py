"""Dataset-scope X rules: references between the files of one dataset (§8 X21, X22, X25, X35).

The engine processes the files a rule ``needs`` before the files it reports on (the dataset definition's
order), so these rules can stream: ``collect`` sees the rows of the needed files, ``check`` the rows of the
files the rule applies to.
"""

from __future__ import annotations

from collections.abc import Iterable

from conformance.rules.cross.base import (
    UNKNOWN,
    CrossRule,
    Hit,
    RowView,
    RuleContext,
    register,
)
from conformance.rules.cross.file_rules import key_of


class DatasetRule(CrossRule):
    scope = "dataset"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        # The files this rule reads, in the order of the dataset definition's ``needs`` (first = 住民記録_住民).
        self.needs: tuple[str, ...] = next(
            (d.needs for d in ctx.schema.dataset_rules if d.rule == self.id), ()
        )

    def needed(self, position: int) -> str:
        return self.needs[position] if len(self.needs) > position else ""

    def columns(self, file: str) -> tuple[str, ...]:
        """The items this rule reads in ``file``; if one is missing there the rule cannot run (§12.1)."""
        return self.items

    def collect(self, file: str, row: RowView) -> None:
        """A row of a file the rule needs."""

    def check(self, file: str, row: RowView) -> Iterable[Hit]:
        """A row of a file the rule reports on."""
        return ()


@register
class X21ReferenceExists(DatasetRule):
    """Foreign keys of the dataset definition whose ``rule`` is X21 (references_any)."""

    id = "X21"

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
                    Hit(
                        row.line,
                        item,
                        f"{'＋'.join(fk.columns)}が参照先（{targets}）に存在しません",
                        f"{' + '.join(fk.columns)} not found in {targets}",
                        row.raw.get(item),
                    )
                )
        return hits


@register
class X22NotBothResidentAndNonResident(DatasetRule):
    id = "X22"
    items = ("宛名番号",)

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
            return (
                Hit(
                    row.line,
                    "宛名番号",
                    "この宛名番号は住民記録_住民にもあります",
                    "this 宛名番号 is also in 住民記録_住民",
                    v,
                ),
            )
        return ()


@register
class X25TaxpayerNumberMatches(DatasetRule):
    """個人番号 of a tax row equals the referenced person's (住民 current row first, §12.6, else 住登外者)."""

    id = "X25"
    items = ("宛名番号", "個人番号")
    reads = ("履歴番号",)  # of 住民記録_住民: the current row's 個人番号

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.resident_file, self.nonresident_file = self.needed(0), self.needed(1)
        self.resident: dict[
            str, tuple[int, str | object | None]
        ] = {}  # 宛名番号 -> (履歴番号, 個人番号|None|UNKNOWN)
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
        return (
            Hit(
                row.line,
                "個人番号",
                f"個人番号が{where}の同じ宛名番号の個人番号と異なります",
                f"個人番号 differs from the one held for this 宛名番号 in {where}",
                number,
            ),
        )


@register
class X35NonResidentNumberOwner(DatasetRule):
    id = "X35"
    items = ("宛名番号", "個人番号")

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
            return (
                Hit(
                    row.line,
                    "個人番号",
                    "この個人番号は住民記録_住民の別の宛名番号の個人番号です",
                    "this 個人番号 belongs to a different 宛名番号 in 住民記録_住民",
                    number,
                ),
            )
        return ()
