"""The Dask executor: the fast engine's chunk tasks on a Dask cluster (the ``[distributed]`` extra).

The tasks are the local executor's (``engines/partitioned.py``); only where they run differs. With a
scheduler address they go to that cluster; without one a ``LocalCluster`` of ``--workers`` processes is
started for the run and closed after it. The schema set and options travel once, scattered to every worker.
A task writes its spill files in a private temporary folder of the worker, and sends them back as bytes
(Arrow IPC for the spilled state, pickle for findings) with its result; the main process writes them into
its own private spill folder, so nothing is left on the workers and no shared folder is needed. The input
files themselves are read by the workers at the path the main process gave: they must be on storage the
workers see at that same path (the resident data never passes through the scheduler).
"""

from __future__ import annotations

import hashlib
import importlib
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from conformance.engines.context import EngineOptions, RunContext
from conformance.schema.model import SchemaSet

if TYPE_CHECKING:
    from conformance.engines.partitioned import ChunkResult, ChunkTask

#: ``partitioned.run_chunk`` and ``partitioned.worker_context``, handed in by that module (which imports
#: this one): a task carries them by name to the worker.
RunChunk = Callable[[RunContext, "ChunkTask"], "ChunkResult"]
MakeContext = Callable[[SchemaSet, EngineOptions], RunContext]
#: ``partitioned.search_piece``: one piece of an end-of-file search, written where the plan says.
SearchPiece = Callable[[bytes, str], "int | None"]

__all__ = ["DaskExecutor", "DaskMissing", "dask_chunk"]

_CONTEXTS: dict[str, RunContext] = {}  # in a Dask worker: the context of each run's schema set, by hash


class DaskMissing(RuntimeError):
    """``--executor dask`` without dask.distributed installed."""


def dask_chunk(
    run_chunk: RunChunk, make_context: MakeContext, key: str, state: bytes, task: ChunkTask
) -> tuple[ChunkResult, dict[str, bytes]]:
    """On a Dask worker: the chunk in a private temporary folder, its files returned as bytes."""
    ctx = _CONTEXTS.get(key)
    if ctx is None:
        schema, options = pickle.loads(state)  # the submitting run's own pickle, scattered to us
        ctx = _CONTEXTS[key] = make_context(schema, options)
    with tempfile.TemporaryDirectory(prefix="conformance-chunk-") as folder:  # 0700, removed after
        result = run_chunk(ctx, replace(task, work=Path(folder)))
        files = {p.name: p.read_bytes() for p in (*result.paths, result.found)}
    return result, files


class _Pending:
    def __init__(self, future: Any, work: Path) -> None:
        self._future, self._work = future, work

    def result(self) -> ChunkResult:
        got: tuple[ChunkResult, dict[str, bytes]] = self._future.result()
        result, files = got
        for name, data in files.items():
            (self._work / name).write_bytes(data)  # the run's private folder (umask 077)
        paths = tuple(self._work / p.name for p in result.paths)
        return replace(result, paths=paths, found=self._work / result.found.name)

    def cancel(self) -> bool:
        self._future.cancel()
        return True


class DaskExecutor:
    """Chunk tasks on the cluster at ``scheduler``, or on a local cluster of ``workers`` processes."""

    def __init__(
        self, ctx: RunContext, workers: int, work: Path, scheduler: str | None, run_chunk: RunChunk,
        make_context: MakeContext, search_piece: SearchPiece,
    ) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")  # untyped: used through Any
        except ImportError as e:
            raise DaskMissing(
                "--executor dask には dask.distributed が必要です（pip install 'conformance[distributed]'）/ "
                "--executor dask needs dask.distributed: pip install 'conformance[distributed]'"
            ) from e
        self._work, self._run, self._make, self._search = work, run_chunk, make_context, search_piece
        self._cluster: Any = None
        if scheduler:
            self._client = distributed.Client(scheduler)
        else:
            self._cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self._client = distributed.Client(self._cluster)
        state = pickle.dumps((ctx.schema, ctx.options))
        self._key = hashlib.sha256(state).hexdigest()
        self._state = self._client.scatter(state, broadcast=True)

    def submit(self, task: ChunkTask) -> _Pending:
        client = self._client
        future = client.submit(dask_chunk, self._run, self._make, self._key, self._state, task, pure=False)
        return _Pending(future, self._work)

    def search(self, plan: bytes, out: Path) -> Any:
        """One piece of an end-of-file search on the cluster. Its plan reads the piece's files in the run's
        spill folder, and the worker writes the result there: a worker on another machine sees them when
        ``--spill-dir`` is on storage shared at the same path; otherwise it answers None and the piece is
        searched in the main process (the result is the same either way)."""
        return self._client.submit(self._search, plan, str(out), pure=False)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
