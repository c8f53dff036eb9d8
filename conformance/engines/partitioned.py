"""Local workers for the fast engine: a large file's records scanned and checked in byte-range chunks (of
Parquet, row ranges) by a pool of processes, merged back in line order.

Why: the scan, the item checks and the row rules of one record depend on that record alone, and they are
most of a large file's time. A CSV or JSON Lines file is cut into chunks of about
``EngineOptions.chunk_bytes`` right after a LF; each worker runs the very code of the in-process path on its
chunk (``scan_chunk`` of ``engines/fast.py``: ``RangeScan`` of ``readers/fast_scan.py`` or
``JsonLinesFile.range_records``, then ``_SpilledRun.batch``) and leaves, in the run's private spill folder,
the chunk's spilled key/history columns (Arrow IPC), and its findings and held row-rule hits (pickle). The
main process takes the chunks back in file order — their findings in the order the in-process path makes
them, the spill files as the file's spill — and the end-of-file searches then run on them as usual (when the
spill is split by key hash, each piece's search plan on a worker too: ``search_piece``).

A cut right after a LF is the start of a record unless a record of the chunk before runs over it (an open
quote, F5). Each chunk says where its last record ended: when that is not where the next chunk started,
the next chunk is scanned again, in this process, from there (rare: only a quoted newline at a cut; never in
JSON Lines, whose records hold no raw LF). A JSON Lines chunk also says which items it saw and which unknown
names it reported; merged in file order, an unknown name keeps only its first F4. So the findings are exactly
those of one sequential scan, whatever the number of workers.

Workers are spawned (a fresh interpreter: no file handle, no resident data of this process is inherited);
each gets the schema set once, then only small task descriptions. Memory: one batch per worker while it
scans (the README gives the peak as a function of the number of workers).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

import polars as pl

from conformance.core.evidence import FileEvidence
from conformance.core.findings import Finding
from conformance.engines._boot import boot
from conformance.engines.context import Emitter, EngineOptions, RunContext
from conformance.engines.inputs import InputFile
from conformance.engines.plan import FileRun
from conformance.engines.spill import write_serially
from conformance.readers.csv_reader import CsvFile
from conformance.readers.jsonl import JsonLinesFile
from conformance.readers.parquet_reader import ParquetFile
from conformance.readers.structured import shown_name
from conformance.rules.catalogue import RULES
from conformance.rules.cross.base import Hit
from conformance.rules.cross.params import load_parameters
from conformance.rules.file import f4_header as f4
from conformance.schema.model import SchemaSet

__all__ = [
    "EXECUTORS",
    "POOL_MIN_CORES",
    "ChunkBody",
    "ChunkOut",
    "ChunkResult",
    "ChunkTask",
    "Executor",
    "Found",
    "Pending",
    "Workers",
    "available_cores",
    "chunk_starts",
    "default_workers",
    "init_worker",
    "run_chunk",
    "search_piece",
    "worker_chunk",
    "worker_context",
]

#: Where chunks run: spawned processes on this machine, or a Dask cluster (the ``[distributed]`` extra).
EXECUTORS = ("local", "dask")
#: Bytes read at once while the chunk boundaries and their line numbers are found.
_COUNT_BLOCK = 8 << 20


#: Below this many cores the CLI starts no local pool by default. Measured on 2 cores at 1,000,000 rows
#: (`benchmarks/compare.py`, medians of 3, quiet machine): one process 4.15 s, 2 workers 5.40 s. polars
#: already uses both cores inside the one process, and the pool adds its start-up and the serial merge.
POOL_MIN_CORES = 4


def default_workers(executor: str) -> int:
    """The CLI's default ``--workers``: every core for a Dask cluster, and for the local pool when there are
    :data:`POOL_MIN_CORES` or more; 1 (this process alone) below that."""
    cores = available_cores()
    return cores if executor == "dask" or cores >= POOL_MIN_CORES else 1


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, so ``taskset`` and cgroups are respected)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class ChunkOut(Protocol):
    """Where a chunk's body puts what the main process takes back besides its spill files."""

    def clear(self) -> None:
        """Forget the findings made so far (the header's, which the main process makes itself)."""

    def held(self, rule: str, hit: Hit) -> None:
        """A row-rule hit held until X1 has spoken for the file, in the order made."""

    def names(self, seen: frozenset[str], reported: tuple[str, ...]) -> None:
        """A file keyed by name (JSON Lines): the items its chunk saw, the unknown names it reported."""


#: The readers whose records can be read in ranges: CSV and JSON Lines by bytes, Parquet by rows.
RangeReader = CsvFile | JsonLinesFile | ParquetFile

