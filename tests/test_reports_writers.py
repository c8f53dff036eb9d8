"""Writers: each format parsed back with exact content; CSV injection; text without escape codes."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from helpers import make_finding, make_schema, xlsx_text

from conformance import __version__
from conformance.core.findings import Severity
from conformance.reports import csv_report, json_report, jsonl, text
from conformance.reports.collector import Collector, ValidationResult
from conformance.reports.writers import FORMATS, ReportOptions, UnknownFormatError, get_writer
from conformance.schema.model import SchemaSet

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
JST = timezone(timedelta(hours=9))
IDS = frozenset({"氏名", "生年月日"})
A, B = "住民記録_住民.csv", "個人住民税_課税.csv"


def schema() -> SchemaSet:
    return make_schema(IDS)


def result(max_per_rule: int | None = 1000) -> ValidationResult:
    c = Collector(max_per_rule=max_per_rule)
    c.start_file(A, "住民記録_住民")
    c.start_file(B, "個人住民税_課税")
    c.add_rows(A, 10)
    c.add_rows(B, 3)
    c.add(make_finding(A, 3, "生年月日", "C9", E, "和暦日付が不正", "invalid era date", "1975-02-30"))
    c.add(make_finding(A, 1, "氏名", "F4", E, "列の欠落", "missing column", None))
    c.add(make_finding(A, 4, "備考", "F15", W, "前後の空白", "surrounding space", " 見本"))
    c.add(make_finding(A, 5, "備考", "F15", W, "前後の空白", "surrounding space", "試験 "))
    c.add(make_finding(B, None, None, "X21", I, "検査せず", "not checked", None))
    return c.finish(
        schema=schema(),
        started=datetime(2024, 4, 1, 9, 0, 0, tzinfo=JST),
        finished=datetime(2024, 4, 1, 9, 0, 2, tzinfo=JST),
        inputs=["data/"],
        settings_summary={"m11_remainder1": "zero", "disabled_rules": frozenset({"X30", "X4"})},
    )


def obj(file: str, line: int | None, item: str | None, rule: str, sev: str, ja: str, en: str,
        value: str | None, lang: str = "ja") -> dict[str, Any]:
    return {"file": file, "line": line, "item": item, "rule": rule, "severity": sev,
            "message": en if lang == "en" else ja, "message_ja": ja, "message_en": en,
            "message_id": f"{rule}.test", "params": {}, "value": value}


def expected_objects(lang: str, birth: str) -> list[dict[str, Any]]:
    return [
        obj(A, 1, "氏名", "F4", "error", "列の欠落", "missing column", None, lang),
        obj(A, 3, "生年月日", "C9", "error", "和暦日付が不正", "invalid era date", birth, lang),
        obj(A, 4, "備考", "F15", "warning", "前後の空白", "surrounding space", " 見本", lang),
        obj(A, 5, "備考", "F15", "warning", "前後の空白", "surrounding space", "試験 ", lang),
        obj(B, None, None, "X21", "info", "検査せず", "not checked", None, lang),
    ]


@pytest.mark.parametrize(("lang", "show", "birth"), [("ja", False, "****-**-**"), ("en", True, "1975-02-30")])
def test_jsonl_lines_parse_back_exactly(lang: str, show: bool, birth: str) -> None:
    out = io.BytesIO()
    jsonl.write(result(), out, ReportOptions(lang=lang, show_values=show, identifying=IDS))  # type: ignore[arg-type]
    raw = out.getvalue()
    assert raw.endswith(b"\n") and b"\r" not in raw
    assert "生年月日".encode() in raw  # UTF-8, not \u escapes
    lines = raw.decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == expected_objects(lang, birth)
    assert list(json.loads(lines[0])) == [
        "file", "line", "item", "rule", "severity", "message", "message_ja", "message_en", "message_id",
        "params", "value",
    ]


def expected_summary() -> dict[str, Any]:
    return {
        "tool": {"name": "conformance", "version": __version__},
        "schema": {"name": "reference", "standard": {"title": "標準", "version": "0.1"}, "bundled": False,
                   "origin_ja": "利用者のスキーマセット: reference (0.1)",
                   "origin_en": "the user's schema set: reference (0.1)"},
        "inputs": ["data/"],
        "started": "2024-04-01T09:00:00+09:00",
        "finished": "2024-04-01T09:00:02+09:00",
        "settings": {"m11_remainder1": "zero", "disabled_rules": ["X30", "X4"]},
        "verdict": "does_not_conform",
        "verdict_ja": "不適合",
        "complete": True,
        "files": [
            {"file": A, "layout": "住民記録_住民", "rows": 10,
             "counts": {"error": 2, "warning": 2, "info": 0}, "by_rule": {"F4": 1, "F15": 2, "C9": 1}},
            {"file": B, "layout": "個人住民税_課税", "rows": 3,
             "counts": {"error": 0, "warning": 0, "info": 1}, "by_rule": {"X21": 1}},
        ],
        "skipped_inputs": [],
        "not_checked": [],
        "totals": {
            "findings": 5,
            "by_severity": {"error": 2, "warning": 2, "info": 1},
            "by_rule": {
                "F4": {"title_ja": "見出し行", "title_en": "Header row", "count": 1,
                       "by_severity": {"error": 1, "warning": 0, "info": 0}, "listed": 1},
                "F15": {"title_ja": "前後の空白", "title_en": "Surrounding spaces", "count": 2,
                        "by_severity": {"error": 0, "warning": 2, "info": 0}, "listed": 2},
                "C9": {"title_ja": "和暦日付", "title_en": "Japanese era date", "count": 1,
                       "by_severity": {"error": 1, "warning": 0, "info": 0}, "listed": 1},
                "X21": {"title_ja": "宛名番号の参照先がない", "title_en": "宛名番号 not found in 住民記録",
                        "count": 1, "by_severity": {"error": 0, "warning": 0, "info": 1}, "listed": 1},
            },
            "by_file_rule_item": [
                {"file": A, "rule": "F4", "item": "氏名", "count": 1},
                {"file": A, "rule": "F15", "item": "備考", "count": 2},
                {"file": A, "rule": "C9", "item": "生年月日", "count": 1},
                {"file": B, "rule": "X21", "item": None, "count": 1},
            ],
        },
        "listed": 5,
        "capped": False,
        "max_per_rule": 1000,
    }


def test_summary_document_exact() -> None:
    out = io.StringIO()
    json_report.write_summary(result(), out, ReportOptions())
    assert json.loads(out.getvalue()) == expected_summary()


def test_summary_reports_capping() -> None:
    s = json_report.summary(result(max_per_rule=1))
    assert (s["listed"], s["capped"], s["max_per_rule"]) == (4, True, 1)
    assert s["totals"]["by_rule"]["F15"]["count"] == 2
    assert s["totals"]["by_rule"]["F15"]["listed"] == 1


def test_json_document_is_summary_plus_findings() -> None:
    out = io.BytesIO()
    json_report.write(result(), out, ReportOptions(lang="en", identifying=IDS))
    doc = json.loads(out.getvalue().decode("utf-8"))
    assert list(doc) == ["summary", "findings"]
    assert doc["summary"] == expected_summary()
    assert doc["findings"] == expected_objects("en", "****-**-**")


def read_csv(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_has_bom_crlf_and_localised_header() -> None:
    out = io.BytesIO()
    csv_report.write(result(), out, ReportOptions(lang="ja", identifying=IDS))
    raw = out.getvalue()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 6 and raw.count(b"\n") == 6
    assert read_csv(raw) == [
        ["ファイル", "行", "項目", "規則", "重大度", "メッセージ", "値"],
        [A, "1", "氏名", "F4", "誤り", "列の欠落", ""],
        [A, "3", "生年月日", "C9", "誤り", "和暦日付が不正", "****-**-**"],
        [A, "4", "備考", "F15", "警告", "前後の空白", " 見本"],
        [A, "5", "備考", "F15", "警告", "前後の空白", "試験 "],
        [B, "", "", "X21", "情報", "検査せず", ""],
    ]
    en = io.BytesIO()
    csv_report.write(result(), en, ReportOptions(lang="en", show_values=True, identifying=IDS))
    rows = read_csv(en.getvalue())
    assert rows[0] == ["file", "line", "item", "rule", "severity", "message", "value"]
    assert rows[2] == [A, "3", "生年月日", "C9", "error", "invalid era date", "1975-02-30"]


def test_csv_neutralises_formula_injection() -> None:
    values = ["=SUM(A1:A9)", "+81", "-1", "@cmd", "\tx", "\rx", "a=b", "'q"]
    c = Collector()
    for n, v in enumerate(values, start=2):
        c.add(make_finding("=evil.csv", n, "備考", "C7", E, "-ja", "@en", v))
    r = c.finish(schema=schema(), started=datetime(2024, 1, 1), finished=datetime(2024, 1, 1),
                 inputs=[], settings_summary={})
    out = io.StringIO()
    csv_report.write(r, out, ReportOptions(lang="en", identifying=IDS))
    rows = read_csv(out.getvalue().encode("utf-8"))
    # a leading TAB or CR is no longer a control character by the time it is written: shown as \x09, \x0d
    assert [row[6] for row in rows[1:]] == [
        "'=SUM(A1:A9)", "'+81", "'-1", "'@cmd", "\\x09x", "\\x0dx", "a=b", "'q"
    ]
    assert {row[0] for row in rows[1:]} == {"'=evil.csv"}
    assert {row[5] for row in rows[1:]} == {"'@en"}


def test_text_summary_is_plain_when_not_a_terminal() -> None:
    out = io.StringIO()
    text.write(result(), out, ReportOptions(lang="en", identifying=IDS, text_limit=3))
    rendered = out.getvalue()
    assert "\x1b" not in rendered
    lines = [line.rstrip() for line in rendered.splitlines()]
    verdict = "Verdict: does not conform (2 errors, 2 warnings, 1 info; 5 total)"
    assert lines[0] == verdict
    assert lines[1] == f"conformance {__version__} — schema: the user's schema set: reference (0.1)"
    assert lines[-7:] == [
        "Findings (first 3 of 5 listed)",
        f"{A}:1 [F4/error] 氏名: missing column",
        f"{A}:3 [C9/error] 生年月日: invalid era date",
        f"{A}:4 [F15/warning] 備考: surrounding space",
        "",
        verdict,
        "2 more findings not shown. To write them all: "
        "conformance validate data/ --format csv -o findings.csv",
    ]
    table = "\n".join(lines[2:-7])
    for expected in ("住民記録_住民", "Header row", "Surrounding spaces", "宛名番号 not found in 住民記録"):
        assert expected in table
    row_a = next(line for line in lines if line.lstrip().startswith(A))
    assert row_a.split() == [A, "住民記録_住民", "10", "2", "2", "0"]
    row_f15 = next(line for line in lines if line.lstrip().startswith("F15"))
    assert row_f15.split() == ["F15", "warning", "2", "2", "Surrounding", "spaces"]


def test_text_summary_in_japanese_without_findings() -> None:
    c = Collector()
    c.start_file(A, "住民記録_住民")
    c.add_rows(A, 4)
    r = c.finish(schema=schema(), started=datetime(2024, 1, 1), finished=datetime(2024, 1, 1),
                 inputs=[], settings_summary={})
    out = io.BytesIO()
    text.write(r, out, ReportOptions(lang="ja"))
    lines = [line.rstrip() for line in out.getvalue().decode("utf-8").splitlines()]
    verdict = "判定: 適合（誤り 0件・警告 0件・情報 0件、計 0件）"
    assert lines[0] == verdict and lines[-1] == verdict
    assert "指摘はありません。" in lines


def test_text_finding_line_without_line_or_item() -> None:
    f = make_finding(B, None, None, "X21", I, "検査せず", "not checked", None)
    assert text.finding_line(f, ReportOptions(lang="ja")) == f"{B} [X21/情報] 検査せず"
    assert text.finding_line(f, ReportOptions(lang="en")) == f"{B} [X21/info] not checked"


def test_registry_and_unknown_format() -> None:
    assert FORMATS[:4] == ("text", "jsonl", "json", "csv")
    assert set(FORMATS) <= {"text", "jsonl", "json", "csv", "html", "xlsx", "junit", "sarif"}
    assert get_writer("jsonl") is jsonl.write
    assert get_writer("json") is json_report.write
    assert get_writer("csv") is csv_report.write
    assert get_writer("text") is text.write
    with pytest.raises(UnknownFormatError, match="unknown report format 'xml': expected one of text, jsonl"):
        get_writer("xml")


def test_undecodable_file_names_do_not_break_output() -> None:
    c = Collector()
    c.add(make_finding("bad\udcffname.csv", 2, "備考", "F1", E, "ja", "en", "x\udcff"))
    r = c.finish(schema=schema(), started=datetime(2024, 1, 1), finished=datetime(2024, 1, 1),
                 inputs=["bad\udcffname.csv"], settings_summary={})
    for name in FORMATS:
        out = io.BytesIO()
        get_writer(name)(r, out, ReportOptions(show_values=True))
        data = out.getvalue()
        assert "bad\ufffdname.csv" in (xlsx_text(data) if name == "xlsx" else data.decode("utf-8")), name
