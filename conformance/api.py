"""The library entry point: validate paths against a schema set and get the canonical result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conformance.engines.context import EngineOptions, Progress
from conformance.engines.inputs import InputError, resolve_inputs
from conformance.engines.reference import ReferenceEngine
from conformance.engines.spill import remove_stale
from conformance.reports.collector import Collector, ValidationResult
from conformance.rules.items.check import char_config
from conformance.schema.model import SchemaSet

__all__ = ["ENGINES", "EngineOptions", "InputError", "validate"]

ENGINES = ("auto", "fast", "reference")
#: ``auto`` runs the reference engine when the inputs total less than this: below it, the fast engine's
#: fixed costs (polars plans, spill files, threads) outweigh what its prefilters save.
AUTO_FAST_BYTES = 16 << 20


def validate(
    paths: Sequence[Path | str],
    *,
    schema: SchemaSet | None = None,
    layout: str | None = None,
    encoding: str | None = None,
    max_per_rule: int | None = 1000,
    progress: Progress | None = None,
    engine: str = "reference",
    options: EngineOptions | None = None,
    aliases: Mapping[Path, str] | None = None,
    input_format: str | None = None,
) -> ValidationResult:
    """Check files (or directories holding a dataset) and return findings with exact totals.

    Raises ``InputError`` for a path that is missing or matches no layout; everything wrong *inside* a file
    is a finding, never an exception. ``engine`` is "reference" (row by row) or "fast" (polars prefilters
    over the same rule definitions); both give the same findings. ``options`` sets the engines' sizes
    (``encoding`` overrides its encoding). ``aliases`` names inputs as findings should show them (standard
    input, read through a temporary file, is ``-``). ``input_format`` forces one reader for every file
    (csv, jsonl, json, xml, parquet); by default each file's extension decides (§13.1).
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if schema is None:
        from conformance.schema.loader import load_schema_set

        schema = load_schema_set()
    inputs, skipped = resolve_inputs(
        [Path(p) for p in paths], schema, layout, aliases=aliases, input_format=input_format
    )
    collector = Collector(
        max_per_rule=max_per_rule if max_per_rule is not None else -1, chars=char_config(schema)
    )
    started = datetime.now(UTC)
    run_options = replace(options or EngineOptions(), encoding=encoding)
    stale = remove_stale(run_options.spill_dir)
    if engine == "auto":
        engine = "fast" if sum(_size(f.path) for f in inputs) >= AUTO_FAST_BYTES else "reference"
    if engine == "fast":
        from conformance.engines.fast import FastEngine

        FastEngine(schema, collector, options=run_options, progress=progress).run(inputs)
    else:
        ReferenceEngine(schema, collector, options=run_options, progress=progress).run(inputs)
    settings: dict[str, Any] = {
        "engine": engine,  # the one that ran (auto resolved)
        "encoding": encoding or "utf-8",
        "m11_remainder1": schema.settings.m11_remainder1,
        "severity_overrides": dict(schema.settings.severity_overrides),
        "disabled_rules": sorted(schema.settings.disabled_rules),
        "max_per_rule": max_per_rule,
        "require_complete": run_options.require_complete,
        "stale_spill_removed": [{"folder": str(folder), "pid": pid} for folder, pid in stale],
        "repertoire": schema.settings.effective_repertoire,
    }
    if schema.settings.moji is not None:
        settings["moji"] = schema.settings.moji.summary()
    return collector.finish(
        schema=schema,
        started=started,
        finished=datetime.now(UTC),
        inputs=[(aliases or {}).get(Path(p), str(p)) for p in paths],
        settings_summary=settings,
        skipped=skipped,
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
