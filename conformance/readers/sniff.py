"""What a file given as CSV really is, when it is not CSV of its layout: one diagnosis instead of a flood.

Why: a workbook, an archive, a UTF-16 export, an empty file, a TSV or a file whose header line is missing
would otherwise go through the CSV reader and give one F1/F3/F4 finding per field, column or line —
hundreds of findings that all say the same thing badly, with raw binary bytes in them. Here the start of the
file is looked at once: a file that is certainly not comma-separated UTF-8 text of the layout gets ONE
located finding (rule F1, F3, F4 or F6) that names what it looks like and what to do, and is marked fatal, so
neither engine reads its records (both open files through ``engines.plan.opened``, hence they agree).

Two stages: :func:`sniff_bytes` before the reader opens the file (magic numbers, NUL patterns, control
bytes, CR-only line ends, 0 bytes), :func:`sniff_header` after it has read line 1 (no 項目名 of the
layout in it: another delimiter, another layout's header, or no header at all). Only a certain diagnosis
is given; a file that is merely damaged is left to the ordinary per-line findings.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from conformance.core.messages import Localized, params_of
from conformance.readers.csv_reader import CsvFile, read_csv
from conformance.readers.faults import Fault
from conformance.rules.file import f1_encoding as f1
from conformance.rules.file import f3_dialect as f3
from conformance.rules.file import f4_header as f4
from conformance.rules.file import f6_line_endings as f6
from conformance.schema.model import FileSpec

C = TypeVar("C", bound=CsvFile)

__all__ = ["not_read", "read_sniffed", "sniff_bytes", "sniff_header"]

#: Bytes looked at: enough for a header line and a few records of any layout.
SAMPLE_BYTES = 64 << 10
#: A sample with at least this share of control bytes (other than TAB, CR, LF, ESC) is binary, not text.
BINARY_SHARE = 0.05

_CONTROL = frozenset(b for b in range(0x20) if b not in (0x09, 0x0A, 0x0D, 0x1B)) | {0x7F}
_CONTROL_BYTES = bytes(sorted(_CONTROL))
_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF32_BOMS = {b"\xff\xfe\x00\x00": "UTF-32LE", b"\x00\x00\xfe\xff": "UTF-32BE"}
_DELIMITERS = {
    "\t": Localized("タブ", "TAB"),
    ";": Localized("セミコロン「;」", "a semicolon ';'"),
    "|": Localized("縦棒「|」", "a vertical bar '|'"),
}


def sniff_bytes(path: Path, *, csv: bool = True) -> Fault | None:
    """The diagnosis of a file that is not text at all (or not UTF-8-compatible text), from its first bytes;
    None when it may be CSV. An unreadable file is left to the reader, which reports it.

    ``csv=False`` (JSON Lines, JSON, XML): only what is no text format at all (a ZIP or workbook, gzip, PDF,
    binary, UTF-16/32); markup, an empty file and CR-only lines are those readers' own business."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as f:
            sample = f.read(SAMPLE_BYTES)
    except OSError:
        return None
    return diagnose_sample(sample, csv=csv)


