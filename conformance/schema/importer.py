"""Turn a 基本データリスト-like sheet (CSV or XLSX) into a layout JSON document.

Layouts are data: when the official 基本データリスト arrives, its sheets are imported instead of the
reference ones (spec §1.2). Official sheets name their columns differently, so headers go through a
synonym map onto the 14 columns of spec §3.1, and anything the map does not know fails loudly rather than
being dropped. The output is deterministic (column order of §3.1, UTF-8, indent 2) so a regenerated
bundle can be compared byte for byte.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from conformance.schema.documents import SchemaError, validate_document
from conformance.schema.layout_checks import CERTAINTIES, COLUMNS, layout_problems
from conformance.schema.loader import LAYOUT_FORMAT
from conformance.schema.model import CONDITIONAL, REQUIRED
from conformance.schema.sheets import (
    CSV_SUFFIXES,
    XLSX_SUFFIXES,
    SheetError,
    SheetLimits,
    cell_text,
    open_workbook,
)
from conformance.schema.sheets import header_key as normalise_header
from conformance.types.registry import DATA_TYPES

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.json"
MANDATORY: tuple[str, ...] = ("項目番号", "項目名", "データ型")
HEADER_SEARCH_ROWS = 30  # title rows above the header of an official sheet are skipped, up to this many
# Marks people type for ○ in spreadsheets: U+25CB (canonical), U+25EF large circle, U+3007 ideographic zero.
CIRCLES = frozenset({REQUIRED, "\u25ef", "\u3007"})
_INT = re.compile(r"[0-9]+")


class SheetImportError(Exception):
    """A sheet that cannot be imported; str() is a located message: sheet, row/column, problem."""

    sheet: str
    row: int | None
    column: str | None
    problem: str

    def __init__(
        self, sheet: str | Path, problem: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.sheet = str(sheet)
        self.row = row
        self.column = column
        self.problem = re.sub(r"\s*[\r\n]+\s*", " ", problem)  # one line
        super().__init__(str(self))

    def __str__(self) -> str:
        at = [f"row {self.row}"] * (self.row is not None) + [f"column {self.column}"] * (
            self.column is not None
        )
        return f"{self.sheet}: {', '.join(at)}: {self.problem}" if at else f"{self.sheet}: {self.problem}"


# ------------------------------------------------------------------------------------------------------------
# Synonyms


def _read_synonym_file(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SheetImportError(path, f"cannot read the synonym file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SheetImportError(path, "the synonym file is not valid UTF-8") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SheetImportError(
            path, f"invalid JSON: {exc.msg}", row=exc.lineno, column=str(exc.colno)
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("synonyms"), dict):
        raise SheetImportError(path, 'expected {"synonyms": {"header text": "column", ...}}')
    unknown = sorted(set(doc) - {"synonyms", "note"})
    if unknown:
        raise SheetImportError(path, f"unknown key {unknown[0]!r} (allowed: synonyms, note)")
    out: dict[str, str] = {}
    for header, column in doc["synonyms"].items():
        if not isinstance(column, str) or column not in COLUMNS:
            raise SheetImportError(
                path,
                f"synonym {header!r} maps to {column!r}, which is not a column "
                f"(columns: {', '.join(COLUMNS)})",
            )
        out[header] = column
    return out


def load_synonyms(extra: Path | None = None) -> dict[str, str]:
    """Header text → canonical 基本データリスト column: the 14 names, the defaults, then ``extra`` (wins)."""
    mapping = {column: column for column in COLUMNS}
    mapping.update(_read_synonym_file(SYNONYMS_FILE))
    if extra is not None:
        mapping.update(_read_synonym_file(Path(extra)))
    return mapping


# ------------------------------------------------------------------------------------------------------------
# Reading rows


def _read_csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SheetImportError(path, f"cannot read the sheet ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SheetImportError(
            path, "not valid UTF-8 (save the sheet as UTF-8 CSV)", row=raw[: exc.start].count(b"\n") + 1
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            rows.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SheetImportError(path, f"malformed CSV: {exc}", row=start) from None
    return rows


def _read_xlsx_rows(path: Path, sheet: str | None) -> list[tuple[int, list[str]]]:
    try:
        workbook = open_workbook(path, SheetLimits())  # zip-bomb check first, never formulas
    except SheetError as exc:
        raise SheetImportError(path, exc.problem) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise SheetImportError(path, f"no sheet {sheet!r} (sheets: {', '.join(workbook.sheetnames)})")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        try:
            return [
                (number, [cell_text(v) for v in values])
                for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), start=1)
            ]
        except Exception as exc:  # damaged sheet XML
            raise SheetImportError(path, f"cannot read sheet {worksheet.title!r} ({exc})") from None
    finally:
        workbook.close()


def _read_rows(path: Path, sheet: str | None) -> list[tuple[int, list[str]]]:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise SheetImportError(path, "sheet not found")
    if suffix in CSV_SUFFIXES:
        if sheet is not None:
            raise SheetImportError(path, "--sheet applies to workbooks (.xlsx) only")
        return _read_csv_rows(path)
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx_rows(path, sheet)
    raise SheetImportError(path, f"unsupported sheet type {suffix or '(none)'!r}: use .csv (UTF-8) or .xlsx")


# ------------------------------------------------------------------------------------------------------------
# Header and cells


def _blank(cells: Sequence[str]) -> bool:
    return all(not c.strip() for c in cells)


def _find_header(rows: Sequence[tuple[int, list[str]]], lookup: Mapping[str, str]) -> int:
    """Index of the header row: the first with all mandatory columns, else the first non-blank row.

    Official sheets may carry title rows above the header; a header that lacks a mandatory column still
    becomes the header (the first non-blank row) so that the error names what is missing.
    """
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {lookup.get(normalise_header(c)) for c in cells if c.strip()}
        if all(m in found for m in MANDATORY):
            return index
    return next(index for index, (_, cells) in enumerate(rows) if not _blank(cells))


def _map_header(path: Path, line: int, cells: Sequence[str], synonyms: Mapping[str, str]) -> list[str | None]:
    lookup = {normalise_header(k): v for k, v in synonyms.items()}
    columns: list[str | None] = []
    unknown: list[str] = []
    seen: dict[str, int] = {}
    for position, cell in enumerate(cells, start=1):
        if not cell.strip():
            columns.append(None)
            continue
        column = lookup.get(normalise_header(cell))
        if column is None:
            unknown.append(f"{cell!r} (column {position})")
        elif column in seen:
            raise SheetImportError(
                path,
                f"headers in columns {seen[column]} and {position} both mean {column}",
                row=line,
                column=str(position),
            )
        else:
            seen[column] = position
        columns.append(column)
    if unknown:
        known = ", ".join(sorted(synonyms, key=lambda k: (COLUMNS.index(synonyms[k]), k != synonyms[k], k)))
        raise SheetImportError(
            path,
            f"unknown header {', '.join(unknown)}; known headers: {known} "
            "(add a synonym with --synonyms FILE)",
            row=line,
        )
    missing = [m for m in MANDATORY if m not in seen]
    if missing:
        raise SheetImportError(path, f"missing mandatory column {', '.join(missing)}", row=line)
    return columns


def _int_cell(text: str, path: Path, row: int, column: str, *, blank_ok: bool) -> int | None:
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        if blank_ok:
            return None
        raise SheetImportError(path, f"{column} is empty", row=row, column=column)
    if not _INT.fullmatch(value):
        raise SheetImportError(
            path, f"{column} must be a non-negative integer, got {text!r}", row=row, column=column
        )
    return int(value)


def _mark(text: str) -> str | None:
    """○ (any of its look-alikes), or the stripped text, or None when blank."""
    value = text.strip()
    if not value:
        return None
    return REQUIRED if value in CIRCLES else value


def _item(path: Path, row: int, cells: Mapping[str, str]) -> dict[str, Any]:
    """One sheet row as a layout item: the §3.1 columns in order, typed."""

    def text(column: str) -> str:
        return cells.get(column, "").strip()

    def fail(column: str, problem: str) -> SheetImportError:
        return SheetImportError(path, problem, row=row, column=column)

    number = _int_cell(cells.get("項目番号", ""), path, row, "項目番号", blank_ok=False)
    name = text("項目名")
    if not name:
        raise fail("項目名", "項目名 is empty")
    if "\n" in name or "\r" in name:
        raise fail("項目名", "項目名 spans several lines")
    dtype = text("データ型")
    if dtype not in DATA_TYPES:
        raise fail("データ型", f"unknown データ型 {dtype!r} (types: {', '.join(DATA_TYPES)})")
    max_length = _int_cell(cells.get("最大桁数", ""), path, row, "最大桁数", blank_ok=True)
    if max_length == 0:
        raise fail("最大桁数", "最大桁数 must be at least 1 (leave it blank for no limit)")
    min_length = _int_cell(cells.get("最小桁数", ""), path, row, "最小桁数", blank_ok=True)
    required = _mark(cells.get("必須", "")) or ""
    if required not in (REQUIRED, CONDITIONAL, ""):
        raise fail("必須", f"必須 must be ○, △ or blank, got {required!r}")
    certainty = text("確度").upper() or "INFERRED"
    if certainty not in CERTAINTIES:
        raise fail("確度", f"確度 must be VERIFIED, INFERRED or blank, got {text('確度')!r}")
    fmt = cells.get("書式", "")  # a regular expression: kept verbatim
    return {
        "項目番号": number,
        "項目名": name,
        "データ型": dtype,
        "最大桁数": max_length,
        "最小桁数": min_length,
        "必須": required,
        "コード表": text("コード表") or None,
        "書式": fmt if fmt.strip() else None,
        "不詳可": _mark(cells.get("不詳可", "")),
        "暦外可": _mark(cells.get("暦外可", "")),
        "条件": text("条件") or None,
        "備考": text("備考"),
        "確度": certainty,
        "根拠": [part.strip() for part in cells.get("根拠", "").split(";") if part.strip()],
    }


# ------------------------------------------------------------------------------------------------------------
# Public API


def import_sheet(
    path: Path,
    *,
    name: str | None = None,
    synonyms: dict[str, str] | None = None,
    sheet: str | None = None,
) -> dict[str, Any]:
    """The layout JSON document of a sheet (CSV UTF-8 with/without BOM, or XLSX: first sheet or ``sheet``).

    ``name`` defaults to the sheet name (XLSX with ``sheet``) or the file stem. ``source`` records the sheet
    as ``sheets/<file name>`` (plus ``#<sheet>``): the schema-set convention of keeping each sheet in
    ``sheets/`` beside ``layouts/`` so the JSON can be regenerated and compared.
    """
    path = Path(path)
    mapping = load_synonyms() if synonyms is None else synonyms
    rows = _read_rows(path, sheet)
    if not rows or all(_blank(cells) for _, cells in rows):
        raise SheetImportError(path, "empty sheet")
    lookup = {normalise_header(k): v for k, v in mapping.items()}
    header_index = _find_header(rows, lookup)
    header_line, header_cells = rows[header_index]
    columns = _map_header(path, header_line, header_cells, mapping)

    items: list[dict[str, Any]] = []
    item_rows: list[int] = []
    for line, cells in rows[header_index + 1 :]:
        if _blank(cells):
            continue
        by_column: dict[str, str] = {}
        for position, cell in enumerate(cells):
            column = columns[position] if position < len(columns) else None
            if column is None:
                if cell.strip():
                    raise SheetImportError(
                        path,
                        f"a value in column {position + 1}, which has no header",
                        row=line,
                        column=str(position + 1),
                    )
                continue
            by_column[column] = cell
        items.append(_item(path, line, by_column))
        item_rows.append(line)
    if not items:
        raise SheetImportError(path, "no item rows below the header", row=header_line)

    for index, column, problem in layout_problems(items):
        raise SheetImportError(path, problem, row=item_rows[index], column=column)

    source = f"sheets/{path.name}" + (f"#{sheet}" if sheet is not None else "")
    layout_name = name or sheet or path.stem
    doc: dict[str, Any] = {"format": LAYOUT_FORMAT, "name": layout_name, "source": source, "items": items}
    try:
        validate_document(doc, "layout", path)  # the importer must never write what the loader rejects
    except SchemaError as exc:
        raise SheetImportError(path, f"{exc.path}: {exc.problem}") from None
    return doc


def layout_json(doc: Mapping[str, Any]) -> str:
    """The canonical text of a layout document (key order kept, UTF-8 characters, indent 2, final newline)."""
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_layout(doc: Mapping[str, Any], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(layout_json(doc), encoding="utf-8", newline="\n")


def build_bundled(root: Path) -> list[Path]:
    """Regenerate ``root/layouts/*.json`` from ``root/sheets/*.csv``; returns the files written."""
    root = Path(root)
    sheets = sorted((root / "sheets").glob("*.csv"))
    if not sheets:
        raise SheetImportError(root / "sheets", "no *.csv sheets to import")
    synonyms = load_synonyms()
    written: list[Path] = []
    for sheet in sheets:
        out = root / "layouts" / f"{sheet.stem}.json"
        write_layout(import_sheet(sheet, synonyms=synonyms), out)
        written.append(out)
    return written


__all__ = [
    "SheetImportError",
    "build_bundled",
    "import_sheet",
    "layout_json",
    "load_synonyms",
    "normalise_header",
    "write_layout",
]
