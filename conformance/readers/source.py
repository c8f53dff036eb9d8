"""What the engines read through, whatever the file format: the ``InputReader`` protocol (§13).

Why one protocol: the layouts, item checks and cross-record rules are the same for every format (§13), so
the engines see records (``RawRecord``: a line and one field per column of ``header``) or batches of them,
and never a format. Each reader decides its own structural findings (F1–F6 for CSV, F16–F18 for the rest).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import polars as pl

from conformance.core.findings import Finding
from conformance.readers.records import RawRecord

__all__ = ["FORMATS", "Batch", "InputReader", "ReaderError", "open_binary"]

#: Every input format a reader exists for (``--input-format``).
FORMATS: tuple[str, ...] = ("csv", "jsonl", "json", "xml", "parquet")

#: Read buffer of the binary readers.
BUFFER_BYTES = 1 << 20


class ReaderError(Exception):
    """The file cannot be read at all (missing, a directory, no permission, I/O error) or the requested
    encoding is unknown or not ASCII-compatible. The message names the path."""


@dataclass
class Batch:
    """Records of one stretch of the file: clean ones as a frame, the others as the reference gives them."""

    frame: pl.DataFrame  # clean records: String columns "c0", "c1", … by header position; "" is null
    lines: pl.Series  # Int64 physical line number of each frame row, same order
    special: list[RawRecord]  # every other record of the stretch, exactly as records() returns it, by line


class InputReader(Protocol):
    """One opened input file. ``records()`` or ``batches()`` is used once; ``finish()`` after it."""

    path: Path
    display_name: str
    format: str  # one of FORMATS
    file_findings: list[Finding]  # known before the records are read
    fatal: bool  # nothing can be checked (§12.3)
    bytes_total: int
    bytes_read: int
    #: True when the reader reports F4 itself (by name, §13.4): the engine then matches no header.
    names_checked: bool
    #: True for a text format read in a codec (CSV): --encoding applies to it.
    text_encoded: bool

    @property
    def header(self) -> list[str] | None: ...

    @property
    def header_line_ending(self) -> str | None: ...

    def records(self) -> Iterator[RawRecord]: ...

    def batches(self, batch_bytes: int) -> Iterator[Batch]: ...

    def finish(self) -> list[Finding]:
        """Findings known only once every record has been read (a name absent from every record)."""
        ...


def open_binary(path: Path, what: str = "file", buffering: int = BUFFER_BYTES) -> BinaryIO:
    """``path`` opened for binary reading (the caller closes it); ReaderError naming the path otherwise."""
    try:
        return open(path, "rb", buffering=buffering)
    except IsADirectoryError:
        raise ReaderError(f"{path}: is a directory, not a {what}") from None
    except FileNotFoundError:
        raise ReaderError(f"{path}: no such file") from None
    except PermissionError:
        raise ReaderError(f"{path}: permission denied") from None
    except OSError as e:
        raise ReaderError(f"{path}: cannot open ({e.strerror or e})") from None
