"""The rule subset a general-purpose validator can express, derived from the schema JSON (never hand-copied).

Why a subset: frictionless, pandera and DuckDB know nothing of 和暦, check digits, JIS X 0213 or
histories, but they can all check column-local constraints. Comparing their speed with conformance is only
fair when every peer checks the same, well-defined rules; this module turns a layout of the schema set into
those rules so the peers differ only in how they evaluate them.

The subset, per item of the layout (spec §3.1–§3.2):

- ``required``: a ``○`` item without 不詳可 is non-NULL (C1). ``△`` items (C2: a condition) and ``○`` 不詳可
  items (NULL allowed when the companion ``<項目名>不詳表記`` holds a value) are left out: frictionless cannot
  express either, and a smaller subset only makes the peers faster (the comparison stays conservative).
- ``pattern``: the §3.2 syntax of the データ型 (F8, F9/F10 syntax, C3, C9 syntax), and the 書式 regular
  expression (C7) when the 書式 is neither a check-digit name nor ``p.s`` of 小数. Both are one check: a value
  fails ``pattern`` when it fails either (frictionless has one pattern per field).
- ``max_length`` / ``min_length`` (C4/C5) in code points; not for 小数 (its 書式 ``p.s`` governs, §3.1)
  nor for items measured in UTF-8 bytes (``Settings.byte_length_items``). IVS selectors count here (F14
  excludes them).
- ``code``: the value is one of the named コード表's codes (C6).
- ``primary_key``: the FileSpec's key is unique; a row whose complete key appeared on an earlier row counts
  once (rows with a NULL key part are not counted).
- ``foreign_key``: a FileSpec foreign key (X21) whose referenced files are given; a row whose complete key
  matches no row of any referenced file counts once.

NULL is an empty field (F7), whether quoted or not; a NULL value gets no check but ``required``. Each check is
counted independently per (row, item): a value may fail ``pattern`` and ``max_length`` at once (the spec would
stop after the type check; the peers cannot).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from conformance.schema.model import REQUIRED, FileSpec, Item, SchemaSet
from conformance.types.checkdigits import CHECK_DIGITS

__all__ = [
    "CHECKS",
    "ColumnRule",
    "FileSubset",
    "ForeignKeyRule",
    "derive_subset",
    "describe",
    "portable_regex",
    "python_pattern",
    "type_patterns",
]

# Check categories every peer reports, in this order.
CHECKS = ("required", "pattern", "max_length", "min_length", "code", "primary_key", "foreign_key")

# §3.2 syntax of each データ型 (Python ``re`` syntax, applied as a full match). 文字列 and コード have none.
_TYPE_PATTERNS: dict[str, str] = {
    "数字": r"[0-9]+",
    "整数": r"[0-9]+",
    "年": r"[0-9]{4}",
    "日付": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "和暦日付": r"[1-9][0-9]{6}",
    "日時": r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\+09:00)?",
    "全角文字列": r"[^\x00-\x7f\uff61-\uff9f]+",
    "半角文字列": r"[\x20-\x7e]+",
    "カナ": r"[\u30a1-\u30fa\u30fc\u3000]+",
    "英字氏名": r"[A-Z ,\-.']+",
}
_SCALE = re.compile(r"([1-9][0-9]*)\.([0-9]+)")  # 書式 p.s of 小数


@dataclass(frozen=True, slots=True)
class ColumnRule:
    """The subset's checks of one item; ``patterns`` are Python ``re`` syntax, each to be matched in full."""

    name: str
    data_type: str
    required: bool
    patterns: tuple[str, ...]  # the type's syntax and/or the 書式 regex; () when neither applies
    max_length: int | None
    min_length: int | None
    codes: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class ForeignKeyRule:
    """Values of ``columns`` must appear as ``(file, columns)`` in at least one referenced file."""

    columns: tuple[str, ...]
    references_any: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True, slots=True)
