"""Layouts for tools people already use: a Frictionless Data Package, JSON Schema per record, CSVW metadata.

Every value is exported as a string constrained by the exact §3.2 pattern of its データ型 (typed fields were
wrong: Frictionless reads a full-width １ as the integer 1, where §3.2 allows only ASCII digits), with the
item's 書式 regex, lengths, the codes of its table, 必須, and the keys of ``dataset.json``. What these formats
cannot express is said in each field's description: check digits, character rules (F11–F15), calendar
validity, conditional requirements, 不詳可 companions and cross-record rules. Frictionless resource names must
be ASCII, so resources are ``file-01`` … with the Japanese name as their title.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from conformance.schema.model import CONDITIONAL, REQUIRED, FileSpec, Item, SchemaSet
from conformance.types.checkdigits import CHECK_DIGITS
from conformance.types.decimal import DECIMAL_FORMAT

__all__ = ["FORMATS", "export_set", "field_pattern", "json_schemas"]

Format = Literal["frictionless", "jsonschema", "csvw"]
FORMATS: tuple[Format, ...] = ("frictionless", "jsonschema", "csvw")

# §3.2 syntax of each データ型 (Python/ECMAScript regex, matched against the whole value)
TYPE_PATTERNS: Mapping[str, str] = {
    "全角文字列": "[^\\u0000-\\u007F\\uFF61-\\uFF9F]+",
    "半角文字列": "[\\u0020-\\u007E]+",
    "カナ": "[\\u30A1-\\u30FA\\u30FC\\u3000]+",
    "英字氏名": "[A-Z ,\\-.']+",
    "数字": "[0-9]+",
    "整数": "[0-9]+",
    "日付": "[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "和暦日付": "[1-9][0-9]{6}",
    "日時": "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\+09:00)?",
    "年": "[0-9]{4}",
}
_CHARACTER_RULES = "F11–F13 (機種依存文字, repertoire, 外字), F15 (spaces)"
_NOTE_JA = {
    "check": "検査数字 {name} は表現できません（C8）。",
    "calendar": "暦日として正しいか（F9/F10/C9、暦外可）は表現できません。",
    "chars": "文字の規則（F11〜F13・F15）は表現できません。",
    "conditional": "条件付き必須（{condition}）は表現できません（C2）。",
    "unknown": "不詳可: 値の代わりに {name}不詳表記 を使えるため必須にしていません。",
    "bytes": "桁数はバイト数で数えるため長さの制約を出していません。",
}


def _format_regex(item: Item) -> str | None:
    """The item's 書式 when it is a regular expression (not a check-digit name, not 小数 p.s)."""
    fmt = item.format
    if fmt is None or fmt in CHECK_DIGITS or (item.data_type == "小数" and DECIMAL_FORMAT.fullmatch(fmt)):
        return None
    return fmt


def field_pattern(item: Item) -> str | None:
    """The whole-value pattern of an item: its type's §3.2 syntax and its 書式 regex, or None."""
    base = TYPE_PATTERNS.get(item.data_type)
    if item.data_type == "小数" and item.format and (found := DECIMAL_FORMAT.fullmatch(item.format)):
        base = f"[0-9]{{1,{found.group(1)}}}(\\.[0-9]{{1,{found.group(2)}}})?"
    fmt = _format_regex(item)
    if fmt is None:
        return base
    if base is None:
        return f"(?:{fmt})"
    return f"(?=(?:{base})$)(?:{fmt})"


def _byte_length(schema: SchemaSet, spec: FileSpec, item: Item) -> bool:
    items = schema.settings.byte_length_items
    return item.name in items or f"{spec.name}:{item.name}" in items


