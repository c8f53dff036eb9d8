"""One dataset being written: its 7 open files, the answer-key entries so far, and the row builders.

Both the clean generator (``generator``) and the injected faults (``inject``) write through a
``Dataset``; it knows how to build and write rows, not how many or in which order.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from conformance.sample.addresses import Addresses
from conformance.sample.corporations import Corporations
from conformance.sample.csv_out import CsvOut
from conformance.sample.dates import Wareki
from conformance.sample.draw import Draw
from conformance.sample.households import Households
from conformance.sample.numbers import Issuer
from conformance.sample.people import Household, Persons
from conformance.sample.residents import ResidentRows
from conformance.sample.taxes import TaxRows
from conformance.schema.model import SchemaSet

RESIDENT = "住民記録_住民"
OUTSIDER = "住民記録_住登外者"
INDIV_TAX = "個人住民税_課税"
LAND = "固定資産税_土地"
HOUSE = "固定資産税_家屋"
VEHICLE = "軽自動車税_車両"
CORP_TAX = "法人住民税_申告"
FILES = (RESIDENT, OUTSIDER, INDIV_TAX, LAND, HOUSE, VEHICLE, CORP_TAX)


@dataclass(frozen=True, slots=True)
class Expected:
    """One answer-key entry: the finding an injected fault must produce."""

    file: str  # file name with extension, e.g. 住民記録_住民.csv
    line: int
    item: str | None
    rule: str

    def to_json(self) -> str:
        return json.dumps(
            {"file": self.file, "line": self.line, "item": self.item, "rule": self.rule}, ensure_ascii=False
        )


class Dataset:
    """The files of one dataset and the builders that fill them, all drawing from one seeded ``Draw``."""

    def __init__(self, out_dir: Path, schema: SchemaSet, seed: int, *, bom_file: str | None = None) -> None:
        """Open the 7 files named by ``schema``'s pattern, each headed by its layout's 項目名 in order.

        ``schema`` must hold every file of ``FILES``; items the builders do not know are left NULL.
        """
        self.file_names = {f: schema.file_name_pattern.format(file=f) for f in FILES}
        self._files = {f: CsvOut(out_dir / self.file_names[f], schema.files[f].layout.item_names,
                                 bom=f == bom_file) for f in FILES}
        self.expected: list[Expected] = []
        self.draw = Draw(seed)
        self.wareki = Wareki(schema.eras)
        self.ids = Issuer(self.draw)
        self.addresses = Addresses(self.draw)
        self.corporations = Corporations(self.draw, self.ids)
        self.persons = Persons(self.draw, self.ids, self.wareki)
        self.households = Households(self.draw, self.ids, self.addresses, self.persons, self.wareki)
        self.residents = ResidentRows(self.draw, self.ids, self.addresses, self.corporations)
        self.taxes = TaxRows(self.draw, self.ids, self.addresses, self.corporations)

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        for f in self._files.values():
            f.close()

    def records(self) -> dict[str, int]:
        """Data records written so far, by file name."""
        return {self.file_names[f]: out.records for f, out in self._files.items()}

    def put(
        self,
        file: str,
        row: Mapping[str, str | None],
        *,
        expect: Sequence[tuple[str | None, str]] = (),
        eol: str = "\n",
        raw: Mapping[str, bytes] | None = None,
        drop_last: bool = False,
    ) -> int:
        """Write one record of ``file``; ``expect`` lists the (item, rule) findings it must cause."""
        line = self._files[file].write(row, eol=eol, raw=raw, drop_last=drop_last)
        for item, rule in expect:
            self.expected.append(Expected(self.file_names[file], line, item, rule))
        return line

    def write_household(self, hh: Household) -> int:
        """Render a planned household and write its 住民記録_住民 rows, member by member; return how many."""
        written = 0
        for person in self.residents.household(hh):
            for r in person:
                self.put(RESIDENT, r)
                written += 1
        return written
