"""The polars fast path: the same rules as the reference engine, with vectorised prefilters and spilled state.

Nothing here defines what a rule means. The structural scanner hands clean records to polars in batches and
every other record to the reference parser. For the clean records, each item's sound prefilter
(``rules/item_exprs.py``) proves "no finding" for nearly every value, and only rows it cannot clear run the
scalar item checks; row-scope X rules run their scalar check only where their ``may_fire`` filter is True.

The file and dataset rules do not keep Python state per row: the columns they read go to a ``StateSpill``
(Arrow IPC files in a temporary directory) batch by batch; after the file, each rule's own filter methods
(``candidates``, the history flags, searched by ``engines/history_search.py``) find with polars the rows
where it may fire, and the rule's own scalar code runs on those rows, in line order. Row-rule hits wait
in a ``HitBuffer`` until X1 has named the duplicate rows, which §8 keeps out of every other X rule. Memory
is one batch while reading and one partition of the spill after it.
"""

from __future__ import annotations

import copy
import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from queue import Empty, Full, Queue

import polars as pl

from conformance.core.findings import FindingSink
from conformance.engines.context import EngineOptions, Progress, RunContext
from conformance.engines.history_search import history_entities, rows_of_entities
from conformance.engines.inputs import InputFile
from conformance.engines.partitioned import ChunkOut, ChunkTask, Workers
from conformance.engines.plan import DatasetPlan, FileRun, finished, opened, run_dataset
from conformance.engines.spill import HitBuffer, StateSpill, private_spill
from conformance.readers.fast_scan import RangeScan, ScannedCsvFile
from conformance.readers.jsonl import JsonLinesFile
from conformance.readers.parquet_reader import ParquetFile
from conformance.readers.records import RawRecord
from conformance.readers.source import Batch
from conformance.readers.structured import RecordBuilder, batches_of
from conformance.rules.cross.base import CrossRule, DatasetRule, FileRule, Hit, RowRule, RowView
from conformance.rules.cross.history import group_items
from conformance.rules.cross.state import LINE
from conformance.rules.items.prefilter import clean_expr
from conformance.schema.model import SchemaSet


