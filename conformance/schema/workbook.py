"""Untrusted workbooks and CSV sheets read into grids of text, merged ranges kept, within bounds.

An official 基本データリスト is an .xlsx made for people: merged header cells, numbers stored as numbers or
text, codes shown with leading zeros by a cell format. A workbook is also a ZIP archive from outside, so
its central directory is checked before openpyxl opens anything (part count, each part's and all parts'
expanded size, compression ratio), no XML part may declare a DTD (entity expansion), formulas are never
evaluated (the cached value is read), external links are not loaded, and rows and cells are counted as
they are read. A damaged file is an :class:`ImportProblem` located at the file or sheet, never a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from xml.etree.ElementTree import iterparse

from conformance.schema.located import ImportProblem, Where, column_letter

__all__ = [
    "Grid",
    "Merge",
    "WorkbookLimits",
    "cell_text",
    "check_archive",
    "column_letter",
    "file_kind",
    "read_csv_grid",
    "read_workbook",
]

_MIB = 1024 * 1024
_DTD_SCAN = 64 * 1024  # a DTD comes before the root element: the start of each XML part is enough
_ZEROS = re.compile(r"0+")


@dataclass(frozen=True, slots=True)
class WorkbookLimits:
    """Bounds for a 基本データリスト workbook (the official ones are well under a MiB, a few hundred rows)."""

    max_file: int = 64 * _MIB
    max_part: int = 64 * _MIB
    max_total: int = 256 * _MIB
    max_parts: int = 2000
    max_ratio: int = 200
    max_rows: int = 5000  # per sheet
    max_cells: int = 2_000_000  # per workbook


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range, 1-based and inclusive."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass(slots=True)
class Grid:
    """One sheet as text: ``rows[r][c]`` is the cell at row r+1, column c+1 (rows may be ragged)."""

    file: str
    sheet: str | None  # None for a CSV
    rows: list[list[str]]
    merges: tuple[Merge, ...] = ()
    kind: str = "worksheet"  # or "chartsheet" (no cells)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def cell(self, row: int, column: int) -> str:
        """The text at a 1-based position ("" outside the grid)."""
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= column <= len(cells):
                return cells[column - 1]
        return ""

    def where(self, row: int | None = None, column: int | None = None) -> Where:
        return Where(self.file, self.sheet, row, column)


def file_kind(path: Path) -> Literal["xlsx", "csv"]:
    """What a file is, by its first bytes (a ZIP archive is a workbook) and then its suffix."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise ImportProblem(
            Where(str(path)),
            f"ファイルを読めません（{exc.strerror or exc}）",
            f"cannot read the file ({exc.strerror or exc})",
        ) from None
    if head.startswith(b"PK"):
        return "xlsx"
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        raise ImportProblem(
            Where(str(path)),
            "XLSXブックではありません（ZIPアーカイブでない、または壊れています）",
            "not an XLSX workbook (not a ZIP archive, or damaged)",
        )
    if suffix == ".csv":
        return "csv"
    raise ImportProblem(
        Where(str(path)),
        f"対応していない種類のファイルです（{suffix or '拡張子なし'}）: .xlsx か .csv を指定してください",
        f"unsupported file type {suffix or '(none)'!r}: use .xlsx or .csv",
    )


