"""Seeded synthetic migration datasets: the 7 reference files, clean or with one injected fault per rule.

Why a generator and not fixtures: the validator must be exercised on realistic volumes (histories,
households, foreign residents, cross-file references) and on every rule, with an answer key that says
exactly which finding each fault must produce. Clean data is built so that every rule of the spec holds
(check digits, histories, households, dates, amounts, references); ``conformance.sample.inject`` adds
self-contained faulty units (their own person, household or tax row), each producing exactly one finding.
This module decides how much of each file to write and when the units go in; the rows themselves come
from the builders of a ``Dataset``.

Streaming: rows are produced household by household and written through buffered binary files; nothing
grows with ``rows`` except counters and small bounded pools of recent addressees used as tax references.
Determinism: a single seeded random source drives every choice, in a fixed order; no wall clock, no hash
or set iteration order.
"""

from __future__ import annotations

import tempfile
from collections import deque
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from conformance.sample.dataset import (
    CORP_TAX,
    FILES,
    HOUSE,
    INDIV_TAX,
    LAND,
    OUTSIDER,
    VEHICLE,
    Dataset,
)
from conformance.sample.dates import age_on
from conformance.sample.inject import BOM_FILE, Unit, file_level_expectations, injection_units
from conformance.sample.outputs import OUTPUT_FORMATS, convert_dataset
from conformance.sample.people import Addressee, Household, trim
from conformance.sample.taxes import TAX_YEAR
from conformance.schema.loader import load_schema_set
from conformance.schema.model import SchemaSet

# Other files scale with the number of 住民記録_住民 rows (brief: ~5%, ~45%, ~30%, ~25%, ~10%, ~1%).
RATIOS: dict[str, float] = {
    OUTSIDER: 0.05, INDIV_TAX: 0.45, LAND: 0.30, HOUSE: 0.25, VEHICLE: 0.10, CORP_TAX: 0.01,
}


class SampleError(Exception):
    """A request the generator cannot serve (bad argument, schema without a needed file); one-line message."""


@dataclass(frozen=True, slots=True)
class SampleInfo:
    """What ``generate`` wrote."""

    out_dir: Path
    seed: int
    rows: int  # clean 住民記録_住民 rows requested (injected units come on top)
    inject: bool
    files: dict[str, int]  # file name -> data records written
    answer_key: Path | None
    violations: int  # entries of the answer key (0 without injection)


def generate(
    out_dir: Path,
    *,
    rows: int = 1000,
    seed: int = 0,
    inject: bool = False,
    schema: SchemaSet | None = None,
    fmt: str = "csv",
) -> SampleInfo:
    """Write the 7 files of one synthetic dataset (and, with ``inject``, ``answer_key.jsonl``).

    ``rows`` is the number of clean 住民記録_住民 rows; the other files scale from it. Injected units are
    written on top of the clean rows, spread through the files. File names, columns and eras come from
    ``schema`` (default: the bundled reference set); items the generator does not know are left NULL.
    ``fmt`` (jsonl, json, xml, parquet) writes the dataset in that input format instead (§13): generated as
    CSV in a private temporary folder, then converted with its answer key (``sample/outputs.py``).
    """
    if fmt != "csv":
        return _generate_as(out_dir, rows=rows, seed=seed, inject=inject, schema=schema, fmt=fmt)
    if rows < 1:
        raise SampleError(f"--rows must be at least 1 (got {rows})")
    if seed < 0:
        raise SampleError(f"--seed must be non-negative (got {seed})")
    schema = schema or load_schema_set()
    missing = [f for f in FILES if f not in schema.files]
    if missing:
        raise SampleError(f"schema set {schema.name!r} has no file {missing[0]!r}; the sample generator "
                          "needs all 7 reference files")
    out_dir.mkdir(parents=True, exist_ok=True)
    with Dataset(out_dir, schema, seed, bom_file=BOM_FILE if inject else None) as ds:
        units: list[Unit] = []
        if inject:
            units = injection_units()
            ds.draw.shuffle(units)
            ds.expected.extend(file_level_expectations(ds.file_names))
        _CleanRows(ds).write(rows, units)
    answer: Path | None = None
    if inject:
        answer = out_dir / "answer_key.jsonl"
        key = sorted(ds.expected, key=lambda e: (e.file, e.line, e.rule, e.item or ""))
        answer.write_text("".join(e.to_json() + "\n" for e in key), encoding="utf-8", newline="\n")
    return SampleInfo(out_dir, seed, rows, inject, ds.records(), answer, len(ds.expected))


