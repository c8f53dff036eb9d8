"""HTML report without a browser: self-contained, CSP by hash, data escaped, exact embedded data and caps."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import lxml.html
import pytest
from helpers import make_finding

from conformance.core.findings import Finding, Severity
from conformance.reports import html, json_report
from conformance.reports.collector import Collector, ValidationResult
from conformance.reports.jsonl import finding_object
from conformance.reports.writers import FORMATS, ReportOptions, get_writer
from conformance.schema.model import SchemaSet, Settings
from tests.conftest import REPO
from tests.helpers import make_schema

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741
JST = timezone(timedelta(hours=9))
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
A = "住民記録_住民.csv"
EVIL = f"{XSS_SCRIPT}.csv"
IDS = frozenset({"氏名"})
SHOW = ReportOptions(show_values=True, identifying=IDS)


def schema(settings: Settings | None = None) -> SchemaSet:
    return make_schema(IDS, settings)


def crafted(max_per_rule: int | None = 1000) -> ValidationResult:
    """Two files, four severities' worth of rules, 外字, and markup in a file name, an item and values.

    住民記録_住民.csv: C1 on 氏名 lines 2–251 (250 errors), F15 on 方書 lines 2–31 (30 warnings),
    X4 on 続柄 lines 2–6 (5 info), F12 𠮷 on 氏名 lines 10–11, F13 U+E000 on 方書 line 12.
    EVIL (<script>….csv): C7 on item XSS_IMG with value XSS_SCRIPT (line 2), F3 record-level value XSS_IMG.
    """
    c = Collector(max_per_rule=max_per_rule)
    c.start_file(A, "住民記録_住民")
    c.start_file(EVIL, None)
    c.add_rows(A, 300)
    c.add_rows(EVIL, 2)
    for line in range(2, 252):
        c.add(make_finding(A, line, "氏名", "C1", E, "必須項目が空です。", "Required item is NULL.", None))
    for line in range(2, 32):
        c.add(make_finding(A, line, "方書", "F15", W, "値の先頭に空白があります。", "Leading.", " 見本"))
    for line in range(2, 7):
        c.add(make_finding(A, line, "続柄", "X4", I, "世帯主のいない世帯です。", "No head.", None))
    for line in (10, 11):
        c.add(make_finding(A, line, "氏名", "F12", W, "範囲外の漢字です。", "Ideograph outside.", "𠮷田"))
    c.add(make_finding(A, 12, "方書", "F13", E, "外字です。", "PUA.", "\ue000荘"))
    c.add(make_finding(EVIL, 2, XSS_IMG, "C7", E, "書式不一致", "Format mismatch", XSS_SCRIPT))
    c.add(make_finding(EVIL, 3, None, "F3", E, "CSV形式", "CSV dialect", XSS_IMG))
    return c.finish(
        schema=schema(),
        started=datetime(2024, 4, 1, 9, 0, 0, tzinfo=JST),
        finished=datetime(2024, 4, 1, 9, 0, 2, tzinfo=JST),
        inputs=["data/"],
        settings_summary={},
    )


def page_data(page: str) -> dict[str, Any]:
    doc = lxml.html.fromstring(page)
    (block,) = doc.xpath('//script[@id="report-data"]')
    data: dict[str, Any] = json.loads(block.text)
    return data


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_registered_as_a_format() -> None:
    assert "html" in FORMATS
    assert get_writer("html") is html.write


def test_page_is_self_contained() -> None:
    page = html.render(crafted(), SHOW)
    # The only URL-looking text is the SVG namespace name, which is never fetched.
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}
    doc = lxml.html.fromstring(page)
    assert doc.xpath("//@src") == []
    assert [(e.get("rel"), e.get("href")) for e in doc.xpath("//link")] == [("icon", "data:,")]
    assert doc.xpath("//a/@href") == [
        "#overview", "#next-steps", "#coverage", "#files", "#charts", "#rules", "#findings", "#gaiji"
    ]
    assert "url(" not in page and "@import" not in page


def test_csp_allows_exactly_the_inline_style_and_script() -> None:
    doc = lxml.html.fromstring(html.render(crafted(), SHOW))
    (csp,) = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    (style,) = doc.xpath("//style")
    scripts = doc.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert csp == (
        f"default-src 'none'; style-src {sha(style.text)}; script-src {sha(scripts[1].text)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def test_data_never_becomes_markup() -> None:
    page = html.render(crafted(), SHOW)
    assert "<script>alert" not in page and "<img src=x" not in page
    doc = lxml.html.fromstring(page)
    assert len(doc.xpath("//script")) == 2 and doc.xpath("//img") == []
    assert doc.xpath('//table[@id="files-table"]/tbody/tr[2]/td[1]')[0].text_content() == EVIL
    items = [tr.xpath("td[3]")[0].text_content() for tr in doc.xpath('//table[@id="items-table"]/tbody/tr')]
    assert XSS_IMG in items
    data = page_data(page)
    assert data["files"] == [A, EVIL]
    assert XSS_IMG in data["items"]
    assert {r[6] for r in data["rows"]} >= {XSS_SCRIPT, XSS_IMG}


def test_script_json_escapes_what_could_end_the_block() -> None:
    text = html.script_json({"v": "</script><!--&\u2028\u2029"})
    assert text == '{"v":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}'
    assert json.loads(text) == {"v": "</script><!--&\u2028\u2029"}


def fnd(rule: str, line: int) -> Finding:
    return make_finding("a.csv", line, None, rule, E, "", "", None)


def test_embedded_listing_shares_the_cap_fairly_between_rules() -> None:
    findings = [fnd("C1", n) for n in range(10)] + [fnd("C2", n) for n in range(3)]
    findings += [fnd("X1", n) for n in range(50)]
    chosen, quota = html.select_embedded(findings, 20)
    assert quota == 8
    assert [(f.rule, f.line) for f in chosen] == (
        [("C1", n) for n in range(8)] + [("C2", n) for n in range(3)] + [("X1", n) for n in range(8)]
    )
    assert html.select_embedded(findings, 63) == (findings, None)
    assert html.select_embedded(findings, -1) == (findings, None)


def test_embedded_rows_are_exact() -> None:
    c = Collector()
    c.start_file("a.csv", "L")
    c.add(make_finding("a.csv", 2, "氏名", "C1", E, "必須", "required", None))
    c.add(make_finding("a.csv", None, None, "F2", W, "BOM", "bom", None))
    c.add(make_finding("a.csv", 3, "方書", "F15", W, "空白", "space", " 見本"))
    c.add(make_finding("a.csv", 4, "氏名", "C3", E, "文字種", "type", "山田"))
    r = c.finish(schema=schema(), started=datetime(2024, 1, 1), finished=datetime(2024, 1, 1), inputs=[],
                 settings_summary={})
    data = page_data(html.render(r, ReportOptions(lang="en", identifying=IDS)))
    assert data["lang"] == "en" and data["page_size"] == 100
    assert data["files"] == ["a.csv"]
    assert data["items"] == ["氏名", "方書"]
    assert data["rules"] == [
        {"id": "F2", "ja": "BOM付きUTF-8", "en": "UTF-8 byte order mark"},
        {"id": "F15", "ja": "前後の空白", "en": "Surrounding spaces"},
        {"id": "C1", "ja": "必須項目が空", "en": "Required item is NULL"},
        {"id": "C3", "ja": "文字種", "en": "Text type"},
    ]
    assert data["messages"] == [["BOM", "bom"], ["必須", "required"], ["空白", "space"], ["文字種", "type"]]
    # [file, line, item (-1: none), rule, severity (0 error, 1 warning, 2 info), message, value (masked)]
    assert data["rows"] == [
        [0, None, -1, 0, 1, 0, None],
        [0, 2, 0, 2, 0, 1, None],
        [0, 3, 1, 1, 1, 2, " 見本"],
        [0, 4, 0, 3, 0, 3, "**"],
    ]


def test_values_are_masked_as_in_the_canonical_reports() -> None:
    result = crafted()
    for opts in (ReportOptions(identifying=IDS), SHOW):
        data = page_data(html.render(result, opts))
        assert [r[6] for r in data["rows"]] == [finding_object(f, opts)["value"] for f in result.findings]
    doc = lxml.html.fromstring(html.render(result, ReportOptions(identifying=IDS)))
    assert doc.xpath('//*[@id="values-note"]/span[1]')[0].text_content() == (
        "個人を識別する項目の値は伏せ字（*）で表示しています。"
    )
    assert lxml.html.fromstring(html.render(result, SHOW)).xpath('//*[@id="values-note"]') == []


def counts(doc: Any, xpath: str) -> list[int]:
    return [int(v) for v in doc.xpath(xpath)]


def test_totals_are_the_summary_totals() -> None:
    result = crafted()
    summary = json_report.summary(result)
    doc = lxml.html.fromstring(html.render(result, SHOW))
    (verdict,) = doc.xpath('//*[@id="verdict"]/@data-verdict')
    assert verdict == summary["verdict"] == "does_not_conform"
    sev = summary["totals"]["by_severity"]
    assert counts(doc, '//*[@id="total-error" or @id="total-warning" or @id="total-info"]/@data-count') == [
        sev["error"], sev["warning"], sev["info"]
    ]
    assert counts(doc, '//*[@id="total-findings"]/@data-count') == [summary["totals"]["findings"]] == [290]
    for i, fs in enumerate(summary["files"], start=1):
        row = f'//table[@id="files-table"]/tbody/tr[{i}]'
        assert counts(doc, f"{row}/td[@data-sev]/@data-count") == list(fs["counts"].values())
    rules = doc.xpath('//table[@id="rules-table"]/tbody/tr')
    assert [r.get("data-rule") for r in rules] == list(summary["totals"]["by_rule"])
    for tr in rules:
        expected = summary["totals"]["by_rule"][tr.get("data-rule")]
        assert counts(tr, "td[@data-sev]/@data-count") == list(expected["by_severity"].values())
        assert counts(tr, "td[@data-count and not(@data-sev)]/@data-count") == [expected["count"]]
        assert counts(tr, "td/@data-listed") == [expected["listed"]]
    items = doc.xpath('//table[@id="items-table"]/tbody/tr')
    assert [int(tr.xpath("td[4]/@data-count")[0]) for tr in items] == [
        row["count"] for row in summary["totals"]["by_file_rule_item"]
    ]
    bars = doc.xpath('//figure[@id="chart-rules"]//*[@class="bar"]')
    assert [(b.get("data-label"), int(b.get("data-count"))) for b in bars] == [
        (r, v["count"]) for r, v in summary["totals"]["by_rule"].items()
    ]
    item_bars = doc.xpath('//figure[@id="chart-items"]//*[@class="bar"]')
    assert [(b.get("data-label"), int(b.get("data-count"))) for b in item_bars] == [
        ("氏名", 252), ("方書", 31), ("続柄", 5), (XSS_IMG, 1), ("—", 1)
    ]


def test_capped_listing_and_embedded_cap_are_stated() -> None:
    result = crafted(max_per_rule=100)
    page = html.render(result, SHOW, embed_limit=120)
    doc = lxml.html.fromstring(page)
    note = doc.xpath('//*[@id="cap-note"]/span[1]')[0].text_content()
    assert note == (
        "指摘の一覧は規則ごとに先頭 100 件まで（一覧 140 件）です。件数はすべての指摘を数えた正確な値です。"
    )
    embed = doc.xpath('//*[@id="embed-note"]/span[2]')[0].text_content()
    assert embed.startswith("This page embeds 120 of the 140 listed findings (the first 80 per rule)")
    assert len(page_data(page)["rows"]) == 120
    assert counts(doc, '//*[@id="total-findings"]/@data-count') == [290]
    c1 = doc.xpath('//table[@id="rules-table"]/tbody/tr[@data-rule="C1"]')[0]
    assert counts(c1, "td/@data-listed") == [100] and counts(c1, "td/@data-embedded") == [80]
    plain = lxml.html.fromstring(html.render(crafted(), SHOW))
    assert plain.xpath('//*[@id="cap-note"]') == [] and plain.xpath('//*[@id="embed-note"]') == []


def test_gaiji_inventory_table() -> None:
    doc = lxml.html.fromstring(html.render(crafted(), SHOW))
    rows = doc.xpath('//table[@id="gaiji-table"]/tbody/tr')
    got = [[td.text_content().strip() for td in tr.xpath("td")] for tr in rows]
    assert [g[:3] + g[5:] for g in got] == [
        ["\ue000", "U+E000", "<private-use-E000>", "1", "1", f"{A}:12 方書"],
        ["𠮷", "U+20BB7", "CJK UNIFIED IDEOGRAPH-20BB7", "2", "2", f"{A}:10 氏名{A}:11 氏名"],
    ]


def test_conforming_run_page() -> None:
    c = Collector()
    c.start_file("a.csv", "L")
    c.add_rows("a.csv", 5)
    r = c.finish(schema=schema(), started=datetime(2024, 1, 1), finished=datetime(2024, 1, 1), inputs=[],
                 settings_summary={})
    page = html.render(r, ReportOptions())
    doc = lxml.html.fromstring(page)
    assert doc.xpath('//*[@id="verdict"]/@data-verdict') == ["conforms"]
    assert doc.xpath('//*[@id="verdict"]/span[@class="word"]/span[1]')[0].text_content() == "適合"
    assert doc.xpath('//section[@id="charts"]') == [] and doc.xpath('//*[@id="gaiji-none"]') != []
    assert page_data(page)["rows"] == []


@pytest.mark.parametrize("binary", [True, False])
def test_write_to_text_and_binary_streams(binary: bool) -> None:
    result = crafted()
    out: io.BytesIO | io.StringIO = io.BytesIO() if binary else io.StringIO()
    html.write(result, out, SHOW)
    text = out.getvalue().decode("utf-8") if isinstance(out, io.BytesIO) else out.getvalue()
    assert text == html.render(result, SHOW)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"ja\" class=\"lang-ja\">")


def test_next_steps_box_says_what_to_do_and_embeds_the_guide() -> None:
    from conformance.api import validate

    page = lxml.html.fromstring(html.render(validate([REPO / "samples" / "invalid"]), ReportOptions()))
    steps = [li.text_content() for li in page.xpath('//section[@id="next-steps"]//li/span[@class="l-ja"]')]
    assert steps[0].startswith("このままでは受け入れられません。誤り 57件（F1 文字コード（UTF-8）")
    assert any("検査しなかったファイル 2件" in s for s in steps)  # answer_key.jsonl, expected.jsonl
    assert "データファイルそのもの" in steps[-1] and "--show-values" in steps[-1]
    guide = page.xpath('//details[@id="guide"]//div[contains(@class, "l-ja")]/h3/text()')
    assert "6. ベンダーへ返すもの" in guide
    assert page.xpath('//section[@id="next-steps"]//a') == []  # nothing to follow offline
    ok = lxml.html.fromstring(html.render(validate([REPO / "samples" / "valid"]), ReportOptions()))
    ok_steps = [li.text_content() for li in ok.xpath('//section[@id="next-steps"]//li/span[@class="l-ja"]')]
    assert ok_steps[0].startswith("適合です。")
