"""What the JSON Lines, JSON and XML readers share: records keyed by name, F4 by name, batches, bounds.

A record of these formats is a mapping from 項目名 to a text value or NULL (§13.3), so its fields are laid
out in the layout's item order (the reader's ``header`` is the layout's 項目名 list) and a name the record
lacks is NULL. F4 is read per file by name (§13.4): an unknown name once, at its first line; an item that
occurs in no record once, at line 1, after the last record.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

import polars as pl

from conformance.core.findings import Finding
from conformance.core.messages import Localized, Quoted, params_of
from conformance.readers.encoding import check_start
from conformance.readers.faults import Fault
from conformance.readers.records import RawRecord
from conformance.readers.source import Batch, ReaderError, open_binary
from conformance.rules.file import f1_encoding as f1
from conformance.rules.file import f4_header as f4
from conformance.rules.file import f16_record_syntax as f16
from conformance.rules.file import f18_not_text as f18

__all__ = [
    "MAX_RECORD_BYTES",
    "NamedReader",
    "RecordBuilder",
    "batches_of",
    "json_decoder",
    "json_kind",
    "json_pairs",
    "kind_of",
    "shown_name",
]

#: A record (one JSON Lines line, one JSON array member, one XML record element) above this is one F16.
MAX_RECORD_BYTES = 64 << 20
#: Records per batch handed to the fast engine.
_BATCH_RECORDS = 20_000

_ESCAPED = re.compile("[\udc80-\udcff]+")
_NO_BAD: frozenset[int] = frozenset()
_KINDS = {
    "number": Localized("数値", "number"),
    "boolean": Localized("真偽値", "boolean"),
    "array": Localized("配列", "array"),
    "object": Localized("オブジェクト", "object"),
    "string": Localized("文字列", "string"),
    "null": Localized("null", "null"),
}


def kind_of(word: str) -> Localized:
    """A JSON kind's name in both languages (a fixed word, never a value of the file)."""
    return _KINDS[word]


