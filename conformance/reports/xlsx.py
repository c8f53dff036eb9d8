"""The Excel report for municipal staff: a workbook with the verdict and its evidence, the findings, the 外字.

Staff who accept delivered data work in Excel: they filter findings by file or rule, sort by line, forward
a sheet to the vendor and keep the workbook with the acceptance record. So the workbook has three sheets:

- 概要 (Summary): the verdict, large and coloured, with the rule that gives it (the words of
  :mod:`conformance.reports.coverage`, shared by every format); exact totals by severity and how many are
  listed; the schema set, inputs, times, tool version and how values are shown; one row per file with its
  evidence (size, SHA-256, encoding, line endings, modification time); what was not checked and why; totals
  per rule and per file × rule.
- 指摘 (Findings): a note (how many are listed, the per-rule cap, Excel's row limit when reached), the
  header of the CSV report, one row per listed finding in report order; severities in words and coloured,
  header frozen, autofilter, widths fitted, printed A4 landscape one page wide.
- 外字 (Gaiji): the inventory of every distinct character outside the repertoire or in private use, for
  文字同定, in a font with a Japanese character set.

Safety: data never becomes a formula, a link or a number. Every text cell is written with ``write_string``
(numbers are only the counts and line numbers the run computed) and the workbook's ``strings_to_formulas``,
``strings_to_urls`` and ``strings_to_numbers`` are off, so ``=HYPERLINK(…)`` in the data stays text. Values,
item names and messages reach a cell only through :class:`ReportOptions` (masked unless ``--show-values``).
The workbook is built in memory (no temporary file holds data) and dated with the run's start, so the same
result gives the same bytes. Text cells are cut at Excel's 32,767 characters (ending "…"), and the listing
at Excel's 1,048,576 rows, which the note says.

Cost (``benchmarks/test_xlsx_report.py``: 100,000 listed findings, 4 rules, one file, on this project's
2-core machine): :func:`render` takes about 5–6 s of CPU, a median of 20 s wall while other jobs loaded
both cores, and the process peaks at about 325 MB, of which 160 MB is the result itself; the rest is the
workbook held in memory, which follows the listing that ``--max-per-rule`` bounds.
"""

from __future__ import annotations

import io
from datetime import UTC
from typing import Any, BinaryIO, TextIO

from conformance.core.messages import Lang
from conformance.reports.collector import SEVERITIES, ValidationResult
from conformance.reports.coverage import severity_word
from conformance.reports.csv_report import HEADERS
from conformance.reports.writers import ReportOptions, binary_stream
from conformance.reports.xlsx_cells import (
    EXCEL_ROWS,
    MAX_FINDING_ROWS,
    SHEETS,
    Sheet,
    Styles,
    label,
    new_workbook,
)
from conformance.reports.xlsx_summary import write_summary

__all__ = ["render", "write"]


def _findings_note(result: ValidationResult, lang: Lang, shown: int) -> str:
    totals, listed = result.totals, len(result.findings)
    parts = [label("note_listed", lang, shown=f"{shown:,}", total=f"{totals.total:,}")]
    if totals.capped and result.max_per_rule is not None:
        parts.append(label("note_capped", lang, cap=f"{result.max_per_rule:,}", summary=SHEETS[lang][0]))
    if shown < listed:
        parts.append(
            label("note_rows", lang, rows=f"{EXCEL_ROWS:,}", listed=f"{listed:,}", shown=f"{shown:,}")
        )
    return (" " if lang == "en" else "").join(parts)


def _findings(book: Any, styles: Styles, result: ValidationResult, opts: ReportOptions) -> None:
    lang = opts.lang
    sheet = Sheet(book.add_worksheet(SHEETS[lang][1]))
    findings = result.findings[:MAX_FINDING_ROWS]
    sheet.text(0, 0, _findings_note(result, lang, len(findings)), styles.note, fit=False)
    sheet.row(1, HEADERS[lang], styles.header)
    severity_words = {sev: severity_word(sev, lang) for sev in SEVERITIES}
    text, number = sheet.text, sheet.number
    for r, f in enumerate(findings, start=2):
        text(r, 0, f.file)  # cell_text cleans every cell
        number(r, 1, f.line)
        text(r, 2, opts.item(f.item))
        text(r, 3, f.rule)
        text(r, 4, severity_words[f.severity], styles.severity[f.severity])
        text(r, 5, opts.message(f))
        text(r, 6, opts.shown(f.value, f.item))
    sheet.listing_header(len(findings), len(HEADERS[lang]))
    sheet.finish()


def _gaiji(book: Any, styles: Styles, result: ValidationResult, opts: ReportOptions) -> None:
    lang = opts.lang
    sheet = Sheet(book.add_worksheet(SHEETS[lang][2]))
    note = "gaiji_note" if result.gaiji else "gaiji_none"
    sheet.text(0, 0, label(note, lang), styles.note, fit=False)
    header = (
        "glyph",
        "code_points",
        "unicode_name",
        "kind",
        "rule",
        "values",
        "occurrences",
        "first_locations",
    )
    sheet.row(1, [label(k, lang) for k in header], styles.header)
    for r, entry in enumerate(result.gaiji, start=2):
        sheet.text(r, 0, entry.glyph, styles.glyph, fit=False)
        sheet.row(r, [entry.codes, entry.name, label(f"kind_{entry.kind}", lang), entry.rule], col=1)
        sheet.number(r, 5, entry.values)
        sheet.number(r, 6, entry.occurrences)
        locations = "; ".join(loc.label(opts.item) for loc in entry.locations)
        sheet.text(r, 7, locations, styles.wrap)
    sheet.ws.freeze_panes(2, 0)
    sheet.ws.autofilter(1, 0, 1 + len(result.gaiji), len(header) - 1)
    sheet.finish(fixed={0: 6})


def render(result: ValidationResult, opts: ReportOptions, *, values_as_written: bool = False) -> bytes:
    """The workbook's bytes. ``values_as_written``: values come from an earlier run's JSONL (``report``)."""
    buffer = io.BytesIO()
    created = result.started
    if created.tzinfo is not None:
        created = created.astimezone(UTC).replace(tzinfo=None)
    book = new_workbook(buffer, label("doc_title", opts.lang), created)
    try:
        styles = Styles(book)
        write_summary(
            Sheet(book.add_worksheet(SHEETS[opts.lang][0])), styles, result, opts, values_as_written
        )
        _findings(book, styles, result, opts)
        _gaiji(book, styles, result, opts)
    finally:
        book.close()
    return buffer.getvalue()


def write(
    result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions, *, values_as_written: bool = False
) -> None:
    """Write the workbook to a binary stream, or to the bytes under a text stream (a piped stdout)."""
    data = render(result, opts, values_as_written=values_as_written)
    binary_stream(out).write(data)
