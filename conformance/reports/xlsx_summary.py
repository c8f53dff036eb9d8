"""The 概要 (Summary) sheet of the Excel report: the verdict and the evidence of what it is about.

A municipality signs off a delivery on this sheet, so it says what every other format says, with the same
words (:mod:`conformance.reports.coverage`): the verdict and the rule that gives it, exact totals, the schema
set, inputs and times, each file's evidence, what was not checked and why, and totals per rule and per
file × rule. Labels are in column A, values beside them; tables have a header row and end at a blank row.
"""

from __future__ import annotations

from conformance import __version__
from conformance.reports import coverage
from conformance.reports.collector import SEVERITIES, FileSummary, ValidationResult
from conformance.reports.coverage import CoverageLine
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions
from conformance.reports.xlsx_cells import Sheet, Styles, label
from conformance.rules.catalogue import RULES

__all__ = ["FILE_COLUMNS", "write_summary"]

# The columns of the per-file table, as label keys.
FILE_COLUMNS = (
    "file",
    "layout",
    "rows",
    "sev_error",
    "sev_warning",
    "sev_info",
    "total",
    "size",
    "sha256",
    "encoding",
    "line_endings",
    "modified",
)


def _rule_title(rule: str, opts: ReportOptions) -> str:
    info = RULES.get(rule)
    return "" if info is None else (info.title_en if opts.lang == "en" else info.title_ja)


def _file_row(fs: FileSummary, opts: ReportOptions) -> list[str | int | None]:
    counts = [fs.counts.get(sev, 0) for sev in SEVERITIES]
    ev = fs.evidence
    row: list[str | int | None] = [clean(fs.file), fs.layout, fs.rows, *counts, sum(counts)]
    if ev is None:
        return row
    encoding = ev.encoding + (label("declared", opts.lang) if ev.encoding_declared else "")
    return [*row, ev.size, ev.sha256, encoding, ev.line_endings, ev.modified]


class _Writer:
    """Writes the sheet top to bottom; ``self.r`` is the next free row."""

    def __init__(self, sheet: Sheet, styles: Styles, opts: ReportOptions) -> None:
        self.sheet, self.styles, self.opts, self.r = sheet, styles, opts, 0

    def line(self, key: str, value: str | int | None, *, fit: bool = True, fmt: object = None) -> None:
        self.sheet.text(self.r, 0, label(key, self.opts.lang), self.styles.label)
        if isinstance(value, int):
            self.sheet.number(self.r, 1, value, fmt)
        else:
            self.sheet.text(self.r, 1, value, fmt, fit=fit)
        self.r += 1

    def heading(self, text: str) -> None:
        self.r += 1
        self.sheet.text(self.r, 0, text, self.styles.heading, fit=False)
        self.r += 1

    def table(self, header: list[str], rows: list[list[str | int | None]]) -> None:
        self.sheet.row(self.r, header, self.styles.header)
        self.r += 1
        for cells in rows:
            self.sheet.row(self.r, cells)
            self.r += 1

    def coverage(self, key: str, entries: list[CoverageLine]) -> None:
        self.heading(label(key, self.opts.lang, n=len(entries)))
        if not entries:
            self.sheet.text(self.r, 0, label("none", self.opts.lang))
            self.r += 1
        for e in entries:
            self.sheet.row(self.r, [e.where, e.why])
            self.r += 1


def write_summary(
    sheet: Sheet, styles: Styles, result: ValidationResult, opts: ReportOptions, values_as_written: bool
) -> None:
    """Fill the 概要 sheet (see the module doc for its layout)."""
    lang, totals = opts.lang, result.totals
    w = _Writer(sheet, styles, opts)
    sheet.text(0, 0, label("doc_title", lang), styles.title, fit=False)
    w.r = 1
    sheet.ws.set_row(1, 30)
    w.line("verdict", coverage.verdict_word(result, lang), fmt=styles.verdict[result.verdict], fit=False)
    sheet.text(w.r, 1, coverage.VERDICT_RULES.text(lang), fit=False)
    w.r += 1

    w.heading(label("counts", lang))
    for sev in SEVERITIES:
        w.line(f"sev_{sev.value}", totals.by_severity.get(sev, 0))
    w.line("total", totals.total)
    w.line("listed", len(result.findings))
    if totals.capped and result.max_per_rule is not None:
        note = label("capped", lang, cap=f"{result.max_per_rule:,}", listed=f"{len(result.findings):,}")
        sheet.text(w.r, 1, note, styles.note, fit=False)
        w.r += 1

    w.r += 1
    w.line("schema_origin", coverage.schema_origin(result, lang), fit=False)
    standard = " ".join(
        v for v in (result.standard.get("title", ""), result.standard.get("version", "")) if v
    )
    w.line("standard", clean(standard), fit=False)
    w.line("repertoire", coverage.repertoire(result, lang), fit=False)
    for i, path in enumerate(result.inputs or [""]):
        if i == 0:
            w.line("inputs", clean(path), fit=False)
        else:
            sheet.text(w.r, 1, clean(path), fit=False)
            w.r += 1
    w.line("started", result.started.isoformat(timespec="seconds"))
    w.line("finished", result.finished.isoformat(timespec="seconds"))
    w.line("tool", f"conformance {__version__}")
    shown = (
        "values_as_written" if values_as_written else "values_shown" if opts.show_values else "masked_note"
    )
    w.line("value_display", label(shown, lang), fit=False)

    w.heading(label("evidence", lang))
    w.table([label(k, lang) for k in FILE_COLUMNS], [_file_row(fs, opts) for fs in result.files])
    w.coverage("skipped", coverage.skipped(result, lang))
    w.coverage("not_checked", coverage.not_checked(result, lang))

    w.heading(label("rule_totals", lang))
    header = [label(k, lang) for k in ("rule", "title", "sev_error", "sev_warning", "sev_info", "total")]
    w.table(
        [*header, label("listed", lang)],
        [
            [
                rule,
                _rule_title(rule, opts),
                *(rt.by_severity.get(s, 0) for s in SEVERITIES),
                rt.count,
                rt.listed,
            ]
            for rule, rt in totals.by_rule.items()
        ],
    )
    w.heading(label("file_rule_totals", lang))
    w.table(
        [label(k, lang) for k in ("file", "rule", "title", "count")],
        [[clean(file), rule, _rule_title(rule, opts), n] for (file, rule), n in totals.by_file_rule.items()],
    )
    sheet.finish()
