"""Reading workbooks as people make them, within bounds: headers, merges, numbers, sections, refusals."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.cli import main
from conformance.schema.importer import import_grid, import_sheet, import_workbook
from conformance.schema.located import ImportProblem, ImportProblems
from conformance.schema.vocabulary import load_vocabulary
from conformance.schema.workbook import (
    Grid,
    Merge,
    WorkbookLimits,
    check_archive,
    read_csv_grid,
    read_workbook,
)
from tests.workbooks import simple_book as book

HEAD = ["項目番号", "項目名", "データ型", "最大桁数", "必須"]
VOCABULARY = load_vocabulary()


def problem(path: Path, **kwargs: object) -> ImportProblem:
    with pytest.raises((ImportProblem, ImportProblems)) as info:
        import_workbook(path, **kwargs)  # type: ignore[arg-type]
    exc = info.value
    return exc.problems[0] if isinstance(exc, ImportProblems) else exc


def test_two_level_header_below_a_title_with_parent_leaf_joins(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["レイアウト 基本データリスト", None, None, None, None, None],
        ["項番", "項目名", "属性", None, "桁数", None],
        [None, None, "データ型", "必須", "最大", "最小"],
        [1, "A", "文字列（全角）", "◯", "１０", 2],
        [2, "B", "年月日", "－", None, None],
    ]
    path = book(tmp_path / "x.xlsx", rows, ("A1:F1", "A2:A3", "B2:B3", "C2:D2", "E2:F2"))
    items = import_sheet(path)["items"]
    assert [(i["データ型"], i["必須"], i["最大桁数"], i["最小桁数"]) for i in items] == [
        ("全角文字列", "○", 10, 2),
        ("日付", "", None, None),
    ]


def test_leaf_plus_parent_and_parent_slash_leaf(tmp_path: Path) -> None:
    words = tmp_path / "w.json"
    words.write_text('{"synonyms": {"属性/種別": "データ型"}}', encoding="utf-8")
    rows: list[list[object]] = [
        ["No", "項目名", "属性", "桁数", None],
        [None, None, "種別", "最大", "最小"],
        [1, "A", "数字", 3, 1],
    ]
    path = book(tmp_path / "x.xlsx", rows, ("A1:A2", "B1:B2", "D1:E1"))
    words_vocab = load_vocabulary(words)
    words_vocab.columns.pop("最大")  # force 最大 + 桁数 → 最大桁数 (leaf+parent)
    words_vocab.columns.pop("最小")
    result = import_workbook(path, words_vocab)
    headers = {c.header: c.target for c in result.layouts[0].columns}
    assert headers == {
        "No": "項目番号",
        "項目名": "項目名",
        "属性/種別": "データ型",
        "桁数/最大": "最大桁数",
        "桁数/最小": "最小桁数",
    }


def test_section_rows_body_merges_numbers_and_gaps(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        [*HEAD, "備考"],
        ["■ 世帯情報"],
        ["３", "A", "数字", "5", "○", "共通の備考"],
        [7, "B", "数字", 5.0, "○", None],
        ["【個人】"],
        [8, "C", "数字", "-", None, None],
    ]
    path = book(tmp_path / "x.xlsx", rows, ("A2:F2", "F3:F4", "A5:F5"))
    result = import_workbook(path)
    layout = result.layouts[0]
    items = layout.doc["items"]
    assert [(i["項目番号"], i.get("区分"), i["備考"], i["最大桁数"]) for i in items] == [
        (1, "世帯情報", "共通の備考", 5),
        (2, "世帯情報", "共通の備考", 5),
        (3, "個人", "", None),
    ]
    assert layout.renumbered == [(3, 3, 1), (4, 7, 2), (6, 8, 3)]


def test_duplicate_number_names_both_rows_in_both_languages(tmp_path: Path) -> None:
    path = book(tmp_path / "x.xlsx", [HEAD, [1, "A", "数字", 1, ""], ["１", "B", "数字", 1, ""]])
    error = problem(path)
    assert error.message("ja") == f"{path}: シート「L」: セル A3: 項目番号 1 が 2行目と3行目の両方にあります"
    assert error.message("en") == f"{path}: sheet 'L': cell A3: 項目番号 1 appears in rows 2 and 3"


def test_formulas_are_never_evaluated_and_codes_keep_leading_zeros(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append(["コード", "名称"])
    ws.append([1, "=1+1"])
    ws["A2"].number_format = "00"
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    grid = read_workbook(path)[0]
    assert grid.rows[1] == ["01", ""]  # no cached value was saved: nothing is computed


def test_sheets_without_a_header_are_skipped_with_a_reason(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    cover = workbook.active
    assert cover is not None
    cover.title = "表紙"
    cover.append(["基本データリスト 第3.0版"])
    workbook.create_sheet("空")
    ws = workbook.create_sheet("住民")
    ws.append(HEAD)
    ws.append([1, "A", "数字", 1, ""])
    path = tmp_path / "b.xlsx"
    workbook.save(path)
    result = import_workbook(path)
    assert [(s.sheet, s.en) for s in result.skipped] == [
        ("表紙", "no 基本データリスト header (columns not found: 項目番号, 項目名, データ型)"),
        ("空", "an empty sheet"),
    ]
    assert (result.provenance.version, result.provenance.version_from) == ("第3.0版", "cover sheet")
    assert (result.provenance.date, result.provenance.date_from) == (None, "unknown")


def _zip(path: Path, parts: dict[str, bytes], big: tuple[str, int] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        if big is not None:
            with archive.open(big[0], "w", force_zip64=True) as part:
                chunk = b"<c>" + b" " * (1024 * 1024 - 7) + b"</c>"
                for _ in range(big[1]):
                    part.write(chunk)
    return path


def test_zip_bomb_refused_from_the_directory_alone(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "bomb.xlsx", {"[Content_Types].xml": b"<Types/>"}, ("xl/worksheets/sheet1.xml", 80)
    )
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ImportProblem) as info:
            read_workbook(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024
    assert (
        info.value.en
        == "part xl/worksheets/sheet1.xml expands to 80 MiB, more than 64 MiB: refused as a possible zip bomb"
    )


def test_ratio_parts_and_dtd_refused(tmp_path: Path) -> None:
    dense = _zip(tmp_path / "r.xlsx", {}, ("xl/worksheets/sheet1.xml", 3))
    with pytest.raises(ImportProblem, match=r"expands [0-9]+-fold, more than 200"):
        check_archive(dense, WorkbookLimits())
    many = _zip(tmp_path / "m.xlsx", {f"p{i}.bin": b"" for i in range(11)})
    with pytest.raises(ImportProblem, match="has 11 parts, more than 10"):
        check_archive(many, WorkbookLimits(max_parts=10))
    dtd = _zip(
        tmp_path / "d.xlsx", {"xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'}
    )
    with pytest.raises(ImportProblem, match=r"part xl/workbook\.xml declares a DTD"):
        check_archive(dtd, WorkbookLimits())


def test_row_and_cell_bounds_counted_as_read(tmp_path: Path) -> None:
    path = book(tmp_path / "x.xlsx", [HEAD] + [[n, f"I{n}", "数字", 1, ""] for n in range(1, 30)])
    with pytest.raises(ImportProblem, match="more than 10 rows in one sheet"):
        read_workbook(path, WorkbookLimits(max_rows=10))
    with pytest.raises(ImportProblem, match="more than 100 cells in the workbook"):
        read_workbook(path, WorkbookLimits(max_cells=100))
    csv = tmp_path / "x.csv"
    csv.write_text("\n".join(["a,b"] * 20), encoding="utf-8")
    with pytest.raises(ImportProblem, match="more than 10 rows"):
        read_csv_grid(csv, WorkbookLimits(max_rows=10))


def test_damaged_workbook_exits_2_with_a_located_bilingual_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    runner = CliRunner()
    result = runner.invoke(main, ["schema", "init", str(tmp_path / "set")])
    assert result.exit_code == 0
    result = runner.invoke(
        main, ["schema", "import", str(path), "--into", str(tmp_path / "set"), "--lang", "en"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {path}: not a readable XLSX workbook (damaged ZIP archive")
    assert "Traceback" not in result.stderr
    result = runner.invoke(main, ["schema", "import", str(path), "--into", str(tmp_path / "set")])
    assert result.stderr.startswith(f"エラー: {path}: XLSXブックとして読めません")
    sheet = zipfile.ZipFile(book(tmp_path / "ok.xlsx", [HEAD]))
    damaged = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(damaged, "w") as out:
        for info in sheet.infolist():
            data = sheet.read(info)
            out.writestr(info, b"<worksheet><sheetData><row" if "worksheets/sheet" in info.filename else data)
    result = runner.invoke(
        main, ["schema", "import", str(damaged), "--into", str(tmp_path / "set"), "--lang", "en"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {damaged}: cannot open the workbook (ParseError")


def test_csv_in_shift_jis_and_a_bad_synonyms_file(tmp_path: Path) -> None:
    sheet = tmp_path / "住民.csv"
    sheet.write_bytes("項目番号,項目名,データ型\n1,氏名,全角\n".encode("cp932"))
    result = import_workbook(sheet)
    assert result.layouts[0].doc["items"][0]["データ型"] == "全角文字列"
    assert result.layouts[0].doc["source"] == "住民.csv"
    words = tmp_path / "w.toml"
    words.write_text('[データ型]\n"もじ" = "文字"\n', encoding="utf-8")
    with pytest.raises(ImportProblem) as info:
        load_vocabulary(words)
    assert "TOML" in info.value.en
    words.write_text('["データ型"]\n"もじ" = "文字"\n', encoding="utf-8")
    with pytest.raises(ImportProblem) as info:
        load_vocabulary(words)
    assert info.value.en.startswith(
        "データ型: 'もじ' maps to '文字', which is not allowed (allowed: '文字列', "
    )


WORDS = [
    "",
    "項目番号",
    "No.",
    "項目名",
    "データ型",
    "属性",
    "桁数",
    "最大",
    "必須",
    "備考",
    "■ 世帯",
    "1",
    "２",
    "-",
    "－",
    "文字列（全角）",
    "数字",
    "コード",
    "○",
    "△",
    "x",
    "a=1",
    "[0-9",
]


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(st.sampled_from(WORDS), max_size=7), max_size=9),
    merges=st.lists(
        st.tuples(st.integers(1, 9), st.integers(1, 7), st.integers(0, 2), st.integers(0, 3)), max_size=4
    ),
)
def test_sheets_never_seen_give_a_layout_a_skip_or_a_located_problem(
    rows: list[list[str]], merges: list[tuple[int, int, int, int]]
) -> None:
    grid = Grid("x.xlsx", "S", rows, tuple(Merge(r, c, r + h, c + w) for r, c, h, w in merges))
    try:
        layout = import_grid(grid, VOCABULARY, name="S", source="x.xlsx#S")
    except ImportProblem as problem:
        assert problem.where.file == "x.xlsx" and problem.ja and problem.en
        return
    if layout is not None:
        assert [i["項目番号"] for i in layout.doc["items"]] == list(range(1, len(layout.doc["items"]) + 1))


def test_a_hostile_synonyms_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    """A vocabulary file is bounded like every schema document: nesting depth, and never a blocking read."""
    import os

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ImportProblem) as info:
        load_vocabulary(deep)
    assert "nested deeper than 64" in info.value.en and "入れ子が深すぎます" in info.value.ja
    shallow_but_deep = tmp_path / "deep2.json"
    shallow_but_deep.write_text('{"note": ' + "[" * 80 + "]" * 80 + "}", encoding="utf-8")
    with pytest.raises(ImportProblem, match="nested deeper"):
        load_vocabulary(shallow_but_deep)
    fifo = tmp_path / "words.json"
    os.mkfifo(fifo)
    with pytest.raises(ImportProblem) as info:
        load_vocabulary(fifo)
    assert "not a regular file" in info.value.en
