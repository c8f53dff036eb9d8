"""The JSON Lines reader (``.jsonl``, ``.ndjson``): one JSON object per physical line (§13).

Each line is decoded alone (json's C decoder), so a broken line costs that record only (F16) and the run
goes on with the next line. Memory is one line, bounded by MAX_RECORD_BYTES.

A JSON text holds no raw LF, so every byte after a LF starts a record: a large file is read in byte-range
chunks by the fast engine's workers (``range_records``), each with its own F4 name state, which the main
process merges (``RecordBuilder.merge``) so the findings are those of one read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from conformance.core.findings import Finding
from conformance.core.messages import params_of
from conformance.readers.faults import Fault
from conformance.readers.records import RawRecord
from conformance.readers.structured import (
    MAX_RECORD_BYTES,
    NamedReader,
    json_decoder,
    json_kind,
    json_pairs,
    kind_of,
)
from conformance.rules.file import f16_record_syntax as f16

__all__ = ["JsonLinesFile", "read_jsonl"]


class JsonLinesFile(NamedReader):
    format = "jsonl"
    what = "JSON Lines file"

    def __init__(self, path: Path, display_name: str, names: list[str]) -> None:
        super().__init__(path, display_name, names)
        self._decoder = json_decoder()
        self.range_end = (1, 0)  # (line, offset) after the last record read by range_records

    def __getstate__(self) -> dict[str, object]:
        """Pickled for a worker (a chunk task): everything but the decoder, which is made again there."""
        state = dict(self.__dict__)
        del state["_decoder"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._decoder = json_decoder()

    def _read(self, f: BinaryIO) -> Iterator[RawRecord]:
        yield from self._lines(f, 1, None)

    def _lines(self, f: BinaryIO, line: int, stop: int | None) -> Iterator[RawRecord]:
        """The records of ``f`` from physical line ``line`` at its read position, until the first line that
        starts at or after byte ``stop`` (None: the end)."""
        at = f.tell()
        while stop is None or at < stop:
            raw = f.readline(MAX_RECORD_BYTES + 1)
            if not raw:
                break
            at += len(raw)
            self.bytes_read += len(raw)
            if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
                skipped = _skip_line(f)
                at += skipped
                self.bytes_read += skipped
                record = self.too_large(line)
            else:
                record = self._record(line, raw)
            line += 1
            yield record
        self.range_end = (line, at)

    def begin_records(self) -> tuple[int, int] | None:
        """Claim the records, to be read in ranges: (line, offset) of the first, None when none are read."""
        return (1, self._offset) if self._claim() else None

    def range_records(self, line: int, pos: int, stop: int | None) -> Iterator[RawRecord]:
        """The records of the lines that start in [pos, stop), ``pos`` being the start of physical line
        ``line`` (right after a LF, or after the BOM); ``range_end`` is then where the next one starts."""
        return self._read_at(pos, lambda f: self._lines(f, line, stop))

    def _record(self, line: int, raw: bytes) -> RawRecord:
        try:
            text, escaped = raw.decode("utf-8"), False
        except UnicodeDecodeError:
            text, escaped = raw.decode("utf-8", "surrogateescape"), True
        body = text.rstrip("\r\n")
        if not body.strip():
            return self.builder.fault(line, Fault(f16.META, f16.BLANK_LINE))
        try:
            value, end = self._decoder.raw_decode(body, len(body) - len(body.lstrip()))
        except json.JSONDecodeError as e:
            return self.builder.fault(line, Fault(f16.META, f16.NOT_JSON, params_of({"column": e.colno})))
        except RecursionError:
            return self.builder.fault(line, Fault(f16.META, f16.NOT_JSON, params_of({"column": 1})))
        if body[end:].strip():
            column = end + 1 + len(body[end:]) - len(body[end:].lstrip())
            return self.builder.fault(line, Fault(f16.META, f16.NOT_JSON, params_of({"column": column})))
        return record_of(self, line, value, escaped)


def record_of(reader: NamedReader, line: int, value: object, escaped: bool = True) -> RawRecord:
    """The record of one decoded JSON value: an object's members, or an F16 for anything else."""
    kind = json_kind(value)
    if kind != "object":
        return reader.builder.fault(line, Fault(f16.META, f16.NOT_OBJECT, params_of({"kind": kind_of(kind)})))
    assert isinstance(value, list)
    values, not_text, repeated = json_pairs(value)
    if repeated:
        rec = reader.builder.fault(line, Fault(f16.META, f16.DUPLICATE_KEY))
        found: list[Finding] = []
        reader.builder.note_names(line, dict.fromkeys(k for k, _ in value), found)
        rec.findings.extend(found)
        return rec
    return reader.builder.build(line, values, None, not_text, escaped)


def _skip_line(f: BinaryIO) -> int:
    """Read past the rest of an over-long line; the bytes skipped."""
    skipped = 0
    while True:
        chunk = f.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def read_jsonl(path: Path, display_name: str, names: list[str]) -> JsonLinesFile:
    """Open a JSON Lines file: BOM and encoding checks (F1, F2); records() streams the lines."""
    reader = JsonLinesFile(Path(path), display_name, names)
    reader._load()
    return reader
