"""The MJ文字情報一覧表 (and tables of its shape for the Digital Agency's additions) and the MJ縮退マップ.

A table is read as published, CSV or XLSX, with its full header: the columns used here are picked by their
official names (matched after NFKC and without whitespace) and every other column is ignored. Only
``MJ文字図形名`` and ``実装したUCS`` must be present; ``実装したMoji_JohoコレクションIVS``, ``X0213``,
``対応する互換漢字`` and ``住基ネット統一文字コード`` are read when the table has them. A row without a
実装したUCS (an MJ character not encoded in UCS) is counted and skipped; any other malformed cell is a
:class:`~conformance.schema.documents.SchemaError` naming the file, row and column (exit 2).

Reading the official workbook takes seconds, so what was read is cached on disk, keyed by the sha256 of the
table's bytes: later runs cost a hash and one JSON read. The cache holds the table's public data only
(never resident data), is written atomically, and a cache file that does not parse or does not match is
ignored and rebuilt. Its folder is ``$CONFORMANCE_CACHE_DIR``, else ``$XDG_CACHE_HOME/conformance``, else
``~/.cache/conformance``; ``CONFORMANCE_CACHE_DIR=`` (empty) turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Final, TypeVar

from conformance.schema.documents import SchemaError
from conformance.schema.sheets import SheetError, SheetLimits, header_key, iter_rows
from conformance.types.chars import is_ideograph, is_ivs
from conformance.types.moji import MojiSet

__all__ = [
    "CACHE_ENV",
    "COLUMN_COMPAT",
    "COLUMN_IVS",
    "COLUMN_JUKI",
    "COLUMN_NAME",
    "COLUMN_SHRINK",
    "COLUMN_UCS",
    "COLUMN_X0213",
    "MojiRow",
    "MojiSource",
    "MojiTable",
    "cache_dir",
    "read_moji_shrink",
    "read_moji_tables",
]

COLUMN_NAME: Final = "MJ文字図形名"
COLUMN_UCS: Final = "実装したUCS"
COLUMN_IVS: Final = "実装したMoji_JohoコレクションIVS"
COLUMN_X0213: Final = "X0213"
COLUMN_COMPAT: Final = "対応する互換漢字"
COLUMN_JUKI: Final = "住基ネット統一文字コード"
COLUMN_SHRINK: Final = "縮退候補"
_COLUMNS: Final = (COLUMN_NAME, COLUMN_UCS, COLUMN_IVS, COLUMN_X0213, COLUMN_COMPAT, COLUMN_JUKI)
_REQUIRED: Final = (COLUMN_NAME, COLUMN_UCS)
HEADER_SEARCH_ROWS: Final = 30  # title rows above the header are skipped, up to this many
CACHE_ENV: Final = "CONFORMANCE_CACHE_DIR"
_CACHE_FORMAT: Final = 1  # bump when the cached document or its reading changes
_HASH_CHUNK: Final = 1 << 20

_NAME: Final = re.compile(r"[0-9A-Za-z_+\-]{1,32}")  # an additions' table may name its own way
_MJ_NAME: Final = re.compile(r"MJ[0-9]{6}")
_UCS: Final = re.compile(r"(?:U\+)?([0-9A-Fa-f]{4,6})")
_IVS_CELL: Final = re.compile(r"([0-9A-Fa-f]{4,6})_([0-9A-Fa-f]{5})")
_X0213: Final = re.compile(r"[12]-[0-9]{1,2}-[0-9]{1,2}")
_JUKI: Final = re.compile(r"J\+([0-9A-Fa-f]{4,6})")
_SEPARATORS: Final = re.compile(r"[\s,;、]+")
_K = TypeVar("_K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class MojiSource:
    """One table of a run: where it came from, its sha256, and how many rows were read and skipped."""

    path: str
    sha256: str
    rows: int
    skipped: int


@dataclass(frozen=True, slots=True)
class MojiRow:
    """One character of a table, with the columns the worksheet's candidates use."""

    name: str  # MJ文字図形名
    ucs: int  # 実装したUCS
    selector: int  # of 実装したMoji_JohoコレクションIVS, 0 for a plain code point
    x0213: str  # 面-区-点, "" when none
    compat: tuple[int, ...]  # 対応する互換漢字
    juki: tuple[int, ...]  # 住基ネット統一文字コード (J+XXXX) as numbers

    @property
    def text(self) -> str:
        """The character as it is written in data: the code point, followed by its selector if any."""
        return chr(self.ucs) + (chr(self.selector) if self.selector else "")

    @property
    def code_points(self) -> tuple[int, ...]:
        return (self.ucs, self.selector) if self.selector else (self.ucs,)


