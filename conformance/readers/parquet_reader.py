"""The Parquet reader (``.parquet``): columns are 項目名, read with polars batch by batch (§13).

The schema is known before any row, so the columns are matched like a CSV header (F4 at line 1) and a
column of a non-string type is one F18 for the file, and its item is not checked. Line numbers are the
row number + 1 (§13.2: as if a header were line 1), so a CSV converted to Parquet keeps its lines.

A large file is read by the fast engine's workers in row ranges (``range_batches``): a row's checks depend
on that row alone, and polars reads only the row groups a range needs.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from conformance.core.findings import Finding
from conformance.core.messages import Localized, params_of
from conformance.readers.faults import Fault
from conformance.readers.records import RawRecord
from conformance.readers.source import Batch, ReaderError
from conformance.rules.file import f16_record_syntax as f16
from conformance.rules.file import f18_not_text as f18

__all__ = ["ParquetFile", "read_parquet"]

#: Rows per batch when the caller gives no byte budget.
_BATCH_ROWS = 100_000
_TEXT = (pl.String, pl.Null)


class ParquetFile:
    format = "parquet"
    names_checked = False
    text_encoded = False
    header_line_ending: str | None = None

    def __init__(self, path: Path, display_name: str) -> None:
        self.path = path
        self.display_name = display_name
        self.file_findings: list[Finding] = []
        self.fatal = False
        self.bytes_total = 0
        self.bytes_read = 0
        self.rows_total = 0
        self._header: list[str] | None = None
        self._not_text: set[int] = set()
        self._consumed = False
        self.range_end = (2, 0)  # (line, row) after the last row read by range_batches

    @property
    def header(self) -> list[str] | None:
        return self._header

    def _load(self) -> None:
        try:
            self.bytes_total = os.stat(self.path).st_size
            schema = pl.read_parquet_schema(self.path)
            self.rows_total = pl.scan_parquet(self.path).select(pl.len()).collect().item()
        except OSError as e:
            raise ReaderError(f"{self.path}: cannot open ({e.strerror or e})") from None
        except Exception:  # polars raises its own errors for a file that is not Parquet
            self.fatal = True
            self.file_findings.append(Fault(f16.META, f16.NOT_PARQUET).at(self.display_name, 1))
            return
        self._header = list(schema)
        for i, (name, dtype) in enumerate(schema.items()):
            if dtype not in _TEXT:
                self._not_text.add(i)
                kind = Localized(str(dtype), str(dtype))
                fault = Fault(f18.META, f18.COLUMN_TYPE, params_of({"kind": kind}))
                self.file_findings.append(fault.at(self.display_name, 1, name))

    def _claim(self) -> bool:
        """Claim the rows (they are read once); False when there are none to read."""
        if self._consumed:
            raise RuntimeError("a Parquet file is read once")
        self._consumed = True
        return not self.fatal and bool(self._header)

    def begin_records(self) -> tuple[int, int] | None:
        """Claim the rows, to be read in ranges: (line, row) of the first, None when none are read."""
        return (2, 0) if self._claim() else None

    def range_starts(self, chunk_bytes: int) -> list[tuple[int, int]]:
        """(line, row) of each range's first row: about ``chunk_bytes`` of the file per range."""
        step = max(1, self.rows_total * max(1, chunk_bytes) // max(1, self.bytes_total))
        return [(2 + row, row) for row in range(0, max(1, self.rows_total), step)]

    def range_batches(self, line: int, row: int, stop: int | None, batch_bytes: int) -> Iterator[Batch]:
        """The batches of rows [row, stop) (None: to the end), ``line`` being row's line; ``range_end`` is
        then the (line, row) after the last."""
        length = None if stop is None else stop - row
        read = 0
        for batch in self._batches(self._frames(self._rows_per_batch(batch_bytes), row, length)):
            read += batch.lines.len() + len(batch.special)
            yield batch
        self.range_end = (line + read, row + read)

    def _frames(
        self, rows: int, offset: int = 0, length: int | None = None
    ) -> Iterator[tuple[int, pl.DataFrame]]:
        """(first line, frame) per batch: String columns c0… with "" as null, non-string columns null."""
        names = self._header or []
        exprs = [
            (pl.lit(None, pl.String) if i in self._not_text else pl.col(n).cast(pl.String)).alias(f"c{i}")
            for i, n in enumerate(names)
        ]
        exprs = [pl.when(e != "").then(e).alias(f"c{i}") for i, e in enumerate(exprs)]
        line = 2 + offset
        scan = pl.scan_parquet(self.path)
        if offset or length is not None:
            scan = scan.slice(offset, length)
        try:
            for frame in scan.select(exprs).collect_batches(chunk_size=rows):
                yield line, frame
                line += frame.height
                if self.rows_total:
                    self.bytes_read = self.bytes_total * (line - 2) // self.rows_total
        except OSError as e:
            raise ReaderError(f"{self.path}: read error ({e.strerror or e})") from None
        except Exception as e:  # a file broken past its footer: polars' own error, say which
            raise ReaderError(f"{self.path}: not a readable Parquet file ({type(e).__name__})") from None

    def records(self) -> Iterator[RawRecord]:
        if not self._claim():
            return
        bad = frozenset(self._not_text)
        for line, frame in self._frames(_BATCH_ROWS):
            for k, row in enumerate(frame.iter_rows()):
                yield RawRecord(line + k, [v or "" for v in row], bad, True, [])

    def batches(self, batch_bytes: int) -> Iterator[Batch]:
        if not self._claim():
            return
        yield from self._batches(self._frames(self._rows_per_batch(batch_bytes)))

    def _rows_per_batch(self, batch_bytes: int) -> int:
        return max(1024, batch_bytes // max(64, 16 * len(self._header or ())))

    def _batches(self, frames: Iterator[tuple[int, pl.DataFrame]]) -> Iterator[Batch]:
        for line, frame in frames:
            lines = pl.int_range(line, line + frame.height, dtype=pl.Int64, eager=True).alias("line")
            if not self._not_text:
                yield Batch(frame, lines, [])
                continue
            # a non-string column's item is not checked: every row goes the reference way
            bad = frozenset(self._not_text)
            special = [
                RawRecord(line + k, [v or "" for v in row], bad, True, [])
                for k, row in enumerate(frame.iter_rows())
            ]
            yield Batch(frame.clear(), lines.clear(), special)

    def finish(self) -> list[Finding]:
        return []


def read_parquet(path: Path, display_name: str) -> ParquetFile:
    """Open a Parquet file and read its schema (F4 is matched by the engine, F18 here)."""
    reader = ParquetFile(Path(path), display_name)
    reader._load()
    return reader
