"""A generated dataset written in another input format (§13): JSON Lines, JSON, XML or Parquet.

The dataset is generated as CSV and each CSV record, as the project's own CSV reader reads it, is written
as one record of the format, so every item and cross-record fault is carried over unchanged. Line numbers
follow §13.2 (JSON Lines: line = record number; JSON and XML: one record a line after the opening line;
Parquet: row + 1), so without dropped records JSON, XML and Parquet keep the CSV's lines. Faults that only
CSV can have are translated in the answer key: a record of the wrong field count (F3) becomes an F16 record
in JSON Lines / JSON and is dropped in XML / Parquet; a line break inside a field (F5) is just a value with
a line break (F12); a wrong line ending (F6) and the BOM (F2) are gone; bytes that are not UTF-8 (F1) stay
F1 in JSON Lines / JSON and read as U+FFFD (F12) in XML / Parquet.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import polars as pl

from conformance.readers.csv_reader import read_csv
from conformance.readers.records import RawRecord

__all__ = ["EXTENSIONS", "OUTPUT_FORMATS", "Converted", "convert_dataset", "convert_file"]

OUTPUT_FORMATS = ("csv", "jsonl", "json", "xml", "parquet")
EXTENSIONS = {"jsonl": ".jsonl", "json": ".json", "xml": ".xml", "parquet": ".parquet"}
#: Characters XML 1.0 cannot hold at all (a record holding one is written with U+FFFD instead).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass
class Converted:
    """Per converted file (by its new name): new line -> CSV line, and the CSV lines whose record differs."""

    lines: dict[str, dict[int, int]] = field(default_factory=dict)
    altered: dict[str, set[int]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # CSV file name -> new file name
    breaks: dict[str, dict[int, str]] = field(default_factory=dict)  # CSV line -> item with a line break


def convert_dataset(csv_dir: Path, out_dir: Path, fmt: str) -> Converted:
    """Write every ``*.csv`` of ``csv_dir`` as ``fmt`` into ``out_dir`` (and the answer key, translated)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    done = Converted()
    for src in sorted(csv_dir.glob("*.csv")):
        target = out_dir / (src.name[: -len(".csv")] + EXTENSIONS[fmt])
        lines, altered, breaks = _convert(src, target, fmt)
        done.lines[target.name], done.altered[target.name], done.names[src.name] = lines, altered, target.name
        done.breaks[target.name] = breaks
    key = csv_dir / "answer_key.jsonl"
    if key.exists():
        _translate_key(key, out_dir / "answer_key.jsonl", fmt, done)
    return done


def convert_file(src: Path, target: Path, fmt: str) -> None:
    """One CSV file written as ``fmt`` (benchmarks/compare.py converts its dataset file with it)."""
    _convert(src, target, fmt)


def _convert(src: Path, target: Path, fmt: str) -> tuple[dict[int, int], set[int], dict[int, str]]:
    csv = read_csv(src)
    header = csv.header or []
    first = {n: i for i, n in reversed(list(enumerate(header)))}  # a duplicated column: its first cell
    names = [n for i, n in enumerate(header) if first.get(n) == i and n]
    lines: dict[int, int] = {}
    altered: set[int] = set()
    rows: list[tuple[int, list[str] | None, frozenset[int]]] = []
    breaks: dict[int, str] = {}
    for rec in csv.records():
        fields = _fields(rec, len(header))
        if fields is not None and any(f.rule == "F5" for f in rec.findings):
            breaks[rec.line] = next(n for n, v in zip(header, fields, strict=False) if "\n" in v or "\r" in v)
        if rec.findings or fields is None:
            altered.add(rec.line)
        rows.append((rec.line, fields, rec.bad_fields))
    if fmt == "parquet" or fmt == "xml":
        rows = [r for r in rows if r[1] is not None]
    start = 1 if fmt == "jsonl" else 2
    for k, (line, _, _) in enumerate(rows):
        lines[start + k] = line
    with open(target, "wb") as out:
        if fmt == "parquet":
            out.close()
            cols = {n: [(f[first[n]] or None) if f is not None else None for _, f, _ in rows] for n in names}
            pl.DataFrame(cols, schema={n: pl.String for n in names}).write_parquet(target)
        elif fmt == "xml":
            _write_xml(out, rows, names, first, altered)
        else:
            _write_json(out, rows, names, first, fmt)
    return lines, altered, breaks


