"""frictionless peer: Table Schema constraints and Data Package foreign keys for the rule subset.

Each subset check maps onto a Table Schema constraint of a ``string`` field: ``required``, ``pattern`` (one
per field, so the type syntax and the 書式 regex are joined into one lookahead regex),
``maxLength``/``minLength`` and ``enum``; the file key is the schema's ``primaryKey``. A foreign key is
declared only when it references exactly one file that is given: Data Package foreign keys cannot say "in at
least one of these files", so the reference set's X21 keys (住民記録_住民 or 住民記録_住登外者) are not
expressible and are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from benchmarks.peers import PeerResult
from benchmarks.peers.subset import FileSubset, python_pattern

NAME = "frictionless"
_CONSTRAINTS = {
    "required": "required",
    "pattern": "pattern",
    "maxLength": "max_length",
    "minLength": "min_length",
    "enum": "code",
}
_NOTE = re.compile(r'constraint "(\w+)"')
_NO_LIMIT = 10**12


def _field(rule_name: str, subset: FileSubset) -> dict[str, Any]:
    rule = subset.column(rule_name)
    constraints: dict[str, Any] = {}
    if rule.required:
        constraints["required"] = True
    pattern = python_pattern(rule)
    if pattern is not None:
        constraints["pattern"] = pattern
    if rule.max_length is not None:
        constraints["maxLength"] = rule.max_length
    if rule.min_length is not None:
        constraints["minLength"] = rule.min_length
    if rule.codes is not None:
        constraints["enum"] = list(rule.codes)
    field: dict[str, Any] = {"name": rule.name, "type": "string"}
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(subset: FileSubset) -> dict[str, Any]:
    """The Table Schema descriptor of the subset (empty fields are missing values, as NULL in F7)."""
    schema: dict[str, Any] = {
        "fields": [_field(name, subset) for name in subset.header],
        "missingValues": [""],
    }
    if subset.primary_key:
        schema["primaryKey"] = list(subset.primary_key)
    return schema


def expressible_foreign_keys(
    subset: FileSubset, references: Mapping[str, tuple[Path, FileSubset]]
) -> list[dict[str, Any]]:
    """Data Package foreign keys: only those with exactly one referenced file, and that file given."""
    keys: list[dict[str, Any]] = []
    for fk in subset.foreign_keys:
        if len(fk.references_any) != 1:
            continue
        file, columns = fk.references_any[0]
        if file not in references:
            continue
        keys.append({"fields": list(fk.columns), "reference": {"resource": file, "fields": list(columns)}})
    return keys


def run(
    path: Path, subset: FileSubset, references: Mapping[str, tuple[Path, FileSubset]] | None = None
) -> PeerResult:
    """Validate ``path`` (and, for foreign keys, the referenced files) and count errors per check."""
    from frictionless import Package, Resource, Schema

    references = dict(references or {})
    schema = table_schema(subset)
    foreign = expressible_foreign_keys(subset, references)

    def resource(name: str, file: Path, descriptor: dict[str, Any]) -> Resource:
        return Resource(
            name=name,
            path=file.name,
            basepath=str(file.parent),
            format="csv",
            encoding="utf-8",
            schema=Schema.from_descriptor(descriptor),
        )

    if foreign:
        # Resource names must be ASCII slugs: the data file is "data", referenced files "ref0", "ref1" …
        files = list(dict.fromkeys(k["reference"]["resource"] for k in foreign))
        names = {file: f"ref{i}" for i, file in enumerate(files)}
        for fk in foreign:
            fk["reference"]["resource"] = names[fk["reference"]["resource"]]
        schema["foreignKeys"] = foreign
        extra = [resource(names[f], references[f][0], table_schema(references[f][1])) for f in files]
        package = Package(resources=[resource("data", path, schema), *extra])
        report = package.validate(limit_errors=_NO_LIMIT)
        task = next(t for t in report.tasks if t.name == "data")
    else:
        report = resource("data", path, schema).validate(limit_errors=_NO_LIMIT)
        task = report.tasks[0]
    counts: dict[str, int] = {}
    for error in task.errors:
        kind = error.type
        if kind == "constraint-error":
            m = _NOTE.match(error.note)
            check = _CONSTRAINTS.get(m[1], "other") if m else "other"
        elif kind == "primary-key":
            check = "primary_key"
        elif kind == "foreign-key":
            check = "foreign_key"
        else:
            check = "other"
        counts[check] = counts.get(check, 0) + 1
    rows = int(task.stats.get("rows") or 0)
    return PeerResult(NAME, rows, counts)
