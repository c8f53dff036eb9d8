"""Malformed schema sets and configs: each gives a SchemaError naming the file and the JSON path (or line)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conformance.schema.documents import SchemaError
from conformance.schema.loader import bundled_schema_root, load_schema_set
from conformance.schema.model import Settings
from conformance.schema.settings import load_config

RESIDENTS = "layouts/住民記録_住民.json"


@pytest.fixture()
def schema_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled set to break."""
    root = tmp_path / "set"
    shutil.copytree(bundled_schema_root(), root)
    return root


def edit_json(path: Path, change: Callable[[Any], None]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")


def item(doc: Any, name: str) -> dict[str, Any]:
    return next(i for i in doc["items"] if i["項目名"] == name)


def load_error(root: Path, **kwargs: Any) -> SchemaError:
    with pytest.raises(SchemaError) as info:
        load_schema_set(root, **kwargs)
    return info.value


def assert_located(error: SchemaError, file: Path, path: str, *words: str) -> None:
    assert (Path(error.file), error.path) == (file, path), str(error)
    for word in words:
        assert word in error.problem, error.problem
    assert str(error) == f"{file}: {path}: {error.problem}"
    assert "\n" not in str(error)


# --- layouts ---


def test_wrong_type_of_max_length(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: d["items"][0].__setitem__("最大桁数", "6"))
    assert_located(
        load_error(schema_copy),
        schema_copy / RESIDENTS,
        "$.items[0].最大桁数",
        "expected integer or null",
        "string",
    )


def test_unknown_data_type(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: d["items"][2].__setitem__("データ型", "数値"))
    assert_located(load_error(schema_copy), schema_copy / RESIDENTS, "$.items[2].データ型", '"数値"', "整数")


def test_unknown_code_table(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: item(d, "性別").__setitem__("コード表", "性別区分"))
    assert_located(
        load_error(schema_copy), schema_copy / RESIDENTS, "$.items[14].コード表", "'性別区分'", "not loaded"
    )


def test_code_type_without_table(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: item(d, "性別").__setitem__("コード表", None))
    assert_located(
        load_error(schema_copy), schema_copy / RESIDENTS, "$.items[14].コード表", "needs a コード表"
    )


def test_condition_that_does_not_parse(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: item(d, "氏名").__setitem__("条件", "住民種別=1 and"))
    assert_located(load_error(schema_copy), schema_copy / RESIDENTS, "$.items[6].条件", "does not parse")


def test_condition_naming_an_unknown_item(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: item(d, "氏名").__setitem__("条件", "住民区分=1"))
    assert_located(
        load_error(schema_copy),
        schema_copy / RESIDENTS,
        "$.items[6].条件",
        "'住民区分'",
        "not an item of this layout",
    )


def test_non_calendar_condition_naming_an_unknown_item(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: item(d, "異動日").__setitem__("暦外可", "事由=13"))
    assert_located(load_error(schema_copy), schema_copy / RESIDENTS, "$.items[36].暦外可", "'事由'")


def test_unknown_allowed_needs_its_companion(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: item(d, "住民となった年月日").__setitem__("不詳可", "○"))
    assert_located(
        load_error(schema_copy), schema_copy / RESIDENTS, "$.items[19].不詳可", "'住民となった年月日不詳表記'"
    )


def test_conditional_item_needs_a_condition(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: item(d, "氏名").__setitem__("条件", None))
    assert_located(load_error(schema_copy), schema_copy / RESIDENTS, "$.items[6].条件", "needs a 条件")


def test_item_numbers_are_positions(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: d["items"][3].__setitem__("項目番号", 5))
    assert_located(load_error(schema_copy), schema_copy / RESIDENTS, "$.items[3].項目番号", "expected 4")


def test_unknown_item_key(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: d["items"][1].__setitem__("桁数", 3))
    assert_located(load_error(schema_copy), schema_copy / RESIDENTS, "$.items[1].桁数", "unknown key '桁数'")


def test_bad_regular_expression(schema_copy: Path) -> None:
    edit_json(schema_copy / RESIDENTS, lambda d: item(d, "在留カード等番号").__setitem__("書式", "[A-Z"))
    assert_located(load_error(schema_copy), schema_copy / RESIDENTS, "$.items[33].書式", "regular expression")


def test_invalid_json(schema_copy: Path) -> None:
    path = schema_copy / "layouts/法人住民税_申告.json"
    path.write_text('{\n  "format": "conformance.layout/1",\n  "name": x\n}\n', encoding="utf-8")
    assert_located(load_error(schema_copy), path, "line 3, column 11", "invalid JSON")


def test_duplicate_json_key(schema_copy: Path) -> None:
    path = schema_copy / "dataset.json"
    text = path.read_text(encoding="utf-8").replace(
        '"codes_dir": "codes",', '"codes_dir": "codes",\n  "codes_dir": "x",'
    )
    path.write_text(text, encoding="utf-8")
    error = load_error(schema_copy)
    assert Path(error.file) == path
    assert error.problem == "duplicate key 'codes_dir' in an object"
    line = text.splitlines().index('  "codes_dir": "x",') + 1
    assert error.path == f"line {line}, column 3"


# --- dataset ---


def test_missing_layout_file(schema_copy: Path) -> None:
    (schema_copy / "layouts/軽自動車税_車両.json").unlink()
    assert_located(
        load_error(schema_copy),
        schema_copy / "dataset.json",
        "$.files.軽自動車税_車両.layout",
        "layout file not found",
    )


def test_primary_key_names_an_unknown_item(schema_copy: Path) -> None:
    edit_json(
        schema_copy / "dataset.json",
        lambda d: d["files"]["法人住民税_申告"].__setitem__("primary_key", ["団体コード", "法人番号x"]),
    )
    assert_located(
        load_error(schema_copy),
        schema_copy / "dataset.json",
        "$.files.法人住民税_申告.primary_key[1]",
        "'法人番号x'",
    )


def test_foreign_key_references_an_unknown_file(schema_copy: Path) -> None:
    def change(d: Any) -> None:
        d["files"]["個人住民税_課税"]["foreign_keys"][0]["references_any"][1]["file"] = "住登外者"

    edit_json(schema_copy / "dataset.json", change)
    assert_located(
        load_error(schema_copy),
        schema_copy / "dataset.json",
        "$.files.個人住民税_課税.foreign_keys[0].references_any[1].file",
        "'住登外者'",
    )


def test_group_filter_names_an_unknown_item(schema_copy: Path) -> None:
    edit_json(
        schema_copy / "dataset.json",
        lambda d: d["files"]["住民記録_住民"]["groups"][0].__setitem__("filter", "状態=1"),
    )
    assert_located(
        load_error(schema_copy),
        schema_copy / "dataset.json",
        "$.files.住民記録_住民.groups[0].filter",
        "'状態'",
    )


def test_unknown_rule_id(schema_copy: Path) -> None:
    edit_json(schema_copy / "dataset.json", lambda d: d["files"]["住民記録_住登外者"]["rules"].append("X99"))
    assert_located(
        load_error(schema_copy), schema_copy / "dataset.json", "$.files.住民記録_住登外者.rules[2]", "'X99'"
    )


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            lambda d: d["files"]["住民記録_住民"]["rules"].__setitem__(0, "X99"),
            "$.files.住民記録_住民.rules[0]",
        ),
        (
            lambda d: d["files"]["個人住民税_課税"]["foreign_keys"][0].__setitem__("rule", "X99"),
            "$.files.個人住民税_課税.foreign_keys[0].rule",
        ),
        (lambda d: d["dataset_rules"][0].__setitem__("rule", "X99"), "$.dataset_rules[0].rule"),
        (
            lambda d: d.setdefault("settings", {}).__setitem__("disabled_rules", ["X99"]),
            "$.settings.disabled_rules[0]",
        ),
        (
            lambda d: d.setdefault("settings", {}).__setitem__("severity", {"X99": "info"}),
            "$.settings.severity.X99",
        ),
    ],
)
def test_unknown_rule_ids_are_located_and_named(
    schema_copy: Path, change: Callable[[Any], None], path: str
) -> None:
    """Rule ids are checked by the meta-schema's generated enum, but read as a person's message."""
    edit_json(schema_copy / "dataset.json", change)
    error = load_error(schema_copy)
    assert_located(error, schema_copy / "dataset.json", path)
    assert error.problem == "unknown rule id 'X99'"