class MojiTable:
    """The rows of one or more tables (column lists, as cached) and the repertoire they make."""

    def __init__(self, sources: Sequence[MojiSource], columns: Sequence[_Columns]) -> None:
        self.sources = tuple(sources)
        self._columns = tuple(columns)

    @property
    def digest(self) -> str:
        """The tables' identity: the sha256 of their sha256s, in order."""
        return hashlib.sha256("\n".join(s.sha256 for s in self.sources).encode()).hexdigest()

    def __len__(self) -> int:
        return sum(len(c.names) for c in self._columns)

    @cached_property
    def repertoire(self) -> MojiSet:
        """Single code points (実装したUCS, 対応する互換漢字) and (base, selector) sequences."""
        singles: set[int] = set()
        sequences: set[tuple[int, int]] = set()
        for c in self._columns:
            singles.update(c.ucs)
            sequences.update((u, s) for u, s in zip(c.ucs, c.selectors, strict=True) if s)
            for compat in c.compat:
                if compat:
                    singles.update(compat)
        return MojiSet.of(self.digest, singles, sequences)

    def rows(self) -> Iterator[MojiRow]:
        for c in self._columns:
            for i in range(len(c.names)):
                yield MojiRow(c.names[i], c.ucs[i], c.selectors[i], c.x0213[i], c.compat[i], c.juki[i])

    @cached_property
    def by_name(self) -> dict[str, MojiRow]:
        """MJ文字図形名 → row (the first, if a name repeats across tables)."""
        out: dict[str, MojiRow] = {}
        for row in self.rows():
            out.setdefault(row.name, row)
        return out

    def _index(self, keys: Callable[[MojiRow], Iterable[_K]]) -> dict[_K, list[MojiRow]]:
        out: dict[_K, list[MojiRow]] = {}
        for row in self.rows():
            for key in keys(row):
                out.setdefault(key, []).append(row)
        return out

    @cached_property
    def by_code_points(self) -> dict[tuple[int, ...], list[MojiRow]]:
        """(UCS,) or (UCS, selector) → rows."""
        return self._index(lambda r: (r.code_points,))

    @cached_property
    def by_base(self) -> dict[int, list[MojiRow]]:
        """実装したUCS → every row with it (plain and IVS forms)."""
        return self._index(lambda r: (r.ucs,))

    @cached_property
    def by_compat(self) -> dict[int, list[MojiRow]]:
        """対応する互換漢字 → the rows that name it."""
        return self._index(lambda r: r.compat)

    @cached_property
    def by_juki(self) -> dict[int, list[MojiRow]]:
        """住基ネット統一文字コード (as a number) → rows."""
        return self._index(lambda r: r.juki)

    def summary(self) -> list[dict[str, Any]]:
        """What a run's summary records of its tables (public provenance, no data)."""
        return [
            {"file": s.path, "sha256": s.sha256, "rows": s.rows, "skipped": s.skipped} for s in self.sources
        ]


@dataclass(frozen=True, slots=True)
class _Columns:
    """One table's rows as parallel columns (the cached form)."""

    names: tuple[str, ...]
    ucs: tuple[int, ...]
    selectors: tuple[int, ...]
    x0213: tuple[str, ...]
    compat: tuple[tuple[int, ...], ...]
    juki: tuple[tuple[int, ...], ...]
    skipped: int

    def to_json(self, sha256: str) -> dict[str, Any]:
        """The cached document; the rare 互換漢字 and 住基ネット cells are stored sparsely (row → codes)."""
        return {
            "format": _CACHE_FORMAT,
            "sha256": sha256,
            "skipped": self.skipped,
            "names": list(self.names),
            "ucs": list(self.ucs),
            "selectors": list(self.selectors),
            "x0213": list(self.x0213),
            "compat": {str(i): list(c) for i, c in enumerate(self.compat) if c},
            "juki": {str(i): list(j) for i, j in enumerate(self.juki) if j},
        }

    @staticmethod
    def from_json(doc: Any, sha256: str) -> _Columns | None:
        """The cached columns, or None when the document is not exactly what :meth:`to_json` writes.

        The cache folder is the user's, but a damaged file must not become a wrong repertoire, so every
        column is type- and range-checked (whole-column checks: a few milliseconds for 60,000 rows).
        """
        if not isinstance(doc, dict) or doc.get("format") != _CACHE_FORMAT or doc.get("sha256") != sha256:
            return None
        names, ucs, selectors, x0213 = (
            doc.get("names"),
            doc.get("ucs"),
            doc.get("selectors"),
            doc.get("x0213"),
        )
        skipped = doc.get("skipped")
        if (
            not all(isinstance(col, list) for col in (names, ucs, selectors, x0213))
            or type(skipped) is not int
        ):
            return None
        assert isinstance(names, list) and isinstance(ucs, list)  # for the type checker
        assert isinstance(selectors, list) and isinstance(x0213, list)
        n = len(names)
        if not n or not len(ucs) == len(selectors) == len(x0213) == n:
            return None
        if set(map(type, names)) | set(map(type, x0213)) != {str}:
            return None
        if set(map(type, ucs)) | set(map(type, selectors)) != {int}:
            return None
        if min(ucs) < 0 or max(ucs) > 0x10FFFF or min(selectors) < 0 or max(selectors) > 0x10FFFF:
            return None
        compat, juki = _sparse(doc.get("compat"), n), _sparse(doc.get("juki"), n)
        if compat is None or juki is None:
            return None
        return _Columns(tuple(names), tuple(ucs), tuple(selectors), tuple(x0213), compat, juki, skipped)


