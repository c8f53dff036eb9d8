"""Collector: exact totals under caps, report order, bounded memory, verdict and fail-on."""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from helpers import make_finding
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.core.findings import Finding, Severity
from conformance.reports.collector import Collector, ValidationResult
from conformance.schema.model import SchemaSet, Settings

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
T0 = datetime(2024, 4, 1, 9, 0, 0)
T1 = datetime(2024, 4, 1, 9, 0, 5)


def schema() -> SchemaSet:
    return SchemaSet(
        name="test-set",
        standard={"title": "T", "version": "1"},
        files={},
        dataset_rules=(),
        code_tables={},
        eras=(),
        platform_dependent=frozenset(),
        identifying_items=frozenset({"氏名"}),
        settings=Settings(),
    )


def f(file: str, line: int | None, rule: str, item: str | None = None, sev: Severity = E) -> Finding:
    return make_finding(file, line, item, rule, sev, f"{rule}ja", f"{rule}en", None)


def finish(c: Collector) -> ValidationResult:
    return c.finish(schema=schema(), started=T0, finished=T1, inputs=["in"], settings_summary={"k": 1})


def where(r: ValidationResult) -> list[tuple[str, int | None, str, str | None]]:
    return [(x.file, x.line, x.rule, x.item) for x in r.findings]


def test_cap_keeps_the_smallest_lines_not_the_first_arrivals() -> None:
    c = Collector(max_per_rule=10)
    c.start_file("a.csv", "L")
    lines = list(range(2, 5002))
    random.Random(7).shuffle(lines)
    for n in lines:
        c.add(f("a.csv", n, "C1", "氏名"))
    r = finish(c)
    assert [x.line for x in r.findings] == list(range(2, 12))
    assert r.totals.total == 5000
    assert r.totals.by_rule["C1"].count == 5000
    assert r.totals.by_rule["C1"].listed == 10
    assert r.totals.by_rule["C1"].by_severity == {E: 5000, W: 0, I: 0}
    assert r.totals.listed == 10
    assert r.totals.capped is True
    assert r.totals.by_file_rule_item == {("a.csv", "C1", "氏名"): 5000}


def test_late_file_scope_findings_displace_later_lines() -> None:
    c = Collector(max_per_rule=3)
    c.start_file("a.csv", "L")
    for n in range(100, 200):
        c.add(f("a.csv", n, "X1", "宛名番号"))
    c.add(f("a.csv", 7, "X1", "宛名番号"))
    c.add(f("a.csv", 3, "X1", "宛名番号"))
    r = finish(c)
    assert [x.line for x in r.findings] == [3, 7, 100]
    assert r.totals.by_rule["X1"].count == 102


def test_memory_is_bounded_by_the_cap() -> None:
    c = Collector(max_per_rule=10)
    c.start_file("a.csv", None)
    for n in range(50_000, 0, -1):  # worst case: every finding sorts before the previous ones
        c.add(f("a.csv", n, "F8", "x"))
        assert len(c._buckets["F8"].entries) < 20
    r = finish(c)
    assert [x.line for x in r.findings] == list(range(1, 11))
    assert r.totals.total == 50_000


