"""CSV report for spreadsheet users: UTF-8 with BOM and CRLF so that Excel opens it correctly.

Cells are neutralised against formula injection: a value from the data (or a file name) that starts with
``= + - @``, TAB or CR would otherwise be evaluated by the spreadsheet, so it gets a leading ``'``.
"""

from __future__ import annotations

import csv
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


def _cell(text: str | None) -> str:
    return "" if text is None else neutralise(clean(text))


def write(result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
    """Write the BOM, the header in ``opts.lang`` and one CRLF row per listed finding."""
    with text_stream(out) as stream:
        stream.write("\ufeff")
        writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(HEADERS[opts.lang])
        for f in result.findings:
            writer.writerow(
                (
                    _cell(f.file),
                    "" if f.line is None else str(f.line),
                    _cell(opts.item(f.item)),
                    _cell(f.rule),
                    severity_word(f.severity, opts.lang),
                    _cell(opts.message(f)),
                    _cell(opts.shown(f.value, f.item)),
                )
            )