class FastEngine:
    def __init__(
        self,
        schema: SchemaSet,
        sink: FindingSink,
        *,
        options: EngineOptions | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.ctx = RunContext.create(schema, sink, options or EngineOptions(), progress)
        self._needed = {n for r in schema.dataset_rules for n in r.needs}

    def run(self, inputs: Sequence[InputFile]) -> None:
        with private_spill(self.ctx.options.spill_dir) as work, Workers(self.ctx, work, scan_chunk) as pool:
            self._work, self._workers = work, pool
            self._spills: dict[str, StateSpill] = {}  # dataset file name -> its spill (kept for later files)
            run_dataset(self.ctx, inputs, self._run_file)

    def _run_file(self, inp: InputFile, plan: DatasetPlan) -> None:
        ctx = self.ctx
        with opened(ctx, inp, plan) as csv:
            if csv.fatal:
                return
            header = csv.header or []
            run = FileRun(ctx, inp, plan, header, csv.names_checked)
            if not header:
                finished(ctx, csv)
                run.finish()
                return
            state = _SpilledRun(run, self._work, len(self._spills), ctx.options)
            if self._workers.parallel:  # the end-of-file searches' hash pieces run on the workers too
                state.spill.runner = self._workers
            flags, width = batch_flags(ctx, run), len(header)
            progress = ctx.progress
            with _no_cyclic_gc():
                # a large CSV, JSON Lines or Parquet file: its chunks in worker processes (a JSON document
                # or an XML tree is read here: it cannot be cut at a byte offset without parsing it)
                if not (isinstance(csv, ScannedCsvFile | JsonLinesFile | ParquetFile)
                        and self._workers.scan(inp, csv, run, state)):
                    with _prefetched(csv.batches(ctx.options.batch_bytes)) as batches:
                        for batch in batches:
                            state.batch(batch, flags, width)
                            if progress is not None:
                                progress(inp.display, csv.bytes_read, csv.bytes_total, run.rows)
                finished(ctx, csv)
                try:
                    state.finish(self._spills)
                finally:
                    self._workers.release()
            if inp.spec.name in self._needed and inp.spec.name not in self._spills:
                self._spills[inp.spec.name] = state.spill
            else:
                state.spill.remove()


def batch_flags(ctx: RunContext, run: FileRun) -> list[pl.Expr]:
    """Per batch row: ``_i<k>`` True where item check k certainly passes, ``_x<k>`` True where row rule k
    may fire (what ``_SpilledRun.batch`` reads)."""
    positions = run.columns  # 項目名 -> field index in the file

    def column(name: str) -> pl.Expr:
        idx = positions.get(name)
        return pl.col(f"c{idx}") if idx is not None else pl.lit(None, pl.String)

    # Items are selected as separate columns and combined afterwards: polars evaluates separate
    # expressions in parallel; one all_horizontal over 41 expressions measured twice as slow.
    cleans = [clean_expr(check, ctx.schema, column).alias(f"_i{i}") for i, check in enumerate(run.compiled)]
    fires = [_may_fire(r, column).alias(f"_x{i}") for i, r in enumerate(run.row_rules)]
    return [*cleans, *fires]


def scan_chunk(
    ctx: RunContext, task: ChunkTask, out: ChunkOut
) -> tuple[tuple[int, int], int, tuple[Path, ...], int]:
    """One byte range of a large file, in a worker (``engines/partitioned.py``): this path's batches, its
    findings to ``ctx``'s emitter, its spill and held row-rule hits left for the main process."""
    header = task.csv.header or []
    run = FileRun(ctx, task.inp, DatasetPlan(), header)  # its dataset rules are the main process's
    out.clear()  # the header's findings are the main process's too
    options = ctx.options
    state = _SpilledRun(run, task.work, 0, options)
    state.spill = StateSpill(task.work, task.tag, task.items, partition_rows=options.partition_rows)
    if state.held is not None:
        state.held = HitBuffer(task.work, task.tag, options.held_hits)
    flags, width = batch_flags(ctx, run), len(header)
    src = task.csv
    if isinstance(src, JsonLinesFile):  # its own F4 name state, which the main process merges
        src = copy.copy(src)
        src.builder = RecordBuilder(src.display_name, src.builder.names)
        chunk: Iterator[Batch] = batches_of(src.range_records(*task.start, task.stop), width)
    elif isinstance(src, ParquetFile):
        chunk = src.range_batches(*task.start, task.stop, options.batch_bytes)
    else:
        scanned = RangeScan(src, *task.start, task.stop, batch_bytes=options.batch_bytes)
        chunk = iter(scanned)
    with _no_cyclic_gc(), _prefetched(chunk) as batches:
        for batch in batches:
            state.batch(batch, flags, width)
    state.spill.end_batch()
    state.spill.close()
    if state.held is not None:
        for rule, hit in state.held.drain(()):
            out.held(rule.id, hit)
    if isinstance(src, JsonLinesFile):
        out.names(*src.builder.names_state())
    if isinstance(src, JsonLinesFile | ParquetFile):
        return src.range_end, run.rows, tuple(state.spill.paths), state.spill.rows
    return scanned.end, run.rows, tuple(state.spill.paths), state.spill.rows


def _may_fire(rule: RowRule, column: Callable[[str], pl.Expr]) -> pl.Expr:
    """The rule's filter (True where it may report on an item-clean row, never null); True without one."""
    expr = rule.may_fire(column)
    return pl.lit(True) if expr is None else expr.fill_null(False)


class _SpilledRun:
    """One file through the fast path: item and row rules per batch, the rest from the spill at the end."""

    def __init__(self, run: FileRun, work: Path, number: int, options: EngineOptions) -> None:
        self.run, self.emit = run, run.emit
        self.spill = StateSpill(work, f"f{number}", spilled_items(run), partition_rows=options.partition_rows)
        self.held = HitBuffer(work, f"f{number}", options.held_hits) if run.key_rule is not None else None

    # --- per batch ------------------------------------------------------------------------------------
    def hits(self, rule: CrossRule, hits: Iterable[Hit]) -> None:
        """Row-rule hits: held back while X1 may still exclude their row (§8), else emitted."""
        got = list(hits)
        if not got:
            return
        if self.held is not None:
            self.held.add(rule, got)
        else:
            self.emit.hits(self.run.file, rule, got)

    def row(self, line: int, raw: dict[str, str | None], failed: set[str], rules: Iterable[RowRule]) -> None:
        """A checkable record after its item checks: its row rules, and its spilled columns."""
        view = RowView(line, raw, failed)
        for rr in rules:
            self.hits(rr, rr.check(view))
        self.spill.add_row(line, raw, failed)

    def record(self, rec: RawRecord) -> None:
        """A record the reference parser read: as ``FileRun.record``, with the spilled X rules."""
        checked = self.run.checked(rec)
        if checked is not None:
            self.row(rec.line, *checked, self.run.row_rules)

    def batch(self, batch: Batch, flags: list[pl.Expr], width: int) -> None:
        """Frame rows: prefilters decide which go row by row; the item-clean ones are spilled in bulk."""
        run, frame = self.run, batch.frame
        for rec in batch.special:
            self.record(rec)
        if not frame.height:
            self.spill.end_batch()
            return
        run.rows += frame.height
        selected = frame.select(flags)
        items = [c for c in selected.columns if c.startswith("_i")]
        fires = [c for c in selected.columns if c.startswith("_x")]
        every = pl.repeat(True, frame.height, eager=True)
        clean = selected.select(pl.all_horizontal(items)).to_series() if items else every
        need = (~clean | selected.select(pl.any_horizontal(fires)).to_series()) if fires else ~clean
        self.spill.add_frame(batch.lines.filter(clean), frame.filter(clean), run.columns)
        if need.any():
            fired = selected.select(fires)
            picked = frame.with_columns(batch.lines.alias(LINE), clean.alias("_clean"), *fired).filter(need)
            rules = run.row_rules
            for row in picked.select(LINE, "_clean", *fires, *(f"c{i}" for i in range(width))).iter_rows():
                line, is_clean, marks, fields = row[0], row[1], row[2 : 2 + len(fires)], row[2 + len(fires) :]
                raw = run.raw_of(fields)
                if is_clean:  # item-clean: only the row rules that may fire (spilled above)
                    view = RowView(line, raw, frozenset())
                    for rr, fire in zip(rules, marks, strict=True):
                        if fire:
                            self.hits(rr, rr.check(view))
                    continue
                failed: set[str] = set()
                run.check_items(line, raw, failed)
                self.row(line, raw, failed, rules)
        self.spill.end_batch()

    # --- after the file -------------------------------------------------------------------------------
    def finish(self, spills: Mapping[str, StateSpill]) -> None:
        run, spill, emit_hits, file = self.run, self.spill, self.emit.hits, self.run.file
        spill.end_batch()
        spill.close()
        excluded: set[int] = set()
        if run.key_rule is not None:
            key = run.key_rule
            hits = [h for v in self._views(key, spill) for h in key.add(v)]
            excluded = {h.line for h in hits if h.line is not None}
            spill.excluded = sorted(excluded)
            emit_hits(file, key, hits)
        if self.held is not None:
            for rule, hit in self.held.drain(excluded):
                emit_hits(file, rule, (hit,))
        for fr in run.streaming:
            emit_hits(file, fr, [h for v in self._views(fr, spill) for h in fr.add(v)])
        if run.index is not None:
            entities = history_entities(
                run.spec, run.history_rules, spill, run.index.keep_names, f"{spill.tag}-history"
            )
            for v in spill.views(rows_of_entities(run.spec, spill, entities)):
                run.index.add(v)
        run.finish()  # the file rules' findings, the row count, D1 (as the reference path)
        name = run.spec.name
        for dr in run.checking:
            emit_hits(file, dr, self._dataset_hits(dr, name, spills))

    def _views(self, rule: FileRule, spill: StateSpill) -> Iterator[RowView]:
        """The rows a file rule must see: its candidates, or every row without a filter."""
        lines = rule.candidates(spill)
        frame = spill.rows_at(lines) if lines is not None else spill.scan().collect(engine="streaming")
        return spill.views(frame)

    def _dataset_hits(self, rule: DatasetRule, file: str, spills: Mapping[str, StateSpill]) -> list[Hit]:
        """``collect`` on the needed files' relevant rows, then ``check`` on this file's candidates, with a
        fresh instance of the rule (its state then holds exactly what those checks read)."""
        fresh = type(rule)(rule.ctx)
        spill = self.spill
        needed = {n: s for n in rule.needs if (s := spills.get(n)) is not None}
        found = rule.candidates(file, spill, needed) if file not in rule.needs else None
        if found is not None:
            lines, relevant = found
            for n in rule.needs:
                if n in needed and n in relevant:
                    for v in needed[n].views(needed[n].rows_at(relevant[n])):
                        fresh.collect(n, v)
            return [h for v in spill.views(spill.rows_at(lines)) for h in fresh.check(file, v)]
        # no filter (or a file both read and checked): every row, per record collect then check
        for n, s in needed.items():
            if n != file:
                for v in s.views(s.scan().collect(engine="streaming")):
                    fresh.collect(n, v)
        hits: list[Hit] = []
        for v in spill.views(spill.scan().collect(engine="streaming")):
            if file in rule.needs:
                fresh.collect(file, v)
            hits.extend(fresh.check(file, v))
        return hits


def spilled_items(run: FileRun) -> list[str]:
    """Every item a file or dataset rule of ``run`` may read, in layout order (only the file's columns)."""
    names: set[str] = set()
    spec = run.spec
    if run.key_rule is not None:
        names.update(spec.primary_key)
    for fr in run.file_rules:
        names.update(fr.items)
        names.update(fr.reads)
    if run.index is not None:
        assert spec.history is not None
        names.update(spec.history.entity_key)
        names.add(spec.history.sequence)
        names.update(run.index.keep_names)
        if run.index.tracked:
            names.add(run.index.tracked)
    for g in spec.groups:
        names.update(g.key)
    names.update(group_items(run.context))
    for dr in {*run.collecting, *run.checking}:
        names.update(dr.columns(spec.name))
        names.update(dr.items)
        names.update(dr.reads)
    return [n for n in spec.layout.item_names if n in names and n in run.columns]


@contextmanager
def _prefetched(batches: Iterator[Batch], depth: int = 1) -> Iterator[Iterator[Batch]]:
    """The scanner's batches, read ahead on a background thread while the current one is checked.

    Why: the scan (numpy, polars' CSV read) and the checks (polars expressions) release the GIL for most of
    their time, so on two cores the next batch is read while this one is checked. The scanner stays
    sequential in its own thread; at most ``depth`` batches wait, so memory stays bounded. An error of the
    scanner is raised here, in the consumer, at the batch where it happened.
    """
    queue: Queue[tuple[Batch | None, BaseException | None]] = Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                while not stop.is_set():
                    try:
                        queue.put((batch, None), timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put((None, None))
        except BaseException as e:  # handed to the consumer, which re-raises it
            queue.put((None, e))

    def consume() -> Iterator[Batch]:
        while True:
            batch, error = queue.get()
            if error is not None:
                raise error
            if batch is None:
                return
            yield batch

    thread = threading.Thread(target=produce, name="scan", daemon=True)
    thread.start()
    try:
        yield consume()
    finally:  # in the caller's ``with``, never in a generator's finaliser, where a signal would be "ignored"
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            with suppress(Empty):
                queue.get_nowait()
            thread.join(timeout=0.05)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic collector paused for one file, restored after (reference counting still frees memory).

    Why: the rules and the spill make no reference cycles, while the collector would rescan every live
    container (findings, the held hits) again and again as they grow.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

