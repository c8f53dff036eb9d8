"""The per-file plan both engines compose: header match, item checks, rule instances and their state.

``FileRun`` holds everything one file needs while its records stream through: which columns are present,
the compiled item checks, the X rules that can run (§12.1: not those needing a missing column), the key
and history state. The reference engine drives all of it row by row; the fast engine drives the same
objects, but only where polars says a check or a rule may fire, and keeps the key and history state in a
spill instead (``engines/fast.py``). Neither engine subclasses the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from conformance.core.messages import Localized, Message, params_of
from conformance.core.severity import Severity
from conformance.engines.context import RunContext
from conformance.engines.evidence import Witness, evidence_of
from conformance.engines.inputs import InputFile
from conformance.readers.fast_scan import ScannedCsvFile
from conformance.readers.formats import open_input
from conformance.readers.records import RawRecord
from conformance.readers.sniff import not_read, read_sniffed, sniff_bytes
from conformance.readers.source import InputReader
from conformance.rules.catalogue import CROSS_RULES, RULES
from conformance.rules.cross.base import DatasetRule, FileRule, RowRule, RowView, RuleContext
from conformance.rules.cross.history import HistoryIndex, HistoryRule, history_keep
from conformance.rules.cross.x1_primary_key import X1PrimaryKeyUnique
from conformance.rules.dataset import d1_no_records as D1
from conformance.rules.dataset import d2_incomplete as D2
from conformance.rules.file import f1_encoding as f1
from conformance.rules.file import f4_header
from conformance.rules.file.f4_header import match_header

__all__ = ["NOT_CHECKED", "DatasetPlan", "FileRun", "finished", "opened", "run_dataset"]

#: §12.13: a dataset rule that cannot run because a file it needs is not part of the run.
NOT_CHECKED = Message(
    "engine.not_checked",
    "{rule}（{title}）は必要なファイルがこの実行にないため検査していません",
    "{rule} ({title}) was not checked: a file it needs is not part of this run",
)


@dataclass(slots=True)
class DatasetPlan:
    """Which dataset rules can run, and which files they read and report on."""

    rules: dict[str, DatasetRule] = field(default_factory=dict)
    not_checked: dict[str, str] = field(default_factory=dict)  # rule -> first present file it applies to
    applies: dict[str, list[str]] = field(default_factory=dict)  # rule -> present files it reports on
    absent: set[str] = field(default_factory=set)  # files unreadable as a whole (fatal F1): treated as absent

    @classmethod
    def of(cls, ctx: RunContext, inputs: Sequence[InputFile]) -> DatasetPlan:
        plan = cls()
        present = {f.spec.name for f in inputs}
        schema = ctx.schema
        for dr in schema.dataset_rules:
            if not ctx.emit.enabled(dr.rule) or dr.rule not in CROSS_RULES:
                continue
            applies = [f.display for f in inputs if f.spec.name in dr.files]
            if not applies:
                continue
            plan.applies[dr.rule] = applies
            if all(n in present for n in dr.needs):
                spec = schema.files[dr.files[0]]
                rule = CROSS_RULES[dr.rule](RuleContext(schema, spec, ctx.parameters))
                assert isinstance(rule, DatasetRule)
                plan.rules[dr.rule] = rule
            else:
                plan.not_checked[dr.rule] = applies[0]
        return plan

    def drop(self, rule_id: str) -> None:
        """The rule cannot run after all (§12.1, §12.13): report it as not checked instead."""
        del self.rules[rule_id]
        self.not_checked.setdefault(rule_id, self.applies[rule_id][0])

    def drop_needing(self, name: str) -> None:
        """A file that could not be read at all counts as absent for the dataset rules (§12.13)."""
        self.absent.add(name)
        for rule_id in [r for r, rule in self.rules.items() if name in rule.needs]:
            self.drop(rule_id)


@contextmanager
def opened(ctx: RunContext, inp: InputFile, plan: DatasetPlan) -> Iterator[InputReader]:
    """Start a file: its witness (hash, change detection) and its file-level findings. The caller checks
    ``csv.fatal`` (a file that cannot be checked at all, §12.3) before reading records; when the block
    ends, the file's evidence goes to the sink, or FileChanged is raised."""
    ctx.emit.sink.start_file(inp.display, inp.spec.name)
    witness = Witness(inp.path)
    try:
        csv: InputReader
        if inp.format == "csv":  # a file that is not CSV of its layout: one diagnosis, its rows not read
            others = ctx.schema.files.values()
            csv = read_sniffed(inp.path, inp.display, ctx.options.encoding, inp.spec, others, ScannedCsvFile)
        elif inp.format != "parquet" and (fault := sniff_bytes(inp.path, csv=False)) is not None:
            csv = not_read(inp.path, inp.display, inp.format, fault, ScannedCsvFile)  # no JSON or XML either
        else:
            names = inp.spec.layout.item_names
            csv = open_input(inp.format, inp.path, inp.display, encoding=ctx.options.encoding, names=names)
        if ctx.options.encoding and csv.text_encoded:  # the delivery's non-conformance stays visible
            params = params_of({"encoding": ctx.options.encoding.upper()})
            ctx.emit.emit(inp.display, None, None, f1.META.id, Severity.WARNING, f1.DECLARED, params)
        for f in csv.file_findings:
            ctx.emit.finding(f)
        if csv.fatal:
            plan.drop_needing(inp.spec.name)
        yield csv
    except BaseException:
        witness.cancel()
        raise
    ctx.emit.sink.describe_file(inp.display, evidence_of(witness, csv, ctx.options.encoding))


