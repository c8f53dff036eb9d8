"""JUnit report parsed back with an XML parser: a case per file × rule; failures, masking, escaping."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from typing import Any

from helpers import make_finding
from lxml import etree

from conformance.core.findings import Finding, Severity
from conformance.reports import junit
from conformance.reports.collector import Collector, RuleTotal, ValidationResult
from conformance.reports.writers import ReportOptions
from conformance.rules.catalogue import RULES, rule_ids
from conformance.schema.model import SchemaSet
from tests.helpers import make_schema

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
JST = timezone(timedelta(hours=9))
IDS = frozenset({"氏名", "生年月日"})
A, B = "住民記録_住民.csv", "個人住民税_課税.csv"
N_RULES = len(RULES)


def ci_schema() -> SchemaSet:
    return make_schema(IDS)


def ci_result(
    findings: list[Finding] | None = None,
    *,
    max_per_rule: int | None = 1000,
    settings: dict[str, Any] | None = None,
    files: tuple[str, ...] = (A, B),
) -> ValidationResult:
    """Two files; by default: F4 and C9 errors and two F15 warnings in A, one X21 info in B."""
    c = Collector(max_per_rule=max_per_rule)
    for name in files:
        c.start_file(name, name.removesuffix(".csv"))
    c.add_rows(files[0], 10)
    if len(files) > 1:
        c.add_rows(files[1], 3)
    if findings is None:
        findings = [
            make_finding(A, 3, "生年月日", "C9", E, "和暦日付が不正", "invalid era date", "1975-02-30"),
            make_finding(A, 1, "氏名", "F4", E, "列の欠落", "missing column", None),
            make_finding(A, 4, "備考", "F15", W, "前後の空白", "surrounding space", " 見本"),
            make_finding(A, 5, "備考", "F15", W, "前後の空白", "surrounding space", "試験 "),
            make_finding(B, None, None, "X21", I, "検査せず", "not checked", None),
        ]
    for f in findings:
        c.add(f)
    return c.finish(
        schema=ci_schema(),
        started=datetime(2024, 4, 1, 9, 0, 0, tzinfo=JST),
        finished=datetime(2024, 4, 1, 9, 0, 2, 500000, tzinfo=JST),
        inputs=["data/"],
        settings_summary={"disabled_rules": ["X30"]} if settings is None else settings,
    )


def parse(result: ValidationResult, **opts: Any) -> Any:
    out = io.BytesIO()
    junit.write(result, out, ReportOptions(identifying=IDS, **opts))
    raw = out.getvalue()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    return etree.fromstring(raw)


def cases(suite: Any) -> dict[str, Any]:
    return {c.get("name").split(" ")[0]: c for c in suite.iter("testcase")}


def test_one_suite_per_file_and_one_case_per_catalogue_rule() -> None:
    root = parse(ci_result(), lang="en")
    assert dict(root.attrib) == {
        "name": "conformance",
        "tests": str(2 * N_RULES),
        "failures": "3",
        "errors": "0",
        "skipped": "2",
        "time": "2.500",
    }
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [A, B]
    a = suites[0]
    assert {k: a.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": str(N_RULES), "failures": "3", "errors": "0", "skipped": "1"
    }
    assert [(p.get("name"), p.get("value")) for p in a.find("properties")] == [
        ("layout", "住民記録_住民"), ("rows", "10")
    ]
    # every case in spec order, classname = file, name = "<rule> <title>" in --lang
    assert [c.get("name").split(" ")[0] for c in a.iter("testcase")] == rule_ids()
    assert {c.get("classname") for c in a.iter("testcase")} == {A}
    assert cases(a)["F1"].get("name") == "F1 Encoding: UTF-8"
    assert len(cases(a)["F1"]) == 0  # a pass: no child at all


def test_failures_carry_counts_type_and_listed_findings() -> None:
    a = parse(ci_result(), lang="en").findall("testsuite")[0]
    failed = {rule: c.find("failure") for rule, c in cases(a).items() if c.find("failure") is not None}
    assert list(failed) == ["F4", "F15", "C9"]
    assert [(f.get("message"), f.get("type")) for f in failed.values()] == [
        ("1 findings (1 listed)", "error"),
        ("2 findings (2 listed)", "warning"),
        ("1 findings (1 listed)", "error"),
    ]
    assert failed["F15"].text == (
        "[warning] line 4 備考: surrounding space (value:  見本)\n"
        "[warning] line 5 備考: surrounding space (value: 試験 )"
    )
    # identifying values are masked as in every report
    assert failed["C9"].text == "[error] line 3 生年月日: invalid era date (value: ****-**-**)"
    assert failed["F4"].text == "[error] line 1 氏名: missing column"


def test_info_findings_pass_and_go_to_system_out_disabled_rules_are_skipped() -> None:
    b = parse(ci_result(), lang="en").findall("testsuite")[1]
    x21 = cases(b)["X21"]
    assert x21.find("failure") is None
    assert x21.findtext("system-out") == "1 findings (1 listed)\n[info] not checked"
    skipped = cases(b)["X30"].find("skipped")
    assert skipped is not None and skipped.get("message") == "disabled by the configuration"
    assert b.get("failures") == "0" and b.get("skipped") == "1"


def test_japanese_messages_and_shown_values() -> None:
    a = parse(ci_result(), lang="ja", show_values=True).findall("testsuite")[0]
    c9 = cases(a)["C9"]
    assert c9.get("name") == "C9 和暦日付"
    failure = c9.find("failure")
    assert failure.get("message") == "指摘 1件（一覧 1件）"
    assert failure.text == "[error] 3行目 生年月日: 和暦日付が不正（値: 1975-02-30）"


def test_capped_listing_keeps_exact_counts() -> None:
    a = parse(ci_result(max_per_rule=1), lang="en").findall("testsuite")[0]
    failure = cases(a)["F15"].find("failure")
    assert failure.get("message") == "2 findings (1 listed)"
    assert failure.text == (
        "[warning] line 4 備考: surrounding space (value:  見本)\n1 more not listed (--max-per-rule)"
    )


def test_markup_control_characters_and_bad_file_names_are_escaped() -> None:
    nasty = "<x a=\"1\">&amp;]]></x>\x01\x0b\ufffe"
    result = ci_result(
        [make_finding("bad\udcff<&>.csv", 2, "備考", "F15", W, nasty, nasty, nasty + "\r\n")],
        files=("bad\udcff<&>.csv",),
    )
    root = parse(result, lang="en")
    suite = root.find("testsuite")
    assert suite.get("name") == "bad\ufffd<&>.csv"
    failure = cases(suite)["F15"].find("failure")
    # control characters are written as \xNN in every output; U+FFFE (not XML) becomes U+FFFD
    clean = "<x a=\"1\">&amp;]]></x>\\x01\\x0b\ufffd"
    assert failure.text == f"[warning] line 2 備考: {clean} (value: {clean}\\x0d\\x0a)"


def test_unknown_rule_ids_get_a_case_after_the_catalogue() -> None:
    result = ci_result([make_finding(A, 2, None, "Z9", E, "独自", "custom", None)], files=(A,))
    suite = parse(result, lang="en").find("testsuite")
    names = [c.get("name") for c in suite.iter("testcase")]
    assert len(names) == N_RULES + 1 and names[-1] == "Z9"
    assert cases(suite)["Z9"].find("failure").text == "[error] line 2: custom"


def finding(file: str, line: int, sev: Severity) -> Finding:
    return make_finding(file, line, None, "X21", sev, "m", "m", None)


def test_case_severity_from_listed_and_run_wide_counts() -> None:
    def total(error: int, info: int, listed: int) -> RuleTotal:
        return RuleTotal("X21", error + info, {E: error, W: 0, I: info}, listed)

    e1, i1 = finding(A, 2, E), finding(A, 3, I)
    # all listed: the listed severities decide
    assert junit.case_severity(1, [i1], total(0, 1, 1), [i1]) is None
    assert junit.case_severity(2, [i1, e1], total(1, 1, 2), [i1, e1]) is E
    # unlisted findings, run-wide only info left over: they are info, the case passes
    assert junit.case_severity(3, [i1], total(1, 2, 2), [i1, finding(B, 2, E)]) is None
    # unlisted findings and errors not accounted for by the listing: conservatively a failure
    assert junit.case_severity(3, [i1], total(2, 2, 2), [i1, finding(B, 2, E)]) is E
    # an unknown rule (no run-wide total) with unlisted findings fails
    assert junit.case_severity(2, [], None, []) is E
