"""The HTML report in a real browser: headless Chromium (Debian's package) driven by Playwright.

Checks what a person would see: no console errors, no network request, totals equal to the summary JSON,
filters, search, sort and paging with exact counts, injected markup shown as text with no dialog, and the
English switch. A screenshot of the first screen is kept under the test's temp dir.

Without /usr/bin/chromium or Playwright the tests skip, unless CONFORMANCE_REQUIRE_BROWSER=1 (CI), where
they fail.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from helpers import make_finding

from conformance.core.findings import Severity
from conformance.reports import html, json_report
from conformance.reports.collector import Collector, ValidationResult
from tests.test_html import EVIL, SHOW, XSS_IMG, XSS_SCRIPT, A, crafted, schema

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = _missing()
    if reason is not None:
        if os.environ.get("CONFORMANCE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (CONFORMANCE_REQUIRE_BROWSER=1): {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


class Opened:
    """A report page with everything it said and asked for recorded."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if u != self.url and not u.startswith(("data:", "about:"))]

    def count(self) -> int:
        return int(self.page.get_attribute("#match-count", "data-count") or "-1")

    def rows(self) -> int:
        return self.page.locator("#findings-body tr").count()

    def column(self, n: int) -> list[str]:
        """Text of the n-th (1-based) cell of every visible findings row."""
        texts: list[str] = self.page.eval_on_selector_all(
            f"#findings-body tr td:nth-child({n})", "cells => cells.map(c => c.textContent)"
        )
        return texts


