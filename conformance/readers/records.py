"""The record state machine: physical lines to records, with the faults of F1 (per field), F3, F5 and F6.

Why by hand: Python's ``csv`` module hides exactly what this tool must report (where a quote was wrong, which
physical line a record started on, which terminator a line had, which field held bad bytes) and silently
accepts most faults. A record is one physical line unless a quoted field stays open (F5); the lines it takes
are bounded (``lines``), and when its quote never closes within them, the lines are given back and the start
line is parsed alone, so a stray quote costs one record, not the rest of the file.

Most lines take the fast path: no quote, no CR, strictly decodable, so the record is the line split at commas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conformance.core.findings import Finding
from conformance.core.messages import params_of
from conformance.readers import lines as physical  # the bounds, read when used (tests lower them)
from conformance.readers.encoding import Decoder
from conformance.readers.faults import Fault
from conformance.readers.lines import Line, PhysicalLines, Stop, split_terminator
from conformance.rules.file import f1_encoding as f1
from conformance.rules.file import f3_dialect as f3
from conformance.rules.file import f5_one_line as f5
from conformance.rules.file import f6_line_endings as f6

__all__ = ["RawRecord", "RecordParser"]

_QUOTED_BODY = re.compile(r'[^"]*(?:""[^"]*)*')
_NO_BAD: frozenset[int] = frozenset()
_TERM_NAME = {"\r\n": "CRLF", "\n": "LF"}


@dataclass(slots=True)
class RawRecord:
    """One data record as read, before any item check."""

    line: int  # 1-based physical line where the record starts (first data line is 2)
    fields: list[str]  # decoded field values, quotes removed, "" -> '"'; empty field -> ""
    bad_fields: frozenset[int]  # indices of fields that held undecodable bytes
    checkable: bool  # False after F3/F5 faults: the engine does no further checks (§12.2)
    findings: list[Finding]  # the structural findings of this record (F1 per field, F3, F5, F6)


@dataclass(slots=True)
class _Parsed:
    """A record as the slow-path parser saw it."""

    fields: list[str]
    bad: frozenset[int]
    fault: Fault | None
    bare_cr: bool
    terminator: str | None  # terminator of the record's last physical line


class RecordParser:
    """Parses the header and then the records of one file (named ``file`` in findings) in one codec.

    The header fixes what every record is measured against: its field count (F3) and its terminator (F6).
    """

    def __init__(self, file: str, codec: str) -> None:
        self.file = file
        self.header: list[str] | None = None
        self.style: str | None = None  # the header's terminator; None when the header is the last line
        self._codec = codec
        self._decoder = Decoder(codec)
        self._ncols = 0

    # ---------------------------------------------------------------- header and records

    def read_header(self, src: PhysicalLines) -> tuple[list[Finding], bool]:
        """Parse line 1 as the header: its findings, and whether the file cannot be read further (fatal).

        An empty file has no header and is not fatal; a header line over MAX_LINE_BYTES is fatal.
        """
        first = src.next()
        if first is None:
            return [], False
        if first.too_long:
            return [self._too_long().at(self.file, 1)], True
        parsed = self._parse(first, src)
        self.header, self.style, self._ncols = parsed.fields, parsed.terminator, len(parsed.fields)
        # the header cell stands for its own column: it is the finding's item
        findings = [self._f1_field(1, i, parsed.fields[i]) for i in sorted(parsed.bad)]
        if parsed.fault is not None:
            findings.append(parsed.fault.at(self.file, 1))
        f6_header = self._f6(1, None, parsed.bare_cr)
        if f6_header is not None:
            findings.append(f6_header)
        return findings, False

    def record_at(self, pl: Line, src: PhysicalLines) -> RawRecord:
        """The record that starts at physical line ``pl`` (reading more lines from ``src`` if it needs)."""
        raw = pl.raw
        if pl.too_long:
            return RawRecord(pl.number, [], _NO_BAD, False, [self._too_long().at(self.file, pl.number)])
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
            return self._record_from(pl.number, self._parse(pl, src))
        fields = text.split(",")
        findings: list[Finding] = []
        ok = len(fields) == self._ncols
        if not ok:
            fault = self._count_fault(len(fields), self._ncols, blank=not text)
            findings.append(fault.at(self.file, pl.number))
        if term is not None and term != self.style:
            f6_line = self._f6(pl.number, term, False)
            assert f6_line is not None
            findings.append(f6_line)
        return RawRecord(pl.number, fields, _NO_BAD, ok, findings)

    # ---------------------------------------------------------------- parsing

    def _parse(self, first: Line, src: PhysicalLines, stopped: Stop | None = None) -> _Parsed:
        """Parse one record starting at ``first`` (RFC 4180, lenient after the first fault).

        ``stopped`` says why an earlier attempt could not continue the record (then it is the start line
        alone, and an open quote is an unterminated field).
        """
        taken = [first]
        content, terminator = split_terminator(first.raw)
        text, any_bad = self._decoder.decode(content)
        total_bytes = len(first.raw)
        fields: list[str] = []
        fault: Fault | None = None
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
                            fault = Fault(f3.META, f3.QUOTE_IN_UNQUOTED, params_of({"field": k}))
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
                    fault = self._f5_fault(k, first.number, taken[-1].number)
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
                        fault = Fault(f3.META, f3.TEXT_AFTER_QUOTE, params_of({"field": k}))
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
            if hard or stopped is not None:
                if fault is None:  # only in the start-line-alone re-parse after an unterminated quote
                    fault = self._unterminated(k, stopped)
                fields.append("".join(parts).replace('""', '"'))
                break
            # a line without terminator is the file's last line, so there is no continuation after it
            nxt = src.continuation(taken, total_bytes)
            if isinstance(nxt, str):
                return self._parse(first, src, stopped=nxt)
            assert terminator is not None  # nxt exists, so this line ended with LF
            taken.append(nxt)
            total_bytes += len(nxt.raw)
            parts.append(terminator)
            content, terminator = split_terminator(nxt.raw)
            text, line_bad = self._decoder.decode(content)
            any_bad = any_bad or line_bad
            pos = 0
        if fault is None and self.header is not None and len(fields) != self._ncols:
            fault = self._count_fault(len(fields), self._ncols, blank=False)
        bad = self._decoder.repair(fields) if any_bad else _NO_BAD
        return _Parsed(fields, bad, fault, bare_cr, terminator)

    def _record_from(self, line: int, parsed: _Parsed) -> RawRecord:
        findings: list[Finding] = []
        if parsed.fault is None:
            header = self.header or []
            for i in sorted(parsed.bad):
                findings.append(self._f1_field(line, i, header[i] if i < len(header) else None))
        else:
            findings.append(parsed.fault.at(self.file, line))
        f6_line = self._f6(line, parsed.terminator, parsed.bare_cr)
        if f6_line is not None:
            findings.append(f6_line)
        # §12.2 stops only F3/F5 records; a bare CR (F6, §12.4) stays in its field, which F12 then reports
        checkable = parsed.fault is None
        return RawRecord(line, parsed.fields, parsed.bad, checkable, findings)

    # ---------------------------------------------------------------- faults

    def _f1_field(self, line: int, index: int, item: str | None) -> Finding:
        enc = "UTF-8" if self._codec == "utf-8" else self._codec
        params = params_of({"field": index + 1, "encoding": enc})
        return Fault(f1.META, f1.INVALID_BYTES, params).at(self.file, line, item)

    def _f6(self, line: int, terminator: str | None, bare_cr: bool) -> Finding | None:
        style = self.style
        wrong_end = terminator is not None and style is not None and terminator != style
        if not (bare_cr or wrong_end):
            return None
        if not wrong_end:
            return Fault(f6.META, f6.BARE_CR).at(self.file, line)
        assert terminator is not None and style is not None
        params = params_of({"found": _TERM_NAME[terminator], "header": _TERM_NAME[style]})
        message = f6.BARE_CR_AND_TERMINATOR if bare_cr else f6.TERMINATOR
        return Fault(f6.META, message, params).at(self.file, line)

    @staticmethod
    def _count_fault(n: int, expected: int, blank: bool) -> Fault:
        if blank:
            return Fault(f3.META, f3.BLANK_LINE, params_of({"expected": expected}))
        if n == 1:
            return Fault(f3.META, f3.ONE_FIELD, params_of({"expected": expected}))
        return Fault(f3.META, f3.FIELD_COUNT, params_of({"count": n, "expected": expected}))

    @staticmethod
    def _unterminated(k: int, stopped: Stop | None) -> Fault:
        if stopped != "bounds":
            return Fault(f3.META, f3.UNTERMINATED_AT_EOF, params_of({"field": k}))
        bounds = {"field": k, "max_lines": physical.MAX_RECORD_LINES, "max_bytes": physical.MAX_RECORD_BYTES}
        return Fault(f3.META, f3.UNTERMINATED_WITHIN_BOUNDS, params_of(bounds))

    @staticmethod
    def _f5_fault(k: int, start: int, end: int) -> Fault:
        if end > start:
            return Fault(f5.META, f5.LINE_BREAK, params_of({"field": k, "start": start, "end": end}))
        return Fault(f5.META, f5.CR, params_of({"field": k}))

    @staticmethod
    def _too_long() -> Fault:
        return Fault(f3.META, f3.LINE_TOO_LONG, params_of({"max_bytes": physical.MAX_LINE_BYTES}))
