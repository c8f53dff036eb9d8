"""``schema import-codes``: code tables from workbook sheets and CSV, found by synonyms, all or nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from conformance.cli import main
from conformance.schema.loader import load_schema_set


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["schema", *args])
    return result.exit_code, result.stdout, result.stderr


def new_set(tmp_path: Path) -> Path:
    target = tmp_path / "set"
    assert run("init", str(target))[0] == 0
    return target


def test_sheets_a_table_name_column_and_a_csv(tmp_path: Path) -> None:
    target = new_set(tmp_path)
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = "性別"
    ws.append(["性別コード表"])
    ws.append(["コード値", "コード名称", "説明"])
    ws.append([1, "男", None])
    ws.append([2, "女", "女性"])
    many = workbook.create_sheet("共通")
    many.append(["コード表名", "コード", "名称"])
    for table, code, label in [("続柄", 1, "本人"), ("続柄", 2, "妻"), ("世帯区分", 1, "一般")]:
        many.append([table, code, label])
    zeros = workbook.create_sheet("国籍・地域")
    zeros.append(["CD", "名称"])
    for code, label in [(156, "中国"), (4, "アフガニスタン"), (410, "韓国")]:
        zeros.append([code, label])
        zeros.cell(zeros.max_row, 1).number_format = "000"
    odd = workbook.create_sheet("申告区分")
    odd.append(["コード", "名称"])
    for code, label in [(1, "確定"), (10, "修正")]:
        odd.append([code, label])
    workbook.create_sheet("表紙").append(["コード表一覧"])
    path = tmp_path / "codes.xlsx"
    workbook.save(path)
    csv = tmp_path / "在留資格.csv"
    csv.write_text("コード,名称\n01,外交\n02,公用\n", encoding="utf-8")
    code, out, err = run("import-codes", str(path), str(csv), "--into", str(target), "--lang", "en")
    assert (code, err) == (0, ""), err
    assert "  code table 続柄: 2 codes (codes.xlsx#共通)\n" in out
    assert "check: digit codes differ in length (1, 2)" in out and out.count("check:") == 1
    assert "skipped codes.xlsx#表紙: no コード / 名称 header" in out
    tables = load_schema_set(target).code_tables
    assert [(c.code, c.label, c.note) for c in tables["性別"].codes] == [("1", "男", ""), ("2", "女", "女性")]
    assert [c.code for c in tables["国籍・地域"].codes] == ["156", "004", "410"]
    assert [c.code for c in tables["続柄"].codes] == ["1", "2"]
    assert [c.code for c in tables["在留資格"].codes] == ["01", "02"]


def test_duplicate_code_writes_nothing(tmp_path: Path) -> None:
    target = new_set(tmp_path)
    before = (target / "codes" / "性別.csv").read_bytes()
    good = tmp_path / "性別.csv"
    good.write_text("コード,名称\n1,男\n", encoding="utf-8")
    bad = tmp_path / "続柄.csv"
    bad.write_text("コード,名称\n1,本人\n1,妻\n", encoding="utf-8")
    code, out, err = run("import-codes", str(good), str(bad), "--into", str(target))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"エラー: {bad}: セル A3: コード表 続柄 のコード '1' が 2行目と3行目にあります",
        "何も書き込んでいません。",
    ]
    assert (target / "codes" / "性別.csv").read_bytes() == before
    assert not (target / "codes" / "続柄.csv").exists()