@pytest.fixture()
def open_report(browser: Browser, tmp_path: Path) -> Iterator[Callable[..., Opened]]:
    pages: list[Page] = []

    def opener(result: ValidationResult, opts: Any = SHOW, name: str = "report.html") -> Opened:
        path = tmp_path / name
        path.write_text(html.render(result, opts), encoding="utf-8")
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        pages.append(page)
        opened = Opened(page, path.as_uri())
        page.on("console", lambda m: opened.errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("request", lambda r: opened.requests.append(r.url))

        def on_dialog(dialog: Dialog) -> None:
            opened.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(opened.url)
        page.wait_for_selector("html[data-ready='1']", timeout=10_000)
        return opened

    yield opener
    for page in pages:
        page.close()


def select(o: Opened, sel: str, label: str) -> None:
    o.page.select_option(sel, label=label)


def test_loads_offline_and_totals_equal_the_summary(open_report: Callable[..., Opened]) -> None:
    result = crafted()
    summary = json_report.summary(result)
    o = open_report(result)
    page = o.page
    assert o.errors == [] and o.foreign_requests() == [] and o.requests == [o.url]
    assert page.get_attribute("#verdict", "data-verdict") == summary["verdict"]
    sev = summary["totals"]["by_severity"]
    for s in ("error", "warning", "info"):
        assert page.get_attribute(f"#total-{s}", "data-count") == str(sev[s])
        assert page.inner_text(f"#total-{s}") == f"{sev[s]:,}"
    assert page.inner_text("#total-findings") == f"{summary['totals']['findings']:,}"
    for i, fs in enumerate(summary["files"], start=1):
        cells = page.locator(f"#files-table tbody tr:nth-child({i}) td")
        texts = [cells.nth(k).inner_text() for k in range(cells.count())]
        assert texts == [fs["file"], fs["layout"] or "—", f"{fs['rows']:,}"] + [
            f"{n:,}" for n in fs["counts"].values()
        ] + [f"{sum(fs['counts'].values()):,}"]
    for rule, rt in summary["totals"]["by_rule"].items():
        assert page.inner_text(f'#rules-table tr[data-rule="{rule}"] td:nth-child(6)') == f"{rt['count']:,}"
    assert o.count() == len(result.findings) == 290
    assert o.rows() == 100
    assert page.inner_text("#page-info") == "1–100 件目 / 290 件（1/3 ページ）"
    assert page.locator("#gaiji-table tbody tr").count() == len(summary["gaiji"]) == 2


def test_filters_search_sort_and_paging(open_report: Callable[..., Opened]) -> None:
    o = open_report(crafted())
    page = o.page
    select(o, "#f-file", EVIL)
    assert (o.count(), o.rows()) == (2, 2)
    select(o, "#f-file", "（すべて）")
    select(o, "#f-rule", "C1 必須項目が空")
    assert (o.count(), o.rows()) == (250, 100)
    select(o, "#f-sev", "誤り")
    assert o.count() == 250
    select(o, "#f-sev", "警告")
    assert (o.count(), o.rows()) == (0, 0)
    assert page.inner_text("#page-info") == "該当する指摘はありません"
    page.click("#f-reset")
    assert o.count() == 290
    select(o, "#f-item", "方書")
    assert o.count() == 31  # 30 F15 + 1 F13
    select(o, "#f-sev", "警告")
    assert o.count() == 30
    page.click("#f-reset")
    select(o, "#f-item", "（項目なし）")
    assert o.column(5) == ["誤り"] and o.column(4) == ["F3"]
    page.click("#f-reset")
    page.fill("#f-q", "見本")  # value of the F15 findings
    assert o.count() == 30
    page.fill("#f-q", "世帯主のいない")  # message text
    assert o.count() == 5
    page.fill("#f-q", "ALERT(1)")  # case-insensitive, in values, item and file names
    assert o.count() == 2
    page.fill("#f-q", "")
    assert o.count() == 290
    # paging: 290 rows → 100, 100, 90
    page.click("#page-next")
    assert page.inner_text("#page-info") == "101–200 件目 / 290 件（2/3 ページ）"
    page.click("#page-last")
    assert o.rows() == 90
    assert page.is_disabled("#page-next") and not page.is_disabled("#page-prev")
    # sort by line, descending on the second click; ties keep report order
    page.click('th[data-sort="line"] button')
    assert o.column(2)[:5] == ["2", "2", "2", "2", "3"]
    assert o.column(4)[:4] == ["F15", "C1", "X4", "C7"]  # equal lines keep report order
    assert page.inner_text("#page-info") == "1–100 件目 / 290 件（1/3 ページ）"
    page.click('th[data-sort="line"] button')
    assert o.column(2)[:2] == ["251", "250"]
    assert page.get_attribute('th[data-sort="line"]', "aria-sort") == "descending"
    assert o.errors == [] and o.foreign_requests() == []


def test_injected_markup_renders_as_text(open_report: Callable[..., Opened]) -> None:
    o = open_report(crafted())
    page = o.page
    select(o, "#f-file", EVIL)
    assert o.column(1) == [EVIL, EVIL]
    assert o.column(3) == [XSS_IMG, "—"]
    assert o.column(7) == [XSS_SCRIPT, XSS_IMG]
    assert page.inner_text("#files-table tbody tr:nth-child(2) td:nth-child(1)") == EVIL
    option_texts = page.eval_on_selector_all("#f-item option", "os => os.map(o => o.textContent)")
    assert XSS_IMG in option_texts
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 2
    page.wait_for_timeout(100)  # an onerror handler would have fired by now
    assert o.dialogs == [] and o.errors == [] and o.foreign_requests() == []


def test_english_switch_changes_every_label(open_report: Callable[..., Opened]) -> None:
    o = open_report(crafted())
    page = o.page
    assert page.inner_text("#verdict .word") == "不適合"
    assert page.inner_text("#findings h2") == "指摘の一覧"
    assert page.inner_text("#lang-toggle") == "English"
    page.click("#lang-toggle")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "Migration data conformance report"
    assert page.inner_text("#verdict .word") == "Does not conform"
    assert page.inner_text("#findings h2") == "Findings"
    assert page.inner_text("#files-table thead th:nth-child(1)") == "File"
    assert page.inner_text("#lang-toggle") == "日本語"
    assert page.get_attribute("#f-q", "placeholder") == "Search file, item, message, value"
    assert o.column(5)[:2] == ["Warning", "Error"]  # line 2: F15 before C1 (spec order of rules)
    assert o.column(6)[:2] == ["Leading.", "Required item is NULL."]
    assert page.inner_text("#f-rule option:first-child") == "(all)"
    assert page.inner_text("#page-info") == "1–100 of 290 (page 1/3)"
    select(o, "#f-rule", "F15 Surrounding spaces")
    assert o.count() == 30
    page.fill("#f-q", "leading")  # search follows the shown language
    assert o.count() == 30
    page.click("#lang-toggle")
    assert page.inner_text("#findings h2") == "指摘の一覧"
    assert page.input_value("#f-rule") != ""  # the filter survives the switch
    assert o.count() == 0  # "leading" is not in the Japanese message
    assert o.errors == []


def test_first_screen_screenshot(open_report: Callable[..., Opened], tmp_path: Path) -> None:
    o = open_report(crafted())
    shot = tmp_path / "first-screen.png"
    o.page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 900)
    assert len(data) > 20_000  # a rendered page, not a blank one


def test_twenty_thousand_embedded_rows_filter_exactly(open_report: Callable[..., Opened]) -> None:
    """The embedding cap with many rules: every rule represented, counts exact over the in-memory array."""
    c = Collector(max_per_rule=1000)
    c.start_file(A, "住民記録_住民")
    rules = [f"X{n}" for n in range(1, 31)]  # 30 rules × 1000 listed = 30,000 > EMBED_LIMIT
    for rule in rules:
        for line in range(2, 1502):
            ja, en = f"{rule} 指摘 {line}", f"{rule} {line}"
            c.add(make_finding(A, line, "氏名", rule, Severity.WARNING, ja, en, None))
    r = c.finish(schema=schema(), started=datetime(2024, 1, 1), finished=datetime(2024, 1, 1), inputs=[],
                 settings_summary={})
    o = open_report(r, name="big.html")
    quota = html.EMBED_LIMIT // len(rules)
    assert o.count() == quota * len(rules) == 19_980
    assert o.page.inner_text("#total-findings") == "45,000"
    select(o, "#f-rule", "X7 異動日が処理日より後")
    assert o.count() == quota
    o.page.fill("#f-q", "X7 指摘 66")  # lines 66 and 660–667 (the first 666 per rule are embedded)
    assert o.count() == 9
    assert o.errors == [] and o.foreign_requests() == []
