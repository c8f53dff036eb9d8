"""Spilled state of the fast engine: the key and history columns of a file on disk, not in dicts.

Why: the file and dataset rules (X1, X14, histories and households, references between files) need the
whole file before they can speak, and holding it as Python objects costs ~1.7 KB per row. The fast engine
instead writes, per batch, only the columns those rules read to an Arrow IPC file in a temporary directory;
after the file, polars finds the few rows where a rule *may* fire (each rule's filter methods, reading the
spill through the ``SpilledState`` protocol of ``rules/cross/state.py``) and the rule's own scalar code runs
on those rows only. Memory is then one batch while reading, and one partition of the spill
(``partition_rows``) while searching, whatever the size of the file.

Rule hits of a file with a primary key are held back in a ``HitBuffer`` until X1 has named its duplicate
rows, because §8 excludes those rows from every other X rule; the buffer spills to disk beyond
``limit`` hits.
"""

from __future__ import annotations

import errno
import itertools
import math
import os
import pickle
import shutil
import tempfile
from collections.abc import Collection, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Protocol

import polars as pl

from conformance.rules.cross.base import NO_FAILURES, CrossRule, Hit, RowView
from conformance.rules.cross.state import FAILED, LINE, Build, JoinHow

#: Rows of the spill searched at once (a partition of the key hash) by default; bounds end-of-file memory.
PARTITION_ROWS = 1_000_000
#: Rows per file of a split piece: the partitioned sink buffers up to this much per piece before it writes.
PIECE_FILE_ROWS = 50_000
#: Bits of the ``_failed`` mask: at most this many spilled items per file.
MAX_ITEMS = 63

_SPLITS = itertools.count()

#: Spill folders are named ``conformance-spill-<pid>-<random>`` so a later run can tell whose they are.
SPILL_PREFIX = "conformance-spill-"


class PieceRunner(Protocol):
    """Runs independent search plans, one per hash piece, possibly in other processes (``Workers``)."""

    @property
    def width(self) -> int:
        """How many pieces may be searched at once (each worker holds one)."""
        ...

    def write_all(self, plans: Sequence[pl.LazyFrame], paths: Sequence[Path]) -> list[int]:
        """Each plan collected and written to its path (Arrow IPC, this user only); the rows of each."""
        ...


def write_serially(plans: Sequence[pl.LazyFrame], paths: Sequence[Path]) -> list[int]:
    """The pieces one after the other in this process, one result in memory at a time."""
    rows: list[int] = []
    for plan, path in zip(plans, paths, strict=True):
        frame = plan.collect(engine="streaming")
        frame.write_ipc(path, compression="lz4")
        rows.append(frame.height)
        del frame
    return rows


class SpillFull(OSError):
    """The spill folder's file system filled up; the message names the folder."""


def spill_root(chosen: Path | None) -> Path:
    """Where spill folders go: ``--spill-dir`` or ``$TMPDIR`` (the system's temporary folder)."""
    return Path(chosen) if chosen is not None else Path(tempfile.gettempdir())


@contextmanager
def private_spill(chosen: Path | None) -> Iterator[Path]:
    """A spill folder only this user can enter (0700), whose files only this user can read (0600), removed
    on every way out of the block: a normal end, an error, Ctrl-C, and SIGTERM/SIGHUP (the CLI turns those
    into an exception, so this block's cleanup runs). SIGKILL leaves it behind; the next run removes it."""
    root = spill_root(chosen)
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-", dir=root))
    old_umask = os.umask(0o077)  # polars writes the Arrow files with the process umask
    try:
        yield folder
    except OSError as e:
        if e.errno == errno.ENOSPC:
            raise SpillFull(e.errno, f"{root}: no space left on the device holding the spill folder") from e
        raise
    finally:
        os.umask(old_umask)
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale(chosen: Path | None) -> list[tuple[Path, int]]:
    """Remove spill folders of processes that are gone (killed with SIGKILL, or a crashed machine): the
    folders this user owns whose recorded pid is not running. Returns (folder, pid) of each one removed."""
    root = spill_root(chosen)
    removed: list[tuple[Path, int]] = []
    try:
        entries = list(root.iterdir())
    except OSError:
        return removed
    me = os.getuid()
    for entry in entries:
        if not entry.name.startswith(SPILL_PREFIX):
            continue
        pid_text = entry.name[len(SPILL_PREFIX) :].split("-", 1)[0]
        try:
            st = entry.lstat()
        except OSError:
            continue
        if not pid_text.isdigit() or st.st_uid != me or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(pid_text)
        if pid == os.getpid() or _alive(pid):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        if not entry.exists():
            removed.append((entry, pid))
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a live process of another user holds that pid
    return True


