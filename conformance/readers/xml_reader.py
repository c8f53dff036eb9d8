"""The XML reader (``.xml``): records are the root's child elements, items their child elements or
attributes named by 項目名 (§13.3), read by a hardened ``lxml.etree.iterparse`` and freed one by one.

Hardened in two layers, because libxml2's switches alone are not enough (it expands internal entities in
attribute values whatever ``resolve_entities`` says):

1. Before the parser sees a byte, ``_Hardened`` blanks the DOCTYPE (its line breaks kept, so lines stay
   right) and replaces every reference to an entity that is not one of the five predefined ones (outside
   comments, CDATA sections and processing instructions) with ``&#xFDD0;`` — a noncharacter, which F12 then
   reports where it lands in a value. It also checks UTF-8 on the way (F1) and stops at the first bad byte.
2. The parser: no entity resolution, no DTD loading or validation, no network, ``huge_tree`` off (libxml2's
   bounds on text size and depth), no attribute defaults, and XInclude is never processed.

Each DOCTYPE, foreign entity reference, XInclude and schema location is one F17 at its line (§13.4).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from conformance.core.findings import Finding
from conformance.core.messages import Message, params_of
from conformance.readers.faults import Fault
from conformance.readers.records import RawRecord
from conformance.readers.source import BUFFER_BYTES
from conformance.readers.structured import MAX_RECORD_BYTES, NamedReader
from conformance.rules.file import f1_encoding as f1
from conformance.rules.file import f16_record_syntax as f16
from conformance.rules.file import f17_xml_external as f17

__all__ = ["PARSER_OPTIONS", "XmlFile", "read_xml"]

#: Everything that could expand, load or fetch is off.
PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "load_dtd": False,
    "dtd_validation": False,
    "no_network": True,
    "huge_tree": False,
    "attribute_defaults": False,
    "recover": False,
    "collect_ids": False,
}
_PREDEFINED = frozenset({b"lt", b"gt", b"amp", b"apos", b"quot"})
#: What the sanitiser must look at: a reference, a markup declaration, comment, CDATA section or PI, or a
#: ``<`` at the end of the buffer (whose next byte is not read yet). A plain tag needs nothing.
_NEXT = re.compile(rb"&|<[!?]|<\Z")
_ENTITY = re.compile(rb"&(#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z_:][-A-Za-z0-9._:\x80-\xff]*;)")
_DOCTYPE_STOP = re.compile(rb"<!--|<!-?\Z|<\Z|[\[\]\"'>]")
_NOT_NEWLINE = re.compile(rb"[^\n]")
_DECLARED = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
_XINCLUDE = "{http://www.w3.org/2001/XInclude}"
_SCHEMA_LOCATIONS = (f"{_XSI}schemaLocation", f"{_XSI}noNamespaceSchemaLocation")
_NIL = f"{_XSI}nil"
#: The record element's own text nodes (its text and its children's tails): mixed content when not blank.
_DIRECT_TEXT = etree.XPath("text()")
#: An item with an attribute (xsi:nil) or any child node (element, comment, PI): read item by item.
_UNUSUAL = etree.XPath("boolean(*/@* | */node()[not(self::text())])")
_ENDS = {"comment": b"-->", "cdata": b"]]>", "pi": b"?>"}
_LOOKAHEAD = 9  # len("<![CDATA[")
_MAX_ENTITY_NAME = 256
#: Elements one record may hold (a layout has tens of items): memory stays bounded by the record.
MAX_RECORD_ELEMENTS = 10_000
#: The look-ahead for the record's tag feeds its parser this much at a time.
_PRESCAN_FEED = 16 << 10


class _Hardened:
    """A file-like over the raw file that hands the parser sanitised bytes (layer 1 above)."""

    def __init__(self, f: BinaryIO, file: str, reader: XmlFile) -> None:
        self._f, self._file, self._reader = f, file, reader
        self._carry = b""
        self._replay = b""
        self._pending = b""  # an incomplete UTF-8 sequence at the end of the last chunk
        self._state = "text"
        self._depth = 0  # DOCTYPE internal subset brackets
        self._close = b""  # what ends the DOCTYPE literal or comment being read (b"" outside one)
        self._line = 1  # line of the first byte of ``_carry``
        self._eof = False
        self.bad_line: int | None = None  # the line of the first byte that is not UTF-8
        self.reported: set[str] = set()
        self.late: list[Finding] = []

    def replay(self, data: bytes) -> None:
        """Bytes already handed out, to be handed out again first (after a look-ahead)."""
        self._replay = data

    def read(self, size: int = -1) -> bytes:
        if self._replay:
            data, self._replay = self._replay, b""
            return data
        while not self._eof:
            out = self._more()
            if out:
                return out
        return b""

    def _more(self) -> bytes:
        chunk = self._f.read(BUFFER_BYTES)
        self._reader.bytes_read += len(chunk)
        eof = not chunk
        chunk = self._valid(chunk, eof)
        if self.bad_line is not None:
            eof = True
        buf = self._carry + chunk
        out, used = self._process(buf, eof)
        self._line += buf.count(b"\n", 0, used)
        self._carry = buf[used:]
        if eof:
            self._eof = True
            out += self._carry if self._state == "text" else b""
        return out

    def _valid(self, chunk: bytes, eof: bool) -> bytes:
        data = self._pending + chunk
        self._pending = b""
        try:
            data.decode("utf-8")
            return data
        except UnicodeDecodeError as e:
            if not eof and e.reason == "unexpected end of data" and e.start >= len(data) - 3:
                self._pending = data[e.start :]
                return data[: e.start]
            good = data[: e.start]
            self.bad_line = self._line + self._carry.count(b"\n") + good.count(b"\n")
            return good

    def report(self, kind: str, message: Message, line: int) -> None:
        """One F17 per kind and file, at its first line."""
        if kind in self.reported:
            return
        self.reported.add(kind)
        self.late.append(Fault(f17.META, message).at(self._file, line))

    def _f17(self, kind: str, message: Message, buf: bytes, at: int) -> None:
        self.report(kind, message, self._line + buf.count(b"\n", 0, at))

    def _process(self, buf: bytes, eof: bool) -> tuple[bytes, int]:
        out = bytearray()
        i, n = 0, len(buf)
        while i < n:
            state = self._state
            if state == "text":
                m = _NEXT.search(buf, i)
                if m is None:
                    out += buf[i:]
                    return bytes(out), n
                j = m.start()
                out += buf[i:j]
                if buf[j] == 0x26:  # &
                    e = _ENTITY.match(buf, j)
                    if e is None:
                        if not eof and n - j < _MAX_ENTITY_NAME:
                            return bytes(out), j  # the reference may continue in the next chunk
                        out += b"&"  # not a reference: the parser reports it (F16)
                        i = j + 1
                        continue
                    name = e.group(1)[:-1]
                    if name.startswith(b"#") or name in _PREDEFINED:
                        out += e.group()
                    else:
                        self._f17("entity", f17.ENTITY, buf, j)
                        out += b"&#xFDD0;"
                    i = e.end()
                    continue
                if n - j < _LOOKAHEAD and not eof:
                    return bytes(out), j
                if buf.startswith(b"<!--", j):
                    self._state, skip = "comment", 4
                elif buf.startswith(b"<![CDATA[", j):
                    self._state, skip = "cdata", 9
                elif buf.startswith(b"<?", j):
                    self._state, skip = "pi", 2
                elif buf.startswith(b"<!DOCTYPE", j):
                    self._f17("doctype", f17.DOCTYPE, buf, j)
                    self._state, self._depth, self._close = "doctype", 0, b""
                    i = j + 9
                    out += b" " * 9
                    continue
                else:
                    skip = 1
                out += buf[j : j + skip]
                i = j + skip
            elif state == "doctype":
                i, more = self._doctype(buf, i, out, eof)
                if more:
                    return bytes(out), i
            else:
                end = _ENDS[state]
                k = buf.find(end, i)
                if k < 0:
                    keep = n if eof else max(i, n - len(end) + 1)
                    out += buf[i:keep]
                    return bytes(out), keep
                out += buf[i : k + len(end)]
                i = k + len(end)
                self._state = "text"
        return bytes(out), n

    def _doctype(self, buf: bytes, i: int, out: bytearray, eof: bool) -> tuple[int, bool]:
        """Blank the DOCTYPE from ``i`` (keeping line breaks): the position after what was consumed, and
        whether more bytes are needed to go on (a quote, comment or ``<!--`` cut by the buffer's end)."""
        n = len(buf)
        while i < n:
            if self._close:  # inside a quoted literal or a comment of the internal subset
                k = buf.find(self._close, i)
                if k < 0:
                    keep = n if eof else max(i, n - len(self._close) + 1)
                    out += _NOT_NEWLINE.sub(b" ", buf[i:keep])
                    return keep, not eof
                end = k + len(self._close)
                self._close = b""
            else:
                m = _DOCTYPE_STOP.search(buf, i)
                if m is None:
                    out += _NOT_NEWLINE.sub(b" ", buf[i:])
                    return n, False
                token, end = m.group(), m.end()
                if token in (b"<", b"<!", b"<!-"):  # perhaps a comment, cut by the buffer's end
                    if not eof:
                        out += _NOT_NEWLINE.sub(b" ", buf[i : m.start()])
                        return m.start(), True
                elif token == b"<!--":
                    self._close = b"-->"
                elif token in (b'"', b"'"):
                    self._close = token
                elif token == b"[":
                    self._depth += 1
                elif token == b"]":
                    self._depth -= 1
                elif self._depth <= 0:  # the closing >
                    out += _NOT_NEWLINE.sub(b" ", buf[i:end])
                    self._state = "text"
                    return end, False
            out += _NOT_NEWLINE.sub(b" ", buf[i:end])
            i = end
        return n, False


def _first_record(parser: etree.XMLPullParser) -> str | None:
    """The tag of the first child of the root among the parser's events so far."""
    for _, el in parser.read_events():
        parent = el.getparent()
        if parent is not None and parent.getparent() is None and isinstance(el.tag, str):
            return str(el.tag)
    return None


class _TooLarge(Exception):
    """A record holds more elements than MAX_RECORD_ELEMENTS: the file is read no further."""

    def __init__(self, line: int) -> None:
        self.line = line


class XmlFile(NamedReader):
    format = "xml"
    what = "XML file"

    def _load(self) -> bytes:
        """As for every keyed format, and an XML declaration naming another encoding (F1, fatal)."""
        head = super()._load()
        m = _DECLARED.match(head)
        declared = m.group(1).decode("ascii", "replace")[:40] if m is not None else "utf-8"
        if not self.fatal and declared.lower() not in ("utf-8", "utf8"):
            params = params_of({"encoding": declared})
            self.file_findings.append(Fault(f1.META, f1.XML_DECLARED, params).at(self.display_name, 1))
            self.fatal = True
        return head

    def _read(self, f: BinaryIO) -> Iterator[RawRecord]:
        source = _Hardened(f, self.display_name, self)
        yield from self._parse(source)
        self._late.extend(source.late)

    def _record_tag(self, source: _Hardened) -> str | None:
        """The tag of the first record (a child of the root), read ahead with a pull parser and then given
        back to ``source``; None when the document has no record (or breaks before one).

        Why: iterparse filtered by the record's tag reports two events per record instead of two per
        element, which is most of the reading time."""
        parser = etree.XMLPullParser(events=("start",), **PARSER_OPTIONS)
        seen: list[bytes] = []
        size = 0
        try:
            while size < MAX_RECORD_BYTES and (data := source.read()):
                seen.append(data)
                size += len(data)
                for at in range(0, len(data), _PRESCAN_FEED):
                    try:
                        parser.feed(data[at : at + _PRESCAN_FEED])
                    except etree.XMLSyntaxError:  # the main parse reports it; a record before it counts
                        return _first_record(parser)
                    found = _first_record(parser)
                    if found is not None:
                        return found
        finally:
            source.replay(b"".join(seen))
        return None

    def _parse(self, source: _Hardened) -> Iterator[RawRecord]:
        tag = self._record_tag(source)
        root: etree._Element | None = None
        open_line: int | None = None  # the start line of the record being read
        if tag is None:
            events = etree.iterparse(source, events=("end",), **PARSER_OPTIONS)
        else:
            events = etree.iterparse(source, events=("start", "end"), tag=tag, **PARSER_OPTIONS)
        try:
            for event, el in events:
                parent = el.getparent()
                if parent is None or parent.getparent() is not None:
                    continue  # the root, or an element of the record's name deeper down
                if event == "start":
                    open_line = el.sourceline
                    if root is None:
                        root = parent
                        self._external(source, root)
                    continue
                if el.getprevious() is not None:  # siblings of another name (or comments) before it
                    assert root is not None
                    while root[0] is not el:
                        other = root[0]
                        if isinstance(other.tag, str):
                            yield self._checked(source, other)
                        del root[0]
                yield self._checked(source, el, open_line)
                open_line = None
                el.clear(keep_tail=False)
                if root is not None:
                    del root[0]
            if root is not None:
                for other in list(root):
                    if isinstance(other.tag, str):
                        yield self._checked(source, other)
        except _TooLarge as big:
            params = params_of({"max_elements": MAX_RECORD_ELEMENTS, "line": big.line})
            self._late.append(Fault(f16.META, f16.TOO_MANY_ELEMENTS, params).at(self.display_name, big.line))
        except etree.XMLSyntaxError as e:
            line = e.lineno or 1
            since = open_line or line
            if source.bad_line is not None:
                since = open_line or source.bad_line
                fault = Fault(f1.META, f1.XML_INVALID, params_of({"line": since}))
                self._late.append(fault.at(self.display_name, source.bad_line))
            else:
                column = e.offset or 1
                fault = Fault(f16.META, f16.BROKEN_DOCUMENT, params_of({"column": column, "line": since}))
                self._late.append(fault.at(self.display_name, line))

    def _checked(self, source: _Hardened, el: etree._Element, line: int | None = None) -> RawRecord:
        """One record element: its external references (F17), its size bound, then its record."""
        at = line or el.sourceline or 1
        self._external(source, el)
        for inc in el.iter(f"{_XINCLUDE}*"):
            source.report("xinclude", f17.XINCLUDE, inc.sourceline or at)
            break
        try:
            el[MAX_RECORD_ELEMENTS]  # walks at most that many children (len() would count them all)
            raise _TooLarge(at)
        except IndexError:
            pass
        return self._record(el, at)

    def _external(self, source: _Hardened, el: etree._Element) -> None:
        if el.attrib and any(k in el.attrib for k in _SCHEMA_LOCATIONS):
            source.report("schema_location", f17.SCHEMA_LOCATION, el.sourceline or 1)

    def _record(self, el: etree._Element, line: int) -> RawRecord:
        """The record of one record element. Per item only its tag and text are read unless the record
        holds something unusual (child attributes, comments, nested elements), found by one XPath each."""
        values: list[tuple[str, str | None]] = []
        faults: list[Message] = []
        names: list[str] = []
        for k, v in el.attrib.items():
            if not k.startswith("{"):
                values.append((k, v))
                names.append(k)
        if any(t.strip() for t in _DIRECT_TEXT(el)):
            faults.append(f16.MIXED_CONTENT)
        plain = not _UNUSUAL(el)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            name = tag if tag[0] != "{" else tag.rsplit("}", 1)[-1]
            names.append(name)
            if plain:
                values.append((name, child.text))
                continue
            if len(child) and any(isinstance(c.tag, str) for c in child):
                faults.append(f16.CHILD_ELEMENTS)
                continue
            if child.get(_NIL) in ("true", "1"):
                values.append((name, None))
                continue
            text = (child.text or "") + "".join(c.tail or "" for c in child)
            values.append((name, text))
        if len(set(names)) != len(names):
            faults.append(f16.REPEATED_ITEM)
        if faults:
            rec = self.builder.fault(line, Fault(f16.META, faults[0]))
            found: list[Finding] = []
            self.builder.note_names(line, dict.fromkeys(names), found)
            rec.findings.extend(found)
            return rec
        return self.builder.build(line, values, escaped=False)  # lxml never gives undecodable bytes


def read_xml(path: Path, display_name: str, names: list[str]) -> XmlFile:
    """Open an XML file: BOM, encoding and declaration checks (F1, F2); records() streams the records."""
    reader = XmlFile(Path(path), display_name, names)
    reader._load()
    return reader
