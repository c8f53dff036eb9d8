"""The Excel workbook of a reconciliation (``reconcile --format xlsx``): the totals staff sign off, and the
differences to filter and forward.

Two sheets, in the conventions of the validator's workbook (:mod:`conformance.reports.xlsx`):

- 概要 (Summary): the verdict, both sides, the schema, the declared normalisations and ignored items, how
  values are shown; per layout the record counts before/after, the differences by kind (exact, and how many
  are listed), each side's file evidence, the exact sums of every 整数/小数 item, the counts per code that
  differ and the changed values per item; the files not reconciled.
- 差分 (Differences): a note (how many are listed, the cap per kind), the columns of the CSV report, one row
  per listed difference in report order; header frozen, autofilter.

Sums are written as text cells, not numbers: Excel holds a number as a 64-bit float (15 significant
digits), so 12345678901234567.89 would be rounded; the decimal string is what the run computed, exactly.
Safety as in the validator's workbook: every text cell through :class:`Sheet` (``write_string``, cut at
32,767 characters) with ``strings_to_formulas/urls/numbers`` off, values, keys and unknown item names only
through :class:`ReportOptions` (masked unless ``--show-values``), built in memory and dated with the run's
start, so the same result gives the same bytes.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any, BinaryIO, TextIO

from conformance import __version__
from conformance.core.messages import Lang, Localized
from conformance.reconcile.model import (
    KINDS,
    NORMALIZATIONS,
    LayoutResult,
    ReconcileResult,
    SumTotal,
    kind_word,
)
from conformance.reports.masking import clean
from conformance.reports.reconcile_report import CSV_HEADERS, key_text, shown_values, verdict_text, word
from conformance.reports.writers import ReportOptions, binary_stream
from conformance.reports.xlsx_cells import EXCEL_ROWS, MAX_FINDING_ROWS, Sheet, Styles, label, new_workbook

__all__ = ["SHEETS", "render", "write"]

SHEETS: dict[Lang, tuple[str, str]] = {"ja": ("概要", "差分"), "en": ("Summary", "Differences")}

_WORDS: dict[str, Localized] = {
    "verdict": Localized("判定", "Verdict"),
    "side": Localized("側", "side"),
    "path": Localized("パス", "path"),
    "count": Localized("件数", "count"),
    "max_per_kind": Localized("一覧の上限（種類ごと）", "listing cap (per kind)"),
    "all": Localized("すべて", "all"),
    "evidence": Localized("ファイルの証跡", "file evidence"),
    "not_numbers_of": Localized("数値でない値（{side}）", "not numbers ({side})"),
    "sums_note": Localized(
        "合計は10進の正確な値を文字列で記載しています（Excel の数値は15桁で丸められるため）。",
        "Sums are exact decimals written as text (an Excel number keeps 15 digits).",
    ),
    "note_listed": Localized(
        "差異 {total} 件のうち {shown} 件を報告の順に掲載しています。",
        "{shown} of {total} differences are listed, in report order.",
    ),
    "note_capped": Localized(
        "一覧はレイアウト・種類ごとに先頭 {cap} 件までです。件数は正確な値です（{summary}を参照）。",
        "The listing keeps the first {cap} per layout and kind; all counts are exact (see {summary}).",
    ),
    "note_rows": Localized(
        "Excel の行数の上限（{rows} 行）のため、一覧 {listed} 件のうち先頭 {shown} 件までです。",
        "Excel's limit of {rows} rows leaves room for the first {shown} of the {listed} listed differences.",
    ),
}


def _w(name: str, lang: Lang, **fields: object) -> str:
    """A word of the reconcile reports, or of this workbook."""
    if name in _WORDS:
        text = _WORDS[name].text(lang)
        return text.format(**fields) if fields else text
    return word(name, lang, **fields)


class _Summary:
    """Writes the 概要 sheet top to bottom; ``self.r`` is the next free row."""

    def __init__(self, sheet: Sheet, styles: Styles, opts: ReportOptions) -> None:
        self.sheet, self.styles, self.opts, self.r = sheet, styles, opts, 0

    def line(self, name: str, value: str | int | None, fmt: object = None) -> None:
        self.sheet.text(self.r, 0, name, self.styles.label)
        self.sheet.row(self.r, [value], fmt, col=1)
        self.r += 1

    def table(self, title: str, header: list[str], rows: list[list[str | int | None]]) -> None:
        if not rows:
            return
        self.r += 1
        self.sheet.text(self.r, 0, title, self.styles.heading, fit=False)
        self.sheet.row(self.r + 1, header, self.styles.header)
        self.r += 2
        for cells in rows:
            self.sheet.row(self.r, cells)
            self.r += 1


def _records(r: LayoutResult) -> tuple[int, int]:
    return (r.before.records if r.before else 0), (r.after.records if r.after else 0)


def _counts(t: SumTotal) -> tuple[int, int]:
    return t.not_numbers_before, t.not_numbers_after


def _summary(sheet: Sheet, styles: Styles, result: ReconcileResult, opts: ReportOptions) -> None:
    lang = opts.lang
    s = _Summary(sheet, styles, opts)
    sheet.text(0, 0, _w("title", lang), styles.title, fit=False)
    s.r = 1
    sheet.ws.set_row(1, 30)
    verdict = styles.verdict["conforms" if result.identical else "does_not_conform"]
    s.line(_w("verdict", lang), verdict_text(result, lang), verdict)
    s.r += 1
    s.line(_w("before", lang), clean(result.before))
    s.line(_w("after", lang), clean(result.after))
    s.line(_w("schema", lang), clean(result.schema_name))
    normalize = "; ".join(f"{n}（{NORMALIZATIONS[n].text(lang)}）" for n in result.normalize)
    s.line(_w("normalize", lang), normalize or _w("none", lang))
    s.line(_w("ignored", lang), ", ".join(result.ignore_items) or label("none", lang))
    for layout, key in result.keys_overridden.items():
        s.line(_w("key", lang), f"{layout}: {'+'.join(key)}")
    cap = _w("all", lang) if result.max_per_kind < 0 else result.max_per_kind
    s.line(_w("max_per_kind", lang), cap)
    s.line(label("value_display", lang), label("values_shown" if opts.show_values else "masked_note", lang))
    s.line(label("started", lang), result.started)
    s.line(label("finished", lang), result.finished)
    s.line(label("tool", lang), f"conformance {__version__}")
    s.line(label("total", lang), result.total)
    s.line(label("listed", lang), len(result.differences))

    records: list[list[str | int | None]] = []
    for r in result.layouts:
        nb, na = _records(r)
        records.append([r.layout, clean(r.file), "+".join(r.key), nb, na, na - nb, r.total, len(r.listed)])
    s.table(
        _w("records", lang),
        [_w(k, lang) for k in ("layout", "file", "key", "before", "after", "difference", "kinds")]
        + [label("listed", lang)],
        records,
    )
    s.table(
        _w("kinds", lang),
        [_w("layout", lang), _w("kind", lang), _w("count", lang), label("listed", lang)],
        [
            [r.layout, kind_word(k, lang), r.counts[k], r.listed_of(k)]
            for r in result.layouts
            for k in KINDS
            if r.counts.get(k)
        ],
    )
    evidence: list[list[str | int | None]] = []
    for r in result.layouts:
        for side, f in (("before", r.before), ("after", r.after)):
            if f is not None:
                eol = {"\r\n": "CRLF", "\n": "LF"}.get(f.line_ending or "")
                evidence.append([r.layout, _w(side, lang), clean(f.path), f.size, f.sha256, eol])
    s.table(
        _w("evidence", lang),
        [_w("layout", lang), _w("side", lang), _w("path", lang)]
        + [label(k, lang) for k in ("size", "sha256", "line_endings")],
        evidence,
    )
    sums: list[list[str | int | None]] = [
        [r.layout, t.item, str(t.before), str(t.after), str(t.difference), *_counts(t)]
        for r in result.layouts
        for t in r.sums
    ]
    s.table(
        _w("sum", lang),
        [_w(k, lang) for k in ("layout", "item", "before", "after", "difference")]
        + [_w("not_numbers_of", lang, side=_w(k, lang)) for k in ("before", "after")],
        sums,
    )
    if sums:
        sheet.text(s.r, 0, _w("sums_note", lang), styles.note, fit=False)
        s.r += 1
    s.table(
        _w("codes", lang),
        [_w(k, lang) for k in ("layout", "item", "code", "before", "after", "difference")],
        [
            [r.layout, c.item, opts.shown(c.code, c.item) or "NULL", c.before, c.after, c.after - c.before]
            for r in result.layouts
            for c in r.codes
        ],
    )
    s.table(
        _w("by_item", lang),
        [_w("layout", lang), _w("item", lang), _w("count", lang)],
        [[r.layout, opts.item(k), n] for r in result.layouts for k, n in r.changed_by_item.items()],
    )
    s.table(
        _w("skipped", lang),
        [_w("side", lang), _w("path", lang), label("reason", lang)],
        [[side, clean(p), ja if lang == "ja" else en] for side, p, ja, en in result.skipped],
    )
    sheet.finish()


def _note(result: ReconcileResult, lang: Lang, shown: int) -> str:
    listed = len(result.differences)
    parts = [_w("note_listed", lang, shown=f"{shown:,}", total=f"{result.total:,}")]
    if listed < result.total:
        parts.append(_w("note_capped", lang, cap=f"{result.max_per_kind:,}", summary=SHEETS[lang][0]))
    if shown < listed:
        parts.append(_w("note_rows", lang, rows=f"{EXCEL_ROWS:,}", listed=f"{listed:,}", shown=f"{shown:,}"))
    return (" " if lang == "en" else "").join(parts)


def _differences(book: Any, styles: Styles, result: ReconcileResult, opts: ReportOptions) -> None:
    lang = opts.lang
    sheet = Sheet(book.add_worksheet(SHEETS[lang][1]))
    listed = result.differences[:MAX_FINDING_ROWS]
    sheet.text(0, 0, _note(result, lang, len(listed)), styles.note, fit=False)
    sheet.row(1, list(CSV_HEADERS[lang]), styles.header)
    for r, d in enumerate(listed, start=2):
        before, after = shown_values(d, opts)
        sheet.row(r, [clean(d.file), kind_word(d.kind, lang), key_text(d, opts), opts.item(d.item)])
        sheet.row(r, [before, after, d.line_before, d.line_after], col=4)
    sheet.listing_header(len(listed), len(CSV_HEADERS[lang]))
    sheet.finish()


def _created(started: str) -> datetime:
    """The run's start as the workbook's date (naive UTC), so the bytes depend only on the result."""
    try:
        created = datetime.fromisoformat(started)
    except ValueError:
        return datetime(2000, 1, 1)
    return created.astimezone(UTC).replace(tzinfo=None) if created.tzinfo else created


def render(result: ReconcileResult, opts: ReportOptions) -> bytes:
    """The workbook's bytes."""
    buffer = io.BytesIO()
    book = new_workbook(buffer, _w("title", opts.lang), _created(result.started))
    try:
        styles = Styles(book)
        _summary(Sheet(book.add_worksheet(SHEETS[opts.lang][0])), styles, result, opts)
        _differences(book, styles, result, opts)
    finally:
        book.close()
    return buffer.getvalue()


def write(result: ReconcileResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """Write the workbook to a binary stream, or to the bytes under a text stream (a piped stdout)."""
    binary_stream(out).write(render(result, opts))