def cell_text(value: Any, number_format: str = "General") -> str:
    """A cell as the text a person sees: integral floats without '.0', ``00`` formats keep leading zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if _ZEROS.fullmatch(number_format or "") and value >= 0:
            return str(value).zfill(len(number_format))
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _refuse(path: Path, ja: str, en: str) -> ImportProblem:
    return ImportProblem(Where(str(path)), ja, en)


def check_archive(path: Path, limits: WorkbookLimits) -> None:
    """Refuse a workbook from its ZIP directory alone (size, parts, ratio), then any part declaring a DTD."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _refuse(
            path, f"ファイルを読めません（{exc.strerror}）", f"cannot read the file ({exc.strerror})"
        ) from None
    if size > limits.max_file:
        raise _refuse(
            path,
            f"ファイルが {size // _MIB} MiB あり、上限 {limits.max_file // _MIB} MiB を超えています",
            f"the file is {size // _MIB} MiB, more than the {limits.max_file // _MIB} MiB allowed",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_members(path, members, limits)
            for member in members:
                if member.filename.lower().endswith((".xml", ".rels", ".vml")):
                    with archive.open(member) as part:
                        head = part.read(_DTD_SCAN)
                    if b"<!DOCTYPE" in head.upper() or "<!DOCTYPE".encode("utf-16-le") in head.upper():
                        raise _refuse(
                            path,
                            f"パーツ {member.filename} がDTDを宣言しています（実体展開の危険があるため拒否）",
                            f"part {member.filename} declares a DTD: refused (entity expansion)",
                        )
    except ImportProblem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise _refuse(
            path,
            f"XLSXブックとして読めません（壊れたZIPアーカイブ: {exc}）",
            f"not a readable XLSX workbook (damaged ZIP archive: {exc})",
        ) from None


def _check_members(path: Path, members: list[zipfile.ZipInfo], limits: WorkbookLimits) -> None:
    if len(members) > limits.max_parts:
        raise _refuse(
            path,
            f"ブックのパーツが {len(members)} 個あり、上限 {limits.max_parts} を超えています",
            f"the workbook has {len(members)} parts, more than {limits.max_parts}",
        )
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.max_part:
            raise _refuse(
                path,
                f"パーツ {member.filename} は展開すると {member.file_size // _MIB} MiB になり、"
                f"上限 {limits.max_part // _MIB} MiB を超えます（zip爆弾の疑い）",
                f"part {member.filename} expands to {member.file_size // _MIB} MiB, more than "
                f"{limits.max_part // _MIB} MiB: refused as a possible zip bomb",
            )
        if member.file_size > _MIB and ratio > limits.max_ratio:
            raise _refuse(
                path,
                f"パーツ {member.filename} の圧縮率が {ratio:.0f}:1 で、上限 {limits.max_ratio}:1 を超えます"
                "（zip爆弾の疑い）",
                f"part {member.filename} expands {ratio:.0f}-fold, more than {limits.max_ratio}: "
                "refused as a possible zip bomb",
            )
    if total > limits.max_total:
        raise _refuse(
            path,
            f"ブック全体を展開すると {total // _MIB} MiB になり、"
            f"上限 {limits.max_total // _MIB} MiB を超えます",
            f"the workbook expands to {total // _MIB} MiB, more than {limits.max_total // _MIB} MiB",
        )


def _merges(archive: zipfile.ZipFile, part: str) -> tuple[Merge, ...]:
    """The ``<mergeCell ref="A1:C2"/>`` ranges of a sheet part (read-only openpyxl drops them)."""
    from openpyxl.utils.cell import range_boundaries

    out: list[Merge] = []
    with archive.open(part) as source:
        for _, element in iterparse(source, events=("end",)):
            if element.tag.endswith("}mergeCell"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                if None not in (min_col, min_row, max_col, max_row):
                    out.append(
                        Merge(int(min_row or 0), int(min_col or 0), int(max_row or 0), int(max_col or 0))
                    )
            element.clear()
    return tuple(out)


class _Counter:
    def __init__(self, limits: WorkbookLimits) -> None:
        self.cells = 0
        self.limits = limits


def _sheet_rows(ws: Any, where: Where, counter: _Counter) -> Iterator[list[str]]:
    limits = counter.limits
    for number, row in enumerate(ws.iter_rows(), start=1):
        if number > limits.max_rows:
            raise ImportProblem(
                Where(where.file, where.sheet, number),
                f"行数が上限 {limits.max_rows} を超えています",
                f"more than {limits.max_rows} rows in one sheet",
            )
        counter.cells += len(row)
        if counter.cells > limits.max_cells:
            raise ImportProblem(
                Where(where.file, where.sheet, number),
                f"セル数がブック全体の上限 {limits.max_cells:,} を超えています",
                f"more than {limits.max_cells:,} cells in the workbook",
            )
        yield [
            cell_text(getattr(c, "value", None), getattr(c, "number_format", "General") or "General")
            for c in row
        ]


def read_workbook(path: Path, limits: WorkbookLimits | None = None) -> list[Grid]:
    """Every sheet of a workbook as a grid, in workbook order; checked before it is opened."""
    limits = limits or WorkbookLimits()
    path = Path(path)
    check_archive(path, limits)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl/zipfile/XML errors of a damaged or foreign file: the user's error
        raise _refuse(
            path,
            f"ブックを開けません（{type(exc).__name__}: {exc}）",
            f"cannot open the workbook ({type(exc).__name__}: {exc})",
        ) from None
    counter = _Counter(limits)
    grids: list[Grid] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for sheet in workbook._sheets:  # worksheets and chartsheets, in tab order
                where = Where(str(path), sheet.title)
                part = getattr(sheet, "_worksheet_path", None)
                if part is None:
                    grids.append(Grid(str(path), sheet.title, [], kind="chartsheet"))
                    continue
                try:
                    sheet.reset_dimensions()  # never trust a declared A1:XFD1048576
                    rows = list(_sheet_rows(sheet, where, counter))
                    merges = _merges(archive, part)
                except ImportProblem:
                    raise
                except Exception as exc:  # damaged sheet XML
                    raise ImportProblem(
                        where,
                        f"シートを読めません（{type(exc).__name__}: {exc}）",
                        f"cannot read the sheet ({type(exc).__name__}: {exc})",
                    ) from None
                grids.append(Grid(str(path), sheet.title, rows, merges))
    finally:
        workbook.close()
    return grids


def read_csv_grid(path: Path, limits: WorkbookLimits | None = None) -> Grid:
    """A CSV sheet (UTF-8 with or without BOM, else Shift_JIS) as one grid."""
    limits = limits or WorkbookLimits()
    path = Path(path)
    try:
        raw = path.read_bytes() if path.stat().st_size <= limits.max_file else None
    except OSError as exc:
        raise _refuse(
            path, f"ファイルを読めません（{exc.strerror}）", f"cannot read the file ({exc.strerror})"
        ) from None
    if raw is None:
        raise _refuse(
            path,
            f"ファイルが上限 {limits.max_file // _MIB} MiB を超えています",
            f"the file is larger than {limits.max_file // _MIB} MiB",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp932")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ImportProblem(
                Where(str(path), None, line),
                "UTF-8 でも Shift_JIS でもありません（UTF-8 のCSVで保存してください）",
                "neither UTF-8 nor Shift_JIS (save the sheet as UTF-8 CSV)",
            ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    cells = 0
    try:
        for fields in reader:
            if len(rows) >= limits.max_rows:
                raise ImportProblem(
                    Where(str(path), None, reader.line_num),
                    f"行数が上限 {limits.max_rows} を超えています",
                    f"more than {limits.max_rows} rows",
                )
            cells += len(fields)
            if cells > limits.max_cells:
                raise ImportProblem(
                    Where(str(path), None, reader.line_num),
                    f"セル数が上限 {limits.max_cells:,} を超えています",
                    f"more than {limits.max_cells:,} cells",
                )
            rows.append(fields)
    except csv.Error as exc:
        raise ImportProblem(
            Where(str(path), None, reader.line_num),
            f"CSVの形式が壊れています（{exc}）",
            f"malformed CSV: {exc}",
        ) from None
    return Grid(str(path), None, rows)
