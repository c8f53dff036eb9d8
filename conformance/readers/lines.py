"""Physical lines: a file split at LF (§12.4), with push-back, and the bounds that keep memory finite.

Why a layer of its own: a quoted field that does not close makes the record parser read ahead and then give
the lines back, and every bound on what may be held at once (a line, a record) is applied here, so memory
stays bounded by the longest record the bounds allow, never by the file. The bounds are read at call time;
tests lower them by patching this module.
"""

from __future__ import annotations

from collections import deque
from typing import Literal, NamedTuple, Protocol

__all__ = [
    "CHUNK_BYTES",
    "MAX_LINE_BYTES",
    "MAX_RECORD_BYTES",
    "MAX_RECORD_LINES",
    "ByteLines",
    "Line",
    "PhysicalLines",
    "Progress",
    "Stop",
    "split_terminator",
]

#: Read size of the encoding pre-scan, of skipping an overlong line, and the file buffer.
CHUNK_BYTES = 1 << 20
#: A quoted field may continue over at most this many physical lines (counting the start line) ...
MAX_RECORD_LINES = 64
#: ... and this many bytes; beyond either bound it is reported as unterminated (F3) and parsing resumes.
MAX_RECORD_BYTES = 1 << 20
#: A physical line longer than this is reported (F3) and skipped, so a file without LF cannot exhaust memory.
MAX_LINE_BYTES = 16 << 20

#: Why a record's open quote could not take another line: the file ended, or the record bounds were reached.
Stop = Literal["end of file", "bounds"]


class ByteLines(Protocol):
    """What the parser reads from: a binary file, or anything with a binary ``readline`` (the fast scanner
    gives it a batch held in memory that continues into the file)."""

    def readline(self, size: int = -1, /) -> bytes: ...


class Progress(Protocol):
    """Told the byte offset reached after each line (the CsvFile, for its ``bytes_read``)."""

    bytes_read: int


class Line(NamedTuple):
    """A physical line: its number, byte offset in the file and raw bytes (terminator included)."""

    number: int
    offset: int
    raw: bytes
    too_long: bool  # raw is empty; the line exceeded MAX_LINE_BYTES and was skipped


class PhysicalLines:
    """Physical lines of a binary source from a known line number and offset, with push-back."""

    def __init__(self, f: ByteLines, number: int, offset: int, progress: Progress | None = None) -> None:
        self._f = f
        self._number = number
        self._offset = offset
        self._pushed: deque[Line] = deque()
        self._progress = progress

    def next(self) -> Line | None:
        if self._pushed:
            return self._pushed.popleft()
        limit = MAX_LINE_BYTES
        raw = self._f.readline(limit + 1)
        if not raw:
            return None
        size = len(raw)
        too_long = size > limit and not raw.endswith(b"\n")
        if too_long:
            raw = b""
            while True:
                rest = self._f.readline(CHUNK_BYTES)
                size += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
        line = Line(self._number, self._offset, raw, too_long)
        self._number += 1
        self._offset += size
        if self._progress is not None:
            self._progress.bytes_read = self._offset
        return line

    def continuation(self, record: list[Line], size: int) -> Line | Stop:
        """The next line of a record whose quoted field is still open after ``record`` (``size`` bytes), or
        why it may not take one: the end of the file, or the bounds (MAX_RECORD_LINES, MAX_RECORD_BYTES; a
        line over MAX_LINE_BYTES counts as past them). On a stop every line after the record's first is
        given back, so the caller parses the first line alone and the others are read again as records."""
        nxt = None if len(record) >= MAX_RECORD_LINES else self.next()
        if nxt is not None and not nxt.too_long and size + len(nxt.raw) <= MAX_RECORD_BYTES:
            return nxt
        stop: Stop = "end of file" if nxt is None and len(record) < MAX_RECORD_LINES else "bounds"
        self._pushed.extendleft(reversed(record[1:] + ([nxt] if nxt is not None else [])))
        return stop

    def position(self) -> tuple[int, int]:
        """(line number, byte offset) of the next line that next() will return."""
        if self._pushed:
            return self._pushed[0].number, self._pushed[0].offset
        return self._number, self._offset


def split_terminator(raw: bytes) -> tuple[bytes, str | None]:
    """A line's content and its terminator: CRLF, LF, or None for a last line without one."""
    if raw.endswith(b"\n"):
        if raw.endswith(b"\r\n"):
            return raw[:-2], "\r\n"
        return raw[:-1], "\n"
    return raw, None