def test_dataset_rule_needs_a_known_file(schema_copy: Path) -> None:
    edit_json(schema_copy / "dataset.json", lambda d: d["dataset_rules"][1]["needs"].__setitem__(0, "住民"))
    assert_located(
        load_error(schema_copy), schema_copy / "dataset.json", "$.dataset_rules[1].needs[0]", "'住民'"
    )


def test_era_code_not_in_era_table(schema_copy: Path) -> None:
    edit_json(schema_copy / "dataset.json", lambda d: d["eras"][4].__setitem__("code", "6"))
    assert_located(
        load_error(schema_copy), schema_copy / "dataset.json", "$.eras[4].code", "not in the 年号 table"
    )


def test_era_last_year_must_match_last_day(schema_copy: Path) -> None:
    edit_json(schema_copy / "dataset.json", lambda d: d["eras"][3].__setitem__("last_year", 30))
    assert_located(
        load_error(schema_copy), schema_copy / "dataset.json", "$.eras[3].last_year", "2018", "2019"
    )


def test_misspelt_identifying_item(schema_copy: Path) -> None:
    edit_json(schema_copy / "dataset.json", lambda d: d["identifying_items"].append("氏名フリカナ"))
    assert_located(
        load_error(schema_copy), schema_copy / "dataset.json", "$.identifying_items[30]", "'氏名フリカナ'"
    )


