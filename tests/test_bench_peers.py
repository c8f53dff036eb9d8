"""The benchmark peers check what they claim: a 300-row sample with known faults gives exact counts per check.

The peers are optional (``[bench]`` extra): a peer that is not installed is skipped. No timing here.
"""

from __future__ import annotations

import csv
import dataclasses
import importlib
from pathlib import Path
from types import ModuleType

import pytest

from benchmarks.peers import MODULES, PeerResult, installed
from benchmarks.peers.subset import ColumnRule, derive_subset, portable_regex, python_pattern
from conformance.sample.generator import generate
from conformance.schema.model import SchemaSet

RESIDENT = "住民記録_住民"
TAX = "個人住民税_課税"
QUOTED_EMPTY = object()  # a cell written as "" (F7: NULL like an unquoted empty field)

# One subset violation per fault: (data row index, item, new value, check it breaks).
FAULTS: list[tuple[int, str, object, str]] = [
    (10, "性別", "", "required"),
    (20, "住所", QUOTED_EMPTY, "required"),
    (30, "住民種別", "9", "code"),
    (40, "氏名フリガナ", "ﾔﾏﾀﾞ", "pattern"),  # half-width katakana is not カナ
    (50, "在留カード等番号", "ab12345678CD", "pattern"),  # 半角文字列 but not the 書式
    (60, "履歴番号", "１", "pattern"),  # full-width digit
    (70, "続柄", "祖父", "pattern"),  # 書式 of 続柄
    (80, "更新日時", "2024-01-01 10:00:00", "pattern"),  # no T
    (90, "郵便番号", "12345678", "max_length"),
    (100, "郵便番号", "123", "min_length"),
]
DUPLICATE_ROW = 120  # takes the key (宛名番号, 履歴番号) of row 119: one primary_key violation
EXPECTED = {"required": 2, "code": 1, "pattern": 5, "max_length": 1, "min_length": 1, "primary_key": 1}


