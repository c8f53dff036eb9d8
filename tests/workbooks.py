"""Test workbooks shaped like the official 基本データリスト, built with openpyxl (no binary fixtures).

``official_workbook`` writes the reference layouts' sheets the way people make them: a cover sheet and a
revision sheet first, a merged title row, a two-level merged header (属性 over データ型 / 桁数), an extra
データ項目ID column, section rows merged across the sheet, value spellings of their own (文字列（全角）, 数値,
年月日, ◯, －), numbers stored as numbers or as full-width text, and a gap in 項目番号.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from conformance.schema.loader import bundled_schema_root
from tests.test_schema_bundled import LAYOUT_NAMES

SHEETS = bundled_schema_root() / "sheets"
LAYOUTS = LAYOUT_NAMES
# Header: (row-1 text, row-2 text); equal texts are one cell merged over both rows.
HEADER: list[tuple[str, str]] = [
    ("No.", "No."),
    ("データ項目ID", "データ項目ID"),
    ("データ項目名", "データ項目名"),
    ("属性", "データ型"),
    ("属性", "桁数"),
    ("最小 桁数", "最小 桁数"),
    ("必須", "必須"),
    ("コード表", "コード表"),
    ("書式", "書式"),
    ("不詳可", "不詳可"),
    ("暦外可", "暦外可"),
    ("条件", "条件"),
    ("説明", "説明"),
    ("確度", "確度"),
    ("出典", "出典"),
    ("改定区分", "改定区分"),
]
TYPE_SPELLINGS = {
    "全角文字列": "文字列（全角）",
    "半角文字列": "文字列(半角)",
    "整数": "数値",
    "日付": "年月日",
}
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def sheet_rows(name: str) -> list[dict[str, str]]:
    with (SHEETS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _merge_header(ws: object, top: int) -> None:
    start = 1
    while start <= len(HEADER):
        end = start
        while end < len(HEADER) and HEADER[end][0] == HEADER[start - 1][0]:
            end += 1
        if end > start:
            ws.merge_cells(start_row=top, start_column=start, end_row=top, end_column=end)  # type: ignore[attr-defined]
        elif HEADER[start - 1][0] == HEADER[start - 1][1]:
            ws.merge_cells(start_row=top, start_column=start, end_row=top + 1, end_column=start)  # type: ignore[attr-defined]
        start = end + 1


def _layout_sheet(workbook: openpyxl.Workbook, name: str, *, gap_after: int) -> None:
    ws = workbook.create_sheet(name)
    width = len(HEADER)
    ws.cell(1, 1, f"{name} 基本データリスト")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    top = 3
    for column, (upper, lower) in enumerate(HEADER, start=1):
        ws.cell(top, column, upper)
        if upper != lower:
            ws.cell(top + 1, column, lower)
    _merge_header(ws, top)
    row = top + 2
    items = sheet_rows(name)
    for index, item in enumerate(items):
        if index in (0, len(items) // 2):
            ws.cell(row, 1, "■ 基本情報" if index == 0 else "■ 詳細情報")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
            row += 1
        number = int(item["項目番号"]) + (10 if int(item["項目番号"]) > gap_after else 0)
        dtype = TYPE_SPELLINGS.get(item["データ型"], item["データ型"])
        required = {"": "－", "○": "◯" if index % 2 else "○"}.get(item["必須"], item["必須"])
        length: object = int(item["最大桁数"]) if item["最大桁数"] else "-"
        if index % 3 == 1 and item["最大桁数"]:
            length = item["最大桁数"].translate(FULL_WIDTH)  # text in full-width digits
        values: Sequence[object] = (
            number if index % 2 else str(number),
            f"ID{index + 1:04d}",
            item["項目名"],
            dtype,
            length,
            int(item["最小桁数"]) if item["最小桁数"] else None,
            required,
            item["コード表"] or None,
            item["書式"] or None,
            item["不詳可"] or "－",
            item["暦外可"] or None,
            item["条件"] or None,
            item["備考"] or None,
            item["確度"],
            item["根拠"],
            "新規" if index == 0 else None,
        )
        for column, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(row, column, value)
        row += 1


def official_workbook(
    path: Path, layouts: Sequence[str], *, cover_version: str = "第2.1版", cover_date: str = "令和5年9月29日"
) -> Path:
    """A workbook holding ``layouts`` (one sheet each) behind a 表紙 and a 改版履歴 sheet."""
    workbook = openpyxl.Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "表紙"
    cover.append(["地方公共団体情報システム データ要件標準"])
    cover.append(["基本データリスト"])
    cover.append([cover_version])
    cover.append([cover_date])
    history = workbook.create_sheet("改版履歴")
    history.append(["版", "改定日", "改定内容"])
    history.append(["第1.0版", "2022-08-31", "初版"])
    history.append([cover_version, "2023-09-29", "項目の追加"])
    for index, name in enumerate(layouts):
        _layout_sheet(workbook, name, gap_after=3 + index)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def official_workbooks(folder: Path) -> list[Path]:
    """The 7 reference layouts in two workbooks: 版 and date in one's file name, on the other's cover."""
    return [
        official_workbook(folder / "001_住民基本台帳_基本データリスト【第2.1版】_20230929.xlsx", LAYOUTS[:2]),
        official_workbook(
            folder / "地方税_基本データリスト.xlsx",
            LAYOUTS[2:],
            cover_version="第1.1版",
            cover_date="令和5年3月31日",
        ),
    ]


def simple_book(path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), title: str = "L") -> Path:
    """A one-sheet workbook of ``rows`` (and merged ranges)."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    workbook.save(path)
    return path