def test_unknown_dataset_key(schema_copy: Path) -> None:
    edit_json(schema_copy / "dataset.json", lambda d: d.__setitem__("layout_dir", "layouts"))
    assert_located(
        load_error(schema_copy), schema_copy / "dataset.json", "$.layout_dir", "unknown key 'layout_dir'"
    )


def test_settings_in_dataset_are_checked(schema_copy: Path) -> None:
    edit_json(schema_copy / "dataset.json", lambda d: d["settings"].__setitem__("m11_remainder1", "one"))
    assert_located(
        load_error(schema_copy),
        schema_copy / "dataset.json",
        "$.settings.m11_remainder1",
        "zero, reject, any",
    )


def test_not_a_schema_set(tmp_path: Path) -> None:
    error = load_error(tmp_path)
    assert (Path(error.file), error.path) == (tmp_path, "")
    assert "dataset.json not found" in error.problem


# --- code tables ---


def test_duplicate_code_in_a_table(schema_copy: Path) -> None:
    path = schema_copy / "codes/性別.csv"
    path.write_text(path.read_text(encoding="utf-8") + "1,男（重複）,\n", encoding="utf-8")
    assert_located(load_error(schema_copy), path, "line 4", "duplicate コード '1' (also line 2)")


def test_platform_dependent_entry_must_be_a_code_point(schema_copy: Path) -> None:
    path = schema_copy / "codes/機種依存文字.csv"
    path.write_text("コード,名称,備考\nU+32FF,㋿,\n①,①,\n", encoding="utf-8")
    assert_located(load_error(schema_copy), path, "line 3", "not a code point")


def test_codes_override_replaces_and_adds_tables(schema_copy: Path, tmp_path: Path) -> None:
    official = tmp_path / "official"
    official.mkdir()
    (official / "性別.csv").write_text(
        "\ufeffコード,名称,備考\n1,男,\n2,女,\n9,適用不能,公式\n", encoding="utf-8"
    )
    (official / "続柄.csv").write_text("コード,名称\n01,世帯主\n", encoding="utf-8")
    schema = load_schema_set(schema_copy, codes_dir=official)
    table = schema.code_tables["性別"]
    assert table.values == frozenset({"1", "2", "9"})
    assert [(c.code, c.label, c.note) for c in table.codes][-1] == ("9", "適用不能", "公式")
    assert table.source == str(official / "性別.csv")
    assert schema.code_tables["続柄"].values == frozenset({"01"})
    assert schema.code_tables["住民種別"].source == "codes/住民種別.csv"  # untouched tables stay


def test_codes_override_can_break_a_reference(schema_copy: Path, tmp_path: Path) -> None:
    official = tmp_path / "official"
    official.mkdir()
    (official / "機種依存文字.csv").write_text("コード,名称,備考\nU+2460,①,\n", encoding="utf-8")
    assert load_schema_set(schema_copy, codes_dir=official).platform_dependent == frozenset({0x2460})
    (official / "年号.csv").write_text("コード,名称,備考\n01,明治,\n", encoding="utf-8")
    assert_located(
        load_error(schema_copy, codes_dir=official),
        schema_copy / "dataset.json",
        "$.eras[0].code",
        "'1'",
        "年号",
    )


