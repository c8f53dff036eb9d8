"""Read the records of one file: the only place reconcile knows which reader reads a file.

Why one small function: the validator's readers decide encodings, BOMs, CRLF and quoting; reconciling must
see the values exactly as ``validate`` sees them, and other formats (JSON Lines, XML, Parquet) plug in
here by their extension without touching the comparison.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conformance.readers.csv_reader import ReaderError, read_csv

__all__ = ["Record", "RecordSource", "SourceError", "read_records"]


class SourceError(Exception):
    """The file cannot be read as a whole (missing, unreadable, an encoding that cannot be decoded)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One record: its physical line, and its values by header position (None: a field count or quote
    fault, F3, so its values cannot be trusted to stand under their items)."""

    line: int
    values: list[str] | None


@dataclass(slots=True)
class RecordSource:
    """A file opened for reading: its header (item names in file order), evidence, and one pass over the
    records."""

    path: Path
    header: list[str]
    size: int
    line_ending: str | None
    records: Iterator[Record]

    def sha256(self) -> str:
        """The file's sha256 (read again; the evidence that these bytes were reconciled)."""
        h = hashlib.sha256()
        with self.path.open("rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        return h.hexdigest()


def read_records(path: Path, display: str, encoding: str | None = None) -> RecordSource:
    """The header and records of ``path`` through the reader of its format (CSV today).

    Raises SourceError when the file cannot be read at all (also a fatal encoding fault, F1).
    """
    try:
        csv = read_csv(path, display, encoding)
    except ReaderError as e:
        raise SourceError(str(e)) from None
    if csv.fatal:
        reasons = "; ".join(f.rule for f in csv.file_findings) or "F1"
        raise SourceError(f"{display}: cannot be read ({reasons}: run `conformance validate` on it)")

    width = len(csv.header or [])

    def records() -> Iterator[Record]:
        try:
            for raw in csv.records():
                # A record over several lines (F5) is not checked by validate (§12.2), but its quoted
                # fields are whole: reconcile compares it. A wrong field count (F3) cannot be compared.
                readable = raw.checkable or (
                    len(raw.fields) == width and not any(f.rule == "F3" for f in raw.findings)
                )
                yield Record(raw.line, raw.fields if readable else None)
        except ReaderError as e:
            raise SourceError(str(e)) from None

    return RecordSource(
        Path(path), list(csv.header or []), os.path.getsize(path), csv.header_line_ending, records()
    )
