"""End-of-file searches per key-hash piece on the executor: the findings of the serial search.

With a tiny ``partition_rows`` every search of the spill (X1, X14, the histories and households, the
references between files) is split into many hash pieces; each piece's plan then runs as its own task on
the local pool or a Dask LocalCluster, and the findings must equal the reference engine's. The counters
show the pieces did go to the workers (a test passing through the serial path would prove nothing), and
that a piece the workers cannot run is searched in the main process instead of failing the run.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from conformance.api import EngineOptions
from conformance.engines import partitioned, spill
from conformance.sample.generator import generate
from conformance.schema.model import SchemaSet
from tests.test_fast_engine import findings

PIECE_ROWS = 40


@pytest.fixture(scope="module")
def dense_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An injected sample whose residents file also repeats rows (duplicate keys, shared identifiers)."""
    out = tmp_path_factory.mktemp("pieces")
    generate(out, rows=400, seed=11, inject=True)
    target = out / "住民記録_住民.csv"
    lines = target.read_bytes().split(b"\n")
    target.write_bytes(b"\n".join([*lines[:-1], *lines[5:60:3], lines[-1]]))
    return out


class _Counts:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.submitted = 0  # plans handed to Workers.write_all
        self.here = 0  # plans the main process ran itself (the fallback)
        write_all, write_serially = partitioned.Workers.write_all, partitioned.write_serially

        def counted_all(
            workers: partitioned.Workers, plans: list[pl.LazyFrame], paths: list[Path]
        ) -> list[int]:
            self.submitted += len(plans)
            return write_all(workers, plans, paths)

        def counted_here(plans: list[pl.LazyFrame], paths: list[Path]) -> list[int]:
            self.here += len(plans)
            return write_serially(plans, paths)

        monkeypatch.setattr(partitioned.Workers, "write_all", counted_all)
        monkeypatch.setattr(partitioned, "write_serially", counted_here)


def test_local_pool_searches_pieces(
    schema: SchemaSet, dense_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = findings([dense_dataset], schema, "reference")
    counts = _Counts(monkeypatch)
    options = EngineOptions(workers=2, partition_rows=PIECE_ROWS)
    assert findings([dense_dataset], schema, "fast", options) == reference
    assert {r[3] for r in reference} >= {"X1", "X2", "X14"}  # the split searches had something to find
    assert counts.submitted >= 10
    assert counts.here == 0  # every piece ran in a worker


def test_a_piece_the_workers_cannot_take_runs_here(
    schema: SchemaSet, dense_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan that does not serialize is searched in the main process; the findings do not change."""
    counts = _Counts(monkeypatch)

    def refuse(self: pl.LazyFrame, *args: object, **kwargs: object) -> bytes:
        raise pl.exceptions.ComputeError("cannot serialize this plan")

    monkeypatch.setattr(pl.LazyFrame, "serialize", refuse)
    options = EngineOptions(workers=2, partition_rows=PIECE_ROWS)
    reference = findings([dense_dataset], schema, "reference")
    assert findings([dense_dataset], schema, "fast", options) == reference
    assert counts.submitted >= 10
    assert counts.here == counts.submitted


def test_a_worker_that_cannot_see_the_piece_answers_none(tmp_path: Path) -> None:
    """A Dask worker on another machine (the spill folder not shared) finds no piece file: None, and the
    main process searches that piece itself."""
    piece = tmp_path / "piece.arrow"
    pl.DataFrame({"_line": [1, 2]}).write_ipc(piece)
    plan = pl.scan_ipc([piece]).select(pl.col("_line") * 2).serialize()
    out = tmp_path / "out.arrow"
    assert partitioned.search_piece(plan, str(out)) == 2
    assert pl.read_ipc(out)["_line"].to_list() == [2, 4]
    assert out.stat().st_mode & 0o077 == 0  # resident data: this user only
    piece.unlink()
    assert partitioned.search_piece(plan, str(tmp_path / "again.arrow")) is None


def test_without_a_runner_each_piece_goes_to_its_own_file(tmp_path: Path) -> None:
    """Without a runner the pieces are written here, in order, each result its own file."""
    plans = [pl.LazyFrame({"a": list(range(n))}) for n in (3, 0, 2)]
    paths = [tmp_path / f"{i}.arrow" for i in range(3)]
    state = spill.StateSpill(tmp_path, "t", ["a"])
    assert state.write_pieces(plans, paths) == [3, 0, 2]
    assert [pl.read_ipc(p).height for p in paths] == [3, 0, 2]


def test_dask_cluster_searches_pieces(
    schema: SchemaSet, dense_dataset: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    reference = findings([dense_dataset], schema, "reference")
    counts = _Counts(monkeypatch)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        options = EngineOptions(
            executor="dask", scheduler=cluster.scheduler_address, workers=2, partition_rows=PIECE_ROWS
        )
        assert findings([dense_dataset], schema, "fast", options) == reference
    assert counts.submitted >= 10
    assert counts.here == 0


class _Runner:
    """A PieceRunner of ``width`` workers that runs nothing (only its width is read here)."""

    def __init__(self, width: int) -> None:
        self.width = width

    def write_all(self, plans: object, paths: object) -> list[int]:
        raise AssertionError("not called")


def test_a_split_on_n_workers_has_n_times_the_pieces(tmp_path: Path) -> None:
    """N pieces are searched at once on N workers, so each is 1/N of a partition: together they hold what
    one piece holds in one process. A spill that fits one partition is not split, whatever the runner."""
    state = spill.StateSpill(tmp_path, "t", ["a"], partition_rows=100)
    state.rows = 250
    assert state.partitions == 3
    state.runner = _Runner(2)
    assert state.partitions == 6
    state.rows = 100
    assert state.partitions == 1