def test_report_order_files_lines_rules_items() -> None:
    c = Collector(max_per_rule=None)
    c.start_file("z.csv", "LZ")  # run order, not alphabetical
    c.start_file("a.csv", "LA")
    c.add(f("a.csv", 2, "C1", "b"))
    c.add(f("a.csv", None, "X21"))
    c.add(f("z.csv", 5, "X3", "続柄"))
    c.add(f("z.csv", 5, "F10", "日時"))
    c.add(f("z.csv", 5, "F2"))
    c.add(f("z.csv", 5, "C1", "b"))
    c.add(f("z.csv", 5, "C1", "a"))
    c.add(f("z.csv", 5, "C1"))
    c.add(f("z.csv", 1, "F4", "氏名"))
    c.add(f("z.csv", 5, "ZZ9"))  # not in the catalogue: after every catalogue rule
    c.add(f("late.csv", 1, "F1"))  # never started: after the started files
    r = finish(c)
    assert where(r) == [
        ("z.csv", 1, "F4", "氏名"),
        ("z.csv", 5, "F2", None),
        ("z.csv", 5, "F10", "日時"),
        ("z.csv", 5, "C1", None),
        ("z.csv", 5, "C1", "a"),
        ("z.csv", 5, "C1", "b"),
        ("z.csv", 5, "X3", "続柄"),
        ("z.csv", 5, "ZZ9", None),
        ("a.csv", None, "X21", None),
        ("a.csv", 2, "C1", "b"),
        ("late.csv", 1, "F1", None),
    ]
    assert [fs.file for fs in r.files] == ["z.csv", "a.csv", "late.csv"]
    assert [fs.layout for fs in r.files] == ["LZ", "LA", None]
    assert list(r.totals.by_rule) == ["F1", "F2", "F4", "F10", "C1", "X3", "X21", "ZZ9"]
    assert r.totals.capped is False
    assert r.max_per_rule is None


def test_totals_per_file_rule_item_and_rows() -> None:
    c = Collector(max_per_rule=1)
    c.start_file("p.csv", "住民")
    c.start_file("q.csv", "課税")
    c.add_rows("p.csv", 40)
    c.add_rows("p.csv", 2)
    c.add_rows("q.csv", 7)
    for n in range(2, 6):
        c.add(f("p.csv", n, "C1", "氏名"))
    c.add(f("p.csv", 9, "C1", "住所"))
    c.add(f("p.csv", 3, "F15", "住所", W))
    c.add(f("q.csv", 4, "C1", "氏名"))
    c.add(f("q.csv", 2, "F3"))
    c.add(f("q.csv", 8, "X30", "年税額", I))
    c.add(f("q.csv", 9, "C8", "宛名番号", W))  # a rule reported with a non-default severity
    r = finish(c)
    t = r.totals
    assert t.by_file_rule_item == {
        ("p.csv", "F15", "住所"): 1,
        ("p.csv", "C1", "住所"): 1,
        ("p.csv", "C1", "氏名"): 4,
        ("q.csv", "F3", None): 1,
        ("q.csv", "C1", "氏名"): 1,
        ("q.csv", "C8", "宛名番号"): 1,
        ("q.csv", "X30", "年税額"): 1,
    }
    assert list(t.by_file_rule_item) == [
        ("p.csv", "F15", "住所"), ("p.csv", "C1", "住所"), ("p.csv", "C1", "氏名"),
        ("q.csv", "F3", None), ("q.csv", "C1", "氏名"), ("q.csv", "C8", "宛名番号"),
        ("q.csv", "X30", "年税額"),
    ]
    assert t.by_file_rule == {
        ("p.csv", "F15"): 1, ("p.csv", "C1"): 5,
        ("q.csv", "F3"): 1, ("q.csv", "C1"): 1, ("q.csv", "C8"): 1, ("q.csv", "X30"): 1,
    }
    assert t.by_file == {"p.csv": {E: 5, W: 1, I: 0}, "q.csv": {E: 2, W: 1, I: 1}}
    assert t.by_severity == {E: 7, W: 2, I: 1}
    assert t.total == 10
    assert t.by_rule["C1"].count == 6 and t.by_rule["C1"].listed == 1
    assert t.by_rule["C8"].by_severity == {E: 0, W: 1, I: 0}
    assert [(fs.file, fs.rows, fs.counts) for fs in r.files] == [
        ("p.csv", 42, {E: 5, W: 1, I: 0}),
        ("q.csv", 7, {E: 2, W: 1, I: 1}),
    ]
    # cap 1 per rule: the first C1 in report order is p.csv line 2
    assert where(r) == [
        ("p.csv", 2, "C1", "氏名"),
        ("p.csv", 3, "F15", "住所"),
        ("q.csv", 2, "F3", None),
        ("q.csv", 8, "X30", "年税額"),
        ("q.csv", 9, "C8", "宛名番号"),
    ]
    assert r.schema_name == "test-set" and r.inputs == ["in"] and r.settings_summary == {"k": 1}