def test_codes_dir_must_exist(tmp_path: Path) -> None:
    error = load_error(bundled_schema_root(), codes_dir=tmp_path / "none")
    assert (Path(error.file), error.problem) == (tmp_path / "none", "code-table folder not found")


# --- config ---


def write_config(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_config_overrides_settings(tmp_path: Path) -> None:
    (tmp_path / "pua.csv").write_text(
        "コードポイント,対応\nU+E000,MJ012345\nU+F0001,U+6589 U+E0103\n", encoding="utf-8"
    )
    (tmp_path / "mj.txt").write_text(
        "# MJ ideographs outside JIS X 0213\nU+20BB7\n\nU+9AD9  # 髙\n", encoding="utf-8"
    )
    config = write_config(
        tmp_path,
        {
            "m11_remainder1": "reject",
            "severity": {"F11": "info", "X4": "warning"},
            "disabled_rules": ["X30"],
            "byte_length_items": ["住所", "住民記録_住登外者:氏名"],
            "pua_map": "pua.csv",
            "repertoire": "mj.txt",
            "processing_date": "2024-04-01",
        },
    )
    settings = load_schema_set(config=config).settings
    assert settings == Settings(
        m11_remainder1="reject",
        severity_overrides={"F11": "info", "X4": "warning"},
        disabled_rules=frozenset({"X30"}),
        byte_length_items=frozenset({"住所", "住民記録_住登外者:氏名"}),
        pua_map={0xE000: "MJ012345", 0xF0001: "U+6589 U+E0103"},
        extra_repertoire=frozenset({0x20BB7, 0x9AD9}),
        processing_date="2024-04-01",
    )


def test_load_config_keeps_unset_fields(tmp_path: Path) -> None:
    base = Settings(m11_remainder1="any", severity_overrides={"X5": "info"})
    settings = load_config(write_config(tmp_path, {"severity": {"X6": "info"}}), base)
    assert settings.m11_remainder1 == "any"
    assert settings.severity_overrides == {"X5": "info", "X6": "info"}
    assert base.severity_overrides == {"X5": "info"}  # the input is not modified


def test_unknown_config_key(tmp_path: Path) -> None:
    config = write_config(tmp_path, {"m11_remainder1": "zero", "m11": "zero"})
    error = load_error(bundled_schema_root(), config=config)
    assert_located(error, config, "$.m11", "unknown key 'm11'", "m11_remainder1")


@pytest.mark.parametrize(
    ("doc", "path", "word"),
    [
        ({"severity": {"F99": "error"}}, "$.severity.F99", "unknown rule id"),
        ({"severity": {"F11": "fatal"}}, "$.severity.F11", "error, warning, info"),
        ({"disabled_rules": ["C1", "Z1"]}, "$.disabled_rules[1]", "'Z1'"),
        ({"byte_length_items": ["住所", "住所２"]}, "$.byte_length_items[1]", "not an item of any layout"),
        (
            {"byte_length_items": ["法人住民税_申告:氏名"]},
            "$.byte_length_items[0]",
            "not an item of 法人住民税_申告",
        ),
        ({"processing_date": "2023-02-29"}, "$.processing_date", "not a real date"),
        ({"pua_map": "missing.csv"}, "$.pua_map", "file not found"),
    ],
)
def test_bad_config_values(tmp_path: Path, doc: dict[str, Any], path: str, word: str) -> None:
    config = write_config(tmp_path, doc)
    assert_located(load_error(bundled_schema_root(), config=config), config, path, word)


def test_pua_map_must_map_private_use_code_points(tmp_path: Path) -> None:
    (tmp_path / "pua.csv").write_text(
        "コードポイント,対応\nU+E000,MJ012345\nU+6589,MJ000001\n", encoding="utf-8"
    )
    config = write_config(tmp_path, {"pua_map": "pua.csv"})
    assert_located(
        load_error(bundled_schema_root(), config=config),
        tmp_path / "pua.csv",
        "line 3",
        "not a private-use code point",
    )


def test_config_invalid_json(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text('{"m11_remainder1": "zero",}', encoding="utf-8")
    assert_located(
        load_error(bundled_schema_root(), config=config), config, "line 1, column 27", "invalid JSON"
    )
