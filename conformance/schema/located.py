"""Where in a workbook something is, and an import problem said there in Japanese and English.

Workbooks come from people; a problem the user must fix names the file, the sheet, the row and the column
(as Excel shows them: ``B7``), and reads in both languages, like every other message of the tool.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from conformance.core.messages import Lang

__all__ = ["ImportProblem", "ImportProblems", "Where", "column_letter"]


def column_letter(column: int) -> str:
    """1 → A, 27 → AA (the letters Excel shows above a column)."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Where:
    """A place in an input: the file, and when known its sheet, row (1-based) and column (1-based)."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: int | None = None

    def text(self, lang: Lang = "ja") -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"シート「{self.sheet}」" if lang == "ja" else f"sheet {self.sheet!r}")
        if self.row is not None and self.column is not None:
            cell = f"{column_letter(self.column)}{self.row}"
            parts.append(f"セル {cell}" if lang == "ja" else f"cell {cell}")
        elif self.row is not None:
            parts.append(f"{self.row}行目" if lang == "ja" else f"row {self.row}")
        elif self.column is not None:
            letter = column_letter(self.column)
            parts.append(f"{letter}列" if lang == "ja" else f"column {letter}")
        return ": ".join(parts)


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


class ImportProblem(Exception):
    """A workbook, sheet or cell that cannot be imported: located, in both languages."""

    def __init__(self, where: Where, ja: str, en: str) -> None:
        self.where = where
        self.ja = _one_line(ja)
        self.en = _one_line(en)
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "ja") -> str:
        return f"{self.where.text(lang)}: {self.ja if lang == 'ja' else self.en}"

    def __str__(self) -> str:
        return f"{self.message('ja')} / {self.en}"


class ImportProblems(Exception):
    """Several sheets' problems at once: nothing was written."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message("en") for p in self.problems))
