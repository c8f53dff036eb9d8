"""Cells of the Excel report: text made safe and cut to Excel's limit, widths fitted, labels and styles.

Every cell of the workbook goes through :class:`Sheet`: text only with ``write_string`` (never ``write``,
which would guess formulas, links and numbers from the data), numbers only for counts the run computed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from conformance.core.findings import Severity
from conformance.core.messages import Lang
from conformance.reports.html import LABELS as PAGE_LABELS
from conformance.reports.masking import ELLIPSIS, clean
from conformance.reports.worksheet import CANDIDATE_FONT

__all__ = [
    "EXCEL_ROWS",
    "LABELS",
    "MAX_CELL",
    "MAX_FINDING_ROWS",
    "SHEETS",
    "Sheet",
    "Styles",
    "cell_text",
    "label",
    "new_workbook",
]

EXCEL_ROWS = 1_048_576  # rows of a worksheet in Excel
MAX_FINDING_ROWS = EXCEL_ROWS - 2  # the 指摘 sheet's note and header take two rows
MAX_CELL = 32_767  # characters (UTF-16 code units) of one cell
_MAX_WIDTH = 80  # column width (in half-width characters) at most
_MIN_WIDTH = 6

SHEETS: dict[Lang, tuple[str, str, str]] = {
    "ja": ("概要", "指摘", "外字"),
    "en": ("Summary", "Findings", "Gaiji"),
}

# Labels of this workbook in (Japanese, English); the HTML report's labels are used for the rest.
LABELS: dict[str, tuple[str, str]] = {
    "verdict": ("判定", "Verdict"),
    "counts": ("件数", "Counts"),
    "standard": ("標準", "Standard"),
    "started": ("開始", "Started"),
    "finished": ("終了", "Finished"),
    "tool": ("ツール", "Tool"),
    "value_display": ("値の表示", "Values"),
    "values_shown": (
        "値をそのまま表示しています（--show-values）。",
        "Values are shown as they are (--show-values).",
    ),
    "sha256": ("SHA-256", "SHA-256"),
    "encoding": ("文字コード", "Encoding"),
    "declared": ("（指定）", " (declared)"),
    "line_endings": ("改行", "Line endings"),
    "modified": ("更新日時", "Modified"),
    "none": ("なし", "None"),
    "rule_totals": ("規則別の件数", "Findings per rule"),
    "file_rule_totals": ("ファイル・規則別の件数", "Findings per file and rule"),
    "note_listed": (
        "指摘 {total} 件のうち {shown} 件を報告の順に掲載しています。",
        "{shown} of {total} findings are listed, in report order.",
    ),
    "note_capped": (
        "一覧は規則ごとに先頭 {cap} 件までです。件数はすべての指摘を数えた正確な値です（{summary}を参照）。",
        "The listing keeps the first {cap} findings per rule; all counts are exact (see {summary}).",
    ),
    "note_rows": (
        "Excel の行数の上限（{rows} 行）のため、一覧 {listed} 件のうち先頭 {shown} 件までです。",
        "Excel's limit of {rows} rows leaves room for the first {shown} of the {listed} listed findings.",
    ),
}

_SEVERITY_COLOURS = {
    Severity.ERROR: ("#9C0006", "#FFC7CE"),
    Severity.WARNING: ("#9C5700", "#FFEB9C"),
    Severity.INFO: ("#1F4E78", "#DDEBF7"),
}
_VERDICT_COLOURS = {
    "conforms": ("#006100", "#C6EFCE"),
    "partially_checked": ("#9C5700", "#FFEB9C"),
    "does_not_conform": ("#9C0006", "#FFC7CE"),
}
_JAPANESE_CHARSET = 128  # SHIFTJIS_CHARSET: Excel picks a font that draws Japanese


def label(key: str, lang: Lang, **fields: object) -> str:
    """A label of the workbook (or of the HTML report) in ``lang``, with its ``{name}`` fields filled in."""
    ja, en = LABELS.get(key) or PAGE_LABELS[key]
    text = en if lang == "en" else ja
    return text.format(**fields) if fields else text


def cell_text(text: str) -> str:
    """Text a cell can hold: made safe (:func:`clean`) and cut to Excel's 32,767 UTF-16 units with "…"."""
    text = clean(text)
    if len(text) <= MAX_CELL // 2 or len(text.encode("utf-16-le")) <= 2 * MAX_CELL:
        return text
    units = 0
    for i, ch in enumerate(text):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > MAX_CELL - 1:
            return text[:i] + ELLIPSIS
    return text  # pragma: no cover - the loop always cuts


