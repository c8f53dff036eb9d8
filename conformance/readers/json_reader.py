"""The JSON reader (``.json``): the document is an array of objects, one record each (§13), streamed.

Why not ijson: its C backend gives neither the offset of a value nor the position of an error, and §13.2
needs the line of each object's ``{`` and §13.4 the line and column of a syntax error. So the top-level
array's structure (``[``, ``,``, ``]``, white space) is read here, chunk by chunk, and each member is decoded
by json's C decoder; memory is one chunk plus one member (bounded by MAX_RECORD_BYTES).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from conformance.core.messages import Message, params_of
from conformance.readers.faults import Fault
from conformance.readers.jsonl import record_of
from conformance.readers.records import RawRecord
from conformance.readers.source import BUFFER_BYTES
from conformance.readers.structured import MAX_RECORD_BYTES, NamedReader, json_decoder
from conformance.rules.file import f16_record_syntax as f16

__all__ = ["JsonFile", "read_json"]

_WS = re.compile(r"[ \t\r\n]*")
_ESCAPED = re.compile("[\udc80-\udcff]")


class _Text:
    """The document's text from a read position on: a buffer, its line count, refilled chunk by chunk."""

    def __init__(self, f: BinaryIO, reader: JsonFile) -> None:
        self._f, self._reader = f, reader
        self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        self.buf = ""
        self.pos = 0
        self.line = 1  # the line of buf[pos]
        self.eof = False
        self.escaped = False  # some text read so far held bytes that are not UTF-8 (sticky)

    def fill(self) -> bool:
        """Read more (at least as much as is buffered, so a long member costs few re-decodes)."""
        if self.eof:
            return False
        self.buf, self.pos = self.buf[self.pos :], 0
        raw = self._f.read(max(BUFFER_BYTES, len(self.buf)))
        self._reader.bytes_read += len(raw)
        self.eof = not raw
        text = self._decoder.decode(raw, final=self.eof)
        self.escaped = self.escaped or bool(_ESCAPED.search(text))
        self.buf += text
        return not self.eof

    def advance(self, to: int) -> None:
        self.line += self.buf.count("\n", self.pos, to)
        self.pos = to

    def skip_ws(self) -> str | None:
        """The next character after white space (not consumed), or None at the end of the document."""
        while True:
            m = _WS.match(self.buf, self.pos)
            assert m is not None
            self.advance(m.end())
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return None

    def column(self, at: int) -> int:
        return at - self.buf.rfind("\n", 0, at)

    def line_at(self, at: int) -> int:
        return self.line + self.buf.count("\n", self.pos, at)


class JsonFile(NamedReader):
    format = "json"
    what = "JSON file"

    def __init__(self, path: Path, display_name: str, names: list[str]) -> None:
        super().__init__(path, display_name, names)
        self._decoder = json_decoder()

    def _read(self, f: BinaryIO) -> Iterator[RawRecord]:
        return self._members(_Text(f, self))

    def _broken(self, message: Message, line: int, params: Mapping[str, int]) -> None:
        self._late.append(Fault(f16.META, message, params_of(params)).at(self.display_name, line))

    def _syntax(self, t: _Text, at: int, since: int | None = None) -> None:
        line = t.line_at(at)
        params = {"column": t.column(at), "line": since or line}
        self._broken(f16.BROKEN_DOCUMENT, line, params)

    def _members(self, t: _Text) -> Iterator[RawRecord]:
        c = t.skip_ws()
        if c is None:
            return  # an empty file: no record (D1)
        if c != "[":
            self._broken(f16.NOT_ARRAY, t.line, {"line": t.line})
            self._unread = True
            return
        t.advance(t.pos + 1)
        c = t.skip_ws()
        if c == "]":
            t.advance(t.pos + 1)
            self._after(t)
            return
        while True:
            if c is None:
                self._syntax(t, t.pos)
                return
            start = t.line
            decoded = self._member(t)
            if decoded is None:
                return
            value, end = decoded
            t.advance(end)
            yield record_of(self, start, value, t.escaped)
            c = t.skip_ws()
            if c == ",":
                t.advance(t.pos + 1)
                c = t.skip_ws()
                continue
            if c == "]":
                t.advance(t.pos + 1)
                self._after(t)
                return
            self._syntax(t, t.pos if c is not None else len(t.buf))
            return

    def _member(self, t: _Text) -> tuple[object, int] | None:
        """One array member decoded from ``t.pos`` (reading more while it is incomplete), or None after
        reporting the document broken there."""
        while True:
            try:
                value, end = self._decoder.raw_decode(t.buf, t.pos)
                if end < len(t.buf) or t.eof:
                    return value, end
            except json.JSONDecodeError as e:
                if t.eof:
                    self._syntax(t, e.pos, t.line)
                    return None
            except RecursionError:
                self._syntax(t, t.pos, t.line)
                return None
            if len(t.buf) - t.pos > MAX_RECORD_BYTES:
                params = {"max_bytes": MAX_RECORD_BYTES}
                self._late.append(
                    Fault(f16.META, f16.TOO_LARGE, params_of(params)).at(self.display_name, t.line)
                )
                self._broken(f16.BROKEN_DOCUMENT, t.line, {"column": t.column(t.pos), "line": t.line})
                return None
            t.fill()

    def _after(self, t: _Text) -> None:
        c = t.skip_ws()
        if c is not None:
            self._broken(f16.TRAILING, t.line, {})


def read_json(path: Path, display_name: str, names: list[str]) -> JsonFile:
    """Open a JSON document: BOM and encoding checks (F1, F2); records() streams the array's members."""
    reader = JsonFile(Path(path), display_name, names)
    reader._load()
    return reader