def _fields(rec: RawRecord, width: int) -> list[str] | None:
    """The record's fields, or None for a record that has no fields to carry (F3)."""
    if not rec.checkable and len(rec.fields) != width:
        return None
    return rec.fields


def _write_json(
    out: IO[bytes],
    rows: list[tuple[int, list[str] | None, frozenset[int]]],
    names: list[str],
    first: dict[str, int],
    fmt: str,
) -> None:
    if fmt == "json":
        out.write(b"[\n")
    every_item = True  # the first record names every item, so none is "absent everywhere" (F4)
    for k, (_, fields, bad) in enumerate(rows):
        sep = b"," if fmt == "json" and k < len(rows) - 1 else b""
        if fields is None:  # F3: a record that is not one
            out.write((b'"not a record"' if fmt == "json" else b'{"not a record"') + sep + b"\n")
            continue
        obj: dict[str, str | None] = {}
        for n in names:
            v = fields[first[n]]
            if v or fmt == "json" or every_item:  # later JSON Lines records leave NULL items out (§13.3)
                obj[n] = v or None
        every_item = False
        text = json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")
        if bad:  # the CSV's undecodable bytes stay undecodable (F1)
            text = text.replace("\ufffd".encode(), b"\xff")
        out.write(text + sep + b"\n")
    if fmt == "json":
        out.write(b"]\n")


def _xml_text(value: str) -> str:
    value = _NOT_XML.sub("\ufffd", value)
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
    )


def _write_xml(
    out: IO[bytes],
    rows: list[tuple[int, list[str] | None, frozenset[int]]],
    names: list[str],
    first: dict[str, int],
    altered: set[int],
) -> None:
    out.write(b"<records>")
    for k, (line, fields, _) in enumerate(rows):
        assert fields is not None
        parts = []
        for n in names:
            v = fields[first[n]]
            if v:
                if _NOT_XML.search(v):
                    altered.add(line)
                parts.append(f"<{n}>{_xml_text(v)}</{n}>")
            elif k == 0:  # the first record names every item (an empty element is NULL, §13.3), so none
                parts.append(f"<{n}/>")  # is "absent everywhere" (F4); later ones leave NULL items out
        out.write(("\n<record>" + "".join(parts) + "</record>").encode())
    out.write(b"\n</records>\n")


def _translate_key(src: Path, target: Path, fmt: str, done: Converted) -> None:
    """The answer key with each format's own lines and the CSV-only faults translated (module doc)."""
    out: list[dict[str, object]] = []
    for text in src.read_text(encoding="utf-8").splitlines():
        entry = json.loads(text)
        name = done.names.get(str(entry["file"]))
        if name is None:
            out.append(entry)
            continue
        back = {csv_line: new for new, csv_line in done.lines[name].items()}
        entry["file"] = name
        rule, line = entry["rule"], entry.get("line")
        if rule in ("F2", "F6"):
            continue
        if rule == "F3":
            if fmt in ("xml", "parquet"):
                continue
            entry["rule"] = "F16"
        elif rule == "F5" or (rule == "F1" and fmt in ("xml", "parquet")):
            entry["rule"] = "F12"
            if rule == "F5" and isinstance(line, int):
                entry["item"] = done.breaks[name].get(line)
        if isinstance(line, int) and line > 1:
            if line not in back:
                continue
            entry["line"] = back[line]
        out.append(entry)
    target.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in out), encoding="utf-8")
