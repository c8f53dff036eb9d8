"""One 基本データリスト sheet as people make it: find its header, read its items.

The header (one or two rows) may sit below title rows anywhere in the first rows; merged header cells fill
every row and column they span, and a two-level header (属性 over データ型 / 桁数) is joined into the leaf
names. A row counts as a header row only if one of its own cells names a column, so a title row above the
header is never taken as a parent. In the body a merged range fills down its own column only (a section
row merged across the sheet stays one cell); a section row (「■ 世帯情報」: no number, no attributes) gives
the items below it their 区分.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from conformance.schema.layout_checks import CERTAINTIES, COLUMNS, layout_problems
from conformance.schema.located import ImportProblem, column_letter
from conformance.schema.vocabulary import Vocabulary, key
from conformance.schema.workbook import Grid
from conformance.types.registry import DATA_TYPES

__all__ = ["HEADER_SEARCH_ROWS", "MANDATORY", "Column", "Header", "SheetItems", "find_header", "read_items"]

HEADER_SEARCH_ROWS = 30
MANDATORY: tuple[str, ...] = ("項目番号", "項目名", "データ型")
_DASHES = frozenset({"", "-", "ー", "―", "‐", "—", "−", "ｰ"})  # after NFKC: "－" is "-"
_SECTION_MARKS = re.compile(r"^[\s■□◆◇●○◎・▼▽▶▷★☆【\[［]+|[\s】\]］]+$")


@dataclass(frozen=True, slots=True)
class Column:
    """What one sheet column holds: a §3.1 column, or an extra attribute (known or reported as unknown)."""

    position: int  # 1-based
    header: str  # as written (two levels joined with "/")
    target: str  # one of COLUMNS, or the 追加属性 name
    extra: bool = False
    known: bool = True


@dataclass(slots=True)
class Header:
    first_row: int
    last_row: int
    columns: list[Column]

    def position(self, target: str) -> int | None:
        return next((c.position for c in self.columns if c.target == target and not c.extra), None)


@dataclass(slots=True)
class SheetItems:
    items: list[dict[str, Any]]
    rows: list[int]
    renumbered: list[tuple[int, int, int]] = field(default_factory=list)  # (row, written, assigned)
    values: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (column, written, canonical)
    sections: list[str] = field(default_factory=list)


def _filled_header(grid: Grid, last: int) -> list[list[str]]:
    """The first ``last`` rows with each merged range's value in every cell it spans."""
    width = grid.width
    rows = [[grid.cell(r, c) for c in range(1, width + 1)] for r in range(1, last + 1)]
    for m in grid.merges:
        if m.min_row > last:
            continue
        value = grid.cell(m.min_row, m.min_col)
        for r in range(m.min_row, min(m.max_row, last) + 1):
            for c in range(m.min_col, min(m.max_col, width) + 1):
                rows[r - 1][c - 1] = value
    return rows


def _resolve(vocabulary: Vocabulary, text: str) -> tuple[str, bool] | None:
    """(target, is_extra) of a header text, or None when the vocabulary does not know it."""
    column = vocabulary.column(text)
    if column is not None:
        return column, False
    extra = vocabulary.extra(text)
    return None if extra is None else (extra, True)


def _columns(vocabulary: Vocabulary, parents: list[str], leaves: list[str] | None) -> list[Column]:
    out: list[Column] = []
    for index, parent in enumerate(parents):
        position = index + 1
        leaf = "" if leaves is None else leaves[index]
        parent, leaf = parent.strip(), leaf.strip()
        if not leaf or key(leaf) == key(parent):
            candidates, header = [parent], parent
        elif not parent:
            candidates, header = [leaf], leaf
        else:
            candidates = [leaf, parent + leaf, leaf + parent, f"{parent}/{leaf}"]
            header = f"{parent}/{leaf}"
        if not header:
            continue
        found = next((r for r in (_resolve(vocabulary, c) for c in candidates) if r is not None), None)
        if found is None:
            out.append(Column(position, header, header, extra=True, known=False))
        else:
            out.append(Column(position, header, found[0], extra=found[1]))
    return out


def _is_number(text: str) -> bool:
    return unicodedata.normalize("NFKC", text).strip().isdigit()


def _names_column(vocabulary: Vocabulary, text: str) -> bool:
    return bool(text.strip()) and vocabulary.column(text) is not None


