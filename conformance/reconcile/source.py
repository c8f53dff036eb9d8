"""Read the records of one file: the only place reconcile knows which reader reads a file.

Why one small function: the validator's readers decide encodings, BOMs, CRLF and quoting; reconciling must
see the values exactly as ``validate`` sees them, and every format it reads (CSV, JSON Lines, JSON, XML,
Parquet) comes in here, chosen by extension as in ``validate``, without touching the comparison.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from conformance.readers.fast_scan import DEFAULT_BATCH_BYTES
from conformance.readers.formats import open_input
from conformance.readers.records import RawRecord
from conformance.readers.source import ReaderError

__all__ = ["Batch", "Record", "RecordSource", "SourceError", "read_records"]


class SourceError(Exception):
    """The file cannot be read as a whole (missing, unreadable, an encoding that cannot be decoded)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One record read by the reference parser: its physical line, and its values by header position
    (None: a field count or quote fault, F3, so its values cannot be trusted to stand under their items)."""

    line: int
    values: list[str] | None


@dataclass(frozen=True, slots=True)
class Batch:
    """A stretch of the file: the clean records as a frame (String columns ``c0``, ``c1``, … by header
    position, NULL for an empty field) with their lines, and the other records one by one."""

    frame: pl.DataFrame
    lines: pl.Series
    records: list[Record]


@dataclass(slots=True)
class RecordSource:
    """A file opened for reading: its header (item names in file order), evidence, and one pass over the
    records in batches."""

    path: Path
    header: list[str]
    size: int
    line_ending: str | None
    batches: Iterator[Batch]

    def sha256(self) -> str:
        """The file's sha256 (read again; the evidence that these bytes were reconciled)."""
        h = hashlib.sha256()
        with self.path.open("rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()


def read_records(
    path: Path,
    display: str,
    encoding: str | None = None,
    *,
    fmt: str = "csv",
    names: Sequence[str] = (),
    batch_bytes: int = DEFAULT_BATCH_BYTES,
) -> RecordSource:
    """The header and records of ``path`` through the reader of its format ``fmt`` (CSV: the fast scanner,
    which hands every line that is not certainly clean to the reference parser; JSON Lines, JSON, XML and
    Parquet: their readers, records keyed by the layout's ``names``), so values are exactly those
    ``validate`` reads.

    Raises SourceError when the file cannot be read at all (also a fatal encoding fault, F1).
    """
    try:
        csv = open_input(fmt, path, display, encoding=encoding, names=names)
    except ReaderError as e:
        raise SourceError(str(e)) from None
    if csv.fatal:
        reasons = ", ".join(sorted({f.rule for f in csv.file_findings})) or "F1"
        raise SourceError(f"{display}: 読めません / cannot be read ({reasons}; see `conformance validate`)")
    width = len(csv.header or [])

    def readable(raw: RawRecord) -> list[str] | None:
        # A record over several lines (F5) is not checked by validate (§12.2), but its quoted fields are
        # whole: reconcile compares it. A wrong field count (F3) cannot be compared.
        if raw.checkable or (len(raw.fields) == width and not any(f.rule == "F3" for f in raw.findings)):
            return raw.fields
        return None

    def batches() -> Iterator[Batch]:
        try:
            for b in csv.batches(batch_bytes):
                yield Batch(b.frame, b.lines, [Record(r.line, readable(r)) for r in b.special])
        except ReaderError as e:
            raise SourceError(str(e)) from None

    return RecordSource(
        Path(path), list(csv.header or []), os.path.getsize(path), csv.header_line_ending, batches()
    )
