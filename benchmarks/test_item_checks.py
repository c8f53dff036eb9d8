"""Item checks alone (F8–F15, C1–C9) on 100,000 rows already in memory: the scalar checks and the polars
prefilters of the fast path. Reading and the X rules are outside the timed part."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from conformance.readers.csv_reader import read_csv
from conformance.rules.items.check import compile_layout
from conformance.schema.loader import load_schema_set

FILE = "住民記録_住民"


def test_scalar_item_checks_100k(benchmark: Any, resident_100k: Path) -> None:
    schema = load_schema_set()
    layout = schema.files[FILE].layout
    csv = read_csv(resident_100k)
    assert csv.header == list(layout.item_names)
    rows = [dict(zip(csv.header, (v or None for v in r.fields), strict=True)) for r in csv.records()]

    def check_all() -> int:
        checks = compile_layout(layout, schema)  # fresh value caches each round
        faults = 0
        for row in rows:
            for check in checks:
                faults += len(check.check(row[check.item.name], row)[0])
        return faults

    assert benchmark.pedantic(check_all, rounds=3, iterations=1) == 0
    benchmark.extra_info["rows"] = len(rows)


def test_item_prefilters_100k(benchmark: Any, resident_100k: Path) -> None:
    item_exprs = pytest.importorskip("conformance.rules.items.prefilter")
    schema = load_schema_set()
    layout = schema.files[FILE].layout
    frame = pl.read_csv(resident_100k, infer_schema=False, null_values=[""])
    checks = compile_layout(layout, schema)
    exprs = [item_exprs.clean_expr(c, schema, pl.col).alias(f"ok{i}") for i, c in enumerate(checks)]

    def prefilter() -> int:
        return int(frame.select(pl.all_horizontal(exprs).alias("clean"))["clean"].sum())

    # Clean data: the prefilters should clear nearly every row (the rest go to the scalar checks).
    cleared = benchmark.pedantic(prefilter, rounds=3, iterations=1)
    assert cleared >= 99_000
    benchmark.extra_info["cleared_rows"] = cleared