def find_header(grid: Grid, vocabulary: Vocabulary) -> Header | None:
    """The header of a 基本データリスト sheet, or None when no row of the first 30 holds one."""
    search = min(HEADER_SEARCH_ROWS, len(grid.rows))
    rows = _filled_header(grid, min(search + 1, len(grid.rows)))
    for r in range(1, search + 1):
        cells = rows[r - 1]
        if not any(_names_column(vocabulary, c) for c in cells):
            continue  # a title or blank row: never a header row, never a parent
        single = _columns(vocabulary, cells, None)
        header = Header(r, r, single)
        if r < len(rows):
            below = rows[r]
            number_at = header.position("項目番号")
            item_like = number_at is not None and _is_number(
                below[number_at - 1] if number_at <= len(below) else ""
            )
            two = _columns(vocabulary, cells, below + [""] * (len(cells) - len(below)))
            known = {c.position for c in two if c.known}
            adds = any(
                b.strip() and key(b) != key(a) and i + 1 in known
                for i, (a, b) in enumerate(zip(cells, below, strict=False))
            )
            if adds and not item_like:
                header = Header(r, r + 1, two)
        if all(header.position(m) is not None for m in MANDATORY):
            return header
    return None


def missing_mandatory(grid: Grid, vocabulary: Vocabulary) -> list[str]:
    """The mandatory columns that no row of the first rows names (for a skipped sheet's reason)."""
    found = {vocabulary.column(c) for row in grid.rows[:HEADER_SEARCH_ROWS] for c in row if c.strip()}
    return [m for m in MANDATORY if m not in found]


def _body(grid: Grid, header: Header) -> list[list[str]]:
    """Rows below the header; a merged range fills down its own (first) column only."""
    width = grid.width
    start = header.last_row + 1
    rows = [[grid.cell(r, c) for c in range(1, width + 1)] for r in range(start, len(grid.rows) + 1)]
    for m in grid.merges:
        if m.min_row < start:
            continue
        value = grid.cell(m.min_row, m.min_col)
        for r in range(m.min_row + 1, m.max_row + 1):
            if r - start < len(rows) and m.min_col <= width:
                rows[r - start][m.min_col - 1] = value
    return rows


class _Cells:
    """One body row by target column, with located errors."""

    def __init__(self, grid: Grid, row: int, header: Header, cells: list[str]) -> None:
        self.grid, self.row, self.header = grid, row, header
        self.by_target = {c.target: cells[c.position - 1] for c in header.columns if not c.extra}
        self.extras = {c.target: cells[c.position - 1].strip() for c in header.columns if c.extra}

    def text(self, column: str) -> str:
        return self.by_target.get(column, "").strip()

    def fail(self, column: str, ja: str, en: str) -> ImportProblem:
        return ImportProblem(self.grid.where(self.row, self.header.position(column)), ja, en)


def _length(cells: _Cells, column: str) -> int | None:
    written = cells.text(column)
    value = unicodedata.normalize("NFKC", written).strip()
    if value in _DASHES:
        return None
    if not value.isdigit():
        raise cells.fail(
            column,
            f"{column} は数で書いてください（{written!r}）",
            f"{column} must be a number, got {written!r}",
        )
    return int(value)


def _value(
    cells: _Cells, column: str, table: dict[str, str], values: Counter[tuple[str, str, str]], allowed: str
) -> str:
    written = cells.text(column)
    k = key(written)
    if k in table:
        canonical = table[k]
    elif unicodedata.normalize("NFKC", written).strip() in _DASHES:
        canonical = ""
    else:
        raise cells.fail(
            column,
            f"{column} の値 {written!r} は使えません（使える値: {allowed}。--synonyms で別名を追加できます）",
            f"unknown {column} value {written!r} (known: {allowed}; add a spelling with --synonyms FILE)",
        )
    if written != canonical:
        values[(column, written, canonical)] += 1
    return canonical


def _yes_no(
    cells: _Cells, column: str, vocabulary: Vocabulary, values: Counter[tuple[str, str, str]]
) -> str | None:
    written = cells.text(column)
    k = key(written)
    if k in vocabulary.yes_no or unicodedata.normalize("NFKC", written).strip() in _DASHES:
        canonical = vocabulary.yes_no.get(k, "")
        if written != canonical:
            values[(column, written, canonical)] += 1
        return canonical or None
    return written  # a condition (§3.3), checked with the layout