def _generate_as(
    out_dir: Path, *, rows: int, seed: int, inject: bool, schema: SchemaSet | None, fmt: str
) -> SampleInfo:
    if fmt not in OUTPUT_FORMATS:
        raise SampleError(f"unknown format {fmt!r}: expected one of {', '.join(OUTPUT_FORMATS)}")
    with tempfile.TemporaryDirectory(prefix="conformance-sample-") as work:
        info = generate(Path(work), rows=rows, seed=seed, inject=inject, schema=schema)
        names = convert_dataset(Path(work), out_dir, fmt).names
    key = out_dir / "answer_key.jsonl" if info.answer_key is not None else None
    count = len(key.read_text(encoding="utf-8").splitlines()) if key is not None else 0
    files = {names[n]: c for n, c in info.files.items()}
    return SampleInfo(out_dir, seed, rows, inject, files, key, count)


class _CleanRows:
    """The clean part of a dataset: households up to the row budget, the other files in proportion.

    Tax rows reference addressees from small pools of recent ones, so memory stays bounded while every
    reference resolves (X21) and carries the referenced person's 個人番号 (X25).
    """

    def __init__(self, ds: Dataset) -> None:
        self._ds = ds
        self._tax_candidates: deque[Addressee] = deque(maxlen=256)
        self._owners: deque[Addressee] = deque(maxlen=128)
        self._resident_rows = 0
        self._due = dict.fromkeys(RATIOS, 0.0)  # rows each other file is owed (fractional)
        self._written = dict.fromkeys(RATIOS, 0)

    def write(self, rows: int, units: list[Unit]) -> None:
        """``rows`` clean 住民記録_住民 rows, the other files in step, the units spread evenly among them."""
        ds = self._ds
        due = [((i + 1) * rows) // (len(units) + 1) for i in range(len(units))]
        next_unit = 0
        while self._resident_rows < rows:
            hh = ds.households.plan()
            trim(hh, rows - self._resident_rows)
            k = self._household(hh)
            for f in RATIOS:
                self._due[f] += k * RATIOS[f]
            self._emit(final=False)
            while next_unit < len(units) and self._resident_rows >= due[next_unit]:
                units[next_unit](ds)
                next_unit += 1
        self._emit(final=True)
        for unit in units[next_unit:]:
            unit(ds)

    def _household(self, hh: Household) -> int:
        """Write a clean household; its adults become tax candidates, heads and spouses owners."""
        k = self._ds.write_household(hh)
        self._resident_rows += k
        for m in hh.members:
            if m.birth is None or age_on(m.birth, date(TAX_YEAR, 1, 1)) >= 18:
                a = Addressee(m.aname, m.static.get("個人番号"), m.birth)
                self._tax_candidates.append(a)
                if m.rel in ("世帯主", "妻", "夫") or self._ds.draw.chance(0.1):
                    self._owners.append(a)
        return k

    def _emit(self, *, final: bool) -> None:
        """Write the rows of the other files the 住民 rows so far call for (at least one each at the end)."""
        for f in (OUTSIDER, INDIV_TAX, LAND, HOUSE, VEHICLE, CORP_TAX):
            need = int(self._due[f])
            if final and self._written[f] == 0:
                need = max(need, 1)
            while need > 0:
                if not self._emit_one(f):
                    break
                need -= 1
                self._due[f] -= 1
                self._written[f] += 1

    def _emit_one(self, f: str) -> bool:
        """One row (or one corporation's returns) of ``f``; False while the pool it needs is empty."""
        ds = self._ds
        if f == OUTSIDER:
            row, who = ds.residents.outsider()
            ds.put(OUTSIDER, row)
            self._owners.append(who)
            if who.kind == "outsider":
                self._tax_candidates.append(who)
            return True
        if f == INDIV_TAX:
            if not self._tax_candidates:
                return False
            i = ds.draw.randrange(len(self._tax_candidates))
            who = self._tax_candidates[i]
            del self._tax_candidates[i]  # one 課税 row per person and year (X1)
            ds.put(INDIV_TAX, ds.taxes.individual(who))
            return True
        # 法人住民税 rows need no owner but draw one like the other files: the seeded sequence depends on it
        owner = self._owners[ds.draw.randrange(len(self._owners))] if self._owners else None
        if owner is None:
            return False
        if f == LAND:
            ds.put(LAND, ds.taxes.land(owner.aname))
        elif f == HOUSE:
            ds.put(HOUSE, ds.taxes.house(owner.aname))
        elif f == VEHICLE:
            ds.put(VEHICLE, ds.taxes.vehicle(owner.aname))
        else:
            for r in ds.taxes.corporate_returns():
                ds.put(CORP_TAX, r)
        return True
