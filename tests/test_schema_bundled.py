"""The bundled reference schema set: regenerable from its sheets, faithful to the spec, fully loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.schema.importer import import_sheet, layout_json
from conformance.schema.loader import bundled_schema_root, load_schema_set
from conformance.schema.model import ForeignKey, Group, History, Reference
from conformance.types.wareki import Era

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "schemas" / "reference"
LAYOUT_NAMES = [
    "住民記録_住民",
    "住民記録_住登外者",
    "個人住民税_課税",
    "固定資産税_土地",
    "固定資産税_家屋",
    "法人住民税_申告",
    "軽自動車税_車両",
]


def test_bundled_root_is_the_repository_copy_when_not_installed() -> None:
    assert bundled_schema_root() == ROOT


@pytest.mark.parametrize("name", LAYOUT_NAMES)
def test_layout_json_is_a_fresh_import_of_its_sheet(name: str) -> None:
    fresh = layout_json(import_sheet(ROOT / "sheets" / f"{name}.csv"))
    assert (ROOT / "layouts" / f"{name}.json").read_bytes() == fresh.encode("utf-8")


def test_no_stray_layouts_or_sheets() -> None:
    assert sorted(p.stem for p in (ROOT / "sheets").glob("*.csv")) == sorted(LAYOUT_NAMES)
    assert sorted(p.stem for p in (ROOT / "layouts").glob("*.json")) == sorted(LAYOUT_NAMES)


def test_items_of_one_layout_keep_every_column_typed() -> None:
    doc = import_sheet(ROOT / "sheets" / "住民記録_住民.csv")
    assert doc["format"] == "conformance.layout/1"
    assert doc["source"] == "sheets/住民記録_住民.csv"
    birth = doc["items"][11]
    assert birth == {
        "項目番号": 12,
        "項目名": "生年月日",
        "データ型": "日付",
        "最大桁数": 10,
        "最小桁数": 10,
        "必須": "○",
        "コード表": None,
        "書式": None,
        "不詳可": "○",
        "暦外可": "○",
        "条件": None,
        "備考": "西暦YYYY-MM-DDで保持（日本人住民の和暦表示は生年月日和暦）。"
        "不詳の場合は生年月日不詳表記に記載し本項目は空欄可。暦上日以外（例：平年の2月29日）も可",
        "確度": "INFERRED",
        "根拠": ["住基標準1.1.1", "住基標準1.1.2", "住基標準1.1.8"],
    }
    assert list(birth) == [
        "項目番号",
        "項目名",
        "データ型",
        "最大桁数",
        "最小桁数",
        "必須",
        "コード表",
        "書式",
        "不詳可",
        "暦外可",
        "条件",
        "備考",
        "確度",
        "根拠",
    ]
    assert doc["items"][32]["条件"] == "法第30条の45区分=1 and 在留資格!=08|32"
    assert doc["items"][36]["暦外可"] == "異動事由=13|33|36"
    assert doc["items"][23]["確度"] == "VERIFIED"


def test_load_bundled_set() -> None:
    schema = load_schema_set()
    counts = {name: len(spec.layout.items) for name, spec in schema.files.items()}
    assert counts == {
        "住民記録_住民": 41,
        "住民記録_住登外者": 13,
        "個人住民税_課税": 15,
        "固定資産税_土地": 14,
        "固定資産税_家屋": 12,
        "法人住民税_申告": 11,
        "軽自動車税_車両": 11,
    }
    assert schema.name == "住民記録・地方税 移行データ 参照データセット"
    assert schema.standard == {
        "title": "地方公共団体情報システムデータ要件・連携要件標準仕様書（基本データリスト） 参照レイアウト",
        "version": "spec reference 0.1",
        "source": "the reference spec kept beside the project (spec README.md, a reconstruction from public "
        "facts; see 根拠 per item)",
    }
    assert schema.root == ROOT
    assert schema.file_name_pattern == "{file}.csv"

    residents = schema.files["住民記録_住民"]
    assert residents.primary_key == ("宛名番号", "履歴番号")
    assert residents.history == History(("宛名番号",), "履歴番号")
    assert residents.groups == (Group("世帯", ("世帯番号",), "current", "住民状態=1"),)
    assert residents.rules == tuple(f"X{n}" for n in range(1, 21))
    assert residents.layout.item_names[:4] == ("団体コード", "宛名番号", "履歴番号", "世帯番号")
    assert residents.layout.source == "sheets/住民記録_住民.csv"
    assert schema.files["法人住民税_申告"].primary_key == (
        "団体コード",
        "法人番号",
        "事業年度開始日",
        "申告区分",
        "申告年月日",
    )
    refs = (Reference("住民記録_住民", ("宛名番号",)), Reference("住民記録_住登外者", ("宛名番号",)))
    assert schema.files["個人住民税_課税"].foreign_keys == (ForeignKey(("宛名番号",), refs, "X21"),)
    assert schema.files["固定資産税_土地"].foreign_keys == (ForeignKey(("納税義務者宛名番号",), refs, "X21"),)
    assert schema.files["軽自動車税_車両"].foreign_keys == (ForeignKey(("所有者宛名番号",), refs, "X21"),)
    assert schema.files["住民記録_住登外者"].foreign_keys == ()
    assert [(d.rule, d.files, d.needs) for d in schema.dataset_rules] == [
        (
            "X21",
            ("個人住民税_課税", "固定資産税_土地", "固定資産税_家屋", "軽自動車税_車両"),
            ("住民記録_住民", "住民記録_住登外者"),
        ),
        ("X22", ("住民記録_住登外者",), ("住民記録_住民",)),
        ("X25", ("個人住民税_課税",), ("住民記録_住民", "住民記録_住登外者")),
        ("X35", ("住民記録_住登外者",), ("住民記録_住民",)),
    ]


def test_bundled_items_code_tables_eras_and_defaults() -> None:
    schema = load_schema_set()
    item = schema.files["住民記録_住民"].layout.item("在留期間満了日")
    assert (item.number, item.data_type, item.max_length, item.min_length, item.required) == (
        33,
        "日付",
        10,
        10,
        "△",
    )
    assert item.condition == "法第30条の45区分=1 and 在留資格!=08|32"
    assert schema.files["住民記録_住民"].layout.item("郵便番号").basis == ("郵便番号モデル", "住基標準1.1.1")
    assert schema.files["固定資産税_土地"].layout.item("登記地積").format == "10.2"

    assert "機種依存文字" not in schema.code_tables  # F11 list, not a code table an item may name
    assert len(schema.code_tables) == 19
    assert schema.code_tables["国籍・地域"].codes[6].code == "076"  # leading zero kept
    assert schema.code_tables["性別"].values == frozenset({"1", "2"})
    assert schema.code_tables["性別"].source == "codes/性別.csv"
    assert len(schema.platform_dependent) == 91
    assert {0x32FF, 0x301C, 0xFF5E, 0x2460, 0x3231, 0xFF02} <= schema.platform_dependent

    assert schema.eras == (
        Era("1", "明治", (1873, 1, 1), (1912, 7, 30), 45, 1868),
        Era("2", "大正", (1912, 7, 30), (1926, 12, 25), 15, 1912),
        Era("3", "昭和", (1926, 12, 25), (1989, 1, 7), 64, 1926),
        Era("4", "平成", (1989, 1, 8), (2019, 4, 30), 31, 1989),
        Era("5", "令和", (2019, 5, 1), None, None, 2019),
    )
    assert {"宛名番号", "氏名", "個人番号", "住所", "所在地", "車台番号"} <= schema.identifying_items
    assert not {"法人番号", "法人名称", "課税区分", "年税額"} & schema.identifying_items
    assert schema.settings.m11_remainder1 == "zero"
    assert schema.settings.severity_overrides == {}
    assert schema.settings.processing_date is None


def test_dataset_json_path_is_accepted_as_root() -> None:
    schema = load_schema_set(ROOT / "dataset.json")
    assert schema.root == ROOT
    assert len(schema.files) == 7