def _sparse(obj: Any, n: int) -> tuple[tuple[int, ...], ...] | None:
    """``{"row": [code, …]}`` back to one tuple per row, or None when malformed."""
    if not isinstance(obj, dict):
        return None
    out: list[tuple[int, ...]] = [()] * n
    for key, codes in obj.items():
        if not (
            isinstance(key, str) and key.isdigit() and int(key) < n and isinstance(codes, list) and codes
        ):
            return None
        if not all(type(c) is int and 0 < c <= 0x10FFFF for c in codes):
            return None
        out[int(key)] = tuple(codes)
    return tuple(out)


# ------------------------------------------------------------------------------------------------ the cache


def cache_dir() -> Path | None:
    """Where tables are cached (see the module doc); None when caching is off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env) if env else None
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "conformance"


def _cache_file(folder: Path, sha256: str) -> Path:
    return folder / f"moji-{sha256}.json"


def _load_cached(sha256: str) -> _Columns | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        text = _cache_file(folder, sha256).read_text(encoding="utf-8")
        return _Columns.from_json(json.loads(text), sha256)
    except (OSError, ValueError, RecursionError):
        return None  # missing or corrupt: rebuilt from the table


def _store(columns: _Columns, sha256: str) -> None:
    """Write the cache atomically; a cache that cannot be written only costs the next run time."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".moji-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(columns.to_json(sha256), fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, _cache_file(folder, sha256))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_HASH_CHUNK):
                digest.update(chunk)
    except OSError as exc:
        raise SchemaError(path, "", f"cannot read the MJ table ({exc.strerror or exc})") from None
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------- the parser


def _header(
    path: Path, rows: Iterator[tuple[int, list[str]]], wanted: Sequence[str]
) -> tuple[int, dict[str, int]]:
    """The header row (within the first rows) holding every ``wanted`` column: its number and positions."""
    keys = {header_key(c): c for c in (*_COLUMNS, COLUMN_SHRINK)}
    for number, cells in rows:
        positions: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = keys.get(header_key(cell))
            if name is not None and name not in positions:
                positions[name] = index
        if all(w in positions for w in wanted):
            return number, positions
        if number >= HEADER_SEARCH_ROWS:
            break
    raise SchemaError(
        path,
        "header",
        f"no header row with the columns {', '.join(wanted)} in the first {HEADER_SEARCH_ROWS} rows",
    )


def _valid_name(name: str) -> bool:
    """MJ + 6 digits for an MJ character; another short token for an addition (not published here)."""
    pattern = _MJ_NAME if name.startswith("MJ") else _NAME
    return pattern.fullmatch(name) is not None


def _code_points(text: str, path: Path, row: int, column: str, pattern: re.Pattern[str]) -> tuple[int, ...]:
    out: list[int] = []
    for token in _SEPARATORS.split(text.strip()):
        if not token:
            continue
        match = pattern.fullmatch(token)
        value = int(match.group(1), 16) if match else -1
        if not 0 < value <= 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise SchemaError(path, f"row {row}, column {column}", f"{token!r} is not a code point")
        out.append(value)
    return tuple(out)


