"""Importing 基本データリスト-like sheets: CSV and XLSX, header synonyms, and located errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conformance.schema.importer import SheetImportError, build_bundled, import_sheet
from conformance.schema.loader import bundled_schema_root
from conformance.schema.located import column_letter
from conformance.schema.vocabulary import load_vocabulary

SHEETS = bundled_schema_root() / "sheets"
HEADER = "項目番号,項目名,データ型,最大桁数,最小桁数,必須,コード表,書式,不詳可,暦外可,条件,備考,確度,根拠"
# An official-looking header: every column under a synonym, with full-width/odd spacing and case.
SYNONYM_HEADER = [
    "Ｎｏ．",
    "データ項目名",
    "型",
    "桁数",
    "最小 桁数",
    "必須区分",
    "コード名",
    "形式",
    "不詳可",
    "暦外可",
    "条件",
    "説明",
    "確度",
    "出典",
]
NUMBER_COLUMNS = {0, 3, 4}  # 項目番号, 最大桁数, 最小桁数: numbers in a real workbook


def write(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def import_error(path: Path, **kwargs: Any) -> SheetImportError:
    with pytest.raises(SheetImportError) as info:
        import_sheet(path, **kwargs)
    return info.value


def sheet_rows(name: str) -> list[list[str]]:
    with (SHEETS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_xlsx_with_synonym_headers_equals_the_csv(tmp_path: Path) -> None:
    rows = sheet_rows("住民記録_住民")
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "表紙"
    first.append(["基本データリスト（参照）"])
    sheet = workbook.create_sheet("住民記録_住民")
    sheet.append(["住民記録 移行ファイル 住民"])  # title rows above the header are skipped
    sheet.append([])
    sheet.append(SYNONYM_HEADER)
    for row in rows[1:]:
        sheet.append([int(v) if i in NUMBER_COLUMNS and v else (v or None) for i, v in enumerate(row)])
    path = tmp_path / "001_住民基本台帳_基本データリスト.xlsx"
    workbook.save(path)

    from_xlsx = import_sheet(path, sheet="住民記録_住民")
    from_csv = import_sheet(SHEETS / "住民記録_住民.csv")
    assert from_xlsx["items"] == from_csv["items"]
    assert from_xlsx["name"] == "住民記録_住民"
    assert from_xlsx["source"] == "001_住民基本台帳_基本データリスト.xlsx#住民記録_住民"
    assert import_sheet(path)["items"] == from_csv["items"]  # the cover sheet holds no header: skipped
    assert "no sheet '住民'" in import_error(path, sheet="住民").en


def test_csv_with_bom_equals_without(tmp_path: Path) -> None:
    text = (SHEETS / "住民記録_住登外者.csv").read_text(encoding="utf-8")
    with_bom = import_sheet(write(tmp_path / "住民記録_住登外者.csv", text, bom=True))
    assert with_bom == import_sheet(SHEETS / "住民記録_住登外者.csv")


def test_unknown_header_is_kept_and_a_user_synonym_maps_it(tmp_path: Path) -> None:
    sheet = write(tmp_path / "x.csv", "No.,論理名,データ属性,長さ,メモ\n1,宛名番号,数字,15,本人\n")
    assert import_sheet(sheet)["items"][0]["追加属性"] == {"メモ": "本人"}
    error = import_error(sheet, strict=True)
    assert (
        error.message("en")
        == f"{sheet}: row 1: unknown column 'メモ' (column 5) (--strict); map it with --synonyms FILE"
    )

    synonyms = tmp_path / "synonyms.json"
    synonyms.write_text(json.dumps({"synonyms": {"メモ": "備考"}}, ensure_ascii=False), encoding="utf-8")
    doc = import_sheet(sheet, vocabulary=load_vocabulary(synonyms), name="宛名")
    assert doc == {
        "format": "conformance.layout/1",
        "name": "宛名",
        "source": "sheets/x.csv",
        "items": [
            {
                "項目番号": 1,
                "項目名": "宛名番号",
                "データ型": "数字",
                "最大桁数": 15,
                "最小桁数": None,
                "必須": "",
                "コード表": None,
                "書式": None,
                "不詳可": None,
                "暦外可": None,
                "条件": None,
                "備考": "本人",
                "確度": "INFERRED",
                "根拠": [],
            }
        ],
    }


def test_synonym_must_name_a_column(tmp_path: Path) -> None:
    synonyms = tmp_path / "synonyms.json"
    synonyms.write_text('{"synonyms": {"メモ": "メモ欄"}}', encoding="utf-8")
    with pytest.raises(SheetImportError, match="'メモ' maps to 'メモ欄', which is not allowed"):
        load_vocabulary(synonyms)


def test_missing_mandatory_column(tmp_path: Path) -> None:
    error = import_error(write(tmp_path / "x.csv", "項目番号,項目名,桁数\n1,宛名番号,15\n"))
    assert error.en == "no 基本データリスト header (missing mandatory column データ型)"


def test_two_headers_for_one_column(tmp_path: Path) -> None:
    error = import_error(write(tmp_path / "x.csv", "項目番号,項目名,データ型,桁数,最大長\n1,A,数字,1,1\n"))
    assert (error.where.row, error.where.column) == (1, 5)
    assert error.en == "columns 4 (桁数) and 5 (最大長) both mean 最大桁数"


@pytest.mark.parametrize(
    ("row", "column", "problem"),
    [
        ("1,宛名番号,数の型,15,,○,,,,,,,,", "データ型", "unknown データ型 '数の型'"),
        ("1,宛名番号,数字,15桁,,○,,,,,,,,", "最大桁数", "最大桁数 must be a number, got '15桁'"),
        ("1,宛名番号,数字,15,,たぶん,,,,,,,,", "必須", "unknown 必須 value 'たぶん'"),
        ("1,宛名番号,数字,15,,○,,,,,,,確実,", "確度", "確度 must be VERIFIED, INFERRED or blank, got '確実'"),
        ("x,宛名番号,数字,15,,○,,,,,,,,", "項目番号", "項目番号 must be a number, got 'x'"),
        ("1,宛名番号,数字,5,6,○,,,,,,,,", "最小桁数", "最小桁数 6 is greater than 最大桁数 5"),
        ("1,宛名番号,数字,15,,△,,,,,,,,", "条件", "a △ (conditionally required) item needs a 条件"),
        ("1,宛名番号,数字,15,,△,,,,,住民区分=1,,,", "条件", "'住民区分', not an item of this layout"),
        ("1,宛名番号,コード,1,1,○,,,,,,,,", "コード表", "an item of type コード needs a コード表"),
        ("1,宛名番号,小数,12,,○,,12,,,,,,", "書式", "needs 書式 p.s"),
    ],
)
def test_bad_cells_are_located(tmp_path: Path, row: str, column: str, problem: str) -> None:
    error = import_error(write(tmp_path / "x.csv", f"{HEADER}\n{row}\n"))
    letter = column_letter(HEADER.split(",").index(column) + 1)
    assert problem in error.en
    assert error.message("en").startswith(f"{tmp_path / 'x.csv'}: cell {letter}2: ")
    assert error.message("ja").startswith(f"{tmp_path / 'x.csv'}: セル {letter}2: ")


def test_layout_problem_points_at_the_sheet_row(tmp_path: Path) -> None:
    text = f"{HEADER}\n1,宛名番号,数字,15,,○,,,,,,,,\n\n2,宛名番号,数字,15,,○,,,,,,,,\n"
    error = import_error(write(tmp_path / "x.csv", text))
    assert (error.where.row, error.where.column) == (4, 2)  # the blank line 3 is skipped but counted
    assert error.en == "項目名: duplicate 項目名 '宛名番号' (also item 1)"


def test_circle_look_alikes_and_defaults(tmp_path: Path) -> None:
    text = (
        "項番,項目名,型,必須,不詳可,暦外可\n1,生年月日,日付,\u25ef,\u3007,○\n2,生年月日不詳表記,文字列,,,\n"
    )
    items = import_sheet(write(tmp_path / "x.csv", text))["items"]
    assert [(i["必須"], i["不詳可"], i["暦外可"], i["確度"], i["根拠"], i["備考"]) for i in items] == [
        ("○", "○", "○", "INFERRED", [], ""),
        ("", None, None, "INFERRED", [], ""),
    ]


def test_value_under_a_blank_header(tmp_path: Path) -> None:
    error = import_error(write(tmp_path / "x.csv", "項目番号,項目名,データ型,\n1,A,数字,x\n"))
    assert (error.where.row, error.where.column) == (2, 4)
    assert error.en == "a value in column D, which has no header"


def test_unsupported_file_type(tmp_path: Path) -> None:
    assert "unsupported file type '.xls'" in import_error(write(tmp_path / "x.xls", "")).en


def test_build_bundled_regenerates_layouts(tmp_path: Path) -> None:
    (tmp_path / "sheets").mkdir()
    for name in ("住民記録_住登外者", "法人住民税_申告"):
        (tmp_path / "sheets" / f"{name}.csv").write_bytes((SHEETS / f"{name}.csv").read_bytes())
    written = build_bundled(tmp_path)
    assert written == [tmp_path / "layouts/住民記録_住登外者.json", tmp_path / "layouts/法人住民税_申告.json"]
    for path in written:
        assert path.read_bytes() == (bundled_schema_root() / "layouts" / path.name).read_bytes()