class StateSpill:
    """The columns the X rules read, for every checkable record of one file, as Arrow IPC files.

    Columns: ``_line`` (Int64, physical line), ``_failed`` (Int64 bit mask: bit i set = ``items[i]`` failed
    its item checks, so rules see it as unknown) and one String column per item (NULL = NULL).
    """

    def __init__(
        self, directory: Path, tag: str, items: Sequence[str], *, partition_rows: int = PARTITION_ROWS
    ) -> None:
        if len(items) > MAX_ITEMS:
            raise ValueError(f"{tag}: {len(items)} spilled items, at most {MAX_ITEMS}")
        self.directory, self.tag, self.items = directory, tag, tuple(items)
        self.partition_rows = max(1, partition_rows)
        self.bit = {name: 1 << i for i, name in enumerate(self.items)}
        self.paths: list[Path] = []
        self.rows = 0
        self.excluded: list[int] = []  # lines reported under X1: no part in other X rules (§8)
        self.scratch: list[Path] = []  # folders of split pieces (candidates.split), removed by ``forget``
        self.runner: PieceRunner | None = None  # where the pieces of a split search run (None: here, in turn)
        self._frames: list[pl.DataFrame] = []
        self._lines: list[int] = []
        self._failed: list[int] = []
        self._values: list[list[str | None]] = [[] for _ in self.items]
        # Writes run on one background thread (polars releases the GIL while it compresses and writes), so
        # the next batch is read meanwhile; at most one write is in flight, so memory stays one batch.
        self._writer: ThreadPoolExecutor | None = None
        self._pending: Future[None] | None = None

    # --- writing --------------------------------------------------------------------------------------
    def add_frame(self, lines: pl.Series, frame: pl.DataFrame, positions: Mapping[str, int]) -> None:
        """Item-clean rows of a batch frame (String columns ``c<i>``, NULL for ""), no item failed."""
        if not frame.height:
            return
        cols = [
            (pl.col(f"c{positions[n]}") if n in positions else pl.lit(None, pl.String)).alias(n)
            for n in self.items
        ]
        self._frames.append(
            frame.select(lines.alias(LINE).cast(pl.Int64), pl.lit(0, pl.Int64).alias(FAILED), *cols)
        )

    def add_row(self, line: int, raw: Mapping[str, str | None], failed: Collection[str]) -> None:
        """One record checked row by row (a reference-parsed record or one its prefilters did not clear)."""
        self._lines.append(line)
        mask = 0
        if failed:
            bit = self.bit
            for name in failed:
                mask |= bit.get(name, 0)
        self._failed.append(mask)
        for values, name in zip(self._values, self.items, strict=True):
            values.append(raw.get(name))

    def end_batch(self) -> None:
        """Write what the batch added as one IPC file."""
        frames = self._frames
        if self._lines:
            values = {n: pl.Series(v, dtype=pl.String) for n, v in zip(self.items, self._values, strict=True)}
            frames.append(
                pl.DataFrame(
                    {
                        LINE: pl.Series(self._lines, dtype=pl.Int64),
                        FAILED: pl.Series(self._failed, dtype=pl.Int64),
                        **values,
                    }
                )
            )
            self._lines, self._failed = [], []
            self._values = [[] for _ in self.items]
        if not frames:
            return
        out = pl.concat(frames, how="vertical") if len(frames) > 1 else frames[0]
        self._frames = []
        path = self.directory / f"{self.tag}-{len(self.paths):06d}.arrow"
        self.wait()
        if self._writer is None:
            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spill")
        self._pending = self._writer.submit(out.write_ipc, path, compression="lz4")
        self.paths.append(path)
        self.rows += out.height

    def wait(self) -> None:
        """Until the write in flight is on disk (re-raising its error)."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()

    def close(self) -> None:
        """Finish writing; the spill is then only read."""
        self.wait()
        if self._writer is not None:
            self._writer.shutdown()
            self._writer = None

    # --- reading --------------------------------------------------------------------------------------
    @property
    def partitions(self) -> int:
        """Hash pieces a search of the spill is split into: one while it fits ``partition_rows``; above
        that, when the pieces run on a runner of N workers, N times as many, so the N pieces searched at
        once hold together what one piece would (a 2-worker tree at 20M rows: 1.67 GiB with 1M-row pieces)."""
        parts = max(1, math.ceil(self.rows / self.partition_rows))
        if parts >= 2 and self.runner is not None:
            parts *= max(1, self.runner.width)
        return parts

    def spilled(self, name: str) -> bool:
        return name in self.bit

    def scan(self) -> pl.LazyFrame:
        """Every spilled row not excluded by X1, lazily (empty frame of the right schema when none)."""
        self.wait()
        if not self.paths:
            schema = {LINE: pl.Int64, FAILED: pl.Int64, **dict.fromkeys(self.items, pl.String)}
            return pl.LazyFrame(schema=schema)
        lf = pl.scan_ipc(self.paths)
        if self.excluded:
            lf = lf.filter(~pl.col(LINE).is_in(pl.Series(self.excluded, dtype=pl.Int64).implode()))
        return lf

    def failed(self, name: str) -> pl.Expr:
        """True where ``name`` failed its item checks (False for an item not spilled)."""
        bit = self.bit.get(name)
        if bit is None:
            return pl.lit(False)
        return (pl.col(FAILED) & bit) != 0

    def known(self, name: str) -> pl.Expr:
        """The value where it is not NULL and did not fail (``RowView.known``), else NULL."""
        if name not in self.bit:
            return pl.lit(None, pl.String)
        return pl.when(self.failed(name)).then(None).otherwise(pl.col(name))

    def views(self, frame: pl.DataFrame) -> Iterator[RowView]:
        """Rows of a collected spill frame as the rules see them, in line order."""
        frame = frame.sort(LINE)
        names = [n for n in self.items if n in frame.columns]
        items = self.items
        for row in frame.select(LINE, FAILED, *names).iter_rows():
            line, mask = row[0], row[1]
            failed = (
                frozenset(n for i, n in enumerate(items) if mask >> i & 1) if mask else NO_FAILURES
            )
            yield RowView(line, dict(zip(names, row[2:], strict=True)), failed)

    # --- searches in bounded memory ---------------------------------------------------------------------
    def split(
        self, lf: pl.LazyFrame, key: pl.Expr, parts: int, file_rows: int | None = None
    ) -> list[pl.LazyFrame]:
        """``lf`` in ``parts`` pieces by a hash of ``key``: written once, streaming, to one folder per piece
        (the sink buffers up to ``file_rows`` rows per piece, so wide rows want fewer; by default
        ``PIECE_FILE_ROWS``, less when there are so many pieces that their buffers together would exceed
        one partition: at 20M rows, 40 pieces of 50,000 rows took the main process from 1.26 to 1.51 GiB).

        Why: a piece must be searched alone to bound memory, and filtering the spill by hash for each piece
        would read the whole spill once per piece. ``forget`` removes the folders.
        """
        if file_rows is None:
            file_rows = max(1_000, min(PIECE_FILE_ROWS, self.partition_rows // max(1, parts)))
        base = self.directory / f"split-{next(_SPLITS):05d}"
        self.scratch.append(base)
        target = pl.PartitionBy(
            f"{base}/",
            key=(key.hash(seed=7) % parts).alias("__piece"),
            include_key=False,
            max_rows_per_file=file_rows,
        )
        lf.sink_ipc(target, mkdir=True, compression="lz4", engine="streaming", maintain_order=False)
        schema = lf.collect_schema()
        pieces: list[pl.LazyFrame] = []
        for p in range(parts):
            files = sorted((base / f"__piece={p}").glob("*.ipc"))
            pieces.append(pl.scan_ipc(files) if files else pl.LazyFrame(schema=schema))
        return pieces

    def partitioned(
        self, lf: pl.LazyFrame, key: pl.Expr, build: Build, parts: int | None = None
    ) -> pl.DataFrame:
        """``build`` on each hash piece of ``lf`` by ``key``, results concatenated; one piece, in memory,
        while the spill (or ``parts``) says at most ``partition_rows`` rows."""
        parts = parts or self.partitions
        if parts == 1:
            return build(lf).collect(engine="streaming")
        mark = len(self.scratch)
        try:
            frames = self.collect_pieces([build(piece) for piece in self.split(lf, key, parts)])
        finally:
            self.forget(mark)
        return pl.concat(frames, how="vertical")

    def joined(
        self, left: pl.LazyFrame, right: pl.LazyFrame, on: list[str], how: JoinHow, parts: int
    ) -> pl.DataFrame:
        """``left.join(right)`` per hash piece of ``on``, both sides split alike (scratch in this spill)."""
        if parts == 1:
            return left.join(right, on=on, how=how).collect(engine="streaming")
        mark = len(self.scratch)
        try:
            key = pl.struct(on)
            pairs = zip(self.split(left, key, parts), self.split(right, key, parts), strict=True)
            frames = self.collect_pieces([a.join(b, on=on, how=how) for a, b in pairs])
        finally:
            self.forget(mark)
        return pl.concat(frames, how="vertical")

    def collect_pieces(self, plans: Sequence[pl.LazyFrame]) -> list[pl.DataFrame]:
        """The plans of a split search, each reading one piece: on the runner (the pieces are independent,
        so they may run in parallel; results come back through files in a scratch folder), else collected
        one after the other here."""
        if self.runner is None or len(plans) < 2:
            return [plan.collect(engine="streaming") for plan in plans]
        base = self.directory / f"found-{next(_SPLITS):05d}"
        base.mkdir()
        self.scratch.append(base)  # removed with the pieces by the caller's ``forget``
        paths = [base / f"{i:05d}.arrow" for i in range(len(plans))]
        self.runner.write_all(plans, paths)
        return [pl.read_ipc(path) for path in paths]

    def write_pieces(self, plans: Sequence[pl.LazyFrame], paths: Sequence[Path]) -> list[int]:
        """Each plan's result to its path: on the runner, else one after the other here."""
        if self.runner is None or len(plans) < 2:
            return write_serially(plans, paths)
        return self.runner.write_all(plans, paths)

    def rows_at(self, lines: pl.Series | Sequence[int]) -> pl.DataFrame:
        """The spilled rows at ``lines`` (not excluded ones), collected."""
        wanted = pl.Series(list(lines) if not isinstance(lines, pl.Series) else lines, dtype=pl.Int64)
        if not len(wanted):
            return self.scan().head(0).collect()
        return self.scan().filter(pl.col(LINE).is_in(wanted.implode())).collect(engine="streaming")

    def forget(self, since: int = 0) -> None:
        """Remove the scratch folders made since ``len(self.scratch)`` was ``since``."""
        for folder in self.scratch[since:]:
            shutil.rmtree(folder, ignore_errors=True)
        del self.scratch[since:]

    def remove(self) -> None:
        self.close()
        self.forget()
        for path in self.paths:
            path.unlink(missing_ok=True)
        self.paths = []