class _Builder:
    """Accumulates one table's columns while its rows are checked."""

    def __init__(self, path: Path, positions: dict[str, int]) -> None:
        self.path = path
        self.positions = positions
        self.names: list[str] = []
        self.ucs: list[int] = []
        self.selectors: list[int] = []
        self.x0213: list[str] = []
        self.compat: list[tuple[int, ...]] = []
        self.juki: list[tuple[int, ...]] = []
        self.skipped = 0

    def cell(self, cells: list[str], column: str) -> str:
        index = self.positions.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def fail(self, row: int, column: str, problem: str) -> SchemaError:
        return SchemaError(self.path, f"row {row}, column {column}", problem)

    def add(self, row: int, cells: list[str]) -> None:
        if not any(c.strip() for c in cells):
            return
        name = self.cell(cells, COLUMN_NAME)
        if not _valid_name(name):
            raise self.fail(row, COLUMN_NAME, f"{name!r} is not a character name such as MJ000001")
        ucs_text = self.cell(cells, COLUMN_UCS)
        if not ucs_text:
            self.skipped += 1  # an MJ character with no UCS code point: nothing data could hold
            return
        points = _code_points(ucs_text, self.path, row, COLUMN_UCS, _UCS)
        if len(points) != 1:
            raise self.fail(row, COLUMN_UCS, f"{ucs_text!r} is not one code point U+XXXX")
        ucs = points[0]
        if is_ivs(ucs) or ucs < 0x20 or 0x7F <= ucs <= 0x9F:
            raise self.fail(row, COLUMN_UCS, f"{ucs_text!r} cannot stand alone in data")
        selector = 0
        ivs_text = self.cell(cells, COLUMN_IVS)
        if ivs_text:
            match = _IVS_CELL.fullmatch(ivs_text)
            if match is None or not is_ivs(int(match.group(2), 16)):
                raise self.fail(row, COLUMN_IVS, f"{ivs_text!r} is not of the form XXXX_E01XX")
            if int(match.group(1), 16) != ucs:
                raise self.fail(row, COLUMN_IVS, f"{ivs_text!r} does not start with 実装したUCS {ucs_text}")
            if not is_ideograph(ucs):
                raise self.fail(row, COLUMN_IVS, f"an IVS sequence needs an ideograph, not {ucs_text}")
            selector = int(match.group(2), 16)
        x0213 = self.cell(cells, COLUMN_X0213)
        if x0213 and not _X0213.fullmatch(x0213):
            raise self.fail(row, COLUMN_X0213, f"{x0213!r} is not a 面-区-点 position such as 1-14-03")
        self.names.append(name)
        self.ucs.append(ucs)
        self.selectors.append(selector)
        self.x0213.append(x0213)
        self.compat.append(_code_points(self.cell(cells, COLUMN_COMPAT), self.path, row, COLUMN_COMPAT, _UCS))
        self.juki.append(_code_points(self.cell(cells, COLUMN_JUKI), self.path, row, COLUMN_JUKI, _JUKI))

    def columns(self) -> _Columns:
        return _Columns(
            tuple(self.names),
            tuple(self.ucs),
            tuple(self.selectors),
            tuple(self.x0213),
            tuple(self.compat),
            tuple(self.juki),
            self.skipped,
        )


def _located(exc: SheetError) -> SchemaError:
    return SchemaError(exc.path, f"row {exc.row}" if exc.row else "", exc.problem)


def _parse(path: Path) -> _Columns:
    try:
        rows = iter_rows(path, SheetLimits())
        _, positions = _header(path, rows, _REQUIRED)
        builder = _Builder(path, positions)
        for number, cells in rows:
            builder.add(number, cells)
    except SheetError as exc:
        raise _located(exc) from None
    if not builder.names:
        raise SchemaError(path, "", "the MJ table has no character rows")
    return builder.columns()


def _read_one(path: Path) -> tuple[MojiSource, _Columns]:
    if not path.is_file():
        raise SchemaError(path, "", "MJ table not found")
    sha256 = _sha256(path)
    columns = _load_cached(sha256)
    if columns is None:
        columns = _parse(path)
        _store(columns, sha256)
    return MojiSource(str(path), sha256, len(columns.names), columns.skipped), columns


def read_moji_tables(paths: Iterable[Path], base: MojiTable | None = None) -> MojiTable | None:
    """The MJ table and any additions' tables as one :class:`MojiTable`, after ``base``'s tables (None when
    there are none); a table given twice (same sha256) is read once."""
    sources = list(base.sources) if base is not None else []
    columns = list(base._columns) if base is not None else []
    seen = {s.sha256 for s in sources}
    for path in paths:
        source, table = _read_one(Path(path))
        if source.sha256 not in seen:
            seen.add(source.sha256)
            sources.append(source)
            columns.append(table)
    if not sources:
        return None
    return MojiTable(sources, columns)


def read_moji_shrink(path: Path) -> dict[str, str]:
    """MJ縮退マップ candidates: MJ文字図形名 → its JIS X 0213 candidates, concatenated, best first."""
    out: dict[str, str] = {}
    try:
        rows = iter_rows(path, SheetLimits())
        _, positions = _header(path, rows, (COLUMN_NAME, COLUMN_SHRINK))
        name_at, shrink_at = positions[COLUMN_NAME], positions[COLUMN_SHRINK]
        for number, cells in rows:
            if not any(c.strip() for c in cells):
                continue
            name = cells[name_at].strip() if name_at < len(cells) else ""
            shrink = cells[shrink_at].strip() if shrink_at < len(cells) else ""
            if not _valid_name(name):
                raise SchemaError(
                    path, f"row {number}, column {COLUMN_NAME}", f"{name!r} is not a character name"
                )
            if shrink:
                out.setdefault(name, shrink)
    except SheetError as exc:
        raise _located(exc) from None
    return out
