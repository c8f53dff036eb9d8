"""Streaming CSV reader: bytes to records, reporting the structural faults of F1, F2, F3, F5 and F6.

Why a hand-written reader: Python's ``csv`` module hides exactly what this tool must report (where a quote
was wrong, which physical line a record started on, which terminator a line had, which field held bad bytes),
and it silently accepts most faults. This reader works per physical line (lines end at LF, spec §12.4) so
memory stays bounded by the longest record, never by the file.

Line numbers are physical lines: the header is line 1, data start on line 2, and a record that spans lines
(F5) moves the next record's number on by the lines it used. Every physical line ends up either in a returned
record or in a finding; none is silently dropped.
"""

from __future__ import annotations

import codecs
import os
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple, Protocol

import polars as pl

from conformance.core.findings import Finding
from conformance.core.messages import Message, Params, params_of
from conformance.core.rules import RuleMeta
from conformance.rules.file import f1_encoding as f1
from conformance.rules.file import f2_bom as f2
from conformance.rules.file import f3_dialect as f3
from conformance.rules.file import f5_one_line as f5
from conformance.rules.file import f6_line_endings as f6

__all__ = [
    "CHUNK_BYTES",
    "MAX_LINE_BYTES",
    "MAX_RECORD_BYTES",
    "MAX_RECORD_LINES",
    "ByteLines",
    "CsvFile",
    "RawRecord",
    "ReaderError",
    "read_csv",
]

#: Read size for the encoding pre-scan.
CHUNK_BYTES = 1 << 20
#: A quoted field may continue over at most this many physical lines (counting the start line) ...
MAX_RECORD_LINES = 64
#: ... and this many bytes; beyond either bound it is reported as unterminated (F3) and parsing resumes.
MAX_RECORD_BYTES = 1 << 20
#: A physical line longer than this is reported (F3) and skipped, so a file without LF cannot exhaust memory.
MAX_LINE_BYTES = 16 << 20

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "FF FE", b"\xfe\xff": "FE FF"}  # a label, not text of the file
_QUOTED_BODY = re.compile(r'[^"]*(?:""[^"]*)*')
_ESCAPED = re.compile("[\udc80-\udcff]")
_ASCII = bytes(range(128))
_NO_BAD: frozenset[int] = frozenset()
_TERM_NAME = {"\r\n": "CRLF", "\n": "LF"}
_ESCAPE_HANDLER = "conformance.reader-escape"