class RecordBuilder:
    """Turns name → value mappings into RawRecords in item order, keeping the per-file F4 state."""

    def __init__(self, file: str, names: Sequence[str]) -> None:
        self.file = file
        self.names = list(names)
        self._index = {n: i for i, n in enumerate(self.names)}
        self._seen: set[str] = set()
        self._unknown: set[str] = set()
        self.reported: list[str] = []  # the unknown names, in the order their F4 was made

    def fault(self, line: int, fault: Fault) -> RawRecord:
        """A record that cannot be read (F16): counted, never checked."""
        return RawRecord(line, [], _NO_BAD, False, [fault.at(self.file, line)])

    def build(
        self,
        line: int,
        values: Iterable[tuple[str, str | None]],
        findings: list[Finding] | None = None,
        not_text: Mapping[str, Fault] | None = None,
        escaped: bool = True,
    ) -> RawRecord:
        """The record of ``line`` from (name, text or None) pairs; ``not_text``: items whose value is not text
        (their fault is reported and the item is not checked). Text holding bytes that were not UTF-8
        (lone surrogates of the decoder) is an F1 on its item and reads with U+FFFD; ``escaped=False``: the
        text cannot hold any (it is not looked for)."""
        fields = [""] * len(self.names)
        found = findings if findings is not None else []
        bad: set[int] = set()
        index = self._index
        for name, value in values:
            i = index.get(name)
            if i is None:
                self._unknown_name(line, name, found)
                continue
            if value:
                if escaped and _ESCAPED.search(value):
                    value = _ESCAPED.sub("\ufffd", value)
                    found.append(Fault(f1.META, f1.INVALID_VALUE).at(self.file, line, name))
                    bad.add(i)
                fields[i] = value
        if len(self._seen) < len(index):  # F4 "missing": until every item has been seen once
            self._seen.update(n for n, _ in values if n in index)
        for name, fault in (not_text or {}).items():
            i = index.get(name)
            if i is None:
                self._unknown_name(line, name, found)
                continue
            self._seen.add(name)
            found.append(fault.at(self.file, line, name))
            bad.add(i)
        return RawRecord(line, fields, frozenset(bad) if bad else _NO_BAD, True, found)

    def note_names(self, line: int, names: Iterable[str], found: list[Finding]) -> None:
        """Names seen in a record that is not checked (F16): they still count for F4."""
        for name in names:
            if name in self._index:
                self._seen.add(name)
            else:
                self._unknown_name(line, name, found)

    def _unknown_name(self, line: int, name: str, found: list[Finding]) -> None:
        if name in self._unknown:
            return
        self._unknown.add(name)
        self.reported.append(name)
        shown = shown_name(name)
        params = params_of({"name": Quoted(shown, None)})
        found.append(Fault(f4.META, f4.UNKNOWN_NAME, params).at(self.file, line, shown))

    def names_state(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """What a chunk's builder saw: the items that occurred, the unknown names it reported (in order)."""
        return frozenset(self._seen), tuple(self.reported)

    def merge(self, seen: Iterable[str], reported: Sequence[str]) -> list[bool]:
        """Take in the next chunk's ``names_state``; for each of its unknown-name F4s, in order, whether it
        stands (False: an earlier chunk reported that name at an earlier line)."""
        self._seen.update(seen)
        keep: list[bool] = []
        for name in reported:
            keep.append(name not in self._unknown)
            if keep[-1]:
                self._unknown.add(name)
                self.reported.append(name)
        return keep

    def missing(self) -> list[Finding]:
        """One F4 per item that occurred in no record of the file, at line 1 (§13.4)."""
        return [
            Fault(f4.META, f4.MISSING, params_of({"name": n})).at(self.file, 1, n)
            for n in self.names
            if n not in self._seen
        ]


def shown_name(name: str) -> str:
    """A name as a finding shows it: bytes that were not UTF-8 read as U+FFFD."""
    return _ESCAPED.sub("\ufffd", name)


def batches_of(records: Iterator[RawRecord], width: int, per_batch: int = _BATCH_RECORDS) -> Iterator[Batch]:
    """Records as the fast engine's batches: clean ones (checkable, no finding) as String columns."""
    cols: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []
    special: list[RawRecord] = []

    def cut() -> Batch:
        frame = pl.DataFrame(
            {f"c{i}": c for i, c in enumerate(cols)}, schema={f"c{i}": pl.String for i in range(width)}
        )
        batch = Batch(frame, pl.Series("line", lines, dtype=pl.Int64), list(special))
        for c in cols:
            c.clear()
        lines.clear()
        special.clear()
        return batch

    for rec in records:
        if rec.checkable and not rec.findings and not rec.bad_fields:
            lines.append(rec.line)
            for c, v in zip(cols, rec.fields, strict=True):
                c.append(v or None)
        else:
            special.append(rec)
        if len(lines) + len(special) >= per_batch:
            yield cut()
    if lines or special:
        yield cut()


class NamedReader:
    """Base of the readers whose records are keyed by name (JSON Lines, JSON, XML): the start checks, one
    read of the file, and the findings known after it (``_late``, then F4 for items in no record)."""

    format = ""
    what = "file"  # for error messages: "JSON Lines file"
    names_checked = True
    text_encoded = False
    header_line_ending: str | None = None

    def __init__(self, path: Path, display_name: str, names: Sequence[str]) -> None:
        self.path = path
        self.display_name = display_name
        self.file_findings: list[Finding] = []
        self.fatal = False
        self.bytes_total = 0
        self.bytes_read = 0
        self.builder = RecordBuilder(display_name, names)
        self._consumed = False
        self._offset = 0  # after a UTF-8 BOM
        self._late: list[Finding] = []
        self._unread = False  # the names the file holds are unknown (not an array): no F4 "missing"

    def _load(self) -> bytes:
        """BOM and encoding checks (F1, F2); the first bytes after the BOM, for a declaration."""
        with open_binary(self.path, self.what) as f:
            try:
                self.bytes_total = os.fstat(f.fileno()).st_size
                findings, offset = check_start(f, self.display_name, "utf-8", True)
                f.seek(offset or 0)
                head = f.read(1024)
            except OSError as e:
                raise ReaderError(f"{self.path}: read error ({e.strerror or e})") from None
        self.file_findings.extend(findings)
        self.fatal = offset is None
        self._offset = offset or 0
        return head

    @property
    def header(self) -> list[str] | None:
        return self.builder.names

    def _claim(self) -> bool:
        """Claim the records (they are read once, whole or in ranges); False when none are to be read."""
        if self._consumed:
            raise RuntimeError("records() can be iterated only once")
        self._consumed = True
        return not self.fatal

    def records(self) -> Iterator[RawRecord]:
        return self._records() if self._claim() else iter(())

    def _records(self) -> Iterator[RawRecord]:
        self.bytes_read = self._offset
        return self._read_at(self._offset, self._read)

    def _read_at(self, pos: int, read: Callable[[BinaryIO], Iterator[RawRecord]]) -> Iterator[RawRecord]:
        """``read``'s records of the file opened at byte ``pos``; a read error is a ReaderError."""
        f = open_binary(self.path, self.what)
        try:
            f.seek(pos)
            yield from read(f)
        except OSError as e:
            raise ReaderError(f"{self.path}: read error ({e.strerror or e})") from None
        finally:
            f.close()

    def _read(self, f: BinaryIO) -> Iterator[RawRecord]:
        """The records of ``f``, positioned after the BOM."""
        raise NotImplementedError

    def batches(self, batch_bytes: int) -> Iterator[Batch]:
        return batches_of(self.records(), len(self.builder.names))

    def finish(self) -> list[Finding]:
        if self.fatal or self._unread:
            return list(self._late)
        return [*self._late, *self.builder.missing()]

    def too_large(self, line: int) -> RawRecord:
        return self.builder.fault(
            line, Fault(f16.META, f16.TOO_LARGE, params_of({"max_bytes": MAX_RECORD_BYTES}))
        )


def json_pairs(
    pairs: list[tuple[str, object]],
) -> tuple[list[tuple[str, str | None]], dict[str, Fault], bool]:
    """A decoded JSON object's members: text values, the others' F18 faults, and whether a key repeats."""
    values: list[tuple[str, str | None]] = []
    not_text: dict[str, Fault] = {}
    keys = {k for k, _ in pairs}
    for k, v in pairs:
        if v is None or isinstance(v, str):
            values.append((k, v))
        else:
            not_text[k] = Fault(f18.META, f18.JSON_VALUE, params_of({"kind": kind_of(json_kind(v))}))
    return values, not_text, len(keys) != len(pairs)


def json_kind(v: object) -> str:
    """The JSON kind of a decoded value: object, array, string, null, boolean or number."""
    if isinstance(v, _Object):
        return "object"
    if isinstance(v, list):
        return "array"
    if isinstance(v, str):
        return "string"
    if v is None:
        return "null"
    return "boolean" if isinstance(v, bool) else "number"


class _Object(list):  # type: ignore[type-arg]
    """A decoded JSON object kept as its (key, value) pairs, so a repeated key is seen."""


class _Number:
    """Any JSON number, never converted (a huge integer must not cost time or raise)."""


NUMBER = _Number()


def _object(pairs: list[tuple[str, object]]) -> _Object:
    return _Object(pairs)


def _number(_text: str) -> _Number:
    return NUMBER


def json_decoder() -> json.JSONDecoder:
    """json's C decoder, with objects kept as pairs (repeated keys) and numbers never converted."""
    return json.JSONDecoder(
        object_pairs_hook=_object, parse_int=_number, parse_float=_number, parse_constant=_number
    )
