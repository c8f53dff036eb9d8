"""Fast structural scan for the polars engine: clean lines to polars in bulk, others to the reference parser.

Why: the reference reader (``csv_reader`` and its ``records`` parser) costs microseconds per row in Python,
too slow for million-row dumps, yet its exact behaviour *is* the definition of F1–F6. So this scanner never
re-implements a fault: it only decides, vectorised over the bytes, which physical lines are certainly *clean*
— the reference reader would return them as a checkable record with no finding — and hands every other line
to the reference parser itself, from the same line and byte offset, so a dirty line costs what it costs there
and nothing more.

A line is clean when it has exactly ``len(header) - 1`` commas, no CR other than the CRLF terminator of a
CRLF file, the header's terminator (or none: the file's last line), at most ``MAX_LINE_BYTES`` of content,
no leading UTF-8 BOM (polars would drop it), decodes strictly, and its quotes, if any, are *simple*: each
quoted field opens at the start of a field, closes right before a comma or the line's end and holds no quote
or comma (so no ``""`` escape). The reference reader returns such a line as one checkable record with no
finding whose fields are the text between the commas, without the quotes; polars reads it the same way.
UTF-8 validity is checked by polars' own read of the clean lines (it refuses invalid UTF-8); only a chunk it
refuses is decoded in Python to find the offending lines.

Memory is bounded by ``batch_bytes`` (plus the reference parser's own read-ahead bounds): the file is read in
chunks cut after a LF; a record that starts in a chunk but continues past it (F5, or an unterminated quote
reading ahead) is parsed from the file, and the next chunk starts where that record ended.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
import numpy.typing as npt
import polars as pl

from conformance.readers import lines as physical  # the bounds, read when used (tests lower them)
from conformance.readers.csv_reader import CsvFile
from conformance.readers.records import RawRecord
from conformance.readers.source import Batch, ReaderError

__all__ = [
    "DEFAULT_BATCH_BYTES",
    "MAX_SPECIAL_PER_BATCH",
    "TRANSCODED",
    "Batch",
    "RangeScan",
    "ScannedCsvFile",
    "frame_from_lines",
    "scan",
]

#: Default read size; a batch covers at most this many bytes of the file.
DEFAULT_BATCH_BYTES = 16 << 20  # 4–32 MiB measured alike; 16 MiB keeps peak RSS near 260 MiB
#: A batch is closed early once it holds this many special records, so a file where every line needs the
#: reference parser (a declared codec outside TRANSCODED, say) does not hold a chunk of Python records.
MAX_SPECIAL_PER_BATCH = 16384
#: Declared codecs that are transcoded to UTF-8 and scanned like UTF-8: stateless, ASCII-compatible, and no
#: byte of a multi-byte character is CR, LF, ``,`` or ``"``, so decoding a run of whole lines equals
#: decoding each line and the structure can be read off the UTF-8 bytes. Any other declared codec is parsed
#: line by line by the reference parser (all its records come back as ``special``).
TRANSCODED = frozenset({
    "cp932", "shift_jis", "shift_jis_2004", "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213",
    "latin_1", "ascii", "cp1252", "iso8859_15",
})
#: Text is decoded (to transcode, or to find invalid UTF-8) in windows of about this many bytes.
_DECODE_WINDOW = 8 << 20
#: Up to this many occurrences a byte is located with bytes.find (memchr); beyond, with numpy.
_FEW = 1024

_LF, _CR, _COMMA, _QUOTE = 10, 13, 44, 34

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def scan(csv: CsvFile, *, batch_bytes: int = DEFAULT_BATCH_BYTES) -> Iterator[Batch]:
    """Batches whose frame rows and special records are, together, exactly the records ``csv.records()``
    would yield (this claims them: the two are alternatives). Nothing when ``csv`` is fatal or has no data.

    Raises ReaderError when the file cannot be read, ValueError for a non-positive ``batch_bytes``.
    """
    if batch_bytes < 1:
        raise ValueError(f"batch_bytes must be positive (got {batch_bytes})")
    start = csv.begin_records()
    if start is None:
        return iter(())
    assert csv.header is not None and csv.header_line_ending is not None
    return _Scanner(csv, csv.header_line_ending, len(csv.header), batch_bytes).run(*start)


class RangeScan:
    """The batches of one byte range of a file, for a worker that scans it apart from the rest.

    Starts at (``line``, ``pos``), which the caller claims is where a record starts, and stops at the first
    record that starts at or after ``stop`` (an offset just after a LF, or None for the end of the file). A
    record that starts before ``stop`` is read to its end, past ``stop`` if it must (F5, an open quote), so
    ``end`` — the (line, offset) after the last record, once iterated — may lie beyond ``stop``; the next
    range's scan then started inside a record and must be redone from ``end``. Given the true start, the
    batches are exactly those ``scan`` yields for that stretch, since the scanner carries nothing else from
    one of its own chunks to the next.
    """

    def __init__(self, csv: CsvFile, line: int, pos: int, stop: int | None, *, batch_bytes: int) -> None:
        if csv.header is None or csv.header_line_ending is None:
            raise ValueError(f"{csv.path}: no header to scan records against")
        self._scanner = _Scanner(csv, csv.header_line_ending, len(csv.header), batch_bytes)
        self._start, self._stop = (line, pos), stop
        self.end = (line, pos)

    def __iter__(self) -> Iterator[Batch]:
        yield from self._scanner.run(*self._start, stop=self._stop)
        self.end = self._scanner.end


class ScannedCsvFile(CsvFile):
    """A CSV file whose ``batches()`` are the scanner's (the InputReader the engines read through)."""

    def batches(self, batch_bytes: int) -> Iterator[Batch]:
        return scan(self, batch_bytes=batch_bytes)