#: A chunk's work: given the context (whose emitter records the findings), the task and its ``ChunkOut``,
#: returns the (line, offset) after its last record, the records read, its spill files and their rows.
ChunkBody = Callable[[RunContext, "ChunkTask", ChunkOut], tuple[tuple[int, int], int, tuple[Path, ...], int]]


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """One byte range of one file: from the record at ``start`` (line, offset) to ``stop`` (None: the end)."""

    body: ChunkBody  # what is done to it (a module-level function, so that it pickles by name)
    inp: InputFile
    csv: RangeReader  # the file as the main process opened it (its start read; no handle held)
    items: tuple[str, ...]  # the spilled items, as the main process's spill has them
    work: Path  # the run's private spill folder
    tag: str  # file-name prefix of what the task leaves there
    start: tuple[int, int]  # (line, byte offset; of Parquet, row)
    stop: int | None


@dataclass(frozen=True, slots=True)
class ChunkResult:
    """What a chunk left behind, and where its last record ended."""

    start: tuple[int, int]
    end: tuple[int, int]
    rows: int  # records read (as ``FileRun.rows``)
    paths: tuple[Path, ...]  # its spill files, in order
    spill_rows: int
    found: Path  # pickled lists of findings and of held hits (rule id, Hit), in the order made
    names: tuple[frozenset[str], tuple[str, ...]] | None = None  # a JSON Lines chunk's F4 name state

    def discard(self) -> None:
        for p in (*self.paths, self.found):
            p.unlink(missing_ok=True)


class _Recorder:
    """A finding sink for a chunk: findings (and, at the end, held hits) to a pickle file in batches."""

    LIMIT = 20_000

    def __init__(self, path: Path) -> None:
        self.path = path
        self._items: list[Finding | tuple[str, Hit]] = []
        self._file: IO[bytes] | None = None
        self.seen_names: tuple[frozenset[str], tuple[str, ...]] | None = None

    def start_file(self, file: str, layout: str | None) -> None:
        """Files are started by the main process."""

    def add_rows(self, file: str, n: int) -> None:
        """Rows are counted by the main process (``ChunkResult.rows``)."""

    def describe_file(self, file: str, evidence: FileEvidence) -> None:
        """Evidence is taken by the main process."""

    def not_checked(self, rule: str, file: str) -> None:
        """Dataset rules are the main process's."""

    def add(self, finding: Finding) -> None:
        self._put(finding)

    def held(self, rule: str, hit: Hit) -> None:
        self._put((rule, hit))

    def names(self, seen: frozenset[str], reported: tuple[str, ...]) -> None:
        self.seen_names = (seen, reported)

    def clear(self) -> None:
        self._items = []

    def _put(self, item: Finding | tuple[str, Hit]) -> None:
        self._items.append(item)
        if len(self._items) >= self.LIMIT:
            self._flush()

    def _flush(self) -> None:
        if self._file is None:
            self._file = self.path.open("wb")
        pickle.dump(self._items, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._items = []

    def close(self) -> None:
        self._flush()
        assert self._file is not None
        self._file.close()
        self._file = None


def _read_up_to(src: RangeReader, stop: int | None) -> int:
    """The bytes read once the ranges up to ``stop`` are in (for Parquet, in proportion to the rows)."""
    if stop is None:
        return src.bytes_total
    if isinstance(src, ParquetFile):
        return src.bytes_total * stop // max(1, src.rows_total)
    return stop


def _stands(keep: dict[str | None, deque[bool]], item: str | None) -> bool:
    """Whether a chunk's next unknown-name F4 for ``item`` stands (True when the chunk did not say)."""
    flags = keep.get(item)
    return flags.popleft() if flags else True


def _read_found(path: Path) -> Iterator[Finding | tuple[str, Hit]]:
    with path.open("rb") as f:
        while True:
            try:
                items = pickle.load(f)  # written by this run's own workers, in its 0700 folder
            except EOFError:
                return
            yield from items


def run_chunk(ctx: RunContext, task: ChunkTask) -> ChunkResult:
    """``task.body`` on one chunk, its findings to the chunk's recorder; ``ctx`` is the run's (a chunk
    scanned again in the main process) or a worker's copy of it."""
    recorder = _Recorder(task.work / f"{task.tag}-found.pickle")
    ctx = replace(ctx, emit=Emitter(recorder, ctx.schema), progress=None)
    end, rows, paths, spill_rows = task.body(ctx, task, recorder)
    recorder.close()
    return ChunkResult(task.start, end, rows, paths, spill_rows, recorder.path, recorder.seen_names)


# --- in a worker process -------------------------------------------------------------------------------
_WORKER: dict[str, Any] = {}


def worker_context(schema: SchemaSet, options: EngineOptions) -> RunContext:
    """A worker's context, made once (its compiled item checks are then shared by the worker's tasks)."""
    return RunContext(schema, Emitter(_Recorder(Path(os.devnull)), schema), options,
                      load_parameters(schema, RULES.values()))


def init_worker(schema: SchemaSet, options: EngineOptions) -> None:
    os.umask(0o077)  # the spill folder's files: this user only, as in the main process
    _WORKER["ctx"] = worker_context(schema, options)


def worker_chunk(task: ChunkTask) -> ChunkResult:
    return run_chunk(_WORKER["ctx"], task)


def search_piece(plan: bytes, out: str) -> int | None:
    """In a worker (local or Dask): one piece's search plan (``LazyFrame.serialize``, made by this run)
    collected and written to ``out`` (Arrow IPC, created 0600); its rows. None when the piece's files are
    not visible here (a Dask worker on another machine, the spill folder not shared): the main process then
    runs the plan itself."""
    frame_plan = pl.LazyFrame.deserialize(io.BytesIO(plan))
    try:
        frame = frame_plan.collect(engine="streaming")
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "wb") as f:
        frame.write_ipc(f, compression="lz4")
    return frame.height