def _cannot(schema: SchemaSet, spec: FileSpec, item: Item) -> list[str]:
    notes: list[str] = []
    if item.format in CHECK_DIGITS:
        notes.append(
            _NOTE_JA["check"].format(name=item.format) + f" Check digit {item.format} (C8) is not expressed."
        )
    if item.data_type in ("日付", "日時", "和暦日付"):
        notes.append(_NOTE_JA["calendar"] + " Calendar validity (F9/F10/C9, 暦外可) is not expressed.")
    if item.data_type in ("文字列", "全角文字列", "カナ", "英字氏名", "半角文字列"):
        notes.append(_NOTE_JA["chars"] + f" Character rules {_CHARACTER_RULES} are not expressed.")
    if item.required == CONDITIONAL:
        notes.append(
            _NOTE_JA["conditional"].format(condition=item.condition)
            + f" Required only when {item.condition} (C2): not expressed."
        )
    if item.required == REQUIRED and item.unknown_allowed:
        notes.append(
            _NOTE_JA["unknown"].format(name=item.name) + " Not marked required: 不詳表記 may stand in."
        )
    if _byte_length(schema, spec, item):
        notes.append(_NOTE_JA["bytes"] + " Lengths count bytes: not expressed.")
    return notes


def _required(item: Item) -> bool:
    return item.required == REQUIRED and not item.unknown_allowed


def _lengths(schema: SchemaSet, spec: FileSpec, item: Item) -> dict[str, int]:
    if _byte_length(schema, spec, item) or item.data_type == "小数":
        return {}
    out: dict[str, int] = {}
    if item.max_length is not None:
        out["maxLength"] = item.max_length
    if item.min_length:
        out["minLength"] = item.min_length
    return out


def _codes(schema: SchemaSet, item: Item) -> list[str] | None:
    if item.code_table is None or item.code_table not in schema.code_tables:
        return None
    return [c.code for c in schema.code_tables[item.code_table].codes]


def _description(schema: SchemaSet, spec: FileSpec, item: Item) -> str:
    head = f"{item.name}（{item.data_type}）" + (f" {item.note}" if item.note else "")
    return " ".join([head, *_cannot(schema, spec, item)])


def _cross_note(spec: FileSpec) -> str:
    rules = ", ".join(spec.rules) or "—"
    return (
        f"レコード間の規則（{rules}）と複数の参照先のどれかを指す外部キーは表現できません。"
        f" Cross-record rules ({rules}) and foreign keys to any of several files are not expressed."
    )


def _single_foreign_keys(spec: FileSpec) -> list[tuple[tuple[str, ...], str, tuple[str, ...]]]:
    return [
        (fk.columns, fk.references_any[0].file, fk.references_any[0].columns)
        for fk in spec.foreign_keys
        if len(fk.references_any) == 1
    ]


def frictionless_package(schema: SchemaSet) -> dict[str, Any]:
    names = {file: f"file-{n:02d}" for n, file in enumerate(schema.files, start=1)}
    resources = []
    for file, spec in schema.files.items():
        fields = []
        for item in spec.layout.items:
            constraints: dict[str, Any] = {}
            if _required(item):
                constraints["required"] = True
            pattern = field_pattern(item)
            if pattern is not None:
                constraints["pattern"] = pattern
            constraints.update(_lengths(schema, spec, item))
            codes = _codes(schema, item)
            if codes is not None:
                constraints["enum"] = codes
            fields.append(
                {
                    "name": item.name,
                    "type": "string",
                    "description": _description(schema, spec, item),
                    "constraints": constraints,
                }
            )
        table: dict[str, Any] = {
            "fields": fields,
            "missingValues": [""],
            "primaryKey": list(spec.primary_key),
        }
        foreign = [
            {"fields": list(cols), "reference": {"resource": names[ref], "fields": list(ref_cols)}}
            for cols, ref, ref_cols in _single_foreign_keys(spec)
        ]
        if foreign:
            table["foreignKeys"] = foreign
        resources.append(
            {
                "name": names[file],
                "title": file,
                "description": _cross_note(spec),
                "path": schema.file_name_pattern.format(file=file),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table,
            }
        )
    return {
        "name": "conformance-export",
        "title": schema.name,
        "description": f"{schema.standard.get('title', '')} {schema.standard.get('version', '')}".strip(),
        "profile": "tabular-data-package",
        "resources": resources,
    }


