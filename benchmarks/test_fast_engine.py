"""Fast engine throughput on the generated 100,000-row 住民記録_住民 file (every rule on).

Run: ``python3 -m pytest benchmarks --benchmark-enable``. Skipped while ``conformance.engines.fast`` (or a
module it needs) cannot be imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conformance.api import validate
from conformance.schema.loader import load_schema_set


def test_fast_100k_resident_rows(benchmark: Any, resident_100k: Path) -> None:
    pytest.importorskip("conformance.engines.fast")
    schema = load_schema_set()
    result = benchmark.pedantic(
        lambda: validate([resident_100k], schema=schema, engine="fast"), rounds=3, iterations=1
    )
    rows = sum(f.rows for f in result.files)
    assert rows == 100_000
    # The generated data is clean: the fast path must agree with the reference on "no error".
    assert result.verdict == "conforms"
    benchmark.extra_info["rows"] = rows
    benchmark.extra_info["rows_per_second_median"] = rows / benchmark.stats.stats.median
