"""Peers on the rule subset, 100,000 rows (each skipped unless its ``[bench]`` extra is installed).

frictionless is left to ``compare.py`` (``--frictionless-rows``): at about 2,000 rows/s a round takes minutes.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from benchmarks.peers import MODULES, installed
from benchmarks.peers.subset import derive_subset
from conformance.schema.loader import load_schema_set

FILE = "住民記録_住民"


@pytest.mark.parametrize("peer", ["duckdb", "pandera"])
def test_peer_subset_100k(benchmark: Any, resident_100k: Path, peer: str) -> None:
    if not installed(peer):
        pytest.skip(f"{peer} is not installed")
    module = importlib.import_module(MODULES[peer][0])
    subset = derive_subset(load_schema_set(), FILE)
    result = benchmark.pedantic(lambda: module.run(resident_100k, subset), rounds=3, iterations=1)
    assert result.rows == 100_000
    assert result.by_check == {}  # the generated data satisfies the subset