def test_cap_zero_lists_nothing_but_counts_everything() -> None:
    c = Collector(max_per_rule=0)
    for n in range(1, 101):
        c.add(f("a.csv", n, "C6", "性別"))
    r = finish(c)
    assert r.findings == []
    assert r.totals.total == 100
    assert r.totals.by_rule["C6"].listed == 0
    assert r.totals.capped is True
    assert r.max_per_rule == 0


@pytest.mark.parametrize("cap", [None, -1])
def test_unlimited_lists_everything(cap: int | None) -> None:
    c = Collector(max_per_rule=cap)
    for n in range(300, 0, -1):
        c.add(f("a.csv", n, "C6", "性別"))
    r = finish(c)
    assert [x.line for x in r.findings] == list(range(1, 301))
    assert r.totals.capped is False
    assert r.max_per_rule is None


def test_finish_twice_gives_the_same_result() -> None:
    c = Collector(max_per_rule=2)
    for n in (5, 1, 3):
        c.add(f("a.csv", n, "C6"))
    assert where(finish(c)) == where(finish(c)) == [("a.csv", 1, "C6", None), ("a.csv", 3, "C6", None)]


def test_verdict_and_exceeds() -> None:
    c = Collector()
    c.start_file("a.csv", None)
    clean = finish(c)
    assert clean.verdict == "conforms"
    assert [clean.exceeds(x) for x in ("error", "warning", "info", "never")] == [False] * 4

    c.add(f("a.csv", 2, "X30", sev=I))
    info_only = finish(c)
    assert info_only.verdict == "conforms"
    assert [info_only.exceeds(x) for x in ("error", "warning", "info", "never")] == [0, 0, 1, 0]

    c.add(f("a.csv", 2, "F15", sev=W))
    warned = finish(c)
    assert warned.verdict == "conforms"
    assert [warned.exceeds(x) for x in ("error", "warning", "info", "never")] == [False, True, True, False]

    c.add(f("a.csv", 2, "C1", sev=E))
    failed = finish(c)
    assert failed.verdict == "does_not_conform"
    assert [failed.exceeds(x) for x in ("error", "warning", "info", "never")] == [True, True, True, False]
    with pytest.raises(ValueError, match="unknown fail-on level 'fatal'"):
        failed.exceeds("fatal")


finding_st = st.builds(
    f,
    st.sampled_from(["a.csv", "b.csv"]),
    st.one_of(st.none(), st.integers(1, 40)),
    st.sampled_from(["F12", "F3", "C1", "X2"]),
    st.one_of(st.none(), st.sampled_from(["x", "y"])),
    st.sampled_from([E, W, I]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(finding_st, max_size=80), st.integers(0, 6))
def test_listing_equals_sorting_everything_then_capping(findings: list[Finding], cap: int) -> None:
    c = Collector(max_per_rule=cap)
    c.start_file("a.csv", None)
    c.start_file("b.csv", None)
    for x in findings:
        c.add(x)
    r = finish(c)
    order = ["F3", "F12", "C1", "X2"]

    def key(x: Finding) -> tuple[int, int, int, str]:
        return (x.file == "b.csv", -1 if x.line is None else x.line, order.index(x.rule), x.item or "")

    expected: list[Finding] = []
    for rule in order:
        expected += sorted((x for x in findings if x.rule == rule), key=key)[:cap]
    assert [key(x) for x in r.findings] == sorted(key(x) for x in expected)
    assert r.totals.total == len(findings)
    assert {k: v.count for k, v in r.totals.by_rule.items()} == {
        rule: n for rule in order if (n := sum(x.rule == rule for x in findings))
    }
