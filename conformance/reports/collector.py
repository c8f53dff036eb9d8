"""Collects findings from the engines: exact totals of everything, a bounded listing per rule.

A large file can produce a finding on every row. Reports need exact counts of all of them but only a
readable number of examples, so the collector counts every finding in one small dict (keys: file, rule,
item, severity) and keeps, per rule, only the ``max_per_rule`` findings that come *first in report order*.
Findings of file-scope rules arrive after the row-scope ones, so "first" cannot mean first to arrive: each
rule keeps a buffer of at most ``2 × cap`` candidates that is cut back to the ``cap`` smallest when full;
after the first cut any finding that sorts after the current cut-off is rejected with one comparison.
Memory is bounded by the cap (and the number of distinct count keys), never by the number of findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from conformance.core.evidence import FileEvidence
from conformance.core.findings import Finding, Severity
from conformance.engines.inputs import SkippedInput
from conformance.reports.gaiji import GaijiEntry, GaijiInventory
from conformance.rules.catalogue import rule_ids
from conformance.schema.loader import bundled_schema_root
from conformance.schema.model import SchemaSet
from conformance.types.chars import CharConfig

Verdict = Literal["conforms", "partially_checked", "does_not_conform"]
FailOn = Literal["error", "warning", "info", "never"]

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)

# Report order of rules: spec order of the catalogue; ids not in the catalogue sort after it, by id.
_RULE_RANK: dict[str, int] = {r: i for i, r in enumerate(rule_ids())}
_UNKNOWN_RANK = len(_RULE_RANK)

_GAIJI_RULES = frozenset({"F12", "F13"})  # their raw values feed the 外字 inventory

# Sort key of a listed finding:
# (file index, line (None = -1), rule rank, rule id, item ("" for None), arrival).
_Key = tuple[int, int, int, str, str, int]


def rule_sort_key(rule_id: str) -> tuple[int, str]:
    """Spec order (F, C, X; numeric within each); unknown ids last, alphabetically."""
    return (_RULE_RANK.get(rule_id, _UNKNOWN_RANK), rule_id)


def _zero() -> dict[Severity, int]:
    return dict.fromkeys(SEVERITIES, 0)


@dataclass(frozen=True, slots=True)
class RuleTotal:
    rule: str
    count: int  # all findings of the rule, listed or not
    by_severity: dict[Severity, int]  # every severity present as a key
    listed: int  # how many of them are in ValidationResult.findings


@dataclass(frozen=True, slots=True)
class Totals:
    """Exact counts of all findings of a run, in report order (run order of files, spec order of rules)."""

    by_severity: dict[Severity, int]
    by_rule: dict[str, RuleTotal]
    by_file_rule: dict[tuple[str, str], int]
    by_file_rule_item: dict[tuple[str, str, str | None], int]
    by_file: dict[str, dict[Severity, int]]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    @property
    def listed(self) -> int:
        return sum(r.listed for r in self.by_rule.values())

    @property
    def capped(self) -> bool:
        """True when some rule had more findings than were listed."""
        return any(r.count > r.listed for r in self.by_rule.values())


@dataclass(frozen=True, slots=True)
class FileSummary:
    file: str
    layout: str | None
    rows: int  # data records seen
    counts: dict[Severity, int]  # every severity present as a key
    evidence: FileEvidence | None = None  # what was read (None for a report read back without it)


@dataclass(frozen=True, slots=True)
class NotChecked:
    """A rule that applies to a file of the run but could not run (a file it needs is absent)."""

    rule: str
    file: str


@dataclass(slots=True)
class ValidationResult:
    findings: list[Finding]  # the listed findings, in report order
    totals: Totals
    files: list[FileSummary]
    schema_name: str
    standard: dict[str, str]
    started: datetime
    finished: datetime
    inputs: list[str]
    settings_summary: dict[str, Any]
    max_per_rule: int | None = None  # the listing cap of the run (None = unlimited)
    gaiji: list[GaijiEntry] = field(default_factory=list)  # 外字 inventory of all F12/F13 findings (exact)
    schema_bundled: bool = False  # checked against the bundled reference set (a reconstruction)
    skipped: list[SkippedInput] = field(default_factory=list)  # entries of the inputs that were not checked
    not_checked: list[NotChecked] = field(default_factory=list)  # rules that could not run

    @property
    def complete(self) -> bool:
        """Everything given was checked by every rule that applies to it."""
        return not self.skipped and not self.not_checked

    @property
    def verdict(self) -> Verdict:
        """No error-severity finding (§2) is a pass only when nothing was left unchecked; an error is never
        a pass; otherwise the run is partially checked (一部未検査), never a plain 適合."""
        if self.totals.by_severity[Severity.ERROR]:
            return "does_not_conform"
        return "conforms" if self.complete else "partially_checked"

    def exceeds(self, fail_on: str) -> bool:
        """Whether any finding is at or above ``fail_on`` ("error", "warning", "info"; "never" is never).

        Raises ValueError for any other level.
        """
        if fail_on == "never":
            return False
        try:
            floor = Severity(fail_on).rank
        except ValueError:
            raise ValueError(
                f"unknown fail-on level {fail_on!r}: expected error, warning, info or never"
            ) from None
        return any(n > 0 for sev, n in self.totals.by_severity.items() if sev.rank >= floor)


def _is_bundled(schema: SchemaSet) -> bool:
    if schema.root is None:
        return False
    try:
        return schema.root.resolve() == bundled_schema_root().resolve()
    except OSError:
        return False


class _Bucket:
    """The listing candidates of one rule: at most 2 × cap entries, the smallest cap of them kept."""

    __slots__ = ("cutoff", "entries")

    def __init__(self) -> None:
        self.entries: list[tuple[_Key, Finding]] = []
        self.cutoff: _Key | None = None  # the cap-th smallest key seen so far (after the first cut)

    def cut(self, cap: int) -> None:
        self.entries.sort(key=lambda e: e[0])
        del self.entries[cap:]
        if self.entries:
            self.cutoff = self.entries[-1][0]


class Collector:
    """Receives findings and row counts during a run; ``finish`` turns them into a ValidationResult."""

    def __init__(self, *, max_per_rule: int | None = 1000, chars: CharConfig | None = None) -> None:
        """``chars`` is the run's character configuration, which the 外字 inventory judges characters by."""
        # 0 lists nothing; None or negative lists everything.
        self._cap: int | None = None if max_per_rule is None or max_per_rule < 0 else max_per_rule
        self._files: dict[str, int] = {}  # file -> run-order index
        self._layouts: dict[str, str | None] = {}
        self._rows: dict[str, int] = {}
        self._counts: dict[tuple[str, str, str | None, Severity], int] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._seq = 0
        self._gaiji = GaijiInventory(chars) if chars is not None else GaijiInventory()
        self._evidence: dict[str, FileEvidence] = {}
        self._not_checked: list[NotChecked] = []

    def _register(self, file: str) -> int:
        index = self._files[file] = len(self._files)
        self._layouts.setdefault(file, None)
        self._rows.setdefault(file, 0)
        return index

    def start_file(self, file: str, layout: str | None) -> None:
        """Declare a file of the run; files are reported in the order they are started.

        A finding or row count for a file that was never started registers it after the started ones.
        Starting a file again updates its layout and keeps its place.
        """
        if file not in self._files:
            self._register(file)
        self._layouts[file] = layout

    def add_rows(self, file: str, n: int) -> None:
        """Count ``n`` data records seen in ``file``."""
        if file not in self._files:
            self._register(file)
        self._rows[file] += n

    def describe_file(self, file: str, evidence: FileEvidence) -> None:
        """Record what was read of ``file`` (size, hash, encoding, line endings)."""
        if file not in self._files:
            self._register(file)
        self._evidence[file] = evidence

    def not_checked(self, rule: str, file: str) -> None:
        """Record that ``rule`` applies to ``file`` but could not run."""
        self._not_checked.append(NotChecked(rule, file))

    def add(self, finding: Finding) -> None:
        """Count a finding and keep it as a listing candidate if it may be among the first ``cap``."""
        file = finding.file
        index = self._files.get(file)
        if index is None:
            index = self._register(file)
        ckey = (file, finding.rule, finding.item, finding.severity)
        self._counts[ckey] = self._counts.get(ckey, 0) + 1
        if finding.rule in _GAIJI_RULES:
            self._gaiji.add(finding, index)
        cap = self._cap
        if cap == 0:
            return
        self._seq += 1
        line = finding.line
        rule = finding.rule
        key: _Key = (
            index,
            -1 if line is None else line,
            _RULE_RANK.get(rule, _UNKNOWN_RANK),
            rule,
            finding.item or "",
            self._seq,
        )
        bucket = self._buckets.get(rule)
        if bucket is None:
            bucket = self._buckets[rule] = _Bucket()
        elif bucket.cutoff is not None and key > bucket.cutoff:
            return
        bucket.entries.append((key, finding))
        if cap is not None and len(bucket.entries) >= 2 * cap:
            bucket.cut(cap)

    def finish(
        self,
        *,
        schema: SchemaSet,
        started: datetime,
        finished: datetime,
        inputs: list[str],
        settings_summary: dict[str, Any],
        skipped: list[SkippedInput] | None = None,
    ) -> ValidationResult:
        """Build the result. The collector is not changed, so ``finish`` may be called again."""
        listed: list[tuple[_Key, Finding]] = []
        listed_per_rule: dict[str, int] = {}
        for rule, bucket in self._buckets.items():
            entries = sorted(bucket.entries, key=lambda e: e[0])
            if self._cap is not None:
                entries = entries[: self._cap]
            listed_per_rule[rule] = len(entries)
            listed.extend(entries)
        listed.sort(key=lambda e: e[0])

        order = self._files
        count_keys = sorted(
            self._counts,
            key=lambda k: (order[k[0]], rule_sort_key(k[1]), k[2] is not None, k[2] or "", k[3].rank * -1),
        )
        by_severity = _zero()
        rule_counts: dict[str, dict[Severity, int]] = {}
        by_file_rule: dict[tuple[str, str], int] = {}
        by_file_rule_item: dict[tuple[str, str, str | None], int] = {}
        by_file: dict[str, dict[Severity, int]] = {f: _zero() for f in order}
        for ckey in count_keys:
            file, rule, item, sev = ckey
            n = self._counts[ckey]
            by_severity[sev] += n
            rule_counts.setdefault(rule, _zero())[sev] += n
            by_file_rule[(file, rule)] = by_file_rule.get((file, rule), 0) + n
            by_file_rule_item[(file, rule, item)] = by_file_rule_item.get((file, rule, item), 0) + n
            by_file[file][sev] += n
        by_rule = {
            rule: RuleTotal(rule, sum(sevs.values()), sevs, listed_per_rule.get(rule, 0))
            for rule, sevs in sorted(rule_counts.items(), key=lambda kv: rule_sort_key(kv[0]))
        }
        totals = Totals(by_severity, by_rule, by_file_rule, by_file_rule_item, by_file)
        files = [
            FileSummary(f, self._layouts[f], self._rows[f], dict(by_file[f]), self._evidence.get(f))
            for f in order
        ]
        return ValidationResult(
            findings=[f for _, f in listed],
            totals=totals,
            files=files,
            schema_name=schema.name,
            standard=dict(schema.standard),
            started=started,
            finished=finished,
            inputs=list(inputs),
            settings_summary=dict(settings_summary),
            max_per_rule=self._cap,
            gaiji=self._gaiji.entries(schema.settings),
            schema_bundled=_is_bundled(schema),
            skipped=list(skipped or ()),
            not_checked=list(self._not_checked),
        )
