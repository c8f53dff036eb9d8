"""外字 decisions: the filled 同定 worksheet (CSV or XLSX), or the older ``コードポイント,対応`` table.

The worksheet (``conformance gaiji worksheet``) lists one character or sequence per row; the user fills
``採用`` with what it is to become. This module reads the decisions back. Its column names are defined
here, in the lower layer, so that the writer (``conformance.reports.worksheet``) and this reader cannot
drift apart.

``採用`` may hold the adopted character(s) themselves, an MJ文字図形名 (``MJ008064``), code points
(``U+5409`` or ``U+845B U+E0102``), a candidate cell copied as it is (``吉 MJ008064（縮退マップ）``), or
``候補N`` for that row's N-th candidate. An MJ文字図形名 is resolved with the MJ table by whoever applies
the decision (``gaiji apply --moji``); validation only needs to know *which* code points are mapped.

What validation takes from a map: a mapped private-use code point passes F13 (spec §2 F13, as the spec's
``pua_map``); rows for other characters and sequences are decisions for ``gaiji apply`` (the data still
holds the character until it is replaced).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from conformance.schema.documents import SchemaError
from conformance.schema.sheets import CSV_SUFFIXES, SheetError, SheetLimits, header_key, iter_rows
from conformance.schema.tables import PUA_MAP_HEADER, parse_code_point, read_pua_map
from conformance.types.chars import is_pua

__all__ = [
    "ADOPTED",
    "CANDIDATES",
    "CODE_POINTS",
    "WORKSHEET_COLUMNS",
    "Adoption",
    "GaijiMap",
    "candidate_cell",
    "format_key",
    "parse_key",
    "read_gaiji_map",
]

CODE_POINTS: Final = "コードポイント"
ADOPTED: Final = "採用"
MAX_CANDIDATES: Final = 5
CANDIDATES: Final[tuple[str, ...]] = tuple(f"候補{i}" for i in range(1, MAX_CANDIDATES + 1))
#: The worksheet's columns, in order.
WORKSHEET_COLUMNS: Final[tuple[str, ...]] = (
    CODE_POINTS,
    "文字",
    "種別",
    "出現数",
    "出現項目",
    "最初の出現",
    *CANDIDATES,
    ADOPTED,
    "備考",
)
_OLD_TARGET: Final = PUA_MAP_HEADER[1]  # 対応
_MJ_NAME: Final = re.compile(r"MJ[0-9]{6}")
_CODES: Final = re.compile(r"U\+[0-9A-Fa-f]{4,6}(?: +U\+[0-9A-Fa-f]{4,6})*")
_CANDIDATE_REF: Final = re.compile(r"候補([1-9])")
# A candidate cell as the worksheet writes it: text, optional MJ文字図形名, the reason in （）.
_CANDIDATE_CELL: Final = re.compile(r"(?P<text>\S+?)(?: (?P<mj>MJ[0-9]{6}))?（(?P<why>[^（）]*)）")
_FORBIDDEN: Final = re.compile(r'[\x00-\x1f\x7f-\x9f",]')  # would change a CSV's structure
HEADER_SEARCH_ROWS: Final = 30
_LIMITS: Final = SheetLimits(max_bytes=64 * 1024 * 1024, max_uncompressed=512 * 1024 * 1024, max_rows=200_000)


def format_key(code_points: tuple[int, ...]) -> str:
    """``U+E000`` or ``U+9AD9 U+E0100``: how the worksheet writes a character or sequence."""
    return " ".join(f"U+{cp:04X}" for cp in code_points)


def parse_key(text: str) -> tuple[int, ...] | None:
    """The inverse of :func:`format_key` (spaces may repeat); None when it is not that."""
    parts = text.split()
    points = [parse_code_point(p) for p in parts]
    if not parts or any(p is None for p in points):
        return None
    return tuple(p for p in points if p is not None)


def candidate_cell(text: str, mj_name: str | None, why: str) -> str:
    """One candidate as the worksheet shows it; :func:`read_gaiji_map` reads it back when copied to 採用."""
    return f"{text} {mj_name}（{why}）" if mj_name else f"{text}（{why}）"


@dataclass(frozen=True, slots=True)
class Adoption:
    """One decision: ``key`` (code points in the data) becomes ``text``, or the MJ character ``mj_name``."""

    key: tuple[int, ...]
    text: str | None  # the replacement, when the cell says it directly
    mj_name: str | None  # an MJ文字図形名 to resolve with the MJ table
    written: str  # the cell as the user wrote it (for messages)
    row: int


@dataclass(frozen=True, slots=True)
class GaijiMap:
    """The decisions of one file, by key."""

    source: Path
    adoptions: dict[tuple[int, ...], Adoption]

    @property
    def pua_map(self) -> dict[int, str]:
        """Private-use code point → target: what F13 accepts (the other rows are for ``gaiji apply``)."""
        return {a.key[0]: a.written for a in self.adoptions.values() if len(a.key) == 1 and is_pua(a.key[0])}


def _fail(path: Path, row: int, column: str, problem: str) -> SchemaError:
    return SchemaError(path, f"row {row}, column {column}", problem)


def _target(path: Path, row: int, written: str, cells: dict[str, str]) -> tuple[str | None, str | None]:
    """(text, MJ name) of a 採用 cell; exactly one is set."""
    value = written
    ref = _CANDIDATE_REF.fullmatch(unicodedata.normalize("NFKC", written))  # 候補１ typed full-width too
    if ref is not None:
        column = f"候補{ref.group(1)}"
        value = cells.get(column, "").strip()
        if not value:
            raise _fail(path, row, ADOPTED, f"{written!r} names {column}, which is empty")
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]  # the worksheet's CSV guards such a cell against formula evaluation
    cell = _CANDIDATE_CELL.fullmatch(value)
    if cell is not None:
        value = cell.group("text")
    if _MJ_NAME.fullmatch(value):
        return None, value
    if _CODES.fullmatch(value):
        key = parse_key(value)
        if key is None:
            raise _fail(path, row, ADOPTED, f"{value!r} holds a value that is not a code point")
        value = "".join(chr(cp) for cp in key)
    if _FORBIDDEN.search(value):
        raise _fail(path, row, ADOPTED, f"{written!r} holds a control character, a comma or a double quote")
    return value, None


def _header(path: Path, rows: list[tuple[int, list[str]]]) -> tuple[int, dict[str, int], str]:
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions: dict[str, int] = {}
        for at, cell in enumerate(cells):
            positions.setdefault(header_key(cell), at)
        target = ADOPTED if header_key(ADOPTED) in positions else _OLD_TARGET
        if header_key(CODE_POINTS) in positions and header_key(target) in positions:
            named = {
                c: positions[header_key(c)]
                for c in (*WORKSHEET_COLUMNS, _OLD_TARGET)
                if header_key(c) in positions
            }
            return index, named, target
    raise SchemaError(path, "header", f"no header row with the columns {CODE_POINTS} and {ADOPTED}")


def _from_old_csv(path: Path) -> GaijiMap:
    mapping = read_pua_map(path)
    return GaijiMap(
        path,
        {
            (cp,): Adoption(
                (cp,),
                None if _MJ_NAME.fullmatch(t) else _target(path, 0, t, {})[0],
                t if _MJ_NAME.fullmatch(t) else None,
                t,
                0,
            )
            for cp, t in mapping.items()
        },
    )


def _is_old_csv(path: Path) -> bool:
    if path.suffix.lower() not in CSV_SUFFIXES:
        return False
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            first = fh.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        return False
    return tuple(first.split(",")) == PUA_MAP_HEADER


def read_gaiji_map(path: Path) -> GaijiMap:
    """The decisions of a filled worksheet or a ``コードポイント,対応`` table (rows with no 採用 skipped)."""
    path = Path(path)
    if not path.is_file():
        raise SchemaError(path, "", "外字 map not found")
    if _is_old_csv(path):
        return _from_old_csv(path)
    try:
        rows = list(iter_rows(path, _LIMITS))
    except SheetError as exc:
        raise SchemaError(exc.path, f"row {exc.row}" if exc.row else "", exc.problem) from None
    start, columns, target_column = _header(path, rows)
    adoptions: dict[tuple[int, ...], Adoption] = {}
    for number, raw in rows[start + 1 :]:
        cells = {c: raw[i].strip() if i < len(raw) else "" for c, i in columns.items()}
        written = cells.get(target_column, "")
        if not written:
            continue
        key_text = cells.get(CODE_POINTS, "")
        key = parse_key(key_text)
        if key is None:
            raise _fail(path, number, CODE_POINTS, f"{key_text!r} is not U+XXXX or a sequence U+XXXX U+XXXX")
        if key in adoptions:
            raise _fail(
                path, number, CODE_POINTS, f"{key_text} is decided twice (also row {adoptions[key].row})"
            )
        text, mj_name = _target(path, number, written, cells)
        if text == "":
            raise _fail(path, number, target_column, "empty 採用")
        adoptions[key] = Adoption(key, text, mj_name, written, number)
    return GaijiMap(path, adoptions)
