"""The words a 基本データリスト sheet may use: header synonyms and value spellings, as data.

Official sheets and vendors' copies name columns and write values their own way (``型``, ``文字列（全角）``,
``－`` for "not required"). Everything the importer accepts is in ``synonyms.json``; a user adds entries
with one JSON or TOML file (``--synonyms``) instead of waiting for a release. Keys match after NFKC,
without any whitespace and case-folded, so full-width and half-width spellings are alike.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.schema.documents import MAX_DOCUMENT_BYTES, MAX_DOCUMENT_DEPTH, nesting_depth
from conformance.schema.layout_checks import COLUMNS
from conformance.schema.located import ImportProblem, Where
from conformance.schema.model import CONDITIONAL, REQUIRED
from conformance.schema.sheets import header_key as key
from conformance.types.registry import DATA_TYPES

__all__ = ["CODE_COLUMNS", "SYNONYMS_FILE", "Vocabulary", "key", "load_vocabulary"]

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.json"
_TABLES = ("synonyms", "追加属性", "データ型", "必須", "可否", "コード表の列")
CODE_COLUMNS = ("コード", "名称", "備考", "コード表名")


@dataclass(slots=True)
class Vocabulary:
    """Lookups by :func:`key`: header → column or extra attribute; cell spelling → canonical value."""

    columns: dict[str, str] = field(default_factory=dict)  # header key -> one of COLUMNS
    extras: dict[str, str] = field(default_factory=dict)  # header key -> 追加属性 name (known, not reported)
    data_types: dict[str, str] = field(default_factory=dict)
    required: dict[str, str] = field(default_factory=dict)  # -> "○" | "△" | ""
    yes_no: dict[str, str] = field(default_factory=dict)  # -> "○" | ""
    code_columns: dict[str, str] = field(default_factory=dict)  # code-table header key -> CODE_COLUMNS

    def column(self, header: str) -> str | None:
        return self.columns.get(key(header))

    def extra(self, header: str) -> str | None:
        return self.extras.get(key(header))

    def header_names(self) -> list[str]:
        return sorted(set(self.columns.values()) | set(self.extras.values()), key=_column_order)


def _column_order(name: str) -> tuple[int, str]:
    return (COLUMNS.index(name) if name in COLUMNS else len(COLUMNS), name)


def _problem(path: Path, ja: str, en: str) -> ImportProblem:
    return ImportProblem(Where(str(path)), ja, en)


def _read(path: Path) -> dict[str, Any]:
    """A vocabulary file, bounded like every schema document (size, regular file, nesting depth)."""
    try:
        if path.exists() and not path.is_file():  # a FIFO or device would block the read
            raise _problem(path, "通常のファイルではありません", "not a regular file")
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            raise _problem(
                path,
                f"大きすぎます（{MAX_DOCUMENT_BYTES:,}バイトまで）",
                f"too large (at most {MAX_DOCUMENT_BYTES:,} bytes)",
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise _problem(
            path, f"語彙ファイルを読めません（{exc.strerror}）", f"cannot read the file ({exc.strerror})"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _problem(path, "UTF-8 ではありません", "not valid UTF-8") from None
    try:
        doc = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except RecursionError:
        doc = None  # nested too deep for the parser: refused below
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            Where(str(path), None, exc.lineno, exc.colno),
            f"JSONの誤り: {exc.msg}",
            f"invalid JSON: {exc.msg}",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise _problem(path, f"TOMLの誤り: {exc}", f"invalid TOML: {exc}") from None
    if doc is None or nesting_depth(doc) > MAX_DOCUMENT_DEPTH:
        raise _problem(
            path,
            f"入れ子が深すぎます（{MAX_DOCUMENT_DEPTH}段まで）",
            f"nested deeper than {MAX_DOCUMENT_DEPTH} arrays or objects",
        )
    if not isinstance(doc, dict):
        raise _problem(path, "表（オブジェクト）が必要です", "expected a table (object)")
    unknown = sorted(set(doc) - {"note", *_TABLES})
    if unknown:
        allowed = ", ".join(_TABLES)
        raise _problem(
            path,
            f"不明なキー {unknown[0]!r}（使えるキー: {allowed}）",
            f"unknown key {unknown[0]!r} (allowed: {allowed})",
        )
    for table in _TABLES:
        if table in doc and not isinstance(doc[table], dict):
            raise _problem(path, f"{table} は表（オブジェクト）です", f"{table} must be a table (object)")
    return doc


def _targets(
    path: Path, table: str, entries: Mapping[str, Any], allowed: Mapping[str, str]
) -> dict[str, str]:
    """``entries`` (spelling -> target) with every target checked against ``allowed`` (target -> itself)."""
    out: dict[str, str] = {}
    for spelling, target in entries.items():
        value = "" if target is None else target
        if not isinstance(value, str) or value not in allowed:
            shown = ", ".join(repr(a) for a in allowed)
            raise _problem(
                path,
                f"{table}: {spelling!r} の対応先 {target!r} は使えません（使える値: {shown}）",
                f"{table}: {spelling!r} maps to {target!r}, which is not allowed (allowed: {shown})",
            )
        out[key(spelling)] = value
    return out


def _merge(vocabulary: Vocabulary, path: Path, doc: Mapping[str, Any]) -> None:
    vocabulary.columns.update(_targets(path, "synonyms", doc.get("synonyms", {}), {c: c for c in COLUMNS}))
    for table, extras in (("追加属性", None), ("コード表の列", CODE_COLUMNS)):
        for name, spellings in doc.get(table, {}).items():
            if extras is not None and name not in extras:
                shown = ", ".join(extras)
                raise _problem(
                    path,
                    f"{table}: {name!r} は列名ではありません（列: {shown}）",
                    f"{table}: {name!r} is not one of {shown}",
                )
            if not isinstance(spellings, list) or not all(isinstance(s, str) for s in spellings):
                raise _problem(
                    path,
                    f"{table} {name!r} の値は別名の配列です",
                    f"{table} {name!r} must be a list of spellings",
                )
            target = vocabulary.extras if extras is None else vocabulary.code_columns
            for spelling in [name, *spellings]:
                target[key(spelling)] = name
    vocabulary.data_types.update(
        _targets(path, "データ型", doc.get("データ型", {}), {t: t for t in DATA_TYPES})
    )
    required = {REQUIRED: REQUIRED, CONDITIONAL: CONDITIONAL, "": ""}
    vocabulary.required.update(_targets(path, "必須", doc.get("必須", {}), required))
    vocabulary.yes_no.update(_targets(path, "可否", doc.get("可否", {}), {REQUIRED: REQUIRED, "": ""}))


def load_vocabulary(extra: Path | None = None) -> Vocabulary:
    """The canonical names, then ``synonyms.json``, then ``extra`` (a user's JSON/TOML file, which wins)."""
    vocabulary = Vocabulary(
        columns={key(c): c for c in COLUMNS},
        data_types={key(t): t for t in DATA_TYPES},
        required={key(REQUIRED): REQUIRED, key(CONDITIONAL): CONDITIONAL},
        yes_no={key(REQUIRED): REQUIRED},
        code_columns={key(c): c for c in CODE_COLUMNS},
    )
    _merge(vocabulary, SYNONYMS_FILE, _read(SYNONYMS_FILE))
    if extra is not None:
        _merge(vocabulary, Path(extra), _read(Path(extra)))
    return vocabulary
