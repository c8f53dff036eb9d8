"""pandera peer (polars backend): a DataFrameSchema of the rule subset, validated lazily on a polars frame.

The file is read as it would be by any polars user (``pl.read_csv``, all columns strings, an empty field —
quoted or not — is null). Per column: ``nullable=False`` for ``required``; one regex check for ``pattern``
(``Check.str_matches`` anchored at both ends, or a custom expression when the type syntax and the 書式 regex
must both match); ``Check.str_length`` for ``max_length`` and ``min_length``; ``Check.isin`` for ``code``.
The key is the schema's ``unique``; pandera lists every row of a duplicated key, and the peer counts
those after the first (listed rows minus their distinct keys). Foreign keys span frames and are not
expressible in one DataFrameSchema, so they are not checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import polars as pl

from benchmarks.peers import PeerResult
from benchmarks.peers.subset import ColumnRule, FileSubset, portable_regex

NAME = "pandera"


def _anchored(pattern: str) -> str:
    return f"^(?:{portable_regex(pattern)})$"


def _checks(rule: ColumnRule) -> list[Any]:
    import pandera.polars as pa

    checks: list[Any] = []
    if len(rule.patterns) == 1:
        checks.append(pa.Check.str_matches(_anchored(rule.patterns[0]), error="pattern"))
    elif rule.patterns:
        patterns = [_anchored(p) for p in rule.patterns]

        def all_match(data: Any) -> pl.LazyFrame:
            col = pl.col(data.key)
            frame: pl.LazyFrame = data.lazyframe
            return frame.select(pl.all_horizontal([col.str.contains(p) for p in patterns]))

        checks.append(pa.Check(all_match, error="pattern"))
    if rule.max_length is not None:
        checks.append(pa.Check.str_length(max_value=rule.max_length, error="max_length"))
    if rule.min_length is not None:
        checks.append(pa.Check.str_length(min_value=rule.min_length, error="min_length"))
    if rule.codes is not None:
        checks.append(pa.Check.isin(list(rule.codes), error="code"))
    return checks


def dataframe_schema(subset: FileSubset) -> Any:
    """The pandera ``DataFrameSchema`` of the subset."""
    import pandera.polars as pa

    columns = {
        rule.name: pa.Column(pl.String, checks=_checks(rule), nullable=not rule.required)
        for rule in subset.columns
    }
    return pa.DataFrameSchema(
        columns,
        unique=list(subset.primary_key) or None,
    )


def _category(check: str | None, schema_context: str) -> str:
    if check in {"pattern", "max_length", "min_length", "code"}:
        return check
    if check == "not_nullable":
        return "required"
    if schema_context == "DataFrameSchema" and check is not None and "unique" in check:
        return "primary_key"
    return "other"


def run(
    path: Path, subset: FileSubset, references: Mapping[str, tuple[Path, FileSubset]] | None = None
) -> PeerResult:
    """Validate ``path`` with every check (``lazy=True``) and count failure cases per check."""
    import pandera.errors as pe

    frame = pl.read_csv(path, infer_schema=False, null_values=[""])
    schema = dataframe_schema(subset)
    counts: dict[str, int] = {}
    try:
        schema.validate(frame, lazy=True)
    except pe.SchemaErrors as errors:
        cases = errors.failure_cases
        pairs = zip(cases["check"], cases["schema_context"], strict=True)
        categories = [_category(check, context) for check, context in pairs]
        cases = cases.with_columns(pl.Series("category", categories, pl.String))
        for category, n in cases.group_by("category").len().iter_rows():
            counts[category] = int(n)
        if "primary_key" in counts:
            # The polars backend lists every row of a duplicated key; the subset counts those after the first.
            index = cases.filter(pl.col("category") == "primary_key")["index"].unique()
            keys = frame[index.to_list()].select(subset.primary_key)
            counts["primary_key"] = keys.height - keys.n_unique()
    return PeerResult(NAME, frame.height, counts)
