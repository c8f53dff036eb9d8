"""Untrusted spreadsheets (UTF-8 CSV or XLSX) read row by row within bounds, formulas never evaluated.

The MJ文字情報一覧表, the additions' tables, the filled 同定 worksheet and 基本データリスト sheets come from
outside; a workbook is a ZIP archive, so a small file can expand to gigabytes. Before openpyxl sees a
workbook its archive is inspected with :mod:`zipfile` (member count, total uncompressed size, each member's
compression ratio), and it is opened ``read_only`` and ``data_only`` (a cell's cached value, never a
formula). A CSV is bounded by its size and decoded as UTF-8 (a BOM is allowed).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "CSV_SUFFIXES",
    "XLSX_SUFFIXES",
    "SheetError",
    "SheetLimits",
    "cell_text",
    "check_archive",
    "header_key",
    "iter_rows",
    "open_workbook",
]

CSV_SUFFIXES = frozenset({".csv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
_MIB = 1024 * 1024


class SheetError(Exception):
    """A sheet that cannot be read; ``str()`` is located: ``path: row N: problem``."""

    def __init__(self, path: Path | str, problem: str, *, row: int | None = None) -> None:
        self.path = str(path)
        self.row = row
        self.problem = re.sub(r"\s*[\r\n]+\s*", " ", problem)
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: row {self.row}: {self.problem}" if self.row else f"{self.path}: {self.problem}"


@dataclass(frozen=True, slots=True)
class SheetLimits:
    """Bounds for one kind of sheet. The defaults fit the official MJ table (~60,000 rows, ~40 columns)."""

    max_bytes: int = 512 * _MIB  # the file as stored
    max_uncompressed: int = 2048 * _MIB  # all members of a workbook, expanded
    max_ratio: int = 200  # expanded / compressed, per member (sheet XML compresses 10–30×)
    max_members: int = 10_000
    max_rows: int = 250_000


def header_key(text: str) -> str:
    """Matching key of a header cell: NFKC, no whitespace at all (full-width included), case-folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees (integral floats without '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _size(path: Path, limits: SheetLimits) -> int:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SheetError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if not path.is_file():
        raise SheetError(path, "not a regular file")
    if size > limits.max_bytes:
        raise SheetError(
            path, f"file is {size // _MIB} MiB, more than the {limits.max_bytes // _MIB} MiB allowed"
        )
    return size


def check_archive(path: Path, limits: SheetLimits) -> None:
    """Refuse a workbook whose ZIP archive would expand beyond the limits (a zip bomb), before opening it."""
    _size(path, limits)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise SheetError(path, f"not an XLSX workbook (not a ZIP archive: {exc})") from None
    if len(members) > limits.max_members:
        raise SheetError(path, f"the workbook has {len(members)} parts, more than {limits.max_members}")
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > 1 * _MIB and member.file_size > limits.max_ratio * max(member.compress_size, 1):
            raise SheetError(
                path,
                f"part {member.filename!r} expands {member.file_size // max(member.compress_size, 1)}-fold "
                f"(more than {limits.max_ratio}): refused as a possible zip bomb",
            )
    if total > limits.max_uncompressed:
        raise SheetError(
            path,
            f"the workbook expands to {total // _MIB} MiB, more than {limits.max_uncompressed // _MIB} MiB: "
            "refused as a possible zip bomb",
        )


def open_workbook(path: Path, limits: SheetLimits) -> Any:
    """The workbook, read-only, cached values only (formulas are never evaluated); checked first."""
    check_archive(path, limits)
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl/zipfile/XML errors of a damaged or foreign file: a user error
        raise SheetError(path, f"cannot open the workbook ({type(exc).__name__}: {exc})") from None


def _csv_rows(path: Path, limits: SheetLimits) -> Iterator[tuple[int, list[str]]]:
    _size(path, limits)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, strict=True)
            start = 1
            for count, fields in enumerate(reader, start=1):
                if count > limits.max_rows:
                    raise SheetError(path, f"more than {limits.max_rows} rows", row=start)
                yield start, fields
                start = reader.line_num + 1
    except UnicodeDecodeError:
        raise SheetError(path, "not valid UTF-8 (save the sheet as CSV UTF-8, or as .xlsx)") from None
    except csv.Error as exc:
        raise SheetError(path, f"malformed CSV: {exc}", row=start) from None
    except OSError as exc:
        raise SheetError(path, f"cannot read the file ({exc.strerror or exc})") from None


def _xlsx_rows(path: Path, limits: SheetLimits, sheet: str | None) -> Iterator[tuple[int, list[str]]]:
    workbook = open_workbook(path, limits)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise SheetError(path, f"no sheet {sheet!r} (sheets: {', '.join(workbook.sheetnames)})")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        try:
            for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1):
                if number > limits.max_rows:
                    raise SheetError(path, f"more than {limits.max_rows} rows", row=number)
                yield number, [cell_text(v) for v in values]
        except SheetError:
            raise
        except Exception as exc:  # damaged sheet XML
            raise SheetError(path, f"cannot read sheet {worksheet.title!r} ({exc})") from None
    finally:
        workbook.close()


def iter_rows(
    path: Path, limits: SheetLimits | None = None, *, sheet: str | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells as text) of a CSV or the first (or named) sheet of a workbook, lazily."""
    limits = limits or SheetLimits()
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise SheetError(path, "a sheet name applies to workbooks (.xlsx) only")
        return _csv_rows(path, limits)
    if suffix in XLSX_SUFFIXES:
        return _xlsx_rows(path, limits, sheet)
    raise SheetError(path, f"unsupported sheet type {suffix or '(none)'!r}: use .csv (UTF-8) or .xlsx")