# --- in the main process -------------------------------------------------------------------------------
def _answer(pending: Found | None) -> int | None:
    """A piece search's rows, or None when the main process must run it: not submitted, or the worker
    failed on it (a plan that does not load there). A real fault, such as a full disk, is then raised again
    by the main process's own run, as in a serial search."""
    if pending is None:
        return None
    try:
        return pending.result()
    except Exception:  # whatever the worker raised, the piece runs here
        return None


def chunk_starts(path: Path, line: int, pos: int, total: int, chunk: int) -> list[tuple[int, int]]:
    """(line, offset) of each chunk's first line: ``(line, pos)``, then the line after the first LF at or
    past every ``chunk`` bytes. Line numbers are physical lines (a line ends at LF, §12.4), counted here."""
    starts = [(line, pos)]
    target = pos + chunk
    with path.open("rb") as f:
        f.seek(pos)
        at = pos  # file offset of block[0]
        while target < total:
            block = f.read(_COUNT_BLOCK)
            if not block:
                break
            counted = 0
            while target < at + len(block):
                lf = block.find(b"\n", max(0, target - at))
                if lf < 0:  # the boundary is the first LF of a later block
                    target = at + len(block)
                    break
                line += block.count(b"\n", counted, lf + 1)
                counted = lf + 1
                cut = at + lf + 1
                if cut >= total:
                    break
                starts.append((line, cut))
                target = cut + chunk
            line += block.count(b"\n", counted)
            at += len(block)
    return starts


class Pending(Protocol):
    """A submitted chunk."""

    def result(self) -> ChunkResult: ...

    def cancel(self) -> bool: ...


class Found(Protocol):
    """A submitted piece search: its rows, or None when it must run in the main process."""

    def result(self) -> int | None: ...


class Executor(Protocol):
    """Runs chunk tasks somewhere and hands their results back with files in the run's spill folder."""

    def submit(self, task: ChunkTask) -> Pending: ...

    def search(self, plan: bytes, out: Path) -> Found: ...

    def close(self) -> None: ...