def finished(ctx: RunContext, src: InputReader) -> None:
    """After the last record: the findings a reader knows only then (an item absent from every record)."""
    for f in src.finish():
        ctx.emit.finding(f)


def run_dataset(
    ctx: RunContext, inputs: Sequence[InputFile], run_file: Callable[[InputFile, DatasetPlan], None]
) -> None:
    """Every file in dataset order, then one "not checked" info per dataset rule that could not run."""
    plan = DatasetPlan.of(ctx, inputs)
    for inp in inputs:
        run_file(inp, plan)
    present = {f.spec.name for f in inputs} - plan.absent
    for (
        name,
        spec,
    ) in ctx.schema.files.items():  # dataset.json `required`: the delivery is incomplete without it
        if spec.required and name not in {f.spec.name for f in inputs}:
            expected = ctx.schema.file_name_pattern.format(file=name)
            ctx.emit.emit(
                expected, None, None, "D2", D2.META.severity, D2.FILE_ABSENT, params_of({"file": expected})
            )
    needs = {d.rule: d.needs for d in ctx.schema.dataset_rules}
    for rule_id, file in plan.not_checked.items():
        meta = RULES[rule_id]
        title = Localized(meta.title_ja, meta.title_en)
        ctx.emit.sink.not_checked(rule_id, file)
        ctx.emit.emit(
            file,
            None,
            None,
            rule_id,
            Severity.INFO,
            NOT_CHECKED,
            params_of({"rule": rule_id, "title": title}),
        )
        if ctx.options.require_complete:  # --require-complete: a rule that could not run fails the delivery
            missing = [n for n in needs.get(rule_id, ()) if n not in present] or list(needs.get(rule_id, ()))
            names = "、".join(missing), ", ".join(missing)
            ctx.emit.emit(
                file,
                None,
                None,
                "D2",
                D2.META.severity,
                D2.RULE_NOT_RUN,
                params_of({"rule": rule_id, "title": title, "needs": Localized(*names)}),
            )


