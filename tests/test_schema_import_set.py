"""``schema init`` + ``schema import --into``: official-looking workbooks give a set judging as the bundle.

The done-when of issue 11: workbooks built from the 7 reference layouts the way people make them import
into a set that gives exactly the bundled set's findings on the samples and on an injected dataset, with
both engines; and an import is all or nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli import main
from conformance.sample.generator import generate
from conformance.schema.loader import load_schema_set
from conformance.schema.model import SchemaSet
from tests.conftest import REPO
from tests.test_fast_engine import findings
from tests.workbooks import LAYOUTS, official_workbook, official_workbooks, simple_book


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["schema", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("official")
    books = official_workbooks(folder / "books")
    target = folder / "set"
    assert run("init", str(target))[0] == 0
    for layout in (target / "layouts").glob("*.json"):
        layout.unlink()  # every layout must come from the workbooks
    code, out, err = run("import", *map(str, books), "--into", str(target))
    assert (code, err) == (0, ""), err
    return target, out


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("injected")
    generate(out, rows=40, seed=11, inject=True)
    return out


def test_imported_layouts_are_the_bundled_ones_plus_sections_and_ids(
    imported: tuple[Path, str], schema: SchemaSet
) -> None:
    root, _ = imported
    mine = load_schema_set(root)
    for name in LAYOUTS:
        items = mine.files[name].layout.items
        bundled = schema.files[name].layout.items
        assert [(i.section is not None, dict(i.extra)["データ項目ID"]) for i in items] == [
            (True, f"ID{n:04d}") for n in range(1, len(items) + 1)
        ]
        plain = [
            i.__class__(**{s: getattr(i, s) for s in i.__slots__ if s not in ("section", "extra")})
            for i in items
        ]
        assert plain == list(bundled)
    assert mine.files["住民記録_住民"].layout.source == (
        "001_住民基本台帳_基本データリスト【第2.1版】_20230929.xlsx#住民記録_住民"
    )


def test_provenance_from_file_name_and_cover(imported: tuple[Path, str]) -> None:
    root, _ = imported
    standard = json.loads((root / "dataset.json").read_text(encoding="utf-8"))["standard"]
    books = {w["file"]: w for w in standard["workbooks"]}
    first = books["001_住民基本台帳_基本データリスト【第2.1版】_20230929.xlsx"]
    assert (first["version"], first["version_from"], first["date"], first["date_from"]) == (
        "第2.1版",
        "file name",
        "2023-09-29",
        "file name",
    )
    assert first["sheets"] == LAYOUTS[:2]
    second = books["地方税_基本データリスト.xlsx"]
    assert (second["version"], second["version_from"], second["date"], second["date_from"]) == (
        "第1.1版",
        "cover sheet",
        "2023-03-31",
        "cover sheet",
    )
    assert standard["version"] == "第1.1版 / 第2.1版"
    assert standard["base"]["version"] == "spec reference 0.1"


@pytest.mark.parametrize("engine", ["reference", "fast"])
@pytest.mark.parametrize("data", ["valid", "invalid", "injected"])
def test_same_findings_as_the_bundled_set(
    imported: tuple[Path, str], injected: Path, schema: SchemaSet, engine: str, data: str
) -> None:
    folder = injected if data == "injected" else REPO / "samples" / data
    mine = load_schema_set(imported[0])
    expected = findings([folder], schema, engine)
    assert findings([folder], mine, engine) == expected
    assert (data == "valid") == (expected == [])


def test_report_says_what_was_imported_skipped_and_mapped(imported: tuple[Path, str]) -> None:
    _, out = imported
    assert (
        "ブック 001_住民基本台帳_基本データリスト【第2.1版】_20230929.xlsx: 版 第2.1版（ファイル名から）"
        in out
    )
    assert "取込み: シート「住民記録_住民」→ レイアウト 住民記録_住民（41項目、新規）" in out
    assert "飛ばしたシート「表紙」: 基本データリストの見出しがありません" in out
    assert "属性/データ型→データ型" in out
    assert "データ型 文字列（全角）→全角文字列" in out
    assert "追加属性として保持した列: データ項目ID, 改定区分" in out
    assert "区分: 基本情報, 詳細情報" in out


HEAD = ["項目番号", "項目名", "データ型", "最大桁数", "必須"]


def test_a_failing_sheet_writes_nothing_and_every_problem_is_reported(tmp_path: Path) -> None:
    target = tmp_path / "set"
    run("init", str(target))
    before = {p: p.read_bytes() for p in target.rglob("*") if p.is_file()}
    good = official_workbook(tmp_path / "good.xlsx", ["住民記録_住民"])
    bad = simple_book(tmp_path / "bad.xlsx", [HEAD, [1, "A", "文字列", 5, ""], [1, "B", "謎型", 5, ""]])
    bad2 = simple_book(tmp_path / "bad2.xlsx", [HEAD, [1, "A", "謎型", 5, ""]], title="M")
    code, out, err = run("import", str(good), str(bad), str(bad2), "--into", str(target), "--lang", "en")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: {bad}: sheet 'L': cell A3: 項目番号 1 appears in rows 2 and 3",
        f"error: {bad2}: sheet 'M': cell C2: unknown データ型 '謎型' (types: 文字列, 全角文字列, "
        "半角文字列, カナ, 英字氏名, 数字, 整数, 小数, 日付, 和暦日付, 日時, 年, コード; "
        "add a spelling with --synonyms FILE)",
        "nothing was written.",
    ]
    assert {p: p.read_bytes() for p in target.rglob("*") if p.is_file()} == before
    code, _, err = run("import", str(bad2), "--into", str(target))
    assert code == 2
    assert err.startswith(f"エラー: {bad2}: シート「M」: セル C2: データ型 '謎型' は不明です")


def test_unknown_column_is_kept_and_listed_once_strict_refuses(tmp_path: Path) -> None:
    target = tmp_path / "set"
    run("init", str(target))
    book = simple_book(
        tmp_path / "x.xlsx",
        [["メモ", *HEAD], ["a", 1, "A", "文字列", 5, ""], ["b", 2, "B", "数値", "", "－"]],
    )
    code, out, _ = run("import", str(book), "--into", str(target))
    assert code == 0
    assert out.count("メモ") == 1
    assert "不明な列（追加属性として保持。--strict で誤り）: メモ" in out
    assert "dataset.json のどのファイルもこのレイアウトを使っていません" in out
    doc = json.loads((target / "layouts" / "L.json").read_text(encoding="utf-8"))
    assert [i["追加属性"] for i in doc["items"]] == [{"メモ": "a"}, {"メモ": "b"}]
    code, _, err = run("import", str(book), "--into", str(target), "--strict", "--lang", "en")
    assert code == 2 and "unknown column 'メモ' (column 1) (--strict)" in err


def test_name_from_file_and_cell_and_synonyms_file(tmp_path: Path) -> None:
    target = tmp_path / "set"
    run("init", str(target))
    book = simple_book(
        tmp_path / "x.xlsx", [["様式名", "私の様式"], ["No", "名前", "種類"], [1, "A", "もじ"]]
    )
    toml = tmp_path / "words.toml"
    toml.write_text(
        '[synonyms]\n"名前" = "項目名"\n"種類" = "データ型"\n["データ型"]\n"もじ" = "文字列"\n', "utf-8"
    )
    assert (
        run("import", str(book), "--into", str(target), "--synonyms", str(toml), "--name-from", "cell:B1")[0]
        == 0
    )
    assert (
        json.loads((target / "layouts" / "私の様式.json").read_text("utf-8"))["items"][0]["データ型"]
        == "文字列"
    )
    assert (
        run("import", str(book), "--into", str(target), "--synonyms", str(toml), "--name-from", "file")[0]
        == 0
    )
    assert (target / "layouts" / "x.json").is_file()


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    code, _, err = run("init", str(tmp_path), "--lang", "en")
    assert code == 2 and "exists and is not an empty folder" in err