class HitBuffer:
    """Rule hits held back until X1 has spoken for the file; spilled to disk beyond ``limit`` hits."""

    LIMIT = 50_000

    def __init__(self, directory: Path, tag: str, limit: int = LIMIT) -> None:
        self.limit = limit
        self._path = directory / f"{tag}-hits.pickle"
        self._hits: list[tuple[CrossRule, Hit]] = []
        self._file: IO[bytes] | None = None
        self._chunks = 0
        self._rules: dict[str, CrossRule] = {}  # rule id -> instance, for hits read back from disk

    def add(self, rule: CrossRule, hits: Sequence[Hit] | Iterator[Hit]) -> None:
        self._hits.extend((rule, h) for h in hits)
        if len(self._hits) >= self.limit:
            if self._file is None:
                self._file = self._path.open("wb")
            for r, _ in self._hits:
                self._rules.setdefault(r.id, r)
            pickle.dump([(r.id, h) for r, h in self._hits], self._file)
            self._chunks += 1
            self._hits = []

    def drain(self, excluded: Collection[int]) -> Iterator[tuple[CrossRule, Hit]]:
        """Every held hit whose line is not in ``excluded``, in the order added."""
        if self._file is not None:
            self._file.close()
            rules = self._rules
            with self._path.open("rb") as f:
                for _ in range(self._chunks):
                    for rule_id, hit in pickle.load(f):
                        if hit.line not in excluded:
                            yield rules[rule_id], hit
            self._path.unlink(missing_ok=True)
            self._file = None
        for rule, hit in self._hits:
            if hit.line not in excluded:
                yield rule, hit
        self._hits = []