class FileSubset:
    """Everything a peer needs to check one file of the dataset."""

    file: str  # dataset file name, e.g. 住民記録_住民
    header: tuple[str, ...]  # the layout's 項目名 in order
    columns: tuple[ColumnRule, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKeyRule, ...] = field(default=())

    def column(self, name: str) -> ColumnRule:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def type_patterns(item: Item) -> tuple[str, ...]:
    """The full-match regexes of an item: its type's syntax, then its 書式 regex (either may be absent)."""
    parts: list[str] = []
    fmt = item.format or None
    if item.data_type == "小数":
        scale = _SCALE.fullmatch(fmt or "")
        if scale is not None:
            parts.append(rf"[0-9]{{1,{scale[1]}}}(?:\.[0-9]{{1,{scale[2]}}})?")
        else:
            parts.append(r"[0-9]+(?:\.[0-9]+)?")
        fmt = None
    elif item.data_type in _TYPE_PATTERNS:
        parts.append(_TYPE_PATTERNS[item.data_type])
    if fmt is not None and fmt not in CHECK_DIGITS:
        parts.append(fmt)
    return tuple(parts)


def python_pattern(rule: ColumnRule) -> str | None:
    """All of a column's patterns as one Python regex (for a tool with one pattern per field)."""
    if not rule.patterns:
        return None
    *ahead, last = rule.patterns
    # Each earlier pattern must match the whole value: a lookahead anchored at the end.
    return "".join(rf"(?=(?:{p})\Z)" for p in ahead) + f"(?:{last})"


def _column(item: Item, schema: SchemaSet, file: str) -> ColumnRule:
    byte_length = item.name in schema.settings.byte_length_items or (
        f"{file}:{item.name}" in schema.settings.byte_length_items
    )
    lengths = item.data_type != "小数" and not byte_length
    codes: tuple[str, ...] | None = None
    if item.code_table:
        codes = tuple(c.code for c in schema.code_tables[item.code_table].codes)
    return ColumnRule(
        name=item.name,
        data_type=item.data_type,
        required=item.required == REQUIRED and not item.unknown_allowed,
        patterns=type_patterns(item),
        max_length=item.max_length if lengths else None,
        min_length=item.min_length if lengths else None,
        codes=codes,
    )


def derive_subset(schema: SchemaSet, file: str) -> FileSubset:
    """The subset for one dataset file; raises KeyError for a file the schema set does not define."""
    spec: FileSpec = schema.files[file]
    layout = spec.layout
    return FileSubset(
        file=file,
        header=layout.item_names,
        columns=tuple(_column(i, schema, file) for i in layout.items),
        primary_key=spec.primary_key,
        foreign_keys=tuple(
            ForeignKeyRule(fk.columns, tuple((r.file, r.columns) for r in fk.references_any))
            for fk in spec.foreign_keys
        ),
    )


_ESCAPE = re.compile(r"\\(\\|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def portable_regex(pattern: str) -> str:
    r"""Rewrite Python's ``\uXXXX``/``\UXXXXXXXX`` escapes so that RE2 (DuckDB), Rust (polars) and Python
    all read the pattern.

    A non-ASCII code point becomes the literal character (never a metacharacter); an ASCII one ``\xNN``.
    """

    def sub(m: re.Match[str]) -> str:
        if m[1] == "\\":
            return m[0]
        cp = int(m[2] or m[3], 16)
        return chr(cp) if cp >= 0x80 else f"\\x{cp:02x}"

    return _ESCAPE.sub(sub, pattern)


def describe(subset: FileSubset, checks: Mapping[str, bool] | None = None) -> str:
    """One line for the benchmark table: how many items each check covers."""
    counts = {
        "required": sum(c.required for c in subset.columns),
        "pattern": sum(bool(c.patterns) for c in subset.columns),
        "length": sum(c.max_length is not None or c.min_length is not None for c in subset.columns),
        "code": sum(c.codes is not None for c in subset.columns),
    }
    parts = [f"{k} {v}" for k, v in counts.items() if v]
    if subset.primary_key and (checks is None or checks.get("primary_key", True)):
        parts.append("PK")
    if subset.foreign_keys and (checks is None or checks.get("foreign_key", True)):
        parts.append("FK")
    return ", ".join(parts)
