"""The CSV inputs of a schema set: code tables, the 機種依存文字 list, the 外字 (PUA) map, the repertoire.

Each reader validates what it reads and raises a located ``SchemaError`` (file, line, problem).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Final

from conformance.schema.documents import SchemaError, read_text
from conformance.schema.model import Code, CodeTable
from conformance.types.chars import is_pua

__all__ = [
    "CODE_TABLE_HEADERS",
    "PUA_MAP_HEADER",
    "parse_code_point",
    "read_code_dir",
    "read_code_table",
    "read_platform_dependent",
    "read_pua_map",
    "read_repertoire",
]

CODE_TABLE_HEADERS: Final[tuple[tuple[str, ...], ...]] = (("コード", "名称", "備考"), ("コード", "名称"))
PUA_MAP_HEADER: Final[tuple[str, ...]] = ("コードポイント", "対応")
_CODE_POINT: Final = re.compile(r"U\+([0-9A-Fa-f]{4,6})")


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    """(first physical line, fields) of every non-blank record; UTF-8 with or without BOM."""
    reader = csv.reader(io.StringIO(read_text(path), newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            if fields:
                rows.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SchemaError(path, f"line {start}", f"malformed CSV: {exc}") from None
    return rows


def _display(path: Path, root: Path) -> str:
    """A code table's source: relative to the schema set when inside it, else the path as given."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_code_table(path: Path, *, source: str | None = None) -> CodeTable:
    """A ``コード,名称[,備考]`` CSV; codes are exact strings (leading zeros kept), unique, without spaces."""
    rows = _read_csv(path)
    if not rows:
        raise SchemaError(path, "line 1", "empty file: expected the header コード,名称,備考")
    header_line, header = rows[0]
    if tuple(header) not in CODE_TABLE_HEADERS:
        raise SchemaError(
            path,
            f"line {header_line}",
            f"header must be コード,名称,備考 (or コード,名称), got {','.join(header)}",
        )
    codes: list[Code] = []
    seen: dict[str, int] = {}
    for line, fields in rows[1:]:
        if len(fields) != len(header):
            raise SchemaError(path, f"line {line}", f"{len(fields)} fields, the header has {len(header)}")
        code = fields[0]
        if not code:
            raise SchemaError(path, f"line {line}", "empty コード")
        if code != code.strip():
            raise SchemaError(path, f"line {line}", f"コード {code!r} has surrounding spaces")
        if code in seen:
            raise SchemaError(path, f"line {line}", f"duplicate コード {code!r} (also line {seen[code]})")
        seen[code] = line
        codes.append(Code(code, fields[1], fields[2] if len(fields) > 2 else ""))
    if not codes:
        raise SchemaError(path, f"line {header_line}", "the table has no codes")
    return CodeTable(path.stem, tuple(codes), source if source is not None else str(path))


def read_code_dir(folder: Path, root: Path | None = None) -> dict[str, CodeTable]:
    """Every ``*.csv`` of a folder, keyed by table name (file stem)."""
    if not folder.is_dir():
        raise SchemaError(folder, "", "code-table folder not found")
    tables: dict[str, CodeTable] = {}
    for path in sorted(folder.glob("*.csv")):
        source = _display(path, root) if root is not None else str(path)
        tables[path.stem] = read_code_table(path, source=source)
    return tables


def parse_code_point(text: str) -> int | None:
    """``U+XXXX`` (4–6 hex digits, a Unicode scalar value) → int, else None."""
    match = _CODE_POINT.fullmatch(text)
    if match is None:
        return None
    value = int(match.group(1), 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return None
    return value


def read_platform_dependent(path: Path) -> frozenset[int]:
    """The code points of the 機種依存文字 table (already read as a code table, so well-formed CSV)."""
    points: set[int] = set()
    for line, fields in _read_csv(path)[1:]:
        value = parse_code_point(fields[0])
        if value is None:
            raise SchemaError(path, f"line {line}", f"コード {fields[0]!r} is not a code point U+XXXX")
        points.add(value)
    return frozenset(points)


def read_pua_map(path: Path) -> dict[int, str]:
    """``コードポイント,対応`` CSV: private-use code point → MJ name or UCS sequence (F13)."""
    rows = _read_csv(path)
    if not rows or tuple(rows[0][1]) != PUA_MAP_HEADER:
        raise SchemaError(path, "line 1", "header must be コードポイント,対応")
    mapping: dict[int, str] = {}
    for line, fields in rows[1:]:
        if len(fields) != 2:
            raise SchemaError(path, f"line {line}", f"{len(fields)} fields, expected 2")
        point = parse_code_point(fields[0].strip())
        if point is None:
            raise SchemaError(path, f"line {line}", f"{fields[0]!r} is not a code point U+XXXX")
        if not is_pua(point):
            raise SchemaError(path, f"line {line}", f"{fields[0]} is not a private-use code point")
        if point in mapping:
            raise SchemaError(path, f"line {line}", f"{fields[0]} is mapped twice")
        target = fields[1].strip()
        if not target:
            raise SchemaError(path, f"line {line}", "empty 対応")
        mapping[point] = target
    return mapping


def read_repertoire(path: Path) -> frozenset[int]:
    """Extra accepted code points, one ``U+XXXX`` per line; blank lines and ``#`` comments are ignored."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise SchemaError(path, "", f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SchemaError(path, "", "not valid UTF-8") from None
    points: set[int] = set()
    for number, line in enumerate(lines, start=1):
        token = line.split("#", 1)[0].strip()
        if not token:
            continue
        point = parse_code_point(token)
        if point is None:
            raise SchemaError(path, f"line {number}", f"{token!r} is not a code point U+XXXX")
        points.add(point)
    return frozenset(points)