class FileRun:
    """The state of one file while its records stream through: item checks, X rules, key and history state."""

    def __init__(
        self,
        ctx: RunContext,
        inp: InputFile,
        plan: DatasetPlan,
        header: list[str],
        names_checked: bool = False,
    ) -> None:
        """``names_checked``: the reader reports F4 itself (by name, §13.4), so no header is matched here."""
        self.ctx, self.emit = ctx, ctx.emit
        spec, file, layout = inp.spec, inp.display, inp.spec.layout
        self.spec, self.file, self.rows = spec, file, 0
        self.has_header = bool(header)
        self.names_checked = names_checked
        match = match_header(header, layout)
        f4 = f4_header.META
        for hf in () if names_checked else match.faults:
            self.emit.emit(file, 1, hf.item, f4.id, f4.severity, hf.message, hf.params)
        self.columns = columns = match.columns
        missing = match.missing(layout)
        self.compiled = [c for c in ctx.compiled(layout) if c.item.name in columns]
        self.checks = [(c.item.name, c) for c in self.compiled]
        self.exact_header = list(header) == list(layout.item_names)
        self.names_by_index = {i: n for n, i in columns.items()}
        self.all_names = layout.item_names

        self.context = rctx = RuleContext(ctx.schema, spec, ctx.parameters)
        self.row_rules: list[RowRule] = []
        self.file_rules: list[FileRule] = []
        self.key_rule: X1PrimaryKeyUnique | None = None
        for rule_id in spec.rules:
            cls = CROSS_RULES.get(rule_id)
            if cls is None or not ctx.emit.enabled(rule_id) or issubclass(cls, DatasetRule):
                continue
            rule = cls(rctx)
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
        self.history_rules = [r for r in self.file_rules if isinstance(r, HistoryRule)]
        if spec.history is not None and self.history_rules:
            keep, tracked = history_keep(self.file_rules, rctx)
            self.index = HistoryIndex(spec.history, keep, tracked)
            for r in self.history_rules:
                r.index = self.index
        self.streaming = [r for r in self.file_rules if not isinstance(r, HistoryRule)]
        for rule_id, dr in list(plan.rules.items()):
            if spec.name in dr.needs and any(c in missing for c in dr.columns(spec.name)):
                plan.drop(rule_id)  # a needed file lacks a column the rule reads (§12.1, §12.13)
        self.collecting = [r for r in plan.rules.values() if spec.name in r.needs]
        files_of = {d.rule: d.files for d in ctx.schema.dataset_rules}
        self.checking = [
            r
            for r in plan.rules.values()
            if spec.name in files_of.get(r.id, ()) and not any(c in missing for c in r.columns(spec.name))
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
            self.emit.finding(f)
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
        emit, file = self.emit.emit, self.file
        for name, check in self.checks:
            if name in failed:
                continue
            value = raw[name]
            faults, bad = check.check(value, raw)
            for fault in faults:
                emit(file, line, name, fault.rule, fault.severity, fault.message, fault.params, value)
            if bad:
                failed.add(name)

    def cross(self, line: int, raw: dict[str, str | None], failed: set[str]) -> None:
        """X rules for a checkable row, row by row (the reference path)."""
        view = RowView(line, raw, failed)
        hits, file, name = self.emit.hits, self.file, self.spec.name
        if self.key_rule is not None:
            dup = list(self.key_rule.add(view))
            if dup:
                hits(file, self.key_rule, dup)
                return  # §8: rows reported under X1 take no part in other X rules
        for rr in self.row_rules:
            hits(file, rr, rr.check(view))
        for fr in self.streaming:
            hits(file, fr, fr.add(view))
        if self.index is not None:
            self.index.add(view)
        for dr in self.collecting:
            dr.collect(name, view)
        for dr in self.checking:
            hits(file, dr, dr.check(name, view))

    def finish(self) -> None:
        for fr in self.file_rules:
            self.emit.hits(self.file, fr, fr.finish())
        self.emit.sink.add_rows(self.file, self.rows)
        if self.rows == 0 and self.has_header:
            message = D1.NO_RECORDS_READ if self.names_checked else D1.NO_RECORDS
            self.emit.emit(self.file, None, None, "D1", D1.META.severity, message)
