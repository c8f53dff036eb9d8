"""The readers alone on the 100,000-row file: the reference record parser, the fast scanner, polars' floor.

These isolate the structural layer (F1–F6) from the item and X rules, so a regression can be located.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from conformance.readers.csv_reader import read_csv


def test_reference_reader_100k(benchmark: Any, resident_100k: Path) -> None:
    def read() -> int:
        return sum(1 for r in read_csv(resident_100k).records() if r.checkable)

    assert benchmark.pedantic(read, rounds=3, iterations=1) == 100_000


def test_fast_scan_100k(benchmark: Any, resident_100k: Path) -> None:
    fast_scan = pytest.importorskip("conformance.readers.fast_scan")

    def read() -> int:
        return sum(b.frame.height + len(b.special) for b in fast_scan.scan(read_csv(resident_100k)))

    assert benchmark.pedantic(read, rounds=3, iterations=1) == 100_000


def test_polars_read_csv_floor_100k(benchmark: Any, resident_100k: Path) -> None:
    frame = benchmark.pedantic(lambda: pl.read_csv(resident_100k, infer_schema=False), rounds=3, iterations=1)
    assert frame.height == 100_000
