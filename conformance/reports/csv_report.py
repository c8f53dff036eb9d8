"""CSV report for spreadsheet users: UTF-8 with BOM and CRLF so that Excel opens it correctly.

Cells are neutralised against formula injection: a value from the data (or a file name) that starts with
``= + - @``, TAB or CR would otherwise be evaluated by the spreadsheet, so it gets a leading ``'``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import BinaryIO, TextIO

from conformance.reports.collector import ValidationResult
from conformance.reports.coverage import severity_word
from conformance.reports.masking import clean
from conformance.reports.writers import ReportOptions, text_stream

HEADERS: dict[str, tuple[str, ...]] = {
    "ja": ("ファイル", "行", "項目", "規則", "重大度", "メッセージ", "値"),
    "en": ("file", "line", "item", "rule", "severity", "message", "value"),
}

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would read as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def cell(text: str | None) -> str:
    """A cell of text that came from the data or a file name: controls escaped, formulas neutralised."""
    return "" if text is None else neutralise(clean(text))


def write_table(out: TextIO | BinaryIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """The CSV form every spreadsheet-bound table shares: the BOM, the header, one CRLF row per row."""
    with text_stream(out) as stream:
        stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(rows)


def write(result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """Write the BOM, the header in ``opts.lang`` and one CRLF row per listed finding."""
    rows = (
        (
            cell(f.file),
            "" if f.line is None else str(f.line),
            cell(opts.item(f.item)),
            cell(f.rule),
            severity_word(f.severity, opts.lang),
            cell(opts.message(f)),
            cell(opts.shown(f.value, f.item)),
        )
        for f in result.findings
    )
    write_table(out, HEADERS[opts.lang], rows)
