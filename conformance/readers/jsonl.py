"""The JSON Lines reader (``.jsonl``, ``.ndjson``): one JSON object per physical line (§13).

Each line is decoded alone (json's C decoder), so a broken line costs that record only (F16) and the run
goes on with the next line. Memory is one line, bounded by MAX_RECORD_BYTES.
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

    def _read(self, f: BinaryIO) -> Iterator[RawRecord]:
        line = 0
        while True:
            raw = f.readline(MAX_RECORD_BYTES + 1)
            if not raw:
                return
            line += 1
            self.bytes_read += len(raw)
            if len(raw) > MAX_RECORD_BYTES and not raw.endswith(b"\n"):
                self.bytes_read += _skip_line(f)
                yield self.too_large(line)
                continue
            yield self._record(line, raw)

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
