"""Turn 基本データリスト workbooks (every sheet) and CSV sheets into layout JSON documents.

Layouts are data: when the official 基本データリスト arrives, its sheets are imported instead of the
reference ones (spec §1.2). :mod:`workbook` reads the file within bounds, :mod:`sheet` finds the header and
the items, :mod:`vocabulary` maps the sheet's words; this module names the layouts, skips sheets that hold
no 基本データリスト (表紙, 改版履歴) with a reason, and validates each document against the layout
meta-schema, so nothing is written that the loader would reject. The output is deterministic (column order
of §3.1, then 区分 and 追加属性 when present; UTF-8, indent 2) so a regenerated bundle compares byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.schema.documents import SchemaError, validate_document
from conformance.schema.loader import LAYOUT_FORMAT
from conformance.schema.located import ImportProblem, ImportProblems, Where
from conformance.schema.provenance import Provenance, provenance
from conformance.schema.sheet import Column, find_header, missing_mandatory, read_items
from conformance.schema.vocabulary import Vocabulary, load_vocabulary
from conformance.schema.workbook import Grid, WorkbookLimits, file_kind, read_csv_grid, read_workbook

__all__ = [
    "ImportedLayout",
    "SheetImportError",
    "Skipped",
    "WorkbookImport",
    "build_bundled",
    "import_grid",
    "import_sheet",
    "import_workbook",
    "layout_json",
    "write_layout",
]

SheetImportError = ImportProblem  # the name older callers catch
_CELL = re.compile(r"cell:([A-Za-z]{1,3})([1-9][0-9]{0,6})")
_BAD_NAME = re.compile(r"[\\/:*?\"<>|\x00-\x1f]|^\.|^\s|\s$")


@dataclass(slots=True)
class ImportedLayout:
    doc: dict[str, Any]
    sheet: str | None
    columns: list[Column]
    renumbered: list[tuple[int, int, int]]
    values: Counter[tuple[str, str, str]]
    sections: list[str]

    @property
    def name(self) -> str:
        return str(self.doc["name"])


@dataclass(frozen=True, slots=True)
class Skipped:
    sheet: str
    ja: str
    en: str


@dataclass(slots=True)
class WorkbookImport:
    file: str
    provenance: Provenance
    layouts: list[ImportedLayout] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def import_grid(
    grid: Grid, vocabulary: Vocabulary, *, name: str, source: str, strict: bool = False
) -> ImportedLayout | None:
    """The layout of one sheet, or None when the sheet holds no 基本データリスト header."""
    header = find_header(grid, vocabulary)
    if header is None:
        return None
    unknown = [c for c in header.columns if c.extra and not c.known]
    if strict and unknown:
        names = ", ".join(f"{c.header}（{c.position}列目）" for c in unknown)
        names_en = ", ".join(f"{c.header!r} (column {c.position})" for c in unknown)
        raise ImportProblem(
            grid.where(header.first_row),
            f"不明な列 {names}（--strict）。--synonyms で対応を追加できます",
            f"unknown column {names_en} (--strict); map it with --synonyms FILE",
        )
    seen: dict[str, Column] = {}
    for column in header.columns:
        if column.target in seen:
            first = seen[column.target]
            raise ImportProblem(
                grid.where(header.first_row, column.position),
                f"{first.position}列目（{first.header}）と{column.position}列目（{column.header}）がどちらも"
                f" {column.target} を表します",
                f"columns {first.position} ({first.header}) and {column.position} ({column.header}) "
                "both mean "
                f"{column.target}",
            )
        seen[column.target] = column
    items = read_items(grid, header, vocabulary)
    if not items.items:
        raise ImportProblem(
            grid.where(header.last_row), "見出しの下に項目がありません", "no item rows below the header"
        )
    doc: dict[str, Any] = {"format": LAYOUT_FORMAT, "name": name, "source": source, "items": items.items}
    try:
        validate_document(doc, "layout", Path(grid.file))
    except SchemaError as exc:
        raise ImportProblem(
            grid.where(), f"{exc.path}: {exc.problem}", f"{exc.path}: {exc.problem}"
        ) from None
    return ImportedLayout(doc, grid.sheet, header.columns, items.renumbered, items.values, items.sections)


def _layout_name(grid: Grid, path: Path, name_from: str) -> str:
    if name_from == "file" or grid.sheet is None:
        name = path.stem
    elif name_from == "sheet":
        name = grid.sheet
    else:
        found = _CELL.fullmatch(name_from)
        if found is None:
            raise ImportProblem(
                Where(str(path)),
                f"--name-from は file, sheet, cell:B2 のいずれかです（{name_from!r}）",
                f"--name-from must be file, sheet or cell:B2, got {name_from!r}",
            )
        from openpyxl.utils.cell import column_index_from_string

        column, row = column_index_from_string(found.group(1).upper()), int(found.group(2))
        name = grid.cell(row, column).strip()
        if not name:
            raise ImportProblem(
                grid.where(row, column),
                "レイアウト名を取るセルが空です（--name-from）",
                "the cell naming the layout is empty (--name-from)",
            )
    if _BAD_NAME.search(name):
        raise ImportProblem(
            grid.where(),
            f"レイアウト名 {name!r} はファイル名に使えません"
            '（/ \\ : * ? " < > | や先頭のドットを除いてください）',
            f'layout name {name!r} cannot be a file name (remove / \\ : * ? " < > | and a leading dot)',
        )
    return name


def import_workbook(
    path: Path,
    vocabulary: Vocabulary | None = None,
    *,
    name_from: str = "sheet",
    strict: bool = False,
    limits: WorkbookLimits | None = None,
) -> WorkbookImport:
    """Every sheet of a workbook (or a CSV, one sheet): layouts, skipped sheets, provenance.

    Raises :class:`ImportProblems` with each failing sheet's problem when any sheet fails.
    """
    path = Path(path)
    vocabulary = vocabulary or load_vocabulary()
    kind = file_kind(path)
    grids = read_workbook(path, limits) if kind == "xlsx" else [read_csv_grid(path, limits)]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = WorkbookImport(path.name, provenance(path, grids if kind == "xlsx" else [], digest))
    problems: list[ImportProblem] = []
    names: dict[str, str | None] = {}
    for grid in grids:
        label = grid.sheet or path.name
        if grid.kind != "worksheet":
            result.skipped.append(
                Skipped(label, "グラフシート（セルがありません）", "a chart sheet (no cells)")
            )
            continue
        try:
            name = _layout_name(grid, path, name_from) if find_header(grid, vocabulary) else ""
            source = path.name if kind == "csv" else f"{path.name}#{grid.sheet}"
            layout = import_grid(grid, vocabulary, name=name, source=source, strict=strict) if name else None
        except ImportProblem as problem:
            problems.append(problem)
            continue
        if layout is None:
            missing = ", ".join(missing_mandatory(grid, vocabulary)) or "項目番号, 項目名, データ型"
            empty = not any(c.strip() for row in grid.rows for c in row)
            result.skipped.append(
                Skipped(label, "空のシート", "an empty sheet")
                if empty
                else Skipped(
                    label,
                    f"基本データリストの見出しがありません（見つからない列: {missing}）",
                    f"no 基本データリスト header (columns not found: {missing})",
                )
            )
            continue
        if layout.name in names:
            problems.append(
                ImportProblem(
                    grid.where(),
                    f"レイアウト名 {layout.name!r} がシート「{names[layout.name]}」と重なります"
                    "（--name-from）",
                    f"layout name {layout.name!r} is also sheet {names[layout.name]!r}'s (--name-from)",
                )
            )
            continue
        names[layout.name] = grid.sheet
        result.layouts.append(layout)
    if problems:
        raise ImportProblems(problems)
    return result


def import_sheet(
    path: Path,
    *,
    name: str | None = None,
    vocabulary: Vocabulary | None = None,
    sheet: str | None = None,
    strict: bool = False,
) -> dict[str, Any]:
    """The layout document of one sheet: a CSV, or a workbook's ``sheet`` (default: its first layout sheet).

    ``source`` records a CSV as ``sheets/<file name>`` (the schema-set convention of keeping each sheet in
    ``sheets/`` beside ``layouts/``) and a workbook sheet as ``<file name>#<sheet>``.
    """
    path = Path(path)
    vocabulary = vocabulary or load_vocabulary()
    kind = file_kind(path)
    if kind == "csv":
        if sheet is not None:
            raise ImportProblem(
                Where(str(path)),
                "--sheet はブック（.xlsx）にだけ使えます",
                "--sheet applies to workbooks (.xlsx) only",
            )
        grids = [read_csv_grid(path)]
    else:
        grids = read_workbook(path)
        if sheet is not None:
            chosen = [g for g in grids if g.sheet == sheet]
            if not chosen:
                shown = ", ".join(str(g.sheet) for g in grids)
                raise ImportProblem(
                    Where(str(path)),
                    f"シート {sheet!r} がありません（シート: {shown}）",
                    f"no sheet {sheet!r} (sheets: {shown})",
                )
            grids = chosen
    if all(not any(c.strip() for row in g.rows for c in row) for g in grids):
        raise ImportProblem(Where(str(path), sheet), "空のシートです", "empty sheet")
    for grid in grids:
        source = f"sheets/{path.name}" if kind == "csv" else f"{path.name}#{grid.sheet}"
        layout_name = name or (grid.sheet if kind == "xlsx" and sheet is not None else None) or path.stem
        layout = import_grid(grid, vocabulary, name=layout_name, source=source, strict=strict)
        if layout is not None:
            return layout.doc
    missing = ", ".join(missing_mandatory(grids[0], vocabulary)) or "項目番号, 項目名, データ型"
    raise ImportProblem(
        Where(str(path), sheet),
        f"基本データリストの見出しがありません（見つからない列: {missing}）",
        f"no 基本データリスト header (missing mandatory column {missing})",
    )


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
        raise ImportProblem(
            Where(str(root / "sheets")), "取り込む *.csv シートがありません", "no *.csv sheets to import"
        )
    vocabulary = load_vocabulary()
    written: list[Path] = []
    for sheet in sheets:
        out = root / "layouts" / f"{sheet.stem}.json"
        write_layout(import_sheet(sheet, vocabulary=vocabulary), out)
        written.append(out)
    return written
