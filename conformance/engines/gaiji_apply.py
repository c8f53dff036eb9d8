"""Apply 外字 decisions to copies of the data: every mapped occurrence replaced, nothing else changed.

A decision maps a code point or sequence to its replacement (``conformance.schema.gaiji_map``). The copy
is made line by line on the decoded text with no CSV round trip, so quoting, field order, line endings,
the BOM and bytes the codec cannot decode (kept by ``surrogateescape``) come out exactly as they went in;
only the mapped characters differ. A replacement may not hold a comma, a double quote or a control
character (the reader refuses them), so it cannot change the file's structure.

Keys are matched longest first (a sequence before its base), and a single ideograph is not matched where an
IVS selector follows it: there the sequence is what the data holds (the 外字 inventory keys it so too).

The input is never overwritten: the target of every copy must be another file than every input. Each copy
is written through a temporary file and renamed when complete.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, TextIO

from conformance.schema.gaiji_map import GaijiMap
from conformance.schema.moji import MojiTable
from conformance.types.chars import IVS_FIRST, IVS_LAST, is_ideograph

__all__ = ["ApplyError", "Change", "FileCopy", "apply_to_files", "data_files", "replacements"]

_FIELD_LIMIT: Final = 16 * 1024 * 1024  # a field longer than this is not a migration-data field


class ApplyError(Exception):
    """A decision that cannot be applied or a target that would overwrite an input (exit 2)."""


@dataclass(frozen=True, slots=True)
class Change:
    """Replacements in one field: where, what became what, how often, and the value before and after."""

    file: str
    line: int
    item: str | None
    before: tuple[int, ...]
    after: str
    count: int
    value_before: str
    value_after: str


@dataclass(frozen=True, slots=True)
class FileCopy:
    source: Path
    target: Path
    replaced: int


def replacements(gmap: GaijiMap, table: MojiTable | None) -> dict[tuple[int, ...], str]:
    """Key → replacement text; an MJ文字図形名 is resolved with the MJ table (needed then)."""
    out: dict[tuple[int, ...], str] = {}
    for key, adoption in gmap.adoptions.items():
        if adoption.text is not None:
            out[key] = adoption.text
            continue
        name = adoption.mj_name or ""
        row = table.by_name.get(name) if table is not None else None
        if row is None:
            where = f"{gmap.source}: row {adoption.row}"
            if table is None:
                raise ApplyError(f"{where}: 採用 {name} is an MJ文字図形名: give the MJ table with --moji")
            raise ApplyError(f"{where}: 採用 {name} is not in the MJ table")
        out[key] = row.text
    return out


def _pattern(mapping: Mapping[tuple[int, ...], str]) -> re.Pattern[str]:
    ivs = f"[{chr(IVS_FIRST)}-{chr(IVS_LAST)}]"
    parts = []
    for key in sorted(mapping, key=lambda k: (-len(k), k)):
        text = re.escape("".join(chr(cp) for cp in key))
        parts.append(text + f"(?!{ivs})" if len(key) == 1 and is_ideograph(key[0]) else text)
    return re.compile("|".join(parts))


def data_files(paths: Sequence[Path]) -> list[Path]:
    """The CSV files named, and the ``*.csv`` files of the folders named (not their subfolders)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv"))
        elif path.is_file():
            out.append(path)
        else:
            raise ApplyError(f"{path}: ファイルがありません / no such file or directory")
    if not out:
        raise ApplyError("変換するCSVファイルがありません / no CSV file to correct")
    return out


def _targets(files: Sequence[Path], out_dir: Path) -> list[Path]:
    targets = [out_dir / f.name for f in files]
    names: dict[str, Path] = {}
    for source, target in zip(files, targets, strict=True):
        if target.name in names:
            raise ApplyError(f"{source} and {names[target.name]} would both be written to {target}")
        names[target.name] = source
        for other in files:
            if target.exists() and os.path.samefile(target, other):
                raise ApplyError(f"{target} is an input: the corrected copy must go to another folder")
    return targets


def _records(fh: TextIO, taken: list[str]) -> Iterator[list[str]]:
    """The records of ``fh``; the physical lines each one used are left in ``taken``."""

    def lines() -> Iterator[str]:
        for line in fh:
            taken.append(line)
            yield line

    yield from csv.reader(lines(), strict=False)


def _apply_one(
    source: Path, target: Path, pattern: re.Pattern[str], mapping: Mapping[tuple[int, ...], str], codec: str
) -> tuple[int, list[Change]]:
    changes: list[Change] = []
    replaced = 0
    folder = target.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    try:
        with (
            source.open(encoding=codec, errors="surrogateescape", newline="") as fh,
            os.fdopen(fd, "w", encoding=codec, errors="surrogateescape", newline="") as out,
        ):
            taken: list[str] = []
            header: list[str] | None = None
            line = 1
            for fields in _records(fh, taken):
                if header is None:
                    header = [f.lstrip("\ufeff") for f in fields]
                counted = 0
                for index, value in enumerate(fields):
                    counted += _field_changes(changes, source, line, header, index, value, pattern, mapping)
                raw = "".join(taken)
                new, n = pattern.subn(lambda m: mapping[tuple(ord(c) for c in m[0])], raw)
                if n != counted:  # a malformed record: the reader's fields do not hold every match
                    changes.append(Change(str(source), line, None, (), "", n - counted, raw, new))
                replaced += n
                out.write(new)
                line += len(taken)
                taken.clear()
            out.write("".join(taken))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return replaced, changes


def _field_changes(
    changes: list[Change],
    source: Path,
    line: int,
    header: list[str],
    index: int,
    value: str,
    pattern: re.Pattern[str],
    mapping: Mapping[tuple[int, ...], str],
) -> int:
    counts: dict[tuple[int, ...], int] = {}
    for match in pattern.finditer(value):
        key = tuple(ord(c) for c in match[0])
        counts[key] = counts.get(key, 0) + 1
    if not counts:
        return 0
    after = pattern.sub(lambda m: mapping[tuple(ord(c) for c in m[0])], value)
    item = header[index] if index < len(header) else None
    for key, n in counts.items():
        changes.append(Change(str(source), line, item, key, mapping[key], n, value, after))
    return sum(counts.values())


def apply_to_files(
    paths: Sequence[Path], out_dir: Path, mapping: Mapping[tuple[int, ...], str], *, codec: str = "utf-8"
) -> tuple[list[FileCopy], list[Change]]:
    """Write a corrected copy of every data file into ``out_dir`` (created); the copies and the changes."""
    files = data_files(paths)
    for text in mapping.values():
        try:
            text.encode(codec)
        except UnicodeEncodeError:
            raise ApplyError(f"採用 {text!r} cannot be written in the files' encoding {codec}") from None
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = _targets(files, out_dir)
    pattern = _pattern(mapping) if mapping else re.compile(r"(?!)")  # no decision: plain copies
    copies: list[FileCopy] = []
    changes: list[Change] = []
    limit = csv.field_size_limit(_FIELD_LIMIT)
    try:
        for source, target in zip(files, targets, strict=True):
            n, found = _apply_one(source, target, pattern, mapping, codec)
            copies.append(FileCopy(source, target, n))
            changes.extend(found)
    finally:
        csv.field_size_limit(limit)
    return copies, changes
