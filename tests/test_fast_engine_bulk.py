"""The fast engine's bulk path (``FileRun.cross_clean``) against the reference engine and the per-row methods.

Bulk runs of item-clean rows stop at dirty rows and reference-parsed records and at batch ends, so the cases
put duplicated keys, shared identifiers and histories across batch boundaries (tiny batches) and interleave
clean rows with dirty and special ones. The unit cases feed the same rows to a bulk method and to its
per-row twin and compare the resulting state and hits.
"""

from __future__ import annotations

import functools
from pathlib import Path

import polars as pl
import pytest

from conformance.engines import fast
from conformance.readers import fast_scan
from conformance.rules.cross import REGISTRY
from conformance.rules.cross.base import CleanRows, Hit, RowView, RuleContext, load_parameters
from conformance.rules.cross.dataset_rules import DatasetRule
from conformance.rules.cross.file_rules import (
    HistoryIndex,
    X1PrimaryKeyUnique,
    X14IdentifierOwner,
    history_keep,
)
from conformance.sample.generator import generate
from conformance.schema.model import SchemaSet
from tests.test_fast_engine import assert_same

RESIDENTS = "住民記録_住民.csv"


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    header, *rows = path.read_text(encoding="utf-8").splitlines()
    return header.split(","), [r.split(",") for r in rows]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")