def _item(
    cells: _Cells, number: int, vocabulary: Vocabulary, values: Counter[tuple[str, str, str]]
) -> dict[str, Any]:
    name = cells.text("項目名")
    if not name:
        raise cells.fail("項目名", "項目名が空です", "項目名 is empty")
    if "\n" in name or "\r" in name:
        raise cells.fail("項目名", "項目名が複数行にわたっています", "項目名 spans several lines")
    dtype_written = cells.text("データ型")
    dtype = vocabulary.data_types.get(key(dtype_written))
    if dtype is None:
        known = ", ".join(DATA_TYPES)
        raise cells.fail(
            "データ型",
            f"データ型 {dtype_written!r} は不明です（データ型: {known}。--synonyms で別名を追加できます）",
            f"unknown データ型 {dtype_written!r} (types: {known}; add a spelling with --synonyms FILE)",
        )
    if dtype_written != dtype:
        values[("データ型", dtype_written, dtype)] += 1
    max_length = _length(cells, "最大桁数")
    if max_length == 0:
        raise cells.fail(
            "最大桁数",
            "最大桁数は1以上です（制限なしは空欄）",
            "最大桁数 must be at least 1 (leave it blank for no limit)",
        )
    certainty = unicodedata.normalize("NFKC", cells.text("確度")).upper() or "INFERRED"
    if certainty not in CERTAINTIES:
        raise cells.fail(
            "確度",
            f"確度は VERIFIED か INFERRED か空欄です（{cells.text('確度')!r}）",
            f"確度 must be VERIFIED, INFERRED or blank, got {cells.text('確度')!r}",
        )
    fmt = cells.by_target.get("書式", "")
    return {
        "項目番号": number,
        "項目名": name,
        "データ型": dtype,
        "最大桁数": max_length,
        "最小桁数": _length(cells, "最小桁数"),
        "必須": _value(cells, "必須", vocabulary.required, values, "○, △, 空欄"),
        "コード表": cells.text("コード表") or None,
        "書式": fmt if fmt.strip() else None,
        "不詳可": _yes_no(cells, "不詳可", vocabulary, values),
        "暦外可": _yes_no(cells, "暦外可", vocabulary, values),
        "条件": cells.text("条件") or None,
        "備考": cells.text("備考"),
        "確度": certainty,
        "根拠": [p.strip() for p in re.split(r"[;；]", cells.text("根拠")) if p.strip()],
    }


def read_items(grid: Grid, header: Header, vocabulary: Vocabulary) -> SheetItems:
    """The items below the header in row order; gaps in 項目番号 renumbered, duplicates an error."""
    out = SheetItems([], [])
    section: str | None = None
    first_row: dict[int, int] = {}
    numbers: list[int] = []
    attributes = [c for c in COLUMNS if c not in ("項目番号", "項目名")]
    for offset, raw in enumerate(_body(grid, header)):
        row = header.last_row + 1 + offset
        if not any(c.strip() for c in raw):
            continue
        cells = _Cells(grid, row, header, raw)
        headed = {c.position for c in header.columns}
        stray = next((i + 1 for i, c in enumerate(raw) if c.strip() and i + 1 not in headed), None)
        if stray is not None:
            raise ImportProblem(
                grid.where(row, stray),
                f"見出しのない列（{column_letter(stray)}列）に値があります",
                f"a value in column {column_letter(stray)}, which has no header",
            )
        written = cells.text("項目番号")
        if not _is_number(written):
            if not any(cells.text(a) for a in attributes):
                text = next(c.strip() for c in raw if c.strip())
                section = _SECTION_MARKS.sub("", text) or text
                out.sections.append(section)
                continue
            raise cells.fail(
                "項目番号",
                f"項目番号は数で書いてください（{written!r}）",
                f"項目番号 must be a number, got {written!r}",
            )
        number = int(unicodedata.normalize("NFKC", written).strip())
        if number in first_row:
            raise cells.fail(
                "項目番号",
                f"項目番号 {number} が {first_row[number]}行目と{row}行目の両方にあります",
                f"項目番号 {number} appears in rows {first_row[number]} and {row}",
            )
        first_row[number] = row
        item = _item(cells, number, vocabulary, out.values)
        if section is not None:
            item["区分"] = section
        extras = {k: v for k, v in cells.extras.items() if v}
        if extras:
            item["追加属性"] = extras
        out.items.append(item)
        out.rows.append(row)
        numbers.append(number)
    for index, (item, row) in enumerate(zip(out.items, out.rows, strict=True)):
        if item["項目番号"] != index + 1:
            out.renumbered.append((row, item["項目番号"], index + 1))
            item["項目番号"] = index + 1
    for index, column, problem in layout_problems(out.items):
        position = header.position(column)
        raise ImportProblem(
            grid.where(out.rows[index], position),
            f"{column}: {problem}",
            f"{column}: {problem}",
        )
    return out