def _write(path: Path, rows: list[list[object]]) -> None:
    """RFC 4180 writer that can emit a quoted empty field."""

    def cell(value: object) -> str:
        if value is QUOTED_EMPTY:
            return '""'
        text = str(value)
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\r\n') else text

    path.write_text("".join(",".join(cell(v) for v in row) + "\n" for row in rows), encoding="utf-8")


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean 300-row dataset whose 住民記録_住民 file then gets the faults above."""
    out = tmp_path_factory.mktemp("peers")
    generate(out, rows=300, seed=11)
    path = out / f"{RESIDENT}.csv"
    rows: list[list[object]] = [list(r) for r in _read(path)]
    header = rows[0]
    for index, item, value, _ in FAULTS:
        rows[index][header.index(item)] = value
    for item in ("宛名番号", "履歴番号"):
        rows[DUPLICATE_ROW][header.index(item)] = rows[DUPLICATE_ROW - 1][header.index(item)]
    _write(path, rows)
    return out


def _peer(name: str) -> ModuleType:
    if not installed(name):
        pytest.skip(f"{name} is not installed (pip install '.[bench]')")
    return importlib.import_module(MODULES[name][0])


def test_subset_is_derived_from_the_layout(schema: SchemaSet) -> None:
    subset = derive_subset(schema, RESIDENT)
    assert subset.header == schema.files[RESIDENT].layout.item_names
    assert subset.primary_key == ("宛名番号", "履歴番号")
    card = subset.column("在留カード等番号")
    assert card.patterns == (r"[\x20-\x7e]+", "[A-Z]{2}[0-9]{8}[A-Z]{2}")
    assert (card.required, card.max_length, card.min_length, card.codes) == (False, 12, 12, None)
    # 不詳可 ○ item: C1 needs the companion too, so the subset does not require it; M11 is not a regex.
    assert subset.column("生年月日").required is False
    assert subset.column("宛名番号") == ColumnRule("宛名番号", "数字", True, ("[0-9]+",), 15, None, None)
    assert subset.column("性別").codes == ("1", "2")
    land = derive_subset(schema, "固定資産税_土地").column("現況地積")
    assert (land.patterns, land.max_length) == ((r"[0-9]{1,10}(?:\.[0-9]{1,2})?",), None)


def test_pattern_translations() -> None:
    assert portable_regex(r"[\u30a1-\u30fa\u3000]+") == "[\u30a1-\u30fa\u3000]+"
    assert portable_regex(r"\u0041\\u0041") == r"\x41\\u0041"
    rule = ColumnRule("x", "半角文字列", False, ("[A-Z]+", "AB|CD"), None, None, None)
    assert python_pattern(rule) == r"(?=(?:[A-Z]+)\Z)(?:AB|CD)"


@pytest.mark.parametrize("peer", sorted(MODULES))
def test_peer_counts_each_injected_fault(peer: str, sample: Path, schema: SchemaSet) -> None:
    module = _peer(peer)
    result: PeerResult = module.run(sample / f"{RESIDENT}.csv", derive_subset(schema, RESIDENT))
    assert result.tool == peer
    assert result.rows == 300
    assert result.by_check == EXPECTED
    assert result.violations == 11


@pytest.mark.parametrize("peer", sorted(MODULES))
def test_peer_clean_tax_file(peer: str, sample: Path, schema: SchemaSet) -> None:
    module = _peer(peer)
    result: PeerResult = module.run(sample / f"{TAX}.csv", derive_subset(schema, TAX))
    assert result.by_check == {}
    assert result.rows == len(_read(sample / f"{TAX}.csv")) - 1


def _tax_with_dangling_reference(sample: Path, tmp_path: Path) -> Path:
    rows: list[list[object]] = [list(r) for r in _read(sample / f"{TAX}.csv")]
    rows[5][rows[0].index("宛名番号")] = "9999999999999"  # valid syntax, in no referenced file
    out = tmp_path / f"{TAX}.csv"
    _write(out, rows)
    return out


def test_duckdb_foreign_key_in_any_referenced_file(sample: Path, schema: SchemaSet, tmp_path: Path) -> None:
    module = _peer("duckdb")
    refs = {f: (sample / f"{f}.csv", derive_subset(schema, f)) for f in (RESIDENT, "住民記録_住登外者")}
    tax = _tax_with_dangling_reference(sample, tmp_path)
    result: PeerResult = module.run(tax, derive_subset(schema, TAX), refs)
    assert result.by_check == {"foreign_key": 1}
    # Without the referenced files the key is not checked.
    assert module.run(tax, derive_subset(schema, TAX)).by_check == {}


def test_frictionless_foreign_key_with_one_referenced_file(
    sample: Path, schema: SchemaSet, tmp_path: Path
) -> None:
    module = _peer("frictionless")
    tax = _tax_with_dangling_reference(sample, tmp_path)
    subset = derive_subset(schema, TAX)
    fk = subset.foreign_keys[0]
    assert len(fk.references_any) == 2  # the reference set's X21: not expressible as a Data Package FK
    refs = {f: (sample / f"{f}.csv", derive_subset(schema, f)) for f in (RESIDENT, "住民記録_住登外者")}
    assert module.run(tax, subset, refs).by_check == {}
    # With only 住民記録_住民 referenced, every tax row whose 宛名番号 is not a resident's is reported.
    single = dataclasses.replace(
        subset, foreign_keys=(dataclasses.replace(fk, references_any=fk.references_any[:1]),)
    )
    residents = {r[1] for r in _read(sample / f"{RESIDENT}.csv")[1:]}
    tax_rows = _read(tax)
    column = tax_rows[0].index("宛名番号")
    expected = sum(r[column] not in residents for r in tax_rows[1:])
    assert expected >= 1
    result: PeerResult = module.run(tax, single, {RESIDENT: refs[RESIDENT]})
    assert result.by_check == {"foreign_key": expected}

