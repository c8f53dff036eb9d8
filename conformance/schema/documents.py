"""Reading schema documents: JSON files, their meta-schema validation, and the located ``SchemaError``.

Every problem a user can make in a schema set is reported as a :class:`SchemaError` with the file, the JSON
path (or line) and what is wrong, phrased for a person editing the file — never a traceback or raw
jsonschema text. The meta-schemas (``metaschema/*.schema.json``) hold the enums that other layers own (rule
ids from the rule catalogue, データ型 from the type registry); ``python3 -m conformance.devtools.regenerate``
writes them, so this layer validates against them without importing the rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_DOCUMENT_DEPTH",
    "METASCHEMA_DIR",
    "RULE_ID_TITLE",
    "SchemaError",
    "json_path",
    "metaschema",
    "metaschema_path",
    "nesting_depth",
    "read_json",
    "read_text",
    "validate_document",
]

METASCHEMA_DIR: Final = Path(__file__).resolve().parent / "metaschema"
#: The ``title`` of the meta-schema ``$defs`` entry that enumerates rule ids (its enum is generated).
RULE_ID_TITLE: Final = "rule id"


class SchemaError(Exception):
    """A schema set that cannot be used; str() is a located message: file, JSON path, what is wrong."""

    file: str
    path: str
    problem: str

    def __init__(self, file: str | Path, path: str, problem: str) -> None:
        self.file = str(file)
        self.path = path
        self.problem = re.sub(r"\s*[\r\n]+\s*", " ", problem)  # one line, whatever the source message was
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.problem}"


def json_path(*parts: str | int) -> str:
    """The dotted JSON path of every SchemaError (``$.items[3].最大桁数``), also for meta-schema errors."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json object hook: a repeated key would silently win, which hides editing mistakes."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


#: A schema document (layout, dataset.json, formats, rule parameters, a JSON config) larger than this is
#: refused: the largest bundled one is a few hundred KB, and parsing is not streamed.
MAX_DOCUMENT_BYTES: Final = 32 << 20
#: Arrays and objects nested deeper than this are refused: no schema document needs more than a handful,
#: and the JSON parser recurses (a document 100,000 deep would be a RecursionError).
MAX_DOCUMENT_DEPTH: Final = 64


def read_text(path: Path) -> str:
    """A UTF-8 file (with or without BOM); missing, unreadable, larger than :data:`MAX_DOCUMENT_BYTES`, not a
    regular file or not UTF-8 is a located SchemaError."""
    try:
        if path.exists() and not path.is_file() and not path.is_dir():  # a FIFO or device would block
            raise SchemaError(path, "", "not a regular file")
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise SchemaError(
                path, "", f"{size:,} bytes: a schema document may hold at most {MAX_DOCUMENT_BYTES:,}"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SchemaError(path, "", "file not found") from None
    except OSError as exc:
        raise SchemaError(path, "", f"cannot read the file ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SchemaError(path, f"line {line}", "not valid UTF-8") from None


def read_json(path: Path) -> Any:
    """Parse a JSON file; any problem (missing, not UTF-8, syntax, duplicate key) is a located SchemaError."""
    text = read_text(path)
    too_deep = SchemaError(path, "", f"nested deeper than {MAX_DOCUMENT_DEPTH} arrays or objects")
    try:
        doc = json.loads(text, object_pairs_hook=_no_duplicates)
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        raise SchemaError(
            path, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}"
        ) from None
    except _DuplicateKey as exc:
        line, column = _find_key(text, str(exc))
        raise SchemaError(
            path, f"line {line}, column {column}", f"duplicate key {str(exc)!r} in an object"
        ) from None
    if nesting_depth(doc) > MAX_DOCUMENT_DEPTH:
        raise too_deep
    return doc


def nesting_depth(doc: Any) -> int:
    """How deep arrays and objects nest in a parsed document (iteratively: the document may be deep)."""
    deepest, stack = 0, [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            if depth <= MAX_DOCUMENT_DEPTH:
                children = node.values() if isinstance(node, dict) else node
                stack.extend((child, depth + 1) for child in children)
    return deepest


def _find_key(text: str, key: str) -> tuple[int, int]:
    """Line and column of the second occurrence of ``"key":`` (good enough to point at a duplicate)."""
    needle = json.dumps(key, ensure_ascii=False)
    positions = [m.start() for m in re.finditer(re.escape(needle) + r"\s*:", text)]
    pos = positions[1] if len(positions) > 1 else (positions[0] if positions else 0)
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def metaschema_path(name: str) -> Path:
    """``metaschema/<name>.schema.json`` (layout, dataset, config)."""
    return METASCHEMA_DIR / f"{name}.schema.json"


@cache
def metaschema(name: str) -> Draft202012Validator:
    """The validator of ``metaschema/<name>.schema.json`` (layout, dataset, config)."""
    schema = json.loads(metaschema_path(name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


def _describe(error: ValidationError) -> tuple[str, str]:
    """(JSON path, problem) of a meta-schema violation, phrased for a person editing the file."""
    path = json_path(*error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        properties: dict[str, Any] = schema.get("properties", {})
        unknown = sorted(k for k in error.instance if k not in properties)
        if unknown:
            known = ", ".join(properties)
            return f"{path}.{unknown[0]}", f"unknown key {unknown[0]!r} (allowed: {known})"
    if error.validator == "type":
        value = error.validator_value
        expected = value if isinstance(value, list) else [value]
        got = "null" if error.instance is None else _JSON_TYPES.get(type(error.instance), "value")
        return path, f"expected {' or '.join(map(str, expected))}, got {got} {_short(error.instance)}"
    if error.validator == "enum" and schema.get("title") == RULE_ID_TITLE:
        if "propertyNames" in error.absolute_schema_path:  # a key (config severity): the key is the place
            return f"{path}.{error.instance}", f"unknown rule id {error.instance!r}"
        return path, f"unknown rule id {error.instance!r}"
    if error.validator == "enum":
        options = ", ".join(str(option) for option in schema.get("enum", []))
        return path, f"{_short(error.instance)} is not one of: {options}"
    if error.validator == "const":
        return path, f"expected {_short(error.validator_value)}, got {_short(error.instance)}"
    message = error.message if len(error.message) <= 300 else error.message[:297] + "..."
    return path, message


def validate_document(doc: Any, kind: str, file: Path, prefix: str = "$") -> None:
    """Raise the most relevant meta-schema violation of ``doc`` (kind = layout | dataset | config)."""
    error = best_match(metaschema(kind).iter_errors(doc))
    if error is not None:
        path, problem = _describe(error)
        raise SchemaError(file, prefix + path[1:], problem)
