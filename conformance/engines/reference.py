"""The reference engine: streams each file row by row and applies every rule once.

Memory does not grow with rows except for key and history state: the primary-key set (X1), the
identifier owners (X14), one entry per 宛名番号 with its history (X2, X17) and a reduced copy of its current
row (households X3–X6, X20), and the reference key sets of the dataset rules (X21, X22, X25, X35).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from conformance.core.findings import Finding, Severity
from conformance.core.messages import fixed_text
from conformance.engines.inputs import InputFile
from conformance.readers.csv_reader import CsvFile, RawRecord, read_csv
from conformance.reports.collector import Collector
from conformance.rules.catalogue import RULES
from conformance.rules.cross import REGISTRY
from conformance.rules.cross.base import (
    CrossRule,
    FileRule,
    Hit,
    RowRule,
    RowView,
    RuleContext,
    load_parameters,
)
from conformance.rules.cross.dataset_rules import DatasetRule
from conformance.rules.cross.file_rules import HistoryIndex, HistoryRule, X1PrimaryKeyUnique, history_keep
from conformance.rules.header import match_header
from conformance.rules.items.check import compile_layout
from conformance.schema.model import SchemaSet

Progress = Callable[[str, int, int, int], None]  # (file, bytes read, bytes total, rows so far)


@dataclass(slots=True)
class _DatasetPlan:
    """Which dataset rules can run, and which files they read and report on."""

    rules: dict[str, DatasetRule] = field(default_factory=dict)
    not_checked: dict[str, str] = field(default_factory=dict)  # rule -> first present file it applies to
    applies: dict[str, list[str]] = field(default_factory=dict)  # rule -> present files it reports on


class ReferenceEngine:
    def __init__(
        self,
        schema: SchemaSet,
        collector: Collector,
        *,
        encoding: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.schema = schema
        self.collector = collector
        self.encoding = encoding
        self.progress = progress
        self.params = load_parameters(schema)
        self.settings = schema.settings
        self._overrides = {k: Severity(v) for k, v in schema.settings.severity_overrides.items()}
        self._disabled = schema.settings.disabled_rules
        self._absent: set[str] = set()  # files unreadable as a whole (fatal F1): treated as absent

    # --- emission -------------------------------------------------------------------------------------
    def _emit(
        self,
        file: str,
        line: int | None,
        item: str | None,
        rule: str,
        severity: Severity,
        ja: str,
        en: str,
        value: str | None = None,
    ) -> None:
        if rule in self._disabled:
            return
        sev = self._overrides.get(rule, severity)
        message = fixed_text(f"{rule}.untemplated", ja, en)
        self.collector.add(Finding(file, line, item, rule, sev, message, (), value))

    def _emit_finding(self, finding: Finding) -> None:
        """A finding made by a reader: the run's disabled rules and severity overrides apply to it too."""
        if finding.rule in self._disabled:
            return
        sev = self._overrides.get(finding.rule)
        self.collector.add(finding if sev is None else replace(finding, severity=sev))

    def _emit_hits(self, file: str, rule: CrossRule, hits: Iterable[Hit]) -> None:
        sev = RULES[rule.id].severity
        for h in hits:
            self._emit(file, h.line, h.item, rule.id, sev, h.message_ja, h.message_en, h.value)

    # --- run ------------------------------------------------------------------------------------------
    def run(self, inputs: Sequence[InputFile]) -> None:
        present = {f.spec.name for f in inputs}
        plan = self._plan_dataset(present, inputs)
        for inp in inputs:
            self._run_file(inp, plan)
        for rule_id, file in plan.not_checked.items():
            info = RULES[rule_id]
            self._emit(
                file,
                None,
                None,
                rule_id,
                Severity.INFO,
                f"{rule_id}（{info.title_ja}）は必要なファイルがこの実行にないため検査していません",
                f"{rule_id} ({info.title_en}) was not checked: a file it needs is not part of this run",
            )

    def _plan_dataset(self, present: set[str], inputs: Sequence[InputFile]) -> _DatasetPlan:
        plan = _DatasetPlan()
        for dr in self.schema.dataset_rules:
            if dr.rule in self._disabled or dr.rule not in REGISTRY:
                continue
            applies = [f.display for f in inputs if f.spec.name in dr.files]
            if not applies:
                continue
            plan.applies[dr.rule] = applies
            if all(n in present for n in dr.needs):
                spec = self.schema.files[dr.files[0]]
                rule = REGISTRY[dr.rule](RuleContext(self.schema, spec, self.params))
                assert isinstance(rule, DatasetRule)
                plan.rules[dr.rule] = rule
            else:
                plan.not_checked[dr.rule] = applies[0]
        return plan

    def _run_file(self, inp: InputFile, plan: _DatasetPlan) -> None:
        csv = self._open(inp, plan)
        if csv is None:
            return
        run = FileRun(self, inp, plan, csv.header or [])
        progress, every = self.progress, 0
        for rec in csv.records():
            run.record(rec)
            if progress is not None:
                every += 1
                if every == 20000:
                    every = 0
                    progress(inp.display, csv.bytes_read, csv.bytes_total, run.rows)
        run.finish()
        if progress is not None:
            progress(inp.display, csv.bytes_total, csv.bytes_total, run.rows)

    def _open(self, inp: InputFile, plan: _DatasetPlan) -> CsvFile | None:
        """Start a file: its file-level findings; None when it cannot be checked at all (fatal F1)."""
        self.collector.start_file(inp.display, inp.spec.name)
        csv = read_csv(inp.path, inp.display, self.encoding)
        for f in csv.file_findings:
            self._emit_finding(f)
        if csv.fatal:
            self._absent.add(inp.spec.name)
            self._drop_rules_needing(inp.spec.name, plan)
            return None
        return csv

    def _files_of(self, rule_id: str) -> tuple[str, ...]:
        return next((d.files for d in self.schema.dataset_rules if d.rule == rule_id), ())

    def _drop_rules_needing(self, name: str, plan: _DatasetPlan) -> None:
        """A file that could not be read at all counts as absent for the dataset rules (§12.13)."""
        for rule_id in [r for r, rule in plan.rules.items() if name in rule.needs]:
            del plan.rules[rule_id]
            plan.not_checked.setdefault(rule_id, plan.applies[rule_id][0])