class _LocalExecutor:
    """Spawned worker processes on this machine; they write straight into the run's spill folder."""

    def __init__(self, ctx: RunContext, count: int) -> None:
        self._pool = ProcessPoolExecutor(
            max_workers=count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=boot,
            initargs=(pickle.dumps((ctx.schema, ctx.options)), count, f"{__name__}:init_worker"),
        )

    def submit(self, task: ChunkTask) -> Future[ChunkResult]:
        return self._pool.submit(worker_chunk, task)

    def search(self, plan: bytes, out: Path) -> Future[int | None]:
        return self._pool.submit(search_piece, plan, str(out))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class Workers:
    """The run's executor, started for a file large enough to be split. The local pool is closed after each
    such file's chunks when its spill is searched whole, and after each split search (its idle workers
    would hold their memory while this process works; spawning again costs about a second); a Dask cluster
    stays until the end of the run."""

    def __init__(self, ctx: RunContext, work: Path, body: ChunkBody) -> None:
        self.ctx, self.work, self.body = ctx, work, body
        self.count = max(1, ctx.options.workers)
        self.kind = ctx.options.executor
        if self.kind not in EXECUTORS:
            raise ValueError(f"unknown executor {self.kind!r}: expected one of {', '.join(EXECUTORS)}")
        self._executor: Executor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.close()
            self._executor = None

    def executor(self) -> Executor:
        if self._executor is None:
            if self.kind == "dask":
                from conformance.engines.dask_executor import DaskExecutor

                self._executor = DaskExecutor(
                    self.ctx, self.count, self.work, self.ctx.options.scheduler, run_chunk, worker_context,
                    search_piece,
                )
            else:
                self._executor = _LocalExecutor(self.ctx, self.count)
        return self._executor

    @property
    def width(self) -> int:
        """Pieces searched at once: one per worker."""
        return self.count

    @property
    def parallel(self) -> bool:
        """Whether tasks run elsewhere: a Dask cluster, or a local pool of two workers or more."""
        return self.kind == "dask" or self.count >= 2

    def release(self) -> None:
        """After a file: the local pool is closed (its idle workers would hold their memory), a Dask
        cluster stays."""
        if self.kind == "local":
            self.close()

    def write_all(self, plans: Sequence[pl.LazyFrame], paths: Sequence[Path]) -> list[int]:
        """``PieceRunner`` for the spill: every piece's plan as one task, all submitted at once, each result
        written by its worker to its path. A plan that does not serialize, or that a worker cannot read the
        piece of, runs here; so the result is the serial one whatever happens."""
        executor = self.executor()
        found: list[Found | None] = []
        try:
            for plan, path in zip(plans, paths, strict=True):
                try:
                    data = plan.serialize()
                except Exception:  # polars raises several kinds; the plan then runs here
                    found.append(None)
                    continue
                found.append(executor.search(data, path))
            rows: list[int] = []
            for plan, path, pending in zip(plans, paths, found, strict=True):
                got = _answer(pending)
                rows.append(got if got is not None else write_serially([plan], [path])[0])
        finally:
            # the local pool is closed after each split search: its idle workers would hold 200-260 MiB
            # each while this process works on the results (the next search spawns a fresh pool)
            self.release()
        return rows

    def scan(self, inp: InputFile, csv: RangeReader, run: FileRun, state: Any) -> bool:
        """Read ``csv``'s records into ``run`` and ``state`` (a ``_SpilledRun``) chunk by chunk in the pool;
        False, having read nothing, when the file is not worth splitting (one local worker, or under two
        chunks)."""
        chunk = max(1, self.ctx.options.chunk_bytes)
        if (self.kind == "local" and self.count < 2) or csv.bytes_total < 2 * chunk:
            return False
        begin = csv.begin_records()
        if begin is None:
            return True
        if isinstance(csv, ParquetFile):
            starts = csv.range_starts(chunk)
        else:
            starts = chunk_starts(csv.path, *begin, csv.bytes_total, chunk)
        tag, items = state.spill.tag, tuple(state.spill.items)
        tasks = [
            ChunkTask(self.body, inp, csv, items, self.work, f"{tag}-k{k:05d}", start,
                      starts[k + 1][1] if k + 1 < len(starts) else None)
            for k, start in enumerate(starts)
        ]
        executor = self.executor()
        futures = [executor.submit(t) for t in tasks]
        expected = begin
        try:
            for task, future in zip(tasks, futures, strict=True):
                result = future.result()
                if result.start != expected:  # a record of the chunk before ran over the cut: redo from there
                    result.discard()
                    result = run_chunk(self.ctx, replace(task, start=expected, tag=f"{task.tag}-again"))
                self._merge(result, run, state, csv)
                expected = result.end
                csv.bytes_read = _read_up_to(csv, task.stop)
                if self.ctx.progress is not None:
                    self.ctx.progress(inp.display, csv.bytes_read, csv.bytes_total, run.rows)
        finally:
            for f in futures:
                f.cancel()
            if state.spill.partitions < 2:  # idle workers keep their memory: none while the file is searched
                self.release()  # (kept when the searches are split into pieces: they run on the pool)
        return True

    def _merge(self, result: ChunkResult, run: FileRun, state: Any, src: RangeReader) -> None:
        """A chunk's findings into the sink and its held hits into the file's buffer, in the order made;
        of a JSON Lines chunk, an unknown name's F4 only where no earlier chunk reported that name."""
        sink = self.ctx.emit.sink
        rules = {r.id: r for r in run.row_rules}
        keep: dict[str | None, deque[bool]] = {}  # by the name as the finding shows it, in report order
        if result.names is not None and isinstance(src, JsonLinesFile):
            reported = result.names[1]
            for name, stands in zip(reported, src.builder.merge(*result.names), strict=True):
                keep.setdefault(shown_name(name), deque()).append(stands)
        for item in _read_found(result.found):
            if isinstance(item, Finding):
                if item.message == f4.UNKNOWN_NAME and keep and not _stands(keep, item.item):
                    continue
                sink.add(item)
            else:
                state.held.add(rules[item[0]], (item[1],))
        result.found.unlink(missing_ok=True)
        state.spill.paths.extend(result.paths)
        state.spill.rows += result.spill_rows
        run.rows += result.rows
