"""Reference engine throughput on a generated 100,000-row 住民記録_住民 file.

Run: ``python3 -m pytest benchmarks --benchmark-enable`` (timings are measured here, never asserted in tests).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conformance.api import validate
from conformance.schema.loader import load_schema_set


def test_reference_100k_resident_rows(benchmark: Any, resident_100k: Path) -> None:
    schema = load_schema_set()
    result = benchmark.pedantic(lambda: validate([resident_100k], schema=schema), rounds=3, iterations=1)
    rows = sum(f.rows for f in result.files)
    assert rows == 100_000
    benchmark.extra_info["rows"] = rows
    benchmark.extra_info["rows_per_second_median"] = rows / benchmark.stats.stats.median