def _escape_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler for non-UTF-8 codecs: like ``surrogateescape`` but never fails on ASCII bytes.

    A multi-byte codec may put an ASCII byte (a ``,`` after a lone lead byte) into its error range; that byte
    is structural, so it is kept as itself and only bytes >= 0x80 become lone surrogates.
    """
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(chr(0xDC00 + b) if b >= 0x80 else chr(b) for b in bad), exc.end


codecs.register_error(_ESCAPE_HANDLER, _escape_bytes)


class ReaderError(Exception):
    """The file cannot be read at all (missing, a directory, no permission, I/O error) or the requested
    encoding is unknown or not ASCII-compatible. The message names the path."""


@dataclass(slots=True)
class RawRecord:
    """One data record as read, before any item check."""

    line: int  # 1-based physical line where the record starts (first data line is 2)
    fields: list[str]  # decoded field values, quotes removed, "" -> '"'; empty field -> ""
    bad_fields: frozenset[int]  # indices of fields that held undecodable bytes
    checkable: bool  # False after F3/F5 faults: the engine does no further checks (§12.2)
    findings: list[Finding]  # the structural findings of this record (F1 per field, F3, F5, F6)


class ByteLines(Protocol):
    """What the parser reads from: a binary file, or anything with a binary ``readline`` (the fast scanner
    gives it a batch held in memory that continues into the file)."""

    def readline(self, size: int = -1, /) -> bytes: ...


class _Line(NamedTuple):
    """A physical line: its number, byte offset in the file and raw bytes (terminator included)."""

    number: int
    offset: int
    raw: bytes
    too_long: bool  # raw is empty; the line exceeded MAX_LINE_BYTES and was skipped


class _Lines:
    """Physical lines of a binary file with push-back, so an unterminated quote can give lines back."""

    def __init__(self, f: ByteLines, number: int, offset: int, on_read: CsvFile | None = None) -> None:
        self._f = f
        self._number = number
        self._offset = offset
        self._pushed: deque[_Line] = deque()
        self._on_read = on_read

    def next(self) -> _Line | None:
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
        line = _Line(self._number, self._offset, raw, too_long)
        self._number += 1
        self._offset += size
        if self._on_read is not None:
            self._on_read.bytes_read = self._offset
        return line

    def push_back(self, lines: list[_Line]) -> None:
        self._pushed.extendleft(reversed(lines))

    def position(self) -> tuple[int, int]:
        """(line number, byte offset) of the next line that next() will return."""
        if self._pushed:
            return self._pushed[0].number, self._pushed[0].offset
        return self._number, self._offset


def _split_terminator(raw: bytes) -> tuple[bytes, str | None]:
    if raw.endswith(b"\n"):
        if raw.endswith(b"\r\n"):
            return raw[:-2], "\r\n"
        return raw[:-1], "\n"
    return raw, None


class _Fault(NamedTuple):
    """A structural fault as its rule unit states it: the unit's META (id, severity), message, parameters."""

    rule: RuleMeta
    message: Message
    params: Params = ()

    def at(self, file: str, line: int, item: str | None = None) -> Finding:
        return Finding(file, line, item, self.rule.id, self.rule.severity, self.message, self.params, None)


@dataclass(slots=True)
class _Parsed:
    """A record as the slow-path parser saw it."""

    fields: list[str]
    bad: frozenset[int]
    fault: _Fault | None
    bare_cr: bool
    terminator: str | None  # terminator of the record's last physical line


