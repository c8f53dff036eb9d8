"""Which 版 of the standard a workbook is, and of what date: from its file name, else its cover sheet.

Official files are named like ``001_住民基本台帳_基本データリスト【第2.1版】_20230929.xlsx``. What cannot be
read from either is recorded as unknown, never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.schema.workbook import Grid

__all__ = ["Provenance", "date_in", "provenance", "version_in"]

_VERSION = re.compile(r"(第?\s*\d+(?:\.\d+)*\s*版)")
_VERSION_V = re.compile(r"(?<![A-Za-z])[vV](?:er\.?)?\s*(\d+(?:\.\d+)+)")
_YMD = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?")
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_WAREKI = re.compile(r"(令和|平成|昭和)\s*(元|\d{1,2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclass(frozen=True, slots=True)
class Provenance:
    file: str  # file name only (paths are the user's business)
    sha256: str
    version: str | None
    version_from: str  # "file name" | "cover sheet" | "unknown"
    date: str | None  # ISO date
    date_from: str

    def as_json(self, sheets: Sequence[str]) -> dict[str, Any]:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "version": self.version,
            "version_from": self.version_from,
            "date": self.date,
            "date_from": self.date_from,
            "sheets": list(sheets),
        }


def _real(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def version_in(text: str) -> str | None:
    """``第2.1版`` (or ``2.1版``, ``v2.1``) in a text, normalised to half-width."""
    text = unicodedata.normalize("NFKC", text)
    found = _VERSION.search(text)
    if found:
        return re.sub(r"\s+", "", found.group(1))
    found = _VERSION_V.search(text)
    return f"第{found.group(1)}版" if found else None


def date_in(text: str) -> str | None:
    """The first real date in a text: ``20230929``, ``2023-09-29``, ``2023年9月29日``, ``令和5年9月29日``."""
    text = unicodedata.normalize("NFKC", text)
    for pattern in (_YMD, _ISO):
        for found in pattern.finditer(text):
            date = _real(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            if date:
                return date
    for found in _WAREKI.finditer(text):
        year = 1 if found.group(2) == "元" else int(found.group(2))
        date = _real(_ERAS[found.group(1)] + year, int(found.group(3)), int(found.group(4)))
        if date:
            return date
    return None


def _cover_text(grids: Sequence[Grid]) -> list[str]:
    """Cells of the cover sheet (表紙, or the first sheet when none is called so), row by row."""
    cover = next((g for g in grids if g.sheet and "表紙" in g.sheet), grids[0] if grids else None)
    if cover is None:
        return []
    return [c for row in cover.rows[:60] for c in row if c.strip()]


def provenance(path: Path, grids: Sequence[Grid], digest: str | None = None) -> Provenance:
    """The workbook's 版 and date: file name first, then the cover sheet, else unknown."""
    path = Path(path)
    if digest is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    name = path.stem
    version, version_from = version_in(name), "file name"
    date, date_from = date_in(name), "file name"
    cover = _cover_text(grids)
    if version is None:
        version = next((v for v in (version_in(c) for c in cover) if v), None)
        version_from = "cover sheet" if version else "unknown"
    if date is None:
        date = next((d for d in (date_in(c) for c in cover) if d), None)
        date_from = "cover sheet" if date else "unknown"
    return Provenance(path.name, digest, version, version_from, date, date_from)
