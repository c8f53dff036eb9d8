"""The reconciliation's Excel workbook (``reconcile --format xlsx``): read back with openpyxl, its totals are
the result's, its rows are the listed differences in order, values are masked unless ``--show-values``,
formula-like values stay text, and the CLI writes it to -o, --output-dir or a pipe but not to a terminal."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import xlsx_text

from conformance.cli import main, validate_cmd
from conformance.reconcile.model import (
    CodeCount,
    Difference,
    FileSide,
    LayoutResult,
    ReconcileResult,
    SumTotal,
)
from conformance.reconcile.run import reconcile
from conformance.reports import reconcile_xlsx
from conformance.reports.masking import ReportOptions
from conformance.sample.generator import generate
from conformance.schema.model import SchemaSet

FILE = "住民記録_住民.csv"
SECRET_NAME = "秘密太郎"
SECRET_KEY = "0000987654"
FORMULA = '=HYPERLINK("http://example.invalid","x")'


def _result() -> ReconcileResult:
    key = (("宛名番号", SECRET_KEY), ("履歴番号", "1"))
    listed = [
        Difference(FILE, "item_added", item="秘密の列"),
        Difference(FILE, "missing", key, line_before=4),
        Difference(FILE, "changed", key, "氏名", SECRET_NAME, FORMULA, 2, 3),
        Difference(FILE, "changed", key, "性別", "1", "2", 5, 6),
    ]
    layout = LayoutResult(
        "住民記録_住民",
        FILE,
        ("宛名番号", "履歴番号"),
        FileSide("before/住民記録_住民.csv", 100, "a" * 64, 10, "\r\n"),
        FileSide("after/住民記録_住民.csv", 90, "b" * 64, 9, "\n"),
        counts={"item_added": 1, "missing": 1, "changed": 7},
        changed_by_item={"氏名": 6, "性別": 1},
        listed=listed,
        sums=[SumTotal("年税額", Decimal("12345678901234567.89"), Decimal("12345678901234567.90"), 1, 0)],
        codes=[CodeCount("性別", "1", 5, 4)],
    )
    return ReconcileResult(
        "before", "after", "参照", [layout], normalize=("trim",), ignore_items=("更新日時",),
        max_per_kind=2, started="2026-01-02T03:04:05+00:00", finished="2026-01-02T03:04:06+00:00",
    )


def _rows(data: bytes, sheet: int) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [r for r in book.worksheets[sheet].iter_rows(values_only=True) if any(v is not None for v in r)]


def test_rows_are_the_listed_differences_in_order(schema: SchemaSet) -> None:
    result = _result()
    data = reconcile_xlsx.render(result, ReportOptions.of(schema, show_values=True))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["概要", "差分"]
    ws = book["差分"]
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:H6"
    note, header, *rows = _rows(data, 1)
    assert "9" in str(note[0]) and "4" in str(note[0]) and "2" in str(note[0])  # total, listed, the cap
    assert header == ("ファイル", "種類", "キー", "項目", "移行前", "移行後", "移行前の行", "移行後の行")
    key = f"宛名番号={SECRET_KEY}; 履歴番号=1"
    assert rows == [
        (FILE, "移行後に増えた項目", None, "秘密の列", None, None, None, None),
        (FILE, "移行後にないレコード", key, None, None, None, 4, None),
        (FILE, "値の相違", key, "氏名", SECRET_NAME, FORMULA, 2, 3),
        (FILE, "値の相違", key, "性別", "1", "2", 5, 6),
    ]
    cell = ws.cell(5, 6)
    assert cell.value == FORMULA and cell.data_type == "s"  # text, never a formula
    assert "<f>" not in xlsx_text(data)


def test_summary_totals_are_the_result(schema: SchemaSet) -> None:
    result = _result()
    data = reconcile_xlsx.render(result, ReportOptions.of(schema, lang="en"))
    rows = _rows(data, 0)
    by_label = {r[0]: r[1] for r in rows}
    assert by_label["Total"] == result.total == 9 and by_label["Listed"] == 4
    assert by_label["listing cap (per kind)"] == 2
    assert by_label["normalisations (opted in)"].startswith("trim")
    assert by_label["items not compared"] == "更新日時"
    assert ("住民記録_住民", FILE, "宛名番号+履歴番号", 10, 9, -1, 9, 4) in rows
    assert ("住民記録_住民", "value changed", 7, 2, None, None, None, None) in rows
    # sums are exact decimal strings, not floats Excel would round
    exact = ("12345678901234567.89", "12345678901234567.90", "0.01")
    assert ("住民記録_住民", "年税額", *exact, 1, 0, None) in rows
    assert ("住民記録_住民", "性別", "1", 5, 4, -1, None, None) in rows
    assert ("住民記録_住民", "before", "before/住民記録_住民.csv", 100, "a" * 64, "CRLF", None, None) in [
        (r[0], str(r[1]).lower(), *r[2:]) for r in rows
    ]
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Summary", "Differences"]


def test_no_identifying_value_unless_show_values(schema: SchemaSet) -> None:
    result = _result()
    for show in (False, True):
        text = xlsx_text(reconcile_xlsx.render(result, ReportOptions.of(schema, show_values=show)))
        for value in (SECRET_NAME, SECRET_KEY, "秘密の列", "HYPERLINK"):
            assert (value in text) is show, (value, show)


def test_same_result_same_bytes(schema: SchemaSet) -> None:
    opts = ReportOptions.of(schema)
    assert reconcile_xlsx.render(_result(), opts) == reconcile_xlsx.render(_result(), opts)


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("reconcile_xlsx")
    before = root / "before"
    generate(before, rows=40, seed=3)
    after = root / "after"
    shutil.copytree(before, after)
    path = after / "個人住民税_課税.csv"
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    col = header.index("年税額")
    rows[0][col] = str(int(rows[0][col] or 0) + 5)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header, *rows])
    return before, after


def test_cli_writes_xlsx_to_a_file_a_folder_and_a_pipe(
    dumps: tuple[Path, Path], schema: SchemaSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, after = dumps
    run = CliRunner().invoke
    target = tmp_path / "突合.xlsx"
    got = run(main, ["reconcile", str(before), str(after), "--format", "xlsx", "-o", str(target)])
    assert got.exit_code == 1, got.output
    result = reconcile(before, after, schema)
    (only,) = result.differences
    _, _, row = _rows(target.read_bytes(), 1)
    assert (row[1], row[3], row[6], row[7]) == ("値の相違", "年税額", only.line_before, only.line_after)
    summary = {r[0]: r[1] for r in _rows(target.read_bytes(), 0)}
    assert summary["計"] == result.total == 1 and summary["一覧"] == 1
    out = tmp_path / "out"
    got = run(main, ["reconcile", str(before), str(after), "--format", "csv,xlsx", "--output-dir", str(out)])
    assert got.exit_code == 1, got.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["reconcile.csv", "reconcile.summary.json", "reconcile.xlsx"]
    assert (out / "reconcile.xlsx").read_bytes()[:2] == b"PK"
    piped = run(main, ["reconcile", str(before), str(after), "--format", "xlsx"])
    assert piped.exit_code == 1 and piped.stdout_bytes[:2] == b"PK"
    monkeypatch.setattr(validate_cmd, "_stdout_is_terminal", lambda: True)
    refused = run(main, ["reconcile", str(before), str(after), "--format", "xlsx"])
    assert refused.exit_code == 2 and "xlsx needs -o" in refused.output


def test_a_long_text_is_cut_and_an_identical_result_has_an_empty_listing(schema: SchemaSet) -> None:
    long = "字" * 40_000
    layout = LayoutResult("住民記録_住民", FILE, ("宛名番号",), None, None, counts={"changed": 1})
    layout.listed = [Difference(FILE, "changed", (("宛名番号", "1"),), "氏名", long, "x", 2, 2)]
    skipped = [("after", "after/unknown.csv", "レイアウトが不明", "unknown layout")]
    result = ReconcileResult(long, "a", "参照", [layout], skipped=skipped)
    opts = ReportOptions.of(schema, show_values=True)
    rows = _rows(reconcile_xlsx.render(result, opts), 1)
    assert rows[2][4] == opts.shown(long, "氏名")  # as the other formats show it (cut by the masking)
    before = _rows(reconcile_xlsx.render(result, opts), 0)[2][1]
    assert len(str(before)) == 32_767 and str(before).endswith("…")  # Excel's cell limit
    summary = _rows(reconcile_xlsx.render(result, ReportOptions.of(schema, lang="en")), 0)
    assert ("AFTER", "after/unknown.csv", "unknown layout", None, None, None, None, None) in [
        (str(r[0]).upper(), *r[1:]) for r in summary
    ]
    same = ReconcileResult("b", "a", "参照", [LayoutResult("住民記録_住民", FILE, ("宛名番号",), None, None)])
    data = reconcile_xlsx.render(same, ReportOptions.of(schema))
    assert ("判定", "一致（差異なし）") in [r[:2] for r in _rows(data, 0)]
    note, header = _rows(data, 1)
    assert str(note[0]).startswith("差異 0 件のうち 0 件") and header[0] == "ファイル"
