"""The summary of a batch: many datasets validated one by one, one row per dataset, in text, JSON, CSV, HTML.

Why its own report: a prefecture or a vendor checking many municipal dumps needs one page saying which of
them conform, with the exact totals and where each dataset's own reports are; the findings stay in those
reports. A row holds no value from the data (only the dataset's path as given, counts and report paths),
so there is nothing to mask here.
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TextIO

from conformance.core.messages import Lang
from conformance.reports.collector import ValidationResult
from conformance.reports.coverage import VERDICTS
from conformance.reports.csv_report import cell, write_table

__all__ = ["BATCH_FORMATS", "BatchRow", "row_of", "unreadable_row", "write"]

#: The batch summary's formats and their file extensions.
BATCH_FORMATS = {"text": "txt", "json": "json", "csv": "csv", "html": "html"}

_UNREADABLE = {"ja": "読めません", "en": "unreadable"}
_HEAD = {
    "ja": ("データセット", "判定", "誤り", "警告", "情報", "計", "行数", "終了コード", "レポート"),
    "en": ("dataset", "verdict", "errors", "warnings", "infos", "total", "rows", "exit code", "reports"),
}
_TITLE = {"ja": "一括検査の要約", "en": "Batch summary"}


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One dataset of the batch."""

    dataset: str  # the path as given
    verdict: str  # conforms | does_not_conform | partially_checked | unreadable
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    rows: int = 0
    exit_code: int = 0
    reports: list[str] = field(default_factory=list)
    problem: str | None = None  # why an unreadable dataset could not be checked

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos

    def verdict_word(self, lang: Lang) -> str:
        if self.verdict == "unreadable":
            return _UNREADABLE[lang]
        return VERDICTS[self.verdict].text(lang)  # type: ignore[index]


def row_of(dataset: str, result: ValidationResult, exit_code: int, reports: Sequence[str]) -> BatchRow:
    by = {s.value: n for s, n in result.totals.by_severity.items()}
    return BatchRow(
        dataset, result.verdict, by.get("error", 0), by.get("warning", 0), by.get("info", 0),
        sum(f.rows for f in result.files), exit_code, list(reports),
    )


def unreadable_row(dataset: str, exit_code: int, problem: str) -> BatchRow:
    return BatchRow(dataset, "unreadable", exit_code=exit_code, problem=problem)


def _cells(row: BatchRow, lang: Lang) -> list[str]:
    reports = " ".join(row.reports) if row.reports else (row.problem or "")
    return [row.dataset, row.verdict_word(lang), f"{row.errors:,}", f"{row.warnings:,}", f"{row.infos:,}",
            f"{row.total:,}", f"{row.rows:,}", str(row.exit_code), reports]


def write(fmt: str, rows: Sequence[BatchRow], out: TextIO, lang: Lang, exit_code: int) -> None:
    """The summary of ``rows`` in ``fmt`` (one of BATCH_FORMATS); ``exit_code``: the batch's (the worst)."""
    head = _HEAD[lang]
    if fmt == "json":
        doc = {
            "exit_code": exit_code,
            "datasets": [
                {"dataset": r.dataset, "verdict": r.verdict, "errors": r.errors, "warnings": r.warnings,
                 "infos": r.infos, "total": r.total, "rows": r.rows, "exit_code": r.exit_code,
                 "reports": r.reports, "problem": r.problem}
                for r in rows
            ],
        }
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        header = (
            "dataset", "verdict", "errors", "warnings", "infos", "total", "rows", "exit_code", "reports",
            "problem",
        )
        write_table(out, header, (  # UTF-8 with BOM and CRLF, cells guarded: it is opened in Excel
            (cell(r.dataset), r.verdict, str(r.errors), str(r.warnings), str(r.infos), str(r.total),
             str(r.rows), str(r.exit_code), cell(" ".join(r.reports)), cell(r.problem))
            for r in rows
        ))
    elif fmt == "html":
        cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in _cells(r, lang)) + "</tr>" for r in rows
        )
        out.write(
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f"<title>{_TITLE[lang]}</title></head><body><h1>{_TITLE[lang]}</h1>"
            f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
            f"<p>{head[7]}: {exit_code}</p></body></html>\n"
        )
    elif fmt == "text":
        table = [list(head), *(_cells(r, lang) for r in rows)]
        widths = [max(_width(row[i]) for row in table) for i in range(len(head) - 1)]
        out.write(f"{_TITLE[lang]} ({head[7]}: {exit_code})\n")
        for row in table:
            padded = [c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=False)]
            out.write("  ".join([*padded, row[-1]]).rstrip() + "\n")
    else:
        raise ValueError(f"unknown batch summary format {fmt!r}")


def _width(text: str) -> int:
    """Display columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

