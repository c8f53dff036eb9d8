"""Benchmark fixtures: generated datasets, cached per session under pytest's tmp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.sample.generator import generate


@pytest.fixture(scope="session")
def resident_100k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample100k")
    generate(out, rows=100_000, seed=7)
    return out / "住民記録_住民.csv"