# Characters a Japanese Excel draws half-width: ASCII and half-width katakana; everything else counts two
# (ambiguous-width ones such as ① and ※ are drawn wide in Japanese fonts). One regex pass, since a listing of
# 100,000 findings has a million cells to measure.
_WIDE = re.compile("[^\x00-\x7f\uff61-\uff9f]")


def _width(text: str) -> int:
    """Display width in half-width characters: wide and full-width characters count two."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE.findall(text))


def new_workbook(buffer: Any, title: str, created: datetime) -> Any:
    """An in-memory xlsxwriter workbook that never turns text into a formula, a link or a number, dated
    ``created`` (naive UTC) so that the same result gives the same bytes."""
    import xlsxwriter

    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    book.set_properties({"title": title, "created": created})
    return book


class Sheet:
    """A worksheet written cell by cell: text only as strings, numbers only as numbers, widths tracked."""

    def __init__(self, worksheet: Any) -> None:
        self.ws = worksheet
        self._widths: dict[int, int] = {}

    def _fit(self, col: int, text: str) -> None:
        current = self._widths.get(col, _MIN_WIDTH)
        if current >= _MAX_WIDTH or 2 * len(text) <= current:  # full, or cannot be wider than 2 per char
            return
        width = _width(text)
        if width > current:
            self._widths[col] = min(width, _MAX_WIDTH)

    def text(self, row: int, col: int, text: str | None, fmt: Any = None, *, fit: bool = True) -> None:
        if text is None or text == "":
            if fmt is not None:
                self.ws.write_blank(row, col, None, fmt)
            return
        value = cell_text(text)
        self.ws.write_string(row, col, value, fmt)
        if fit:
            self._fit(col, value)

    def number(self, row: int, col: int, n: int | None, fmt: Any = None) -> None:
        if n is None:
            return
        self.ws.write_number(row, col, n, fmt)
        self._fit(col, f"{n:,}")

    def row(self, row: int, cells: Sequence[str | int | None], fmt: Any = None, col: int = 0) -> None:
        for i, cell in enumerate(cells, start=col):
            if isinstance(cell, int):
                self.number(row, i, cell, fmt)
            else:
                self.text(row, i, cell, fmt)

    def listing_header(self, rows: int, columns: int) -> None:
        """A listing with its note in row 0 and header in row 1: header frozen, repeated on every printed
        page, and an autofilter over ``rows`` rows of ``columns`` columns."""
        self.ws.freeze_panes(2, 0)
        self.ws.autofilter(1, 0, 1 + rows, columns - 1)
        self.ws.repeat_rows(1)

    def finish(self, *, wrap: Any = None, fixed: dict[int, int] | None = None) -> None:
        """Set the fitted widths (``fixed`` ones win) and print A4 landscape, one page wide."""
        for col, width in sorted({**self._widths, **(fixed or {})}.items()):
            self.ws.set_column(col, col, width + 2, wrap)
        self.ws.set_paper(9)
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)


class Styles:
    """The formats of one workbook."""

    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.heading = book.add_format({"bold": True, "font_size": 12})
        self.label = book.add_format({"bold": True})
        self.header = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        self.note = book.add_format({"italic": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.severity = {
            sev: book.add_format({"font_color": fg, "bg_color": bg})
            for sev, (fg, bg) in _SEVERITY_COLOURS.items()
        }
        self.verdict = {
            v: book.add_format({"bold": True, "font_size": 20, "font_color": fg, "bg_color": bg})
            for v, (fg, bg) in _VERDICT_COLOURS.items()
        }
        self.glyph = book.add_format(
            {"font_name": CANDIDATE_FONT, "font_charset": _JAPANESE_CHARSET, "font_size": 16}
        )