def json_schemas(schema: SchemaSet) -> dict[str, dict[str, Any]]:
    """One JSON Schema per file: a record is an object of item → string; a blank field is left out."""
    out: dict[str, dict[str, Any]] = {}
    for file, spec in schema.files.items():
        properties: dict[str, Any] = {}
        for item in spec.layout.items:
            prop: dict[str, Any] = {"type": "string", "description": _description(schema, spec, item)}
            pattern = field_pattern(item)
            if pattern is not None:
                prop["pattern"] = f"^(?:{pattern})$"
            prop.update(_lengths(schema, spec, item))
            codes = _codes(schema, item)
            if codes is not None:
                prop["enum"] = codes
            properties[item.name] = prop
        out[file] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": file,
            "description": "一つのレコード（空欄の項目は含めない）。"
            "A record of the file; blank fields are left out. "
            + _cross_note(spec),
            "type": "object",
            "properties": properties,
            "required": [i.name for i in spec.layout.items if _required(i)],
            "additionalProperties": False,
        }
    return out


def csvw_metadata(schema: SchemaSet) -> dict[str, Any]:
    tables = []
    for file, spec in schema.files.items():
        columns = []
        for n, item in enumerate(spec.layout.items, start=1):
            datatype: dict[str, Any] = {"base": "string"}
            pattern = field_pattern(item)
            if pattern is not None:
                datatype["format"] = pattern
            datatype.update(_lengths(schema, spec, item))
            column: dict[str, Any] = {
                "name": f"c{n:02d}",
                "titles": item.name,
                "datatype": datatype,
                "required": _required(item),
                "dc:description": _description(schema, spec, item),
            }
            columns.append(column)
        key_names = {i.name: f"c{n:02d}" for n, i in enumerate(spec.layout.items, start=1)}
        table_schema: dict[str, Any] = {
            "columns": columns,
            "primaryKey": [key_names[k] for k in spec.primary_key],
        }
        foreign = []
        for cols, ref, ref_cols in _single_foreign_keys(spec):
            ref_names = {i.name: f"c{n:02d}" for n, i in enumerate(schema.files[ref].layout.items, start=1)}
            foreign.append(
                {
                    "columnReference": [key_names[c] for c in cols],
                    "reference": {
                        "resource": schema.file_name_pattern.format(file=ref),
                        "columnReference": [ref_names[c] for c in ref_cols],
                    },
                }
            )
        if foreign:
            table_schema["foreignKeys"] = foreign
        tables.append(
            {
                "url": schema.file_name_pattern.format(file=file),
                "dc:title": file,
                "dc:description": _cross_note(spec),
                "tableSchema": table_schema,
            }
        )
    return {"@context": "http://www.w3.org/ns/csvw", "dc:title": schema.name, "tables": tables}


def _dump(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


_SAFE = re.compile(r"[\\/:*?\"<>|\x00-\x1f]")


def export_set(schema: SchemaSet, fmt: Format, out: Path) -> list[Path]:
    """Write the set in ``fmt`` into the folder ``out``; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if fmt == "frictionless":
        written.append(out / "datapackage.json")
        written[-1].write_text(_dump(frictionless_package(schema)), encoding="utf-8")
    elif fmt == "jsonschema":
        for file, doc in json_schemas(schema).items():
            path = out / f"{_SAFE.sub('_', file)}.schema.json"
            path.write_text(_dump(doc), encoding="utf-8")
            written.append(path)
    else:
        written.append(out / "csv-metadata.json")
        written[-1].write_text(_dump(csvw_metadata(schema)), encoding="utf-8")
    return written