class FileRun:
    """The state of one file while its records stream through: item checks, X rules, key and history state.

    The reference engine drives all of it; the fast engine uses its header match, item checks and rule
    instances, and replaces ``cross``/``finish`` with the spilled state (``engines/fast.py``).
    """

    def __init__(
        self, engine: ReferenceEngine, inp: InputFile, plan: _DatasetPlan, header: list[str]
    ) -> None:
        self.engine, self.emit = engine, engine._emit
        spec, file, layout = inp.spec, inp.display, inp.spec.layout
        self.spec, self.file, self.rows = spec, file, 0
        match = match_header(header, layout)
        for hf in match.faults:
            self.emit(file, 1, hf.item, "F4", Severity.ERROR, hf.message_ja, hf.message_en)
        self.columns = columns = match.columns
        missing = match.missing(layout)
        self.compiled = [c for c in compile_layout(layout, engine.schema) if c.item.name in columns]
        self.checks = [(c.item.name, c) for c in self.compiled]
        self.exact_header = list(header) == list(layout.item_names)
        self.names_by_index = {i: n for n, i in columns.items()}
        self.all_names = layout.item_names

        self.context = ctx = RuleContext(engine.schema, spec, engine.params)
        self.row_rules: list[RowRule] = []
        self.file_rules: list[FileRule] = []
        self.key_rule: X1PrimaryKeyUnique | None = None
        for rule_id in spec.rules:
            cls = REGISTRY.get(rule_id)
            if cls is None or rule_id in engine._disabled or issubclass(cls, DatasetRule):
                continue
            rule = cls(ctx)
            needed = spec.primary_key if isinstance(rule, X1PrimaryKeyUnique) else rule.items
            if any(n in missing or not layout.has(n) for n in needed):
                continue  # §12.1: rules that need a missing column do not run
            if isinstance(rule, X1PrimaryKeyUnique):
                self.key_rule = rule
            elif isinstance(rule, RowRule):
                self.row_rules.append(rule)
            elif isinstance(rule, FileRule):
                self.file_rules.append(rule)
        self.index: HistoryIndex | None = None
        history_rules = [r for r in self.file_rules if isinstance(r, HistoryRule)]
        if spec.history is not None and history_rules:
            keep, tracked = history_keep(self.file_rules, ctx)
            self.index = HistoryIndex(spec.history, keep, tracked)
            for r in history_rules:
                r.index = self.index
        self.streaming = [r for r in self.file_rules if not isinstance(r, HistoryRule)]
        for rule_id, dr in list(plan.rules.items()):
            if spec.name in dr.needs and any(c in missing for c in dr.columns(spec.name)):
                # a needed file lacks a column the rule reads: not checked (§12.1, §12.13)
                del plan.rules[rule_id]
                plan.not_checked.setdefault(rule_id, plan.applies[rule_id][0])
        self.collecting = [r for r in plan.rules.values() if spec.name in r.needs]
        self.checking = [
            r
            for r in plan.rules.values()
            if spec.name in engine._files_of(r.id) and not any(c in missing for c in r.columns(spec.name))
        ]

    def raw_of(self, fields: Sequence[str]) -> dict[str, str | None]:
        """項目名 → raw value (None for NULL or an absent column)."""
        if self.exact_header:  # the common case: one dict build, no per-column lookups
            return dict(zip(self.all_names, [v or None for v in fields], strict=True))
        raw: dict[str, str | None] = dict.fromkeys(self.all_names)
        for name, idx in self.columns.items():
            raw[name] = (fields[idx] or None) if idx < len(fields) else None
        return raw

    def record(self, rec: RawRecord) -> None:
        """The reference path for one record: structural findings, item checks, X rules."""
        checked = self.checked(rec)
        if checked is not None:
            self.cross(rec.line, *checked)

    def checked(self, rec: RawRecord) -> tuple[dict[str, str | None], set[str]] | None:
        """Count a parsed record, emit its structural findings and item checks; its raw values and failed
        items for the X rules, or None when it is not checkable (both engines start a record here)."""
        self.rows += 1
        for f in rec.findings:
            self.engine._emit_finding(f)
        if not rec.checkable:
            return None
        raw = self.raw_of(rec.fields)
        failed: set[str] = (
            {self.names_by_index[i] for i in rec.bad_fields if i in self.names_by_index}
            if rec.bad_fields
            else set()
        )
        self.check_items(rec.line, raw, failed)
        return raw, failed

    def check_items(self, line: int, raw: dict[str, str | None], failed: set[str]) -> None:
        emit, file = self.emit, self.file
        for name, check in self.checks:
            if name in failed:
                continue
            value = raw[name]
            faults, bad = check.check(value, raw)
            for fault in faults:
                emit(file, line, name, fault.rule, fault.severity, fault.message_ja, fault.message_en, value)
            if bad:
                failed.add(name)

    def cross(
        self,
        line: int,
        raw: dict[str, str | None],
        failed: set[str],
        row_rules: Sequence[RowRule] | None = None,
    ) -> None:
        """X rules for a checkable row; ``row_rules`` narrows the row rules that may fire (fast path)."""
        view = RowView(line, raw, failed)
        emit_hits, file, name = self.engine._emit_hits, self.file, self.spec.name
        if self.key_rule is not None:
            dup = list(self.key_rule.add(view))
            if dup:
                emit_hits(file, self.key_rule, dup)
                return  # §8: rows reported under X1 take no part in other X rules
        for rr in self.row_rules if row_rules is None else row_rules:
            emit_hits(file, rr, rr.check(view))
        for fr in self.streaming:
            emit_hits(file, fr, fr.add(view))
        if self.index is not None:
            self.index.add(view)
        for dr in self.collecting:
            dr.collect(name, view)
        for dr in self.checking:
            emit_hits(file, dr, dr.check(name, view))

    def finish(self) -> None:
        for fr in self.file_rules:
            self.engine._emit_hits(self.file, fr, fr.finish())
        self.engine.collector.add_rows(self.file, self.rows)
