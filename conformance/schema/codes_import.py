"""``schema import-codes``: official code tables delivered as workbook sheets or CSV, into a schema set.

The コード and 名称 columns are found by synonyms (``コード表の列`` in ``synonyms.json``). A workbook gives
one table per sheet (named by the sheet), or several when a コード表名 column says which table each row
belongs to; a CSV gives one table (named by the file). Codes are exact strings: a number shown with a
``00`` cell format keeps its leading zeros. A table whose digit codes differ in length is flagged (a lost
leading zero is the usual cause). All or nothing, through the same staging and loader as ``schema import``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from conformance.core.messages import Lang
from conformance.schema.documents import read_json
from conformance.schema.located import ImportProblem, ImportProblems, Where
from conformance.schema.provenance import provenance
from conformance.schema.schema_set import (
    DATASET,
    check_staged,
    commit_files,
    staged,
    twice,
    update_dataset,
)
from conformance.schema.sheet import HEADER_SEARCH_ROWS
from conformance.schema.vocabulary import Vocabulary, key
from conformance.schema.workbook import Grid, WorkbookLimits, file_kind, read_csv_grid, read_workbook

__all__ = ["CodesImport", "ImportedTable", "import_codes", "render_codes", "tables_of"]


@dataclass(slots=True)
class ImportedTable:
    name: str
    file: str
    sheet: str | None
    codes: list[tuple[str, str, str]]  # コード, 名称, 備考
    lengths: list[int] = field(default_factory=list)  # distinct lengths when digit codes differ


@dataclass(slots=True)
class CodesImport:
    root: Path
    tables: list[ImportedTable]
    skipped: list[tuple[str, str, str]]  # (file#sheet, ja, en)
    written: list[str] = field(default_factory=list)


def _header(grid: Grid, vocabulary: Vocabulary) -> tuple[int, dict[str, int]] | None:
    for r in range(1, min(HEADER_SEARCH_ROWS, len(grid.rows)) + 1):
        found: dict[str, int] = {}
        for c, text in enumerate(grid.rows[r - 1], start=1):
            target = vocabulary.code_columns.get(key(text)) if text.strip() else None
            if target is not None and target not in found:
                found[target] = c
        if "コード" in found and "名称" in found:
            return r, found
    return None


def tables_of(grid: Grid, vocabulary: Vocabulary, default_name: str) -> list[ImportedTable] | None:
    """The code tables of one sheet, or None when it has no コード/名称 header."""
    found = _header(grid, vocabulary)
    if found is None:
        return None
    header_row, columns = found
    tables: dict[str, ImportedTable] = {}
    seen: dict[tuple[str, str], int] = {}
    for r in range(header_row + 1, len(grid.rows) + 1):
        code = grid.cell(r, columns["コード"]).strip()
        label = grid.cell(r, columns["名称"]).strip()
        note = grid.cell(r, columns["備考"]).strip() if "備考" in columns else ""
        name = grid.cell(r, columns["コード表名"]).strip() if "コード表名" in columns else default_name
        if not code and not label:
            continue
        if not code:
            raise ImportProblem(grid.where(r, columns["コード"]), "コードが空です", "empty コード")
        if not name:
            raise ImportProblem(
                grid.where(r, columns["コード表名"]), "コード表名が空です", "empty コード表名"
            )
        if (name, code) in seen:
            raise ImportProblem(
                grid.where(r, columns["コード"]),
                f"コード表 {name} のコード {code!r} が {seen[(name, code)]}行目と{r}行目にあります",
                f"コード {code!r} of table {name} appears in rows {seen[(name, code)]} and {r}",
            )
        seen[(name, code)] = r
        table = tables.setdefault(name, ImportedTable(name, Path(grid.file).name, grid.sheet, []))
        table.codes.append((code, label, note))
    for table in tables.values():
        digits = [c for c, _, _ in table.codes if c.isascii() and c.isdigit()]
        lengths = sorted({len(c) for c in digits})
        if len(digits) == len(table.codes) and len(lengths) > 1:
            table.lengths = lengths
    return list(tables.values())


def _csv_text(table: ImportedTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["コード", "名称", "備考"])
    writer.writerows(table.codes)
    return out.getvalue()


def import_codes(
    files: Sequence[Path], root: Path, vocabulary: Vocabulary, *, limits: WorkbookLimits | None = None
) -> CodesImport:
    """Every code table of ``files`` into the set at ``root``: all or nothing."""
    root = Path(root)
    if not (root / DATASET).is_file():
        raise ImportProblem(
            Where(str(root)),
            "スキーマセットではありません（dataset.json がない）",
            "not a schema set (no dataset.json)",
        )
    problems: list[ImportProblem] = []
    result = CodesImport(root, [], [])
    entries = []
    for path in map(Path, files):
        try:
            kind = file_kind(path)
            grids = read_workbook(path, limits) if kind == "xlsx" else [read_csv_grid(path, limits)]
        except ImportProblem as exc:
            problems.append(exc)
            continue
        names: list[str] = []
        for grid in grids:
            label = f"{path.name}#{grid.sheet}" if grid.sheet else path.name
            try:
                tables = tables_of(grid, vocabulary, grid.sheet or path.stem)
            except ImportProblem as exc:
                problems.append(exc)
                continue
            if tables is None:
                result.skipped.append((label, "コード・名称の見出しがありません", "no コード / 名称 header"))
                continue
            result.tables.extend(tables)
            names.extend(t.name for t in tables)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        entry = provenance(path, grids if kind == "xlsx" else [], digest).as_json(names)
        entry["kind"] = "codes"
        entries.append(entry)
    problems.extend(twice([(t.name, t.file, t.sheet) for t in result.tables], ("コード表", "code table")))
    for table in result.tables:
        if "/" in table.name or "\\" in table.name or table.name.startswith("."):
            problems.append(
                ImportProblem(
                    Where(table.file, table.sheet),
                    f"コード表名 {table.name!r} はファイル名に使えません",
                    f"code table name {table.name!r} cannot be a file name",
                )
            )
    if problems:
        raise ImportProblems(problems)
    if not result.tables:
        raise ImportProblem(
            Where(", ".join(map(str, files))),
            "コード表が1つもありません",
            "no code table found (nothing was written)",
        )
    codes_dir = str(read_json(root / DATASET).get("codes_dir", "codes"))
    with staged(root) as staging:
        for table in result.tables:
            rel = f"{codes_dir}/{table.name}.csv"
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_text(_csv_text(table), encoding="utf-8", newline="")
            result.written.append(rel)
        update_dataset(staging, entries)
        result.written.append(DATASET)
        check_staged(staging, root)
        commit_files(staging, root, result.written)
    return result


def render_codes(result: CodesImport, lang: Lang = "ja") -> str:
    ja = lang == "ja"
    lines = [f"取込み先: {result.root}" if ja else f"schema set: {result.root}"]
    for t in result.tables:
        where = f"{t.file}#{t.sheet}" if t.sheet else t.file
        lines.append(
            f"  コード表 {t.name}: {len(t.codes)}件（{where}）"
            if ja
            else f"  code table {t.name}: {len(t.codes)} codes ({where})"
        )
        if t.lengths:
            shown = "・".join(map(str, t.lengths))
            lines.append(
                f"    注意: 数字のコードの桁数が揃っていません（{shown}桁）。"
                "先頭の0が落ちていないか確認してください"
                if ja
                else f"    check: digit codes differ in length ({', '.join(map(str, t.lengths))}); "
                "a leading zero may have been lost"
            )
    for label, skip_ja, skip_en in result.skipped:
        lines.append(f"  飛ばしたシート {label}: {skip_ja}" if ja else f"  skipped {label}: {skip_en}")
    lines.append(
        f"書き込んだファイル: {', '.join(result.written)}" if ja else f"written: {', '.join(result.written)}"
    )
    return "\n".join(lines) + "\n"
