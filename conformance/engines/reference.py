"""The reference engine: streams each file row by row and applies every rule once.

Memory does not grow with rows except for key and history state: the primary-key set (X1), the
identifier owners (X14), one entry per 宛名番号 with its history (X2, X17) and a reduced copy of its current
row (households X3–X6, X20), and the reference key sets of the dataset rules (X21, X22, X25, X35).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from conformance.engines.inputs import InputFile
from conformance.findings import Finding, Severity
from conformance.readers.csv_reader import read_csv
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
from conformance.rules.item_checks import compile_layout
from conformance.schema.model import SchemaSet

Progress = Callable[[str, int, int], None]  # (file, bytes read, bytes total)


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
        self.collector.add(Finding(file, line, item, rule, sev, ja, en, value))

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
        spec, file, layout = inp.spec, inp.display, inp.spec.layout
        self.collector.start_file(file, spec.name)
        csv = read_csv(inp.path, file, self.encoding)
        for f in csv.file_findings:
            self._emit(f.file, f.line, f.item, f.rule, f.severity, f.message_ja, f.message_en, f.value)
        if csv.fatal:
            self._absent.add(spec.name)
            self._drop_rules_needing(spec.name, plan)
            return

        header = csv.header or []
        match = match_header(header, layout)
        for hf in match.faults:
            self._emit(file, 1, hf.item, "F4", Severity.ERROR, hf.message_ja, hf.message_en)
        columns = match.columns
        missing = match.missing(layout)
        checks = [(c.item.name, c) for c in compile_layout(layout, self.schema) if c.item.name in columns]
        exact_header = list(header) == list(layout.item_names)
        names_by_index = {i: n for n, i in columns.items()}
        all_names = layout.item_names

        ctx = RuleContext(self.schema, spec, self.params)
        row_rules: list[RowRule] = []
        file_rules: list[FileRule] = []
        key_rule: X1PrimaryKeyUnique | None = None
        for rule_id in spec.rules:
            cls = REGISTRY.get(rule_id)
            if cls is None or rule_id in self._disabled or issubclass(cls, DatasetRule):
                continue
            rule = cls(ctx)
            needed = spec.primary_key if isinstance(rule, X1PrimaryKeyUnique) else rule.items
            if any(n in missing or not layout.has(n) for n in needed):
                continue  # §12.1: rules that need a missing column do not run
            if isinstance(rule, X1PrimaryKeyUnique):
                key_rule = rule
            elif isinstance(rule, RowRule):
                row_rules.append(rule)
            elif isinstance(rule, FileRule):
                file_rules.append(rule)
        index: HistoryIndex | None = None
        history_rules = [r for r in file_rules if isinstance(r, HistoryRule)]
        if spec.history is not None and history_rules:
            keep, tracked = history_keep(file_rules, ctx)
            index = HistoryIndex(spec.history, keep, tracked)
            for r in history_rules:
                r.index = index
        streaming = [r for r in file_rules if not isinstance(r, HistoryRule)]
        for rule_id, dr in list(plan.rules.items()):
            if spec.name in dr.needs and any(c in missing for c in dr.columns(spec.name)):
                del plan.rules[
                    rule_id
                ]  # a needed file lacks a column the rule reads: not checked (§12.1, §12.13)
                plan.not_checked.setdefault(rule_id, plan.applies[rule_id][0])
        collecting = [r for r in plan.rules.values() if spec.name in r.needs]
        checking = [
            r
            for r in plan.rules.values()
            if spec.name in self._files_of(r.id) and not any(c in missing for c in r.columns(spec.name))
        ]

        rows = 0
        progress, every = self.progress, 0
        for rec in csv.records():
            rows += 1
            for f in rec.findings:
                self._emit(f.file, f.line, f.item, f.rule, f.severity, f.message_ja, f.message_en, f.value)
            if progress is not None:
                every += 1
                if every == 20000:
                    every = 0
                    progress(file, csv.bytes_read, csv.bytes_total)
            if not rec.checkable:
                continue
            fields = rec.fields
            raw: dict[str, str | None]
            if exact_header:  # the common case: one dict build, no per-column lookups
                raw = dict(zip(all_names, [v or None for v in fields], strict=True))
            else:
                raw = dict.fromkeys(all_names)
                for name, idx in columns.items():
                    raw[name] = (fields[idx] or None) if idx < len(fields) else None
            failed: set[str] = (
                {names_by_index[i] for i in rec.bad_fields if i in names_by_index}
                if rec.bad_fields
                else set()
            )
            line = rec.line
            for name, check in checks:
                if name in failed:
                    continue
                value = raw[name]
                faults, bad = check.check(value, raw)
                for fault in faults:
                    self._emit(
                        file,
                        line,
                        name,
                        fault.rule,
                        fault.severity,
                        fault.message_ja,
                        fault.message_en,
                        value,
                    )
                if bad:
                    failed.add(name)
            view = RowView(line, raw, failed)
            if key_rule is not None:
                dup = list(key_rule.add(view))
                if dup:
                    self._emit_hits(file, key_rule, dup)
                    continue  # §8: rows reported under X1 take no part in other X rules
            for rr in row_rules:
                self._emit_hits(file, rr, rr.check(view))
            for fr in streaming:
                self._emit_hits(file, fr, fr.add(view))
            if index is not None:
                index.add(view)
            for dr in collecting:
                dr.collect(spec.name, view)
            for dr in checking:
                self._emit_hits(file, dr, dr.check(spec.name, view))
        for fr in file_rules:
            self._emit_hits(file, fr, fr.finish())
        self.collector.add_rows(file, rows)
        if progress is not None:
            progress(file, csv.bytes_total, csv.bytes_total)

    def _files_of(self, rule_id: str) -> tuple[str, ...]:
        return next((d.files for d in self.schema.dataset_rules if d.rule == rule_id), ())

    def _drop_rules_needing(self, name: str, plan: _DatasetPlan) -> None:
        """A file that could not be read at all counts as absent for the dataset rules (§12.13)."""
        for rule_id in [r for r, rule in plan.rules.items() if name in rule.needs]:
            del plan.rules[rule_id]
            plan.not_checked.setdefault(rule_id, plan.applies[rule_id][0])
