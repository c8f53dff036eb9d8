"""Read an earlier run back from its JSONL findings and JSON summary, to render any report again.

``conformance report FINDINGS.jsonl --format html`` lets a municipality render the findings a vendor
delivered without re-running the validation (they may not have the data). Totals come from the summary,
which is exact even when the listing was capped; the listed findings come from the JSONL exactly as
written there (their values were masked, or not, by the run that wrote them). The 外字 inventory comes from
the summary's ``gaiji`` list when present.

Every problem with the two files is a :class:`ReportLoadError` whose message names the file (and line).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from conformance.core.evidence import FileEvidence
from conformance.core.findings import Finding, Severity
from conformance.core.messages import Lang, Localized, Param, Params, fixed_text
from conformance.engines.inputs import SKIP_REASONS, SkippedInput
from conformance.reports.collector import (
    SEVERITIES,
    FileSummary,
    NotChecked,
    RuleTotal,
    Totals,
    ValidationResult,
)
from conformance.reports.gaiji import GaijiEntry, GaijiError, entry_from_json

__all__ = [
    "ReportLoadError",
    "default_summary_path",
    "read_findings",
    "read_inventory",
    "read_result",
    "read_summary",
]


class ReportLoadError(ValueError):
    """A findings or summary file that is missing, unreadable or not what a run writes."""


def default_summary_path(findings: Path) -> Path:
    """``<stem>.summary.json`` beside the findings, as ``conformance validate`` writes it."""
    return findings.with_name(findings.stem + ".summary.json")


def _read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReportLoadError(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise ReportLoadError(f"{path}: {what} is a directory") from None
    except UnicodeDecodeError as e:
        raise ReportLoadError(f"{path}: {what} is not UTF-8 (byte {e.start})") from None
    except OSError as e:
        raise ReportLoadError(f"{path}: cannot read the {what}: {e.strerror or e}") from None


def _opt_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise ReportLoadError(f"{where}: {key!r} must be a string or null")
    return value


def _str(obj: dict[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise ReportLoadError(f"{where}: {key!r} must be a string")
    return value


def _count(obj: Any, key: str, where: str) -> int:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ReportLoadError(f"{where}: {key!r} must be a non-negative integer")
    return value


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise ReportLoadError(f"{where}: severity {value!r} is not error, warning or info") from None


def _params(obj: Any, where: str) -> Params:
    """The parameters a report wrote (already masked as it showed them), kept so they are written again."""
    if obj is None:
        return ()
    if not isinstance(obj, dict):
        raise ReportLoadError(f"{where}: 'params' must be an object")
    out: list[tuple[str, Param]] = []
    for name, value in obj.items():
        pair = isinstance(value, dict) and set(value) == {"ja", "en"}
        if pair and all(isinstance(v, str) for v in value.values()):
            out.append((name, Localized(value["ja"], value["en"])))
        elif isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
            out.append((name, value))
        else:
            raise ReportLoadError(f"{where}: parameter {name!r} is not a string, an integer or a ja/en pair")
    return tuple(out)


def read_findings(path: Path) -> list[Finding]:
    """The findings of a JSONL report, in file order; values exactly as written.

    Records are split at LF only: ``str.splitlines`` would also split at U+2028, U+2029, U+0085 and other
    separators, which a value or a file name may hold (JSON writes them unescaped)."""
    findings: list[Finding] = []
    for n, line in enumerate(_read_text(path, "findings file").split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise ReportLoadError(f"{where}: not a JSON object ({e.msg})") from None
        except RecursionError:
            raise ReportLoadError(f"{where}: nested too deeply to be a finding") from None
        if not isinstance(obj, dict):
            raise ReportLoadError(f"{where}: not a JSON object")
        line_no = obj.get("line")
        if line_no is not None and (not isinstance(line_no, int) or isinstance(line_no, bool)):
            raise ReportLoadError(f"{where}: 'line' must be an integer or null")
        message = obj.get("message")
        ja = _opt_str(obj, "message_ja", where)
        en = _opt_str(obj, "message_en", where)
        if ja is None and en is None and not isinstance(message, str):
            raise ReportLoadError(f"{where}: the finding has no message")
        fallback = message if isinstance(message, str) else ""
        params = _params(obj.get("params"), where)
        findings.append(
            Finding(
                file=_str(obj, "file", where),
                line=line_no,
                item=_opt_str(obj, "item", where),
                rule=_str(obj, "rule", where),
                severity=_severity(obj.get("severity"), where),
                message=fixed_text(
                    _opt_str(obj, "message_id", where) or "report",
                    ja if ja is not None else (en or fallback),
                    en if en is not None else (ja or fallback),
                ),
                params=params,
                value=_opt_str(obj, "value", where),
            )
        )
    return findings


def _by_severity(obj: Any, where: str) -> dict[Severity, int]:
    if not isinstance(obj, dict):
        raise ReportLoadError(f"{where}: expected an object of counts per severity")
    return {sev: _count(obj, sev.value, where) for sev in SEVERITIES}


def _section(obj: Any, key: str, kind: type, where: str) -> Any:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind):
        what = "an object" if kind is dict else "a list"
        raise ReportLoadError(f"{where}: {key!r} is missing or not {what}")
    return value


def _time(doc: dict[str, Any], key: str, where: str) -> datetime:
    try:
        return datetime.fromisoformat(_str(doc, key, where))
    except ValueError:
        raise ReportLoadError(f"{where}: {key!r} is not an ISO 8601 time") from None


def read_summary(path: Path) -> dict[str, Any]:
    """The summary document, parsed (its structure is checked by :func:`read_result`)."""
    try:
        doc = json.loads(_read_text(path, "summary file"))
    except json.JSONDecodeError as e:
        raise ReportLoadError(f"{path}:{e.lineno}: summary file is not JSON ({e.msg})") from None
    except RecursionError:
        raise ReportLoadError(f"{path}: summary file is nested too deeply") from None
    if not isinstance(doc, dict):
        raise ReportLoadError(f"{path}: summary file is not a JSON object")
    return doc


def _totals(doc: dict[str, Any], where: str, listed: dict[str, int]) -> tuple[Totals, list[FileSummary]]:
    totals = _section(doc, "totals", dict, where)
    by_rule: dict[str, RuleTotal] = {}
    for rule, rt in _section(totals, "by_rule", dict, where).items():
        w = f"{where}: totals.by_rule.{rule}"
        if not isinstance(rt, dict):
            raise ReportLoadError(f"{w}: expected an object")
        by_rule[rule] = RuleTotal(
            rule, _count(rt, "count", w), _by_severity(rt.get("by_severity"), w), listed.get(rule, 0)
        )
    by_file_rule_item: dict[tuple[str, str, str | None], int] = {}
    for i, row in enumerate(_section(totals, "by_file_rule_item", list, where)):
        w = f"{where}: totals.by_file_rule_item[{i}]"
        if not isinstance(row, dict):
            raise ReportLoadError(f"{w}: expected an object")
        key = (_str(row, "file", w), _str(row, "rule", w), _opt_str(row, "item", w))
        by_file_rule_item[key] = _count(row, "count", w)
    files: list[FileSummary] = []
    by_file: dict[str, dict[Severity, int]] = {}
    by_file_rule: dict[tuple[str, str], int] = {}
    for i, fs in enumerate(_section(doc, "files", list, where)):
        w = f"{where}: files[{i}]"
        if not isinstance(fs, dict):
            raise ReportLoadError(f"{w}: expected an object")
        name = _str(fs, "file", w)
        counts = _by_severity(fs.get("counts"), w)
        evidence = _evidence(fs.get("evidence"), w)
        files.append(FileSummary(name, _opt_str(fs, "layout", w), _count(fs, "rows", w), counts, evidence))
        by_file[name] = dict(counts)
        for rule, n in _section(fs, "by_rule", dict, w).items():
            if not isinstance(n, int) or isinstance(n, bool) or n < 0:
                raise ReportLoadError(f"{w}: by_rule.{rule} must be a non-negative integer")
            by_file_rule[(name, rule)] = n
    by_severity = _by_severity(totals.get("by_severity"), f"{where}: totals.by_severity")
    return Totals(by_severity, by_rule, by_file_rule, by_file_rule_item, by_file), files


def _evidence(obj: Any, where: str) -> FileEvidence | None:
    if obj is None:
        return None
    w = f"{where}: evidence"
    if not isinstance(obj, dict):
        raise ReportLoadError(f"{w}: expected an object")
    declared = obj.get("encoding_declared")
    if not isinstance(declared, bool):
        raise ReportLoadError(f"{w}: 'encoding_declared' must be true or false")
    return FileEvidence(
        _count(obj, "size", w), _str(obj, "sha256", w), _str(obj, "modified", w), _str(obj, "format", w),
        _str(obj, "encoding", w), declared, _opt_str(obj, "line_endings", w),
    )


def _skipped(doc: dict[str, Any], where: str) -> list[SkippedInput]:
    raw = doc.get("skipped_inputs", [])
    if not isinstance(raw, list):
        raise ReportLoadError(f"{where}: 'skipped_inputs' must be a list")
    out: list[SkippedInput] = []
    for i, obj in enumerate(raw):
        w = f"{where}: skipped_inputs[{i}]"
        if not isinstance(obj, dict) or obj.get("reason") not in SKIP_REASONS:
            raise ReportLoadError(f"{w}: expected an object with a known 'reason'")
        ja, en = _str(obj, "message_ja", w), _str(obj, "message_en", w)
        out.append(ReadSkip(_str(obj, "path", w), obj["reason"], (), ja, en))
    return out


def _not_checked(doc: dict[str, Any], where: str) -> list[NotChecked]:
    raw = doc.get("not_checked", [])
    if not isinstance(raw, list):
        raise ReportLoadError(f"{where}: 'not_checked' must be a list")
    out: list[NotChecked] = []
    for i, obj in enumerate(raw):
        w = f"{where}: not_checked[{i}]"
        if not isinstance(obj, dict):
            raise ReportLoadError(f"{w}: expected an object")
        out.append(NotChecked(_str(obj, "rule", w), _str(obj, "file", w)))
    return out


@dataclass(frozen=True, slots=True)
class ReadSkip(SkippedInput):
    """A skipped entry read back from a summary: its reason as the run worded it."""

    ja: str = ""
    en: str = ""

    def text(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.ja


def _gaiji(doc: dict[str, Any], where: str) -> list[GaijiEntry]:
    raw = doc.get("gaiji", [])
    if not isinstance(raw, list):
        raise ReportLoadError(f"{where}: 'gaiji' must be a list")
    entries: list[GaijiEntry] = []
    for i, obj in enumerate(raw):
        try:
            entries.append(entry_from_json(obj))
        except GaijiError as e:
            raise ReportLoadError(f"{where}: gaiji[{i}]: {e}") from None
    return entries


def read_inventory(summary: Path) -> tuple[list[GaijiEntry], dict[str, Any]]:
    """The 外字 inventory of a run's summary and the run's settings (repertoire, MJ tables): what the 同定
    worksheet is built from. A summary without ``gaiji`` has an empty inventory."""
    doc = read_summary(summary)
    settings = doc.get("settings", {})
    if not isinstance(settings, dict):
        raise ReportLoadError(f"{summary}: 'settings' must be an object")
    return _gaiji(doc, str(summary)), settings


def read_result(findings: Path, summary: Path | None = None) -> ValidationResult:
    """The ValidationResult of an earlier run: totals from the summary, listed findings from the JSONL.

    ``summary`` defaults to :func:`default_summary_path`. The two files must belong together: every listed
    rule is in the summary's totals, with no more listed findings than its count. ``listed`` per rule is
    what the JSONL actually holds. Raises :class:`ReportLoadError`.
    """
    summary_path = default_summary_path(findings) if summary is None else summary
    listed_findings = read_findings(findings)
    doc = read_summary(summary_path)
    where = str(summary_path)
    listed: dict[str, int] = {}
    for f in listed_findings:
        listed[f.rule] = listed.get(f.rule, 0) + 1
    totals, files = _totals(doc, where, listed)
    for rule, n in listed.items():
        rt = totals.by_rule.get(rule)
        if rt is None or n > rt.count:
            raise ReportLoadError(
                f"{findings}: lists {n} finding(s) of {rule} but the summary {summary_path} counts "
                f"{0 if rt is None else rt.count}: the two files are not from the same run"
            )
    schema = doc.get("schema") if isinstance(doc.get("schema"), dict) else {}
    assert isinstance(schema, dict)
    standard = schema.get("standard") if isinstance(schema.get("standard"), dict) else {}
    assert isinstance(standard, dict)
    inputs = doc.get("inputs", [])
    if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        raise ReportLoadError(f"{where}: 'inputs' must be a list of strings")
    settings = doc.get("settings", {})
    if not isinstance(settings, dict):
        raise ReportLoadError(f"{where}: 'settings' must be an object")
    cap = doc.get("max_per_rule")
    if cap is not None and (not isinstance(cap, int) or isinstance(cap, bool)):
        raise ReportLoadError(f"{where}: 'max_per_rule' must be an integer or null")
    return ValidationResult(
        findings=listed_findings,
        totals=totals,
        files=files,
        schema_name=str(schema.get("name", "")),
        standard={str(k): str(v) for k, v in standard.items()},
        started=_time(doc, "started", where),
        finished=_time(doc, "finished", where),
        inputs=list(inputs),
        settings_summary=dict(settings),
        max_per_rule=cap,
        gaiji=_gaiji(doc, where),
        schema_bundled=schema.get("bundled") is True,
        skipped=_skipped(doc, where),
        not_checked=_not_checked(doc, where),
    )
