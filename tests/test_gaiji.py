"""外字 inventory: which characters offend, exact counts under capped listings, settings, round trip."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from helpers import make_finding

from conformance.api import validate
from conformance.core.findings import Finding, Severity
from conformance.reports import json_report
from conformance.reports.collector import Collector, ValidationResult
from conformance.reports.gaiji import (
    GaijiEntry,
    GaijiError,
    GaijiInventory,
    GaijiLocation,
    code_point_label,
    entry_from_json,
    entry_to_json,
    offending,
)
from conformance.schema.model import SchemaSet, Settings
from tests.conftest import DATA

E, W = Severity.ERROR, Severity.WARNING
T0 = datetime(2024, 4, 1, 9, 0, 0)


def f12(file: str, line: int, item: str, value: str, sev: Severity = E) -> Finding:
    return make_finding(file, line, item, "F12", sev, "範囲外", "outside", value)


def f13(file: str, line: int, item: str, value: str) -> Finding:
    return make_finding(file, line, item, "F13", E, "外字", "PUA", value)


def bare_schema(settings: Settings | None = None) -> SchemaSet:
    return SchemaSet(
        name="t",
        standard={},
        files={},
        dataset_rules=(),
        code_tables={},
        eras=(),
        platform_dependent=frozenset(),
        identifying_items=frozenset(),
        settings=settings or Settings(),
    )


def finish(c: Collector, settings: Settings | None = None) -> ValidationResult:
    return c.finish(schema=bare_schema(settings), started=T0, finished=T0, inputs=[], settings_summary={})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("山田太郎", []),
        ("髙橋", [((0x9AD9,), "ideograph")]),
        ("𠮷田", [((0x20BB7,), "ideograph")]),
        ("斉\U000e0103藤", []),  # ideograph + IVS is accepted
        ("\U00020bb7\U000e0100", []),  # even when the ideograph is outside JIS X 0213
        ("a\U000e0100", [((0x61, 0xE0100), "selector")]),
        ("\U000e0100a", [((0xE0100,), "selector")]),
        ("か\u309a", []),  # composes (JIS X 0213 か゚)
        ("a\u309a", [((0x61, 0x309A), "combining")]),
        ("\u309a", [((0x309A,), "combining")]),
        ("\ue000太郎\U00100000", [((0xE000,), "pua"), ((0x100000,), "pua")]),
        ("⑴¥\t", [((0x2474,), "outside"), ((0xA5,), "outside"), ((0x09,), "outside")]),
        ("\ufe00", [((0xFE00,), "outside")]),
        ("朗", []),  # U+F929, a compatibility ideograph JIS X 0213 encodes (never normalised)
        ("①", []),  # platform-dependent (F11) but inside the repertoire
        ("髙髙", [((0x9AD9,), "ideograph"), ((0x9AD9,), "ideograph")]),
    ],
)
def test_offending_characters(value: str, expected: list[tuple[tuple[int, ...], str]]) -> None:
    assert offending(value) == expected


def test_counts_values_and_occurrences_and_splits_rules() -> None:
    inv = GaijiInventory()
    inv.add(f12("a.csv", 2, "氏名", "髙髙⑴\ue000"), 0)  # the F12 finding counts 髙 and ⑴, not U+E000
    inv.add(f13("a.csv", 2, "氏名", "髙髙⑴\ue000"), 0)  # the F13 finding counts U+E000 only
    inv.add(f12("a.csv", 3, "住所", "髙"), 0)
    inv.add(make_finding("a.csv", 4, "住所", "C3", E, "", "", "髙"), 0)  # other rules are ignored
    inv.add(f12("a.csv", 5, "住所", ""), 0)  # empty values are ignored
    entries = {e.codes: e for e in inv.entries()}
    assert sorted(entries) == ["U+2474", "U+9AD9", "U+E000"]
    taka = entries["U+9AD9"]
    got = (taka.values, taka.occurrences, taka.rule, taka.severity, taka.kind)
    assert got == (2, 3, "F12", W, "ideograph")
    assert taka.locations == (GaijiLocation("a.csv", 2, "氏名"), GaijiLocation("a.csv", 3, "住所"))
    assert (entries["U+2474"].severity, entries["U+2474"].values) == (E, 1)
    assert (entries["U+E000"].rule, entries["U+E000"].kind, entries["U+E000"].values) == ("F13", "pua", 1)


def test_first_locations_follow_report_order_not_arrival() -> None:
    inv = GaijiInventory(max_locations=3)
    for line in (50, 9, 30, 2, 41, 7):
        inv.add(f12("b.csv", line, "氏名", "𠮷"), 1)
    inv.add(f12("a.csv", 99, "氏名", "𠮷"), 0)  # file order 0 comes first whatever its line
    (entry,) = inv.entries()
    assert [(loc.file, loc.line) for loc in entry.locations] == [("a.csv", 99), ("b.csv", 2), ("b.csv", 7)]
    assert entry.values == 7


def test_memory_is_distinct_characters_only() -> None:
    inv = GaijiInventory()
    for line in range(2, 20_002):
        inv.add(f12("a.csv", line, "氏名", f"髙橋{line}"), 0)
    assert len(inv) == 1
    (entry,) = inv.entries()
    assert entry.values == 20_000 and len(entry.locations) == 5


def test_settings_drop_accepted_characters_and_apply_overrides() -> None:
    inv = GaijiInventory()
    inv.add(f12("a.csv", 2, "氏名", "髙⑴"), 0)
    inv.add(f13("a.csv", 2, "氏名", "\ue000\ue001"), 0)
    settings = Settings(
        pua_map={0xE000: "MJ000001"}, extra_repertoire=frozenset({0x9AD9}), severity_overrides={"F12": "info"}
    )
    got = [(e.codes, e.rule, e.severity) for e in inv.entries(settings)]
    assert got == [("U+2474", "F12", Severity.INFO), ("U+E001", "F13", E)]
    assert [e.codes for e in inv.entries(Settings(disabled_rules=frozenset({"F13"})))] == ["U+2474", "U+9AD9"]


def test_collector_inventory_is_exact_when_the_listing_is_capped() -> None:
    c = Collector(max_per_rule=2)
    c.start_file("a.csv", "L")
    for line in range(2, 1002):
        c.add(f12("a.csv", line, "氏名", "𠮷野"))
    c.add(f13("a.csv", 5, "方書", "\U00100001号"))
    r = finish(c)
    assert len(r.findings) == 3 and r.totals.capped
    assert [(e.codes, e.values) for e in r.gaiji] == [("U+20BB7", 1000), ("U+100001", 1)]


def test_names_and_labels() -> None:
    assert code_point_label(0x9AD9) == "CJK UNIFIED IDEOGRAPH-9AD9"
    assert code_point_label(0xE000) == "<private-use-E000>"
    assert code_point_label(0x09) == "<control-0009>"
    assert code_point_label(0xFFFF) == "<noncharacter-FFFF>"
    entry = GaijiEntry((0x61, 0x309A), "combining", "F12", E, 1, 1, ())
    assert entry.codes == "U+0061 U+309A"
    assert entry.name == "LATIN SMALL LETTER A + COMBINING KATAKANA-HIRAGANA SEMI-VOICED SOUND MARK"
    assert entry.text == "a\u309a"


def test_json_round_trip_and_malformed_entries() -> None:
    entry = GaijiEntry(
        (0xE000,), "pua", "F13", E, 3, 4,
        (GaijiLocation("a.csv", 2, "氏名"), GaijiLocation("b.csv", None, None)),
    )
    obj = entry_to_json(entry)
    assert obj == {
        "char": "\ue000",
        "code_points": ["U+E000"],
        "name": "<private-use-E000>",
        "kind": "pua",
        "rule": "F13",
        "severity": "error",
        "values": 3,
        "occurrences": 4,
        "locations": [
            {"file": "a.csv", "line": 2, "item": "氏名"},
            {"file": "b.csv", "line": None, "item": None},
        ],
        "items": [],
    }
    assert entry_from_json(json.loads(json.dumps(obj))) == entry
    for broken, message in [
        ({**obj, "code_points": ["E000"]}, "U\\+XXXX"),
        ({**obj, "kind": "emoji"}, "'kind'"),
        ({**obj, "values": -1}, "'values'"),
        ({**obj, "severity": "fatal"}, "'severity'"),
        ({**obj, "locations": [{"line": 2}]}, "location"),
    ]:
        with pytest.raises(GaijiError, match=message):
            entry_from_json(broken)


def test_summary_lists_the_inventory_only_when_there_is_one() -> None:
    c = Collector()
    c.add(f12("a.csv", 2, "氏名", "𠮷"))
    doc = json_report.summary(finish(c))
    assert doc["gaiji"] == [
        {
            "char": "𠮷",
            "code_points": ["U+20BB7"],
            "name": "CJK UNIFIED IDEOGRAPH-20BB7",
            "kind": "ideograph",
            "rule": "F12",
            "severity": "warning",
            "values": 1,
            "occurrences": 1,
            "locations": [{"file": "a.csv", "line": 2, "item": "氏名"}],
            "items": ["氏名"],
        }
    ]
    assert "gaiji" not in json_report.summary(finish(Collector()))


def _dataset_with(tmp_path: Path, edits: dict[int, str]) -> Path:
    """The spec's valid 住民 example with 方書 of some data rows replaced."""
    src = DATA / "spec_examples" / "住民記録_住民.csv"
    d = tmp_path / "ds"
    d.mkdir()
    target = d / src.name
    shutil.copy(src, target)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    col = rows[0].index("方書")
    for row, value in edits.items():
        rows[row][col] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    target.write_text(buf.getvalue(), encoding="utf-8")
    return target


def test_a_real_run_feeds_the_inventory_with_the_run_settings(tmp_path: Path, schema: SchemaSet) -> None:
    path = _dataset_with(tmp_path, {1: "\ue000荘", 2: "𠮷ハイツ", 3: "⑴号棟\ue000"})
    r = validate([path], schema=schema)
    got = [(e.codes, e.rule, e.severity.value, e.values, [loc.line for loc in e.locations]) for e in r.gaiji]
    assert got == [
        ("U+2474", "F12", "error", 1, [4]),
        ("U+E000", "F13", "error", 2, [2, 4]),
        ("U+20BB7", "F12", "warning", 1, [3]),
    ]
    assert {loc.item for e in r.gaiji for loc in e.locations} == {"方書"}
    settings = dataclasses.replace(schema.settings, pua_map={0xE000: "MJ"})
    mapped = dataclasses.replace(schema, settings=settings)
    assert [e.codes for e in validate([path], schema=mapped).gaiji] == ["U+2474", "U+20BB7"]
