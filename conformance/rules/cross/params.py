"""Rule parameters: the JSON Schema shapes the X units declare, and loading ``rule_parameters.json``.

A unit declares each parameter's name and the shape of its value (``core.rules.Parameter``); the values
themselves are facts or INFERRED choices of the standard and live, with their source, in the bundled
schema set's ``rule_parameters.json``. A user's schema set may override any of them, parameter by
parameter. Both files are validated against a meta-schema built from the units' declarations, so a
misspelt rule id, parameter name or a value of the wrong shape is a located schema error.

Also here: the two small helpers many units share (a date as a quoted parameter, a number column as an
integer for a filter).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import polars as pl
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from conformance.core.messages import Quoted
from conformance.core.rules import RuleMeta
from conformance.schema.documents import SchemaError, json_path, read_json
from conformance.schema.loader import bundled_schema_root
from conformance.schema.model import SchemaSet

__all__ = [
    "CODE",
    "CODES",
    "CODES_BY_CODE",
    "CODE_BY_CODE",
    "DATE",
    "DIGITS",
    "ITEMS_BY_CODE",
    "MONTH_DAY",
    "PARAMETERS_FILE",
    "RATES",
    "as_int",
    "iso",
    "load_parameters",
    "parameters_metaschema",
]

PARAMETERS_FILE = "rule_parameters.json"
PARAMETERS_FORMAT = "conformance.rule-parameters/1"

CODE: Mapping[str, Any] = {"type": "string", "minLength": 1}
CODES: Mapping[str, Any] = {"type": "array", "items": CODE}
CODE_BY_CODE: Mapping[str, Any] = {"type": "object", "additionalProperties": CODE}
CODES_BY_CODE: Mapping[str, Any] = {"type": "object", "additionalProperties": CODES}
ITEMS_BY_CODE: Mapping[str, Any] = {"type": "object", "additionalProperties": {"type": "array", "items": CODE}}
DATE: Mapping[str, Any] = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
MONTH_DAY: Mapping[str, Any] = {"type": "string", "pattern": "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"}
DIGITS: Mapping[str, Any] = {"type": "string", "pattern": "^[0-9]{1,9}$"}
RATES: Mapping[str, Any] = {
    "type": "object",
    "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
}


def iso(day: dt.date, item: str) -> Quoted:
    """A date read from ``item`` as a message parameter (masked like the item's values)."""
    return Quoted(day.isoformat(), item)


def as_int(expr: pl.Expr) -> pl.Expr:
    """A number column as Int64 for a filter (NULL where it does not parse)."""
    return expr.cast(pl.Int64, strict=False)


def parameters_metaschema(rules: Iterable[RuleMeta]) -> dict[str, Any]:
    """The JSON Schema of ``rule_parameters.json``: per rule with parameters, its declared shapes."""
    properties: dict[str, Any] = {
        "format": {"const": PARAMETERS_FORMAT},
        "note": {"type": "string"},
    }
    for meta in rules:
        if not meta.parameters:
            continue
        properties[meta.id] = {
            "type": "object",
            "properties": {"source": {"type": "string"}, **{p.name: dict(p.schema) for p in meta.parameters}},
            "additionalProperties": False,
        }
    return {"type": "object", "properties": properties, "required": ["format"], "additionalProperties": False}


def _read(path: Path, validator: Draft202012Validator) -> dict[str, Any]:
    doc = read_json(path)
    error = best_match(validator.iter_errors(doc))
    if error is not None:
        where = json_path(*error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
            unknown = sorted(k for k in error.instance if k not in allowed)
            if unknown:
                raise SchemaError(path, f"{where}.{unknown[0]}", f"unknown rule or parameter {unknown[0]!r}")
        raise SchemaError(path, where, error.message if len(error.message) <= 300 else error.message[:297] + "...")
    result: dict[str, Any] = doc
    return result


def load_parameters(schema: SchemaSet, rules: Iterable[RuleMeta]) -> dict[str, dict[str, Any]]:
    """Rule id → parameter name → value: the bundled values, overridden by the schema set's own file.

    Raises SchemaError (file, JSON path, problem) for a file that does not fit the declarations, and for
    a declared parameter that neither file gives a value.
    """
    metas = [m for m in rules if m.parameters]
    validator = Draft202012Validator(parameters_metaschema(metas))
    bundled_path = bundled_schema_root() / PARAMETERS_FILE
    values: dict[str, dict[str, Any]] = {}
    paths = [bundled_path]
    if schema.root is not None:
        own = schema.root / PARAMETERS_FILE
        if own.is_file() and own.resolve() != bundled_path.resolve():
            paths.append(own)
    for path in paths:
        doc = _read(path, validator)
        for meta in metas:
            given = doc.get(meta.id, {})
            values.setdefault(meta.id, {}).update({p.name: given[p.name] for p in meta.parameters if p.name in given})
    for meta in metas:
        for p in meta.parameters:
            if p.name not in values[meta.id]:
                raise SchemaError(paths[-1], json_path(meta.id, p.name), f"no value for parameter {p.name!r} of {meta.id}")
    return values