class CsvFile:
    """Open with read_csv(); iterate records() exactly once."""

    path: Path
    display_name: str
    header: list[str] | None
    header_line_ending: str | None
    file_findings: list[Finding]
    fatal: bool
    bytes_total: int
    bytes_read: int

    def __init__(self, path: Path, display_name: str, codec: str) -> None:
        self.path = path
        self.display_name = display_name
        self.header = None
        self.header_line_ending = None
        self.file_findings = []
        self.fatal = False
        self.bytes_total = 0
        self.bytes_read = 0
        self._codec = codec
        self._escape = "surrogateescape" if codec == "utf-8" else _ESCAPE_HANDLER
        self._data_line = 2
        self._data_offset = 0
        self._consumed = False

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
        ncols = len(self.header or [])
        style = self.header_line_ending
        src = _Lines(source, line, offset)
        while (pl := src.next()) is not None:
            record = self._record_at(pl, src, ncols, style)
            n, off = src.position()
            yield record, n, off

    # ---------------------------------------------------------------- findings

    def _f1_field(self, line: int, index: int, item: str | None) -> Finding:
        enc = "UTF-8" if self._codec == "utf-8" else self._codec
        params = params_of({"field": index + 1, "encoding": enc})
        return _Fault(f1.META, f1.INVALID_BYTES, params).at(self.display_name, line, item)

    def _f6(self, line: int, terminator: str | None, bare_cr: bool) -> Finding | None:
        style = self.header_line_ending
        wrong_end = terminator is not None and style is not None and terminator != style
        if not (bare_cr or wrong_end):
            return None
        if not wrong_end:
            return _Fault(f6.META, f6.BARE_CR).at(self.display_name, line)
        assert terminator is not None and style is not None
        params = params_of({"found": _TERM_NAME[terminator], "header": _TERM_NAME[style]})
        message = f6.BARE_CR_AND_TERMINATOR if bare_cr else f6.TERMINATOR
        return _Fault(f6.META, message, params).at(self.display_name, line)

    @staticmethod
    def _count_fault(n: int, expected: int, blank: bool) -> _Fault:
        if blank:
            return _Fault(f3.META, f3.BLANK_LINE, params_of({"expected": expected}))
        if n == 1:
            return _Fault(f3.META, f3.ONE_FIELD, params_of({"expected": expected}))
        return _Fault(f3.META, f3.FIELD_COUNT, params_of({"count": n, "expected": expected}))

    # ---------------------------------------------------------------- decoding

    def _decode(self, content: bytes) -> tuple[str, bool]:
        """Strict decode; on failure, undecodable bytes become lone surrogates (marked, repaired later)."""
        try:
            return content.decode(self._codec), False
        except UnicodeDecodeError:
            return content.decode(self._codec, self._escape), True

    def _repair(self, fields: list[str]) -> frozenset[int]:
        """Mark fields holding escaped bytes and give them U+FFFD text (Python's 'replace' semantics)."""
        bad: list[int] = []
        for i, value in enumerate(fields):
            if _ESCAPED.search(value):
                bad.append(i)
                fields[i] = value.encode(self._codec, "surrogateescape").decode(self._codec, "replace")
        return frozenset(bad)

    # ---------------------------------------------------------------- parsing

    def _parse(self, first: _Line, src: _Lines, allow_continuation: bool = True,
               past_bounds: bool = False) -> _Parsed:
        """Parse one record starting at ``first`` (RFC 4180, lenient after the first fault).

        When a quoted field does not close within the bounds (or before EOF), the lines read past the start
        line are pushed back and the start line is parsed alone, so later lines are not swallowed.
        """
        lines = [first]
        content, terminator = _split_terminator(first.raw)
        text, any_bad = self._decode(content)
        total_bytes = len(first.raw)
        fields: list[str] = []
        fault: _Fault | None = None
        hard = False  # an F3 fault has been seen: no more continuation, tolerant tokenising
        bare_cr = False
        pos = 0
        parts: list[str] | None = None  # raw pieces of an open quoted field
        while True:
            if parts is None:
                if pos < len(text) and text[pos] == '"':
                    pos += 1
                    parts = []
                else:
                    end = text.find(",", pos)
                    if end < 0:
                        end = len(text)
                    value = text[pos:end]
                    if '"' in value and not hard:
                        k = len(fields) + 1
                        hard = True
                        if fault is None:
                            fault = _Fault(f3.META, f3.QUOTE_IN_UNQUOTED, params_of({"field": k}))
                    if "\r" in value:
                        bare_cr = True
                    fields.append(value)
                    if end == len(text):
                        break
                    pos = end + 1
                    continue
            m = _QUOTED_BODY.match(text, pos)
            assert m is not None  # the pattern matches the empty string
            parts.append(m.group())
            pos = m.end()
            if pos < len(text):  # closing quote
                pos += 1
                value = "".join(parts).replace('""', '"')
                parts = None
                k = len(fields) + 1
                if fault is None and ("\r" in value or "\n" in value):
                    fault = self._f5_fault(k, first.number, lines[-1].number)
                if pos == len(text):
                    fields.append(value)
                    break
                if text[pos] == ",":
                    fields.append(value)
                    pos += 1
                    continue
                # characters after the closing quote: keep them in the field, up to the next comma
                if not hard:
                    hard = True
                    if fault is None:
                        fault = _Fault(f3.META, f3.TEXT_AFTER_QUOTE, params_of({"field": k}))
                end = text.find(",", pos)
                if end < 0:
                    end = len(text)
                junk = text[pos:end]
                if "\r" in junk:
                    bare_cr = True
                fields.append(value + junk)
                if end == len(text):
                    break
                pos = end + 1
                continue
            # the physical line ended inside a quoted field
            k = len(fields) + 1
            if hard or not allow_continuation:
                if fault is None:  # only in the start-line-alone re-parse after an unterminated quote
                    fault = self._unterminated(k, past_bounds)
                fields.append("".join(parts).replace('""', '"'))
                break
            # a line without terminator is the file's last line, so next() gives None there
            nxt = None if len(lines) >= MAX_RECORD_LINES else src.next()
            if nxt is None or nxt.too_long or total_bytes + len(nxt.raw) > MAX_RECORD_BYTES:
                past = not (nxt is None and len(lines) < MAX_RECORD_LINES)
                src.push_back(lines[1:] + ([nxt] if nxt is not None else []))
                return self._parse(first, src, allow_continuation=False, past_bounds=past)
            assert terminator is not None  # nxt exists, so this line ended with LF
            lines.append(nxt)
            total_bytes += len(nxt.raw)
            parts.append(terminator)
            content, terminator = _split_terminator(nxt.raw)
            more, line_bad = self._decode(content)
            any_bad = any_bad or line_bad
            text = more
            pos = 0
        if fault is None and self.header is not None and len(fields) != len(self.header):
            fault = self._count_fault(len(fields), len(self.header), blank=False)
        bad = self._repair(fields) if any_bad else _NO_BAD
        return _Parsed(fields, bad, fault, bare_cr, terminator)

    @staticmethod
    def _unterminated(k: int, past_bounds: bool) -> _Fault:
        if not past_bounds:
            return _Fault(f3.META, f3.UNTERMINATED_AT_EOF, params_of({"field": k}))
        bounds = {"field": k, "max_lines": MAX_RECORD_LINES, "max_bytes": MAX_RECORD_BYTES}
        return _Fault(f3.META, f3.UNTERMINATED_WITHIN_BOUNDS, params_of(bounds))

    @staticmethod
    def _f5_fault(k: int, start: int, end: int) -> _Fault:
        if end > start:
            return _Fault(f5.META, f5.LINE_BREAK, params_of({"field": k, "start": start, "end": end}))
        return _Fault(f5.META, f5.CR, params_of({"field": k}))

    def _record_from(self, line: int, parsed: _Parsed) -> RawRecord:
        findings: list[Finding] = []
        if parsed.fault is None:
            header = self.header or []
            for i in sorted(parsed.bad):
                findings.append(self._f1_field(line, i, header[i] if i < len(header) else None))
        else:
            findings.append(parsed.fault.at(self.display_name, line))
        f6 = self._f6(line, parsed.terminator, parsed.bare_cr)
        if f6 is not None:
            findings.append(f6)
        # §12.2 stops only F3/F5 records; a bare CR (F6, §12.4) stays in its field, which F12 then reports
        checkable = parsed.fault is None
        return RawRecord(line, parsed.fields, parsed.bad, checkable, findings)

    @staticmethod
    def _too_long() -> _Fault:
        return _Fault(f3.META, f3.LINE_TOO_LONG, params_of({"max_bytes": MAX_LINE_BYTES}))

    # ---------------------------------------------------------------- opening

    def _open(self) -> BinaryIO:
        try:
            return open(self.path, "rb", buffering=CHUNK_BYTES)  # closed by the caller
        except IsADirectoryError:
            raise ReaderError(f"{self.path}: is a directory, not a CSV file") from None
        except FileNotFoundError:
            raise ReaderError(f"{self.path}: no such file") from None
        except PermissionError:
            raise ReaderError(f"{self.path}: permission denied") from None
        except OSError as e:
            raise ReaderError(f"{self.path}: cannot open ({e.strerror or e})") from None

    def _load(self, classify: bool) -> None:
        """Check BOMs and the encoding, then read the header."""
        try:
            with self._open() as f:
                self.bytes_total = os.fstat(f.fileno()).st_size
                start = f.read(3)
                offset = 0
                if start[:2] in _UTF16_BOMS:
                    bom = params_of({"bom": _UTF16_BOMS[start[:2]]})
                    self.file_findings.append(_Fault(f1.META, f1.UTF16_BOM, bom).at(self.display_name, 1))
                    self.fatal = True
                    return
                if self._codec == "utf-8" and start == _UTF8_BOM:
                    self.file_findings.append(_Fault(f2.META, f2.BOM).at(self.display_name, 1))
                    offset = 3
                if classify:
                    bad_line = self._cp932_line(f, offset)
                    if bad_line is not None:
                        self.file_findings.append(_Fault(f1.META, f1.CP932).at(self.display_name, bad_line))
                        self.fatal = True
                        return
                f.seek(offset)
                self._read_header(_Lines(f, 1, offset))
        except OSError as e:
            raise ReaderError(f"{self.path}: read error ({e.strerror or e})") from None

    def _read_header(self, src: _Lines) -> None:
        first = src.next()
        if first is None:
            return  # empty file: no header, no records
        if first.too_long:
            self.file_findings.append(self._too_long().at(self.display_name, 1))
            self.fatal = True
            return
        parsed = self._parse(first, src)
        self.header = parsed.fields
        self.header_line_ending = parsed.terminator
        for i in sorted(parsed.bad):
            self.file_findings.append(self._f1_field(1, i, parsed.fields[i]))
        hf = parsed.fault
        if hf is not None:
            self.file_findings.append(hf.at(self.display_name, 1))
        f6 = self._f6(1, None, parsed.bare_cr)
        if f6 is not None:
            self.file_findings.append(f6)
        self._data_line, self._data_offset = src.position()

    def _cp932_line(self, f: BinaryIO, offset: int) -> int | None:
        """Line of the first non-UTF-8 byte if the file is classified as CP932 (§12.3), else None.

        Fast path: a strict chunk-wise UTF-8 check; only a file that fails it is counted and test-decoded.
        """
        f.seek(offset)
        first_bad = _first_utf8_error(f, offset)
        if first_bad is None:
            return None
        f.seek(offset)
        cp = codecs.getincrementaldecoder("cp932")("strict")
        u8 = codecs.getincrementaldecoder("utf-8")("replace")
        chars = ascii_bytes = replaced = literal = 0
        tail = b""
        while True:
            chunk = f.read(CHUNK_BYTES)
            final = not chunk
            try:
                cp.decode(chunk, final)
            except UnicodeDecodeError:
                return None  # not CP932 either: per-field F1 findings will follow
            text = u8.decode(chunk, final)
            chars += len(text)
            ascii_bytes += len(chunk) - len(chunk.translate(None, _ASCII))
            replaced += text.count("\ufffd")
            literal += (tail + chunk).count(_REPLACEMENT_UTF8)
            tail = chunk[-2:]
            if final:
                break
        invalid = replaced - literal
        valid_multibyte = chars - ascii_bytes - invalid
        if invalid <= valid_multibyte:
            return None
        f.seek(0)
        return 1 + _count_newlines(f, first_bad)

    # ---------------------------------------------------------------- records

    def records(self) -> Iterator[RawRecord]:
        """Data records, line 2 onward (after a multi-line header: the line after it)."""
        start = self.begin_records()
        if start is None:
            return iter(())
        return self._records()

    def _record_at(self, pl: _Line, src: _Lines, ncols: int, style: str | None) -> RawRecord:
        """The record that starts at physical line ``pl`` (reading more lines from ``src`` if it needs)."""
        raw = pl.raw
        if pl.too_long:
            too_long = self._too_long().at(self.display_name, pl.number)
            return RawRecord(pl.number, [], _NO_BAD, False, [too_long])
        # fast path: one physical line, no quote, no CR, decodes strictly
        if raw.endswith(b"\n"):
            if raw.endswith(b"\r\n"):
                content, term = raw[:-2], "\r\n"
            else:
                content, term = raw[:-1], "\n"
        else:
            content, term = raw, None
        try:
            text = content.decode(self._codec)
        except UnicodeDecodeError:
            text = '"'  # force the slow path
        if '"' in text or "\r" in text:
            parsed = self._parse(pl, src)
            return self._record_from(pl.number, parsed)
        fields = text.split(",")
        findings: list[Finding] = []
        ok = len(fields) == ncols
        if not ok:
            fault = self._count_fault(len(fields), ncols, blank=not text)
            findings.append(fault.at(self.display_name, pl.number))
        if term is not None and term != style:
            f6 = self._f6(pl.number, term, False)
            assert f6 is not None
            findings.append(f6)
        return RawRecord(pl.number, fields, _NO_BAD, ok, findings)

    def _records(self) -> Iterator[RawRecord]:
        ncols = len(self.header or [])
        style = self.header_line_ending
        f = self._open()
        try:
            f.seek(self._data_offset)
            self.bytes_read = self._data_offset
            src = _Lines(f, self._data_line, self._data_offset, self)
            while (pl := src.next()) is not None:
                yield self._record_at(pl, src, ncols, style)
        except OSError as e:
            raise ReaderError(f"{self.path}: read error ({e.strerror or e})") from None
        finally:
            f.close()