def frame_from_lines(lines: list[bytes], ncols: int) -> pl.DataFrame:
    """The frame of clean UTF-8 lines (terminators included), built in Python: what the polars read must
    equal, and the fallback should polars ever refuse clean lines that Python accepts. A clean line's
    quoted field is simple (no quote or comma inside), so it is its text between the quotes."""
    columns: list[list[str | None]] = [[] for _ in range(ncols)]
    for raw in lines:
        text = raw.decode()
        if text.endswith("\n"):
            text = text[:-2] if text.endswith("\r\n") else text[:-1]
        for col, value in zip(columns, text.split(","), strict=True):
            col.append((value[1:-1] if value.startswith('"') else value) or None)
    names = [f"c{i}" for i in range(ncols)]
    return pl.DataFrame(dict(zip(names, columns, strict=True)), schema=dict.fromkeys(names, pl.String))


class _Chain:
    """The chunk's bytes from a line on, continuing into the file after the chunk: what the reference parser
    reads, so a record that runs past the end of the chunk is parsed as it would be from the file."""

    def __init__(self, raw: bytearray, end: int, at: int, f: BinaryIO, file_at: int) -> None:
        self._raw = raw
        self._mv = memoryview(raw)
        self._pos = at
        self._end = end  # raw[:end] is the chunk (the buffer is reused, so it may hold more)
        self._f = f
        self._file_at = file_at  # file offset of raw[end]
        self._in_file = False

    def readline(self, size: int = -1, /) -> bytes:
        if self._in_file:
            return self._f.readline(size)
        data = b""
        if self._pos < self._end:
            stop = self._end if size < 0 else min(self._end, self._pos + size)
            lf = self._raw.find(b"\n", self._pos, stop)
            cut = stop if lf < 0 else lf + 1
            data = bytes(self._mv[self._pos : cut])
            self._pos = cut
            if lf >= 0 or (size >= 0 and len(data) >= size):
                return data
        # the chunk is used up (a chunk ends after a LF, or at the end of the file)
        self._in_file = True
        self._f.seek(self._file_at)
        return data + self._f.readline(size - len(data) if size >= 0 else -1)


