"""What both engines share for a run: options, the emitter that applies the run's settings, progress.

An engine never writes to the report layer: it writes findings to a ``FindingSink`` (core) through an
:class:`Emitter`, which applies the schema set's disabled rules and severity overrides in one place for
every finding, whoever made it (reader, item check, X rule, the engine itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from conformance.core.findings import Finding, FindingSink
from conformance.core.messages import Message, Params
from conformance.core.severity import Severity
from conformance.engines.spill import PARTITION_ROWS, HitBuffer
from conformance.readers.fast_scan import DEFAULT_BATCH_BYTES
from conformance.rules.catalogue import RULES
from conformance.rules.cross.base import CrossRule, Hit
from conformance.rules.cross.params import load_parameters
from conformance.rules.items.check import ItemCheck, compile_layout
from conformance.schema.model import Layout, SchemaSet

__all__ = ["CHUNK_BYTES", "Emitter", "EngineOptions", "Progress", "RunContext"]

#: Bytes of a file per worker task of the fast engine (a file of two chunks or more is split).
CHUNK_BYTES = 32 << 20

Progress = Callable[[str, int, int, int], None]  # (file, bytes read, bytes total, rows so far)


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Knobs of an engine run. Sizes bound memory; none of them changes a finding."""

    encoding: str | None = None  # declared encoding of the inputs (e.g. cp932), else UTF-8 per §2 F1
    partition_rows: int = PARTITION_ROWS  # fast: rows of spilled state searched at once
    batch_bytes: int = DEFAULT_BATCH_BYTES  # fast: bytes of input per scanned batch
    held_hits: int = HitBuffer.LIMIT  # fast: row-rule hits held in memory before they go to disk
    spill_dir: Path | None = None  # fast: where the private spill folder goes (default: $TMPDIR)
    require_complete: bool = False  # a dataset rule that cannot run is a D2 error, not only "not checked"
    # fast: worker processes for large files (spawned: a script calling validate() needs the usual
    # ``if __name__ == "__main__":`` guard, hence 1 here; the CLI's default is the cores it may use)
    workers: int = 1
    chunk_bytes: int = CHUNK_BYTES  # fast: bytes of a file per worker task; smaller files stay in-process
    executor: str = "local"  # fast: where chunks run: "local" (processes here) or "dask" (a Dask cluster)
    scheduler: str | None = None  # dask: the scheduler's address (None: a local cluster of ``workers``)


class Emitter:
    """Findings into the sink, with the run's disabled rules and severity overrides applied."""

    __slots__ = ("_disabled", "_overrides", "sink")

    def __init__(self, sink: FindingSink, schema: SchemaSet) -> None:
        self.sink = sink
        self._overrides = {k: Severity(v) for k, v in schema.settings.severity_overrides.items()}
        self._disabled = schema.settings.disabled_rules

    def enabled(self, rule: str) -> bool:
        return rule not in self._disabled

    def finding(self, finding: Finding) -> None:
        """A finding made elsewhere (a reader)."""
        if finding.rule in self._disabled:
            return
        sev = self._overrides.get(finding.rule)
        self.sink.add(finding if sev is None else replace(finding, severity=sev))

    def emit(
        self,
        file: str,
        line: int | None,
        item: str | None,
        rule: str,
        severity: Severity,
        message: Message,
        params: Params = (),
        value: str | None = None,
    ) -> None:
        if rule in self._disabled:
            return
        sev = self._overrides.get(rule, severity)
        self.sink.add(Finding(file, line, item, rule, sev, message, params, value))

    def hits(self, file: str, rule: CrossRule, hits: Iterable[Hit]) -> None:
        sev = rule.meta.severity
        for h in hits:
            self.emit(file, h.line, h.item, rule.id, sev, h.message, h.params, h.value)


@dataclass(slots=True)
class RunContext:
    """One run: the schema set, the rule parameters, the emitter, the options."""

    schema: SchemaSet
    emit: Emitter
    options: EngineOptions
    parameters: dict[str, dict[str, Any]]
    progress: Progress | None = None
    _compiled: dict[str, list[ItemCheck]] = field(default_factory=dict)

    def compiled(self, layout: Layout) -> list[ItemCheck]:
        """The layout's item checks, compiled once per run and shared by its files (with their memo of
        values already checked: a thousand small files of one layout pay the compile step once)."""
        checks = self._compiled.get(layout.name)
        if checks is None:
            checks = self._compiled[layout.name] = compile_layout(layout, self.schema)
        return checks

    @classmethod
    def create(
        cls, schema: SchemaSet, sink: FindingSink, options: EngineOptions, progress: Progress | None
    ) -> RunContext:
        return cls(schema, Emitter(sink, schema), options, load_parameters(schema, RULES.values()), progress)