def _mutate(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    """Duplicates, shared identifiers, history gaps, deaths, dirty and special rows, ``""`` fields."""
    col = {n: i for i, n in enumerate(header)}
    out = [list(r) for r in rows]
    a, b, c = out[1], out[5], out[9]
    out.append(list(a))  # X1: a duplicate far from its first occurrence (another batch)
    twin = list(a)  # X1 again; were it not excluded from the other X rules, X14 would report it
    other = next(r for r in out if r[col["宛名番号"]] != a[col["宛名番号"]] and r[col["個人番号"]])
    twin[col["個人番号"]] = other[col["個人番号"]]
    out.insert(60, twin)
    dirty_dup = list(b)
    dirty_dup[col["生年月日"]] = "2024-02-30"  # the duplicate is itself dirty
    out.append(dirty_dup)
    shared = list(c)  # X14: another person with a's identifiers
    shared[col["宛名番号"]] = "0000999990"
    shared[col["個人番号"]] = a[col["個人番号"]]
    shared[col["住民票コード"]] = a[col["住民票コード"]]
    out.insert(20, shared)
    death = list(c)  # X17 and X2: a death, then a later event, then a gap
    death[col["履歴番号"]] = "2"
    death[col["異動事由"]] = "33"
    later = list(c)
    later[col["履歴番号"]] = "4"
    later[col["異動事由"]] = "11"
    later[col["方書"]] = '""'  # quoted empty: NULL in both engines
    out.insert(30, later)
    out.insert(12, death)
    bad_seq = list(out[14])  # a dirty 履歴番号 between clean rows of the same entity
    bad_seq[col["履歴番号"]] = "x"
    out.insert(15, bad_seq)
    special = list(out[25])  # reference-parsed: an escaped quote
    special[col["氏名"]] = '"a""b"'
    out.insert(26, special)
    short = out[33][:-2]  # reference-parsed: too few fields
    out.insert(34, short)
    moved = list(out[40])  # X5: a household member at another address
    moved[col["住所"]] = "東京都見本市東町一丁目１番１号"
    out[40] = moved
    blank_id = list(out[45])
    blank_id[col["個人番号"]] = '""'
    out[45] = blank_id
    return out


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bulk")
    generate(out, rows=80, seed=5, inject=True)
    header, rows = _read(out / RESIDENTS)
    _write(out / RESIDENTS, header, _mutate(header, rows))
    return out


@pytest.mark.parametrize("batch_bytes", [300, 2048, fast_scan.DEFAULT_BATCH_BYTES])
def test_bulk_agrees_across_batch_boundaries(
    schema: SchemaSet, dataset: Path, batch_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fast, "scan", functools.partial(fast_scan.scan, batch_bytes=batch_bytes))
    found = assert_same([dataset], schema)
    rules = {r[3] for r in found}
    assert {"X1", "X2", "X5", "X14", "X17", "X21", "X22"} <= rules


@pytest.mark.parametrize("variant", ["reordered", "missing"])
def test_bulk_agrees_with_inexact_header(
    schema: SchemaSet, dataset: Path, tmp_path: Path, variant: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Columns are found by name, and an absent column reads as NULL in the bulk path too."""
    monkeypatch.setattr(fast, "scan", functools.partial(fast_scan.scan, batch_bytes=1024))
    header, rows = _read(dataset / RESIDENTS)
    i, j = header.index("個人番号"), header.index("宛名番号")
    if variant == "reordered":
        order = list(range(len(header)))
        order[i], order[j] = order[j], order[i]
    else:
        order = [k for k in range(len(header)) if k != header.index("住民票コード")]
    _write(
        tmp_path / RESIDENTS,
        [header[k] for k in order],
        [[r[k] for k in order] if len(r) == len(header) else r for r in rows],
    )
    found = assert_same([tmp_path / RESIDENTS], schema)
    assert "X1" in {r[3] for r in found}


# --- bulk methods against their per-row twins ------------------------------------------------------------


def _rows(dataset: Path, name: str = RESIDENTS) -> tuple[CleanRows, list[RowView]]:
    """Every plain row of a file as CleanRows and as the RowViews of the per-row path (no failed item)."""
    header, rows = _read(dataset / name)
    rows = [r for r in rows if len(r) == len(header) and not any('"' in v for v in r)]
    frame = pl.DataFrame({n: [r[k] or None for r in rows] for k, n in enumerate(header)})
    columns = {n: frame.get_column(n).to_list() for n in header}
    lines = list(range(2, len(rows) + 2))
    clean = CleanRows(columns, lines, list(range(len(rows))), [None] * len(rows))
    views = [RowView(line, {n: r[k] or None for k, n in enumerate(header)}, set()) for line, r in
             zip(lines, rows, strict=True)]
    return clean, views


def _ctx(schema: SchemaSet, name: str = "住民記録_住民") -> RuleContext:
    return RuleContext(schema, schema.files[name], load_parameters(schema))


def test_key_and_owner_bulk_equal_per_row(schema: SchemaSet, dataset: Path) -> None:
    clean, views = _rows(dataset)
    ctx = _ctx(schema)
    per_row, bulk = X1PrimaryKeyUnique(ctx), X1PrimaryKeyUnique(ctx)
    row_hits = [h for v in views for h in per_row.add(v)]
    bulk_hits, rest = bulk.add_clean_keys(clean)
    assert bulk_hits == row_hits and len(row_hits) == 5
    assert bulk.seen == per_row.seen
    reported = {h.line for h in row_hits}
    assert [clean.lines[i] for i in rest] == [v.line for v in views if v.line not in reported]

    o1, o2 = X14IdentifierOwner(ctx), X14IdentifierOwner(ctx)
    owner_hits: list[Hit] = [h for v in views for h in o1.add(v)]
    assert o2.add_clean(clean) == owner_hits and len(owner_hits) == 4
    assert o2.owner == o1.owner


def test_history_bulk_equals_per_row(schema: SchemaSet, dataset: Path) -> None:
    clean, views = _rows(dataset)
    ctx = _ctx(schema)
    rules = [REGISTRY[r](ctx) for r in ctx.spec.rules if not issubclass(REGISTRY[r], DatasetRule)]
    keep, tracked = history_keep(rules, ctx)  # type: ignore[arg-type]
    assert ctx.spec.history is not None
    per_row = HistoryIndex(ctx.spec.history, keep, tracked)
    bulk = HistoryIndex(ctx.spec.history, keep, tracked)
    for v in views:
        per_row.add(v)
    half = len(clean.rows) // 2  # two runs, as two batches would give
    for part in (clean.rows[:half], clean.rows[half:]):
        bulk.add_clean(CleanRows(clean.columns, clean.lines, part, clean.nulls))
    assert bulk.entities == per_row.entities


@pytest.mark.parametrize("rule_id", ["X21", "X22", "X25", "X35"])
def test_dataset_collect_bulk_equals_per_row(schema: SchemaSet, dataset: Path, rule_id: str) -> None:
    clean, views = _rows(dataset)
    ctx = _ctx(schema)
    per_row, bulk = REGISTRY[rule_id](ctx), REGISTRY[rule_id](ctx)
    assert isinstance(per_row, DatasetRule) and isinstance(bulk, DatasetRule) and bulk.bulk_collect
    for v in views:
        per_row.collect("住民記録_住民", v)
    bulk.collect_clean("住民記録_住民", clean)
    state = {k: v for k, v in vars(per_row).items() if k not in ("ctx", "params")}
    assert state and state == {k: v for k, v in vars(bulk).items() if k not in ("ctx", "params")}
    assert any(bool(v) for v in state.values())


@pytest.mark.parametrize(
    ("rule_id", "file", "hits"),
    [("X21", "個人住民税_課税", 1), ("X21", "軽自動車税_車両", 1), ("X22", "住民記録_住登外者", 1),
     ("X25", "個人住民税_課税", 1), ("X35", "住民記録_住登外者", 1)],
)
def test_dataset_check_bulk_equals_per_row(
    schema: SchemaSet, dataset: Path, rule_id: str, file: str, hits: int
) -> None:
    ctx = _ctx(schema)
    rule = REGISTRY[rule_id](ctx)
    assert isinstance(rule, DatasetRule) and rule.bulk_check
    for needed in rule.needs:
        for v in _rows(dataset, f"{needed}.csv")[1]:
            rule.collect(needed, v)
    clean, views = _rows(dataset, f"{file}.csv")
    row_hits = [h for v in views for h in rule.check(file, v)]
    assert rule.check_clean(file, clean) == row_hits
    assert len(row_hits) == hits
