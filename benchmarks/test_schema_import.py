"""``schema import`` on official-looking workbooks: the 7 reference layouts, and one sheet at the row bound.

Run: ``python3 -m pytest benchmarks/test_schema_import.py --benchmark-enable``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from conformance.schema.importer import import_workbook
from conformance.schema.vocabulary import load_vocabulary
from conformance.schema.workbook import WorkbookLimits
from tests.workbooks import official_workbooks


def test_import_reference_workbooks(benchmark: Any, tmp_path: Path) -> None:
    books = official_workbooks(tmp_path)
    vocabulary = load_vocabulary()
    results = benchmark.pedantic(
        lambda: [import_workbook(b, vocabulary) for b in books], rounds=5, iterations=1
    )
    assert sum(len(r.layouts) for r in results) == 7


def test_import_a_sheet_at_the_row_bound(benchmark: Any, tmp_path: Path) -> None:
    rows = WorkbookLimits().max_rows - 1
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append(["項目番号", "項目名", "データ型", "最大桁数", "必須", "備考"])
    for n in range(1, rows):
        ws.append([n, f"項目{n}", "文字列（全角）", 20, "◯", "説明" * 5])
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    result = benchmark.pedantic(lambda: import_workbook(path), rounds=3, iterations=1)
    assert len(result.layouts[0].doc["items"]) == rows - 1
    benchmark.extra_info["items"] = rows - 1