_REPLACEMENT_UTF8 = "\ufffd".encode()


def _first_utf8_error(f: BinaryIO, offset: int) -> int | None:
    """Absolute offset of the first invalid UTF-8 byte, reading chunk-wise; None if the rest is valid.

    Why polars: Python's decoder builds a str of every chunk (≈ 1.4 s per 338 MB of Japanese text); polars'
    Binary → String cast only validates (≈ 0.2 s). A chunk it refuses is decoded by Python for the exact
    offset. Chunks end after a LF, which is never inside a UTF-8 sequence, so each is validated whole.
    """
    pending = b""
    while True:
        chunk = f.read(_VALIDATE_BYTES)
        final = not chunk
        data = pending + chunk if pending else chunk
        cut = len(data) if final else data.rfind(b"\n") + 1
        if cut == 0 and not final:  # no LF yet: a very long line, keep reading
            pending = data
            continue
        head, pending = data[:cut], data[cut:]
        if not _valid_utf8(head):
            try:
                codecs.utf_8_decode(head, "strict", True)
            except UnicodeDecodeError as e:
                return offset + e.start
        offset += cut
        if final:
            return None


#: Read size of the UTF-8 pre-check.
_VALIDATE_BYTES = 16 << 20


def _valid_utf8(data: bytes) -> bool:
    if data.isascii():
        return True
    try:
        pl.Series([data], dtype=pl.Binary).cast(pl.String)
    except pl.exceptions.ComputeError:
        return False
    return True


