"""The CSV reader: ``read_csv`` checks a file's encoding and reads its header; ``CsvFile`` gives the records.

The work is done by the layers below, one concern each: ``encoding`` (codec, BOMs, CP932), ``lines``
(physical lines and their bounds), ``records`` (the record state machine). This module opens the file, runs
them in order and keeps what a caller needs: the header, the file-level findings, progress, and one pass
over the records — by ``records()``, or by another reader (the fast scanner) through ``records_from``.

Line numbers are physical lines: the header is line 1, data start on line 2, and a record that spans lines
(F5) moves the next record's number on by the lines it used. Every physical line ends up either in a returned
record or in a finding; none is silently dropped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from conformance.core.findings import Finding
from conformance.readers.encoding import check_start, resolve_codec
from conformance.readers.lines import CHUNK_BYTES, ByteLines, PhysicalLines
from conformance.readers.records import RawRecord, RecordParser
from conformance.readers.source import ReaderError, open_binary

__all__ = ["CsvFile", "ReaderError", "read_csv"]


class CsvFile:
    """Open with read_csv(); iterate records() exactly once."""

    path: Path
    display_name: str
    file_findings: list[Finding]
    fatal: bool
    bytes_total: int
    bytes_read: int
    format = "csv"
    names_checked = False
    text_encoded = True

    def __init__(self, path: Path, display_name: str, codec: str) -> None:
        self.path = path
        self.display_name = display_name
        self.file_findings = []
        self.fatal = False
        self.bytes_total = 0
        self.bytes_read = 0
        self._codec = codec
        self._parser = RecordParser(display_name, codec)
        self._data_line = 2
        self._data_offset = 0
        self._consumed = False

    @property
    def header(self) -> list[str] | None:
        """The header's fields; None for an empty or a fatal file."""
        return self._parser.header

    @property
    def header_line_ending(self) -> str | None:
        """The header's terminator ("\\r\\n" or "\\n"), the style every record must keep (F6)."""
        return self._parser.style

    # ---------------------------------------------------------------- for other readers

    @property
    def codec(self) -> str:
        """Python codec name the data is decoded with ("utf-8" unless an encoding was declared)."""
        return self._codec

    def open_bytes(self) -> BinaryIO:
        """Open the file for binary reading (the caller closes it); ReaderError when it cannot be opened."""
        return self._open()

    def begin_records(self) -> tuple[int, int] | None:
        """Claim the records (they are read once, by records() or by another reader such as the fast
        scanner): (line number, byte offset) of the first data line, or None when there are none to read."""
        if self._consumed:
            raise RuntimeError("CsvFile.records() can be iterated only once")
        self._consumed = True
        if self.fatal or self.header is None or self.header_line_ending is None:
            return None
        return self._data_line, self._data_offset

    def records_from(self, source: ByteLines, line: int, offset: int) -> Iterator[tuple[RawRecord, int, int]]:
        """Records parsed exactly as records() parses them, from ``source`` whose read position is the start
        of physical line ``line`` at byte ``offset`` of the file; each comes with the (line, offset) where
        the next record starts. Only the lines a record needs are read (an open quote reads ahead and gives
        back what it did not use), so the caller may stop after any record and resume elsewhere."""
        record_at = self._parser.record_at
        src = PhysicalLines(source, line, offset)
        while (pl := src.next()) is not None:
            record = record_at(pl, src)
            n, off = src.position()
            yield record, n, off

    # ---------------------------------------------------------------- records

    def finish(self) -> list[Finding]:
        """Nothing is known only after the records of a CSV file."""
        return []

    def records(self) -> Iterator[RawRecord]:
        """Data records, line 2 onward (after a multi-line header: the line after it)."""
        start = self.begin_records()
        if start is None:
            return iter(())
        return self._records()

    def _records(self) -> Iterator[RawRecord]:
        record_at = self._parser.record_at
        f = self._open()
        try:
            f.seek(self._data_offset)
            self.bytes_read = self._data_offset
            src = PhysicalLines(f, self._data_line, self._data_offset, self)
            while (pl := src.next()) is not None:
                yield record_at(pl, src)
        except OSError as e:
            raise ReaderError(f"{self.path}: read error ({e.strerror or e})") from None
        finally:
            f.close()

    # ---------------------------------------------------------------- opening

    def _open(self) -> BinaryIO:
        return open_binary(self.path, "CSV file", CHUNK_BYTES)  # closed by the caller

    def _load(self, classify: bool) -> None:
        """Check BOMs and the encoding, then read the header."""
        try:
            with self._open() as f:
                self.bytes_total = os.fstat(f.fileno()).st_size
                findings, offset = check_start(f, self.display_name, self._codec, classify)
                self.file_findings.extend(findings)
                if offset is None:
                    self.fatal = True
                    return
                f.seek(offset)
                src = PhysicalLines(f, 1, offset)
                findings, self.fatal = self._parser.read_header(src)
                self.file_findings.extend(findings)
                self._data_line, self._data_offset = src.position()
        except OSError as e:
            raise ReaderError(f"{self.path}: read error ({e.strerror or e})") from None


def read_csv(
    path: Path,
    display_name: str | None = None,
    encoding: str | None = None,
    factory: type[CsvFile] = CsvFile,
) -> CsvFile:
    """Open ``path``: check BOMs and encoding (F1, F2), read the header; records() streams the rest.

    ``encoding`` (e.g. "cp932") transcodes from that codec instead of UTF-8 and skips the CP932
    classification; undecodable bytes are still reported per field (F1). ``factory``: the class to open it
    as (``fast_scan.ScannedCsvFile`` adds the fast engine's batches). Raises ReaderError for an
    unreadable path or an unknown / non-ASCII-compatible encoding.
    """
    path = Path(path)
    try:
        codec = resolve_codec(encoding)
    except ValueError as e:
        raise ReaderError(f"{path}: {e}") from None
    if path.is_dir():
        raise ReaderError(f"{path}: is a directory, not a CSV file")
    csv = factory(path, display_name if display_name is not None else path.name, codec)
    csv._load(classify=encoding is None)
    return csv