def diagnose_sample(sample: bytes, *, csv: bool = True) -> Fault | None:
    """:func:`sniff_bytes` on bytes already read (the first :data:`SAMPLE_BYTES` of the file)."""
    if not sample:
        return Fault(f4.META, f4.EMPTY) if csv else None
    if sample.startswith(_ZIP):
        is_workbook = b"[Content_Types].xml" in sample or b"xl/" in sample
        return Fault(f3.META, f3.NOT_CSV_EXCEL if is_workbook else f3.NOT_CSV_ZIP)
    if sample.startswith(_OLE2):
        return Fault(f3.META, f3.NOT_CSV_XLS)
    if sample.startswith(b"\x1f\x8b"):
        return Fault(f3.META, f3.NOT_CSV_GZIP)
    if sample.startswith(b"%PDF-"):
        return Fault(f3.META, f3.NOT_CSV_PDF)
    for bom, name in _UTF32_BOMS.items():
        if sample.startswith(bom):
            evidence = Localized(f"BOM {bom.hex(' ').upper()}", f"byte order mark {bom.hex(' ').upper()}")
            return Fault(f1.META, f1.WIDE, params_of({"encoding": name, "evidence": evidence}))
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None  # UTF-16 with a BOM: the reader's own F1 (F1.utf16_bom) says so
    if b"\x00" in sample:
        wide = _wide_encoding(sample)
        if wide is not None:
            evidence = Localized("BOMなし、NULバイトの並びから判定", "no byte order mark; told by NUL bytes")
            return Fault(f1.META, f1.WIDE, params_of({"encoding": wide, "evidence": evidence}))
    head = sample.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
    if csv and head.startswith((b"<!doctype html", b"<html")):
        return Fault(f3.META, f3.NOT_CSV_MARKUP, params_of({"kind": "HTML"}))
    if csv and head.startswith(b"<?xml"):
        return Fault(f3.META, f3.NOT_CSV_MARKUP, params_of({"kind": "XML"}))
    if csv and b"\n" not in sample and sample.count(b"\r") >= 2:
        return Fault(f6.META, f6.CR_ONLY)
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if control >= BINARY_SHARE * len(sample):
        return Fault(f3.META, f3.NOT_CSV_BINARY, params_of({"sample": len(sample), "control": control}))
    return None


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-32 or UTF-16 (either byte order) when the sample decodes in it as text with no NUL and at least
    one comma or line break; None otherwise (a stray NUL in UTF-8 text is the reader's business)."""
    for name, unit in (("utf-32-le", 4), ("utf-32-be", 4), ("utf-16-le", 2), ("utf-16-be", 2)):
        decoder = codecs.getincrementaldecoder(name)("strict")
        try:
            text = decoder.decode(sample[: len(sample) - len(sample) % unit], final=False)
        except UnicodeDecodeError:
            continue
        if text and "\x00" not in text and any(c in text for c in ",\n") and not _has_control(text):
            return name.replace("-le", "LE").replace("-be", "BE").upper()
    return None


def _has_control(text: str) -> bool:
    return any(ord(c) in _CONTROL for c in text)


def sniff_header(header: list[str], spec: FileSpec, others: Iterable[FileSpec]) -> Fault | None:
    """The diagnosis of a line 1 that is not this layout's header: no 項目名 of it at all, or mostly the
    項目名 of another layout; None when it is a (perhaps faulty) header of this layout."""
    names = set(spec.layout.item_names)
    cells = set(header)
    own = len(cells & names)
    if not names or 2 * own >= len(cells):
        return None
    line = ",".join(header)
    for delimiter, words in _DELIMITERS.items():
        if own == 0 and delimiter in line and sum(c.strip('"') in names for c in line.split(delimiter)) >= 2:
            return Fault(f3.META, f3.DELIMITER, params_of({"delimiter": words}))
    overlap, best = max(
        ((len(cells & set(o.layout.item_names)), o.name) for o in others if o.name != spec.name),
        default=(0, ""),
    )
    if overlap > own and 2 * overlap >= len(cells):
        return Fault(f4.META, f4.OTHER_LAYOUT, params_of({"layout": spec.name, "other": best}))
    return Fault(f4.META, f4.NO_HEADER, params_of({"layout": spec.name})) if own == 0 else None


def not_read(path: Path, display: str, fmt: str, fault: Fault, factory: type[C]) -> C:
    """A file of format ``fmt`` diagnosed before any reader opened it: fatal, holding that one finding (a
    ``factory`` file object that reads nothing, so the engines treat it as any fatal file)."""
    src = factory(path, display, "utf-8")
    src.format = fmt
    src.file_findings.append(fault.at(display, 1))
    src.fatal = True
    return src


def read_sniffed(
    path: Path,
    display: str,
    encoding: str | None,
    spec: FileSpec,
    others: Iterable[FileSpec],
    factory: type[C] = CsvFile,  # type: ignore[assignment]  # the default is the bound itself
) -> C:
    """``read_csv``, but a file diagnosed as not CSV of its layout comes back fatal with that one finding
    (and the reader's non-fatal file-level findings, such as a UTF-8 BOM); ReaderError as read_csv."""
    fault = sniff_bytes(path)
    if fault is not None:
        csv = factory(path, display, "utf-8")
        csv.file_findings.append(fault.at(display, 1))
        csv.fatal = True
        return csv
    read = read_csv(path, display, encoding, factory)
    assert isinstance(read, factory)  # read_csv builds the file with ``factory``
    csv = read
    if not csv.fatal and csv.header is not None:
        fault = sniff_header(csv.header, spec, others)
        if fault is not None:
            keep = [f for f in csv.file_findings if f.rule == "F2"]
            csv.file_findings[:] = [*keep, fault.at(display, 1)]
            csv.fatal = True
    return csv