def _count_newlines(f: BinaryIO, end: int) -> int:
    """Number of LF bytes before absolute offset ``end``."""
    n = 0
    left = end
    while left > 0:
        chunk = f.read(min(CHUNK_BYTES, left))
        if not chunk:
            break
        n += chunk.count(b"\n")
        left -= len(chunk)
    return n


def _resolve_codec(path: Path, encoding: str | None) -> str:
    if encoding is None:
        return "utf-8"
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise ReaderError(f"{path}: unknown encoding {encoding!r}") from None
    if name in ("utf-8", "utf-8-sig"):
        return "utf-8"
    try:
        compatible = ',"\r\n'.encode(name) == b',"\r\n' and b',"\r\n'.decode(name) == ',"\r\n'
    except (UnicodeError, LookupError, TypeError):
        compatible = False
    if not compatible:
        raise ReaderError(f"{path}: encoding {encoding!r} is not ASCII-compatible; it cannot be read as CSV")
    return name


def read_csv(path: Path, display_name: str | None = None, encoding: str | None = None) -> CsvFile:
    """Open ``path``: check BOMs and encoding (F1, F2), read the header; records() streams the rest.

    ``encoding`` (e.g. "cp932") transcodes from that codec instead of UTF-8 and skips the CP932
    classification; undecodable bytes are still reported per field (F1). Raises ReaderError for an
    unreadable path or an unknown / non-ASCII-compatible encoding.
    """
    path = Path(path)
    codec = _resolve_codec(path, encoding)
    if path.is_dir():
        raise ReaderError(f"{path}: is a directory, not a CSV file")
    csv = CsvFile(path, display_name if display_name is not None else path.name, codec)
    csv._load(classify=encoding is None)
    return csv