@dataclass
class _Chunk:
    """Lines of one read: bounds in the raw bytes and in their UTF-8 form, and the clean verdict per line."""

    raw: bytearray  # the reused read buffer: raw[:size] is the chunk
    size: int
    line: int  # physical line number of the first line
    offset: int  # file offset of raw[0]
    starts: IntArray  # line i is raw[starts[i]:ends[i]] (terminator included)
    ends: IntArray
    utf8: bytes | bytearray  # raw itself for UTF-8 files; the transcoded lines otherwise (line i is line i)
    utf8_size: int
    u_starts: IntArray
    u_ends: IntArray
    clean: BoolArray
    quoted: bool  # some line holds a quote: polars must read quoted fields


class _Scanner:
    def __init__(self, csv: CsvFile, style: str, ncols: int, batch_bytes: int) -> None:
        self._csv = csv
        self._crlf = style == "\r\n"
        self._ncols = ncols
        self._batch_bytes = batch_bytes
        self._codec = csv.codec
        self._utf8 = self._codec == "utf-8"
        self._vectorised = self._utf8 or self._codec in TRANSCODED
        names = [f"c{i}" for i in range(ncols)]
        self._schema: dict[str, type[pl.String]] = dict.fromkeys(names, pl.String)
        # Reused between chunks: a fresh 64 MiB allocation costs more (page zeroing) than a scan over it.
        self._scratch = np.empty(0, dtype=np.bool_)
        self.end = (0, 0)  # (line, offset) after the last record read, once ``run`` is done

    def _equal(self, arr: npt.NDArray[np.uint8], byte: int) -> BoolArray:
        """``arr == byte`` in the scratch buffer (valid until the next call)."""
        if len(self._scratch) < len(arr):
            self._scratch = np.empty(len(arr), dtype=np.bool_)
        out = self._scratch[: len(arr)]
        np.equal(arr, byte, out=out)
        return out

    def run(self, line: int, pos: int, stop: int | None = None) -> Iterator[Batch]:
        """Records from (line, pos) to the end of the file, or to the first one starting at or after
        ``stop`` (an offset just after a LF: a range's end, see ``RangeScan``)."""
        csv = self._csv
        f = csv.open_bytes()
        assert isinstance(f, io.BufferedReader)  # read into one reused buffer
        try:
            csv.bytes_read = pos
            limit = csv.bytes_total if stop is None else stop
            # no bigger than the file needs (a file that grows meanwhile is still read right, in more chunks)
            raw = bytearray(max(1, min(self._batch_bytes, limit - pos + 1)))
            view = memoryview(raw)
            while stop is None or pos < stop:
                f.seek(pos)
                size = f.readinto(raw if stop is None else view[: min(len(raw), stop - pos)])
                if not size:
                    break
                if size == len(raw) and (stop is None or pos + size < stop):  # cut after the last LF
                    cut = raw.rfind(b"\n", 0, size) + 1
                    if cut == 0:  # one line longer than a chunk: the reference parser reads it from the file
                        item = next(csv.records_from(_Chain(raw, 0, 0, f, pos), line, pos), None)
                        if item is None:
                            break
                        record, line, pos = item
                        csv.bytes_read = pos
                        yield Batch(self._empty(), _lines(np.zeros(0, dtype=np.int64)), [record])
                        continue
                    size = cut
                chunk = self._classify(raw, size, line, pos)
                frame, rows = self._read_clean(chunk)
                end = (line, pos)
                for batch, end in self._walk(chunk, f, frame, rows):
                    csv.bytes_read = end[1]
                    yield batch
                line, pos = end
            self.end = (line, pos)
        except OSError as e:
            raise ReaderError(f"{csv.path}: read error ({e.strerror or e})") from None
        finally:
            f.close()

    # ---------------------------------------------------------------- classification (vectorised)

    def _classify(self, raw: bytearray, size: int, line: int, offset: int) -> _Chunk:
        starts, ends = self._line_bounds(raw, size)
        n = len(starts)
        if not self._vectorised:
            none = np.zeros(n, dtype=np.bool_)
            return _Chunk(raw, size, line, offset, starts, ends, raw, size, starts, ends, none, False)
        clean = np.ones(n, dtype=np.bool_)
        utf8: bytes | bytearray = raw
        utf8_size, u_starts, u_ends = size, starts, ends  # UTF-8 validity: checked by the polars read
        if not self._utf8:
            utf8 = self._transcode(raw, starts, ends, clean)
            utf8_size = len(utf8)
            u_starts, u_ends = self._line_bounds(utf8, utf8_size)
            if len(u_starts) != n:  # cannot happen for the codecs in TRANSCODED; stay exact if it does
                none = np.zeros(n, dtype=np.bool_)
                return _Chunk(raw, size, line, offset, starts, ends, raw, size, starts, ends, none, False)
        # the reader's limit: MAX_LINE_BYTES of content, plus the LF if there is one
        has_lf = np.frombuffer(raw, dtype=np.uint8, count=size)[ends - 1] == _LF
        clean &= (ends - starts) - has_lf <= physical.MAX_LINE_BYTES
        clean &= self._structure_ok(utf8, utf8_size, u_starts, u_ends)
        quoted = utf8.find(b'"', 0, utf8_size) >= 0
        return _Chunk(raw, size, line, offset, starts, ends, utf8, utf8_size, u_starts, u_ends, clean, quoted)

    def _line_bounds(self, buf: bytes | bytearray, size: int) -> tuple[IntArray, IntArray]:
        """Start and end (exclusive, terminator included) of each physical line; a line ends at LF (§12.4)."""
        arr = np.frombuffer(buf, dtype=np.uint8, count=size)
        ends = np.flatnonzero(self._equal(arr, _LF)).astype(np.int64) + 1
        if size and (len(ends) == 0 or ends[-1] != size):
            ends = np.append(ends, np.int64(size))
        starts = np.empty_like(ends)
        if len(ends):
            starts[0] = 0
            starts[1:] = ends[:-1]
        return starts, ends

    def _structure_ok(self, buf: bytes | bytearray, size: int, starts: IntArray, ends: IntArray) -> BoolArray:
        """Per line: the right field count, simple quotes only, no CR but the CRLF terminator of a CRLF
        file, the header's terminator, no leading BOM."""
        arr = np.frombuffer(buf, dtype=np.uint8, count=size)
        n = len(starts)
        ok = np.ones(n, dtype=np.bool_)
        if n == 0:
            return ok
        lengths = ends - starts
        want = self._ncols - 1
        # field count; uint16 sums are exact for lines under 64 KiB, longer lines are counted one by one
        commas = np.add.reduceat(self._equal(arr, _COMMA).view(np.uint8), starts, dtype=np.uint16)
        ok &= commas == want
        for i in np.flatnonzero(lengths > 0xFFFF).tolist():
            ok[i] = buf.count(b",", int(starts[i]), int(ends[i])) == want
        if buf.find(b'"', 0, size) >= 0:
            self._quotes_ok(arr, starts, ends, ok)
        has_lf = arr[ends - 1] == _LF
        if self._crlf:
            before = np.maximum(ends - 2, 0)
            crlf = has_lf & (ends - 2 >= starts) & (arr[before] == _CR)
            ok &= crlf | ~has_lf  # an LF-terminated line must end in CRLF
            is_cr = self._equal(arr, _CR)  # numpy: 3x faster than bytes.count (7 ms per 16 MiB, measured)
            if int(np.count_nonzero(is_cr)) != int(np.count_nonzero(crlf)):  # some CR is not a terminator
                crs = np.flatnonzero(is_cr)
                bare = crs[(crs + 1 >= size) | (arr[np.minimum(crs + 1, size - 1)] != _LF)]
                ok[np.searchsorted(ends, bare, side="right")] = False
        else:
            ok[np.searchsorted(ends, self._positions(buf, size, arr, _CR), side="right")] = False
        three = lengths >= 3
        s = starts[three]
        ok[three] &= ~((arr[s] == 0xEF) & (arr[s + 1] == 0xBB) & (arr[s + 2] == 0xBF))
        return ok

    def _quotes_ok(self, arr: npt.NDArray[np.uint8], starts: IntArray, ends: IntArray, ok: BoolArray) -> None:
        """Mark lines whose quotes are not all *simple*: a quoted field must open at the start of a field,
        close right before a comma or the line's end, and hold no quote or comma (a CR inside is caught by
        the CR test). Such a field is its text between the quotes, for the reference and for polars alike.
        Done in windows of lines so the position arrays stay small when every field is quoted."""
        size = len(arr)
        for first, last in _windows(ends):
            a, z = int(starts[first]), int(ends[last - 1])
            sub = arr[a:z]
            q = np.flatnonzero(sub == _QUOTE)
            if len(q) == 0:
                continue
            line_starts = starts[first:last] - a
            at = np.searchsorted(ends[first:last] - a, q, side="right")  # window line of each quote
            counts = np.bincount(at, minlength=last - first)
            rank = np.arange(len(q)) - (np.cumsum(counts) - counts)[at]
            opening = rank % 2 == 0
            pos = q + a  # in the chunk
            starts_field = (q == line_starts[at]) | (arr[np.maximum(pos - 1, 0)] == _COMMA)
            after = arr[np.minimum(pos + 1, size - 1)]
            after2 = arr[np.minimum(pos + 2, size - 1)]
            ends_field = ((pos + 1 >= size) | (after == _COMMA) | (after == _LF)
                          | ((after == _CR) & (pos + 2 < size) & (after2 == _LF)))
            # commas between each quote and the next one: for an opening quote, those inside its field
            inner = np.add.reduceat((sub == _COMMA).view(np.uint8), q, dtype=np.int32)
            wrong = np.where(opening, ~starts_field | (inner > 0), ~ends_field)
            bad = np.flatnonzero(counts % 2 == 1)
            ok[first + bad] = False
            ok[first + at[wrong]] = False

    def _positions(self, buf: bytes | bytearray, size: int, arr: npt.NDArray[np.uint8], byte: int,
                   ) -> IntArray:
        """Offsets of ``byte`` in ``buf[:size]``: memchr while they are few (the usual case: none), numpy
        otherwise."""
        needle = bytes((byte,))
        found: list[int] = []
        at = buf.find(needle, 0, size)
        while at >= 0:
            found.append(at)
            if len(found) > _FEW:
                return np.flatnonzero(self._equal(arr, byte)).astype(np.int64)
            at = buf.find(needle, at + 1, size)
        return np.array(found, dtype=np.int64)

    def _transcode(self, raw: bytearray, starts: IntArray, ends: IntArray, clean: BoolArray) -> bytes:
        """The lines as UTF-8; a line that does not decode strictly is marked not clean and replaced by a
        stand-in line, so line i of the result is line i of ``raw``."""
        mv = memoryview(raw)
        codec = self._codec
        out: list[bytes] = []
        for first, last in _windows(ends):
            a, z = int(starts[first]), int(ends[last - 1])
            while a < z:
                try:
                    out.append(codecs.decode(mv[a:z], codec).encode())
                    break
                except UnicodeDecodeError as e:
                    i = int(np.searchsorted(ends, a + e.start, side="right"))
                    lo = int(starts[i])
                    if lo > a:
                        out.append(codecs.decode(mv[a:lo], codec).encode())
                    clean[i] = False
                    out.append(b"\n" if raw[int(ends[i]) - 1] == _LF else b"?")  # keeps the line count
                    a = int(ends[i])
        return b"".join(out)

    # ---------------------------------------------------------------- polars

    def _read_clean(self, c: _Chunk) -> tuple[pl.DataFrame, IntArray]:
        """The frame of every clean line of the chunk (some may yet be taken by a multi-line record) and
        their line indices.

        Polars refuses invalid UTF-8, which is how validity is checked. In a refused chunk the undecodable
        lines are found in Python, marked not clean, and the rest is read again; should polars refuse
        lines that Python decodes, the frame is built in Python."""
        rows = np.flatnonzero(c.clean).astype(np.int64)
        if len(rows) == 0:
            return self._empty(), rows
        buf = self._clean_bytes(c, rows)
        try:
            return self._checked(c, rows, self._polars(buf, c.quoted)), rows
        except pl.exceptions.PolarsError:
            pass
        bad = _invalid_utf8_lines(buf) if self._utf8 else []
        if bad:
            c.clean[rows[bad]] = False
            rows = np.flatnonzero(c.clean).astype(np.int64)
            if len(rows) == 0:
                return self._empty(), rows
            try:
                return self._checked(c, rows, self._polars(self._clean_bytes(c, rows), c.quoted)), rows
            except pl.exceptions.PolarsError:
                pass
        return self._python_frame(c, rows), rows

    def _checked(self, c: _Chunk, rows: IntArray, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` if it has one row per clean line (it always should); else the frame built in Python, so
        that a row can never be paired with the wrong line number."""
        return frame if frame.height == len(rows) else self._python_frame(c, rows)

    def _python_frame(self, c: _Chunk, rows: IntArray) -> pl.DataFrame:
        mv = memoryview(c.utf8)
        spans = zip(c.u_starts[rows].tolist(), c.u_ends[rows].tolist(), strict=True)
        return frame_from_lines([bytes(mv[a:z]) for a, z in spans], self._ncols)

    @staticmethod
    def _clean_bytes(c: _Chunk, rows: IntArray) -> bytes:
        """The UTF-8 bytes of the given lines, joined run by run of consecutive lines."""
        mv = memoryview(c.utf8)
        if len(rows) == len(c.u_starts):
            return c.utf8 if isinstance(c.utf8, bytes) else bytes(mv[: c.utf8_size])
        breaks = np.flatnonzero(np.diff(rows) != 1) + 1
        run_first = rows[np.concatenate(([0], breaks))]
        run_last = rows[np.concatenate((breaks - 1, [len(rows) - 1]))]
        return b"".join(
            mv[a:z] for a, z in zip(c.u_starts[run_first].tolist(), c.u_ends[run_last].tolist(), strict=True)
        )

    def _polars(self, buf: bytes, quoted: bool) -> pl.DataFrame:
        # An empty field is null by default in every polars >= 1.0 (the option's name changed); tested.
        frame = pl.read_csv(
            buf, has_header=False, separator=",", quote_char='"' if quoted else None, comment_prefix=None,
            infer_schema=False, schema=self._schema, null_values=None, eol_char="\n", raise_if_empty=False,
            truncate_ragged_lines=False, encoding="utf8",
        )
        if quoted:  # polars keeps a quoted empty field ("") as ""; it is NULL like an unquoted one (F7)
            frame = frame.select(pl.when(pl.all() != "").then(pl.all()))
        return frame

    def _empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self._schema)

    # ---------------------------------------------------------------- walking the special lines

    def _walk(
        self, c: _Chunk, f: BinaryIO, frame: pl.DataFrame, rows: IntArray,
    ) -> Iterator[tuple[Batch, tuple[int, int]]]:
        """Batches of the chunk and, with each, the (line, offset) where the following batch starts.

        Special lines are parsed in order by the reference parser from their own line; a record may take the
        following lines (F5) — they are then not frame rows — or run past the chunk, which ends the chunk
        there. Consecutive special lines share one parser run.
        """
        n = len(c.starts)
        special_at = np.flatnonzero(~c.clean)
        taken = np.zeros(n, dtype=np.bool_)  # clean lines that a multi-line record took
        records: list[RawRecord] = []
        seg = 0  # first line of the current batch
        k = 0
        end_line, end_pos = c.line + n, c.offset + c.size
        while k < len(special_at):
            s = int(special_at[k])
            start = int(c.starts[s])
            parsed = self._csv.records_from(
                _Chain(c.raw, c.size, start, f, c.offset + c.size), c.line + s, c.offset + start,
            )
            i = s
            nxt = n
            while True:
                item = next(parsed, None)
                if item is None:  # the file shrank under us: stop at the chunk's end
                    nxt = n
                    break
                record, line, pos = item
                records.append(record)
                nxt = line - c.line
                if nxt > i + 1:
                    taken[i + 1 : min(nxt, n)] = True
                if nxt >= n:
                    end_line, end_pos = line, pos
                    break
                if len(records) >= MAX_SPECIAL_PER_BATCH:
                    yield self._batch(c, frame, rows, taken, seg, nxt, records), (line, pos)
                    records = []
                    seg = nxt
                if c.clean[nxt]:
                    break
                i = nxt
            if nxt >= n:
                break
            k = int(np.searchsorted(special_at, nxt, side="left"))
        if seg < n or records:
            yield self._batch(c, frame, rows, taken, seg, n, records), (end_line, end_pos)

    def _batch(
        self, c: _Chunk, frame: pl.DataFrame, rows: IntArray, taken: BoolArray, lo: int, hi: int,
        special: list[RawRecord],
    ) -> Batch:
        """The batch of lines lo..hi-1: its clean rows not taken by a multi-line record, and ``special``."""
        a, z = np.searchsorted(rows, [lo, hi]).tolist()
        part = frame.slice(a, z - a) if (a, z) != (0, len(rows)) else frame
        numbers = rows[a:z]
        keep = ~taken[numbers]
        if not keep.all():
            part = part.filter(pl.Series(keep))
            numbers = numbers[keep]
        return Batch(part, _lines(numbers + c.line), special)


def _lines(numbers: IntArray) -> pl.Series:
    return pl.Series("line", numbers, dtype=pl.Int64)


def _line_bounds(buf: bytes) -> tuple[IntArray, IntArray]:
    """Start and end (exclusive, terminator included) of each line of ``buf``."""
    arr = np.frombuffer(buf, dtype=np.uint8)
    ends = np.flatnonzero(arr == _LF).astype(np.int64) + 1
    if len(buf) and (len(ends) == 0 or ends[-1] != len(buf)):
        ends = np.append(ends, np.int64(len(buf)))
    starts = np.empty_like(ends)
    if len(ends):
        starts[0] = 0
        starts[1:] = ends[:-1]
    return starts, ends


def _windows(ends: IntArray) -> Iterator[tuple[int, int]]:
    """(first line, end line) ranges of whole lines of about _DECODE_WINDOW bytes."""
    n = len(ends)
    first = 0
    base = 0
    while first < n:
        last = int(np.searchsorted(ends, base + _DECODE_WINDOW, side="left")) + 1
        last = min(max(last, first + 1), n)
        yield first, last
        base = int(ends[last - 1])
        first = last


def _invalid_utf8_lines(buf: bytes) -> list[int]:
    """Indices of the lines of ``buf`` that are not valid UTF-8. A LF is never inside a UTF-8 sequence, so
    a run of lines decodes exactly when each of its lines does; decoding resumes after each bad line."""
    starts, ends = _line_bounds(buf)
    mv = memoryview(buf)
    bad: list[int] = []
    for first, last in _windows(ends):
        a, z = int(starts[first]), int(ends[last - 1])
        while a < z:
            try:
                codecs.utf_8_decode(mv[a:z], "strict", True)
                break
            except UnicodeDecodeError as e:
                i = int(np.searchsorted(ends, a + e.start, side="right"))
                bad.append(i)
                a = int(ends[i])
    return bad
