"""Reconcile on the 100,000-row 住民記録_住民 file (against an edited copy), beside a polars full outer join.

The million-row figures with peak RSS come from ``benchmarks/reconcile_bench.py`` (fresh interpreters).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.reconcile_bench import _edit, _work_polars, _work_reconcile


def _pair(resident_100k: Path, tmp_path_factory: Any) -> tuple[Path, Path]:
    after = tmp_path_factory.mktemp("reconcile-after") / resident_100k.name
    _edit(resident_100k, after)
    return resident_100k, after


def test_reconcile_100k(benchmark: Any, resident_100k: Path, tmp_path_factory: Any) -> None:
    before, after = _pair(resident_100k, tmp_path_factory)
    out = benchmark.pedantic(lambda: _work_reconcile(before, after), rounds=3, iterations=1)
    assert out["differences"] == 10


def test_polars_full_outer_join_100k(benchmark: Any, resident_100k: Path, tmp_path_factory: Any) -> None:
    before, after = _pair(resident_100k, tmp_path_factory)
    out = benchmark.pedantic(lambda: _work_polars(before, after, "住民記録_住民"), rounds=3, iterations=1)
    assert out["differences"] == 10
