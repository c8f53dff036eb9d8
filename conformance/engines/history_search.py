"""Fast path: which entities' histories the HistoryIndex must see, found with polars over the spill.

The history rules (X2–X6, X17, X20) stay the one definition of what they report: they read the
``HistoryIndex`` in ``finish``. This module only decides which entities to feed it, from each rule's flag
(``HistoryRule.entity_flag`` / ``household_flag`` / ``current_flag``). A flagged entity brings its whole
history; a flagged household brings all its members; and every brought current row brings its whole
household, so each household the index then forms is complete, exactly as in the reference, and every
household left out is one where no household rule fires.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import polars as pl

from conformance.engines.spill import StateSpill
from conformance.rules.cross.history import HistoryRule
from conformance.rules.cross.state import LINE, Column, has_all, key_parts
from conformance.schema.conditions import parse as parse_condition
from conformance.schema.model import FileSpec, Group

_ASCII_DIGITS = r"^[0-9]+$"


def history_entities(
    spec: FileSpec, rules: Sequence[HistoryRule], spill: StateSpill, keep: Sequence[str], work: str
) -> pl.DataFrame:
    """The entity keys (columns ``_e0…``) whose histories the HistoryIndex needs for ``rules``.

    Pass 1, by entity: each entity's current row (largest 履歴番号, first in line order, as ``add`` keeps
    it) and its entity flags, written to disk as the current-row table. Pass 2, by household, on that table:
    the members of every household a rule may fire in or that holds a flagged current row.
    ``keep``: the items the index keeps of a current row; ``work``: a file-name prefix for the table.
    """
    assert spec.history is not None
    history = spec.history
    ekey = [p.alias(f"_e{i}") for i, p in enumerate(key_parts(spill, history.entity_key))]
    ecols = [f"_e{i}" for i in range(len(ekey))]
    seq_text = spill.known(history.sequence)
    seq = pl.col("_seq")

    if not all(r.has_flag() for r in rules):  # a history rule without a flag: every entity
        return spill.scan().filter(has_all(ekey)).select(ekey).unique().collect(engine="streaming")

    def known(name: str) -> pl.Expr:
        return pl.col(f"_v_{name}") if spill.spilled(name) else pl.lit(None, pl.String)

    flags = [f for r in rules if (f := r.entity_flag(seq, known)) is not None]
    # the items an entity flag may read: what its rule needs and tracks
    wanted = {n for r in rules for n in (*r.items, *((r.tracked,) if r.tracked else ()))}
    reads = sorted(n for n in wanted if spill.spilled(n)) if flags else []
    kept = [n for n in keep if spill.spilled(n)]

    def tops(rows: pl.LazyFrame) -> pl.LazyFrame:
        """Per entity: the line of its current row and its entity flag."""
        # the current row: the largest 履歴番号, the first line among equals, found in the same group_by as
        # the flags (a window for the maximum, a second group_by and a join: measured 1.6x the time at 1M
        # rows). An entity whose 履歴番号 overflow Int64 everywhere (NULL ``_seq``) has none, as before.
        flag = pl.any_horizontal(flags) if flags else pl.lit(False)
        order = pl.col(LINE).sort_by([seq, pl.col(LINE)], descending=[True, False], nulls_last=True)
        top = rows.group_by(ecols).agg(order.first(), seq.max().alias("_max"), flag.alias("_flag"))
        return top.filter(pl.col("_max").is_not_null()).select(LINE, "_flag")

    rows = spill.scan().filter(has_all(ekey) & seq_text.str.contains(_ASCII_DIGITS)).select(
        LINE, *ekey, seq_text.str.to_integer(strict=False).alias("_seq"),
        *(spill.known(n).alias(f"_v_{n}") for n in reads), "_failed", *kept,
    )

    def current(piece: pl.LazyFrame) -> pl.LazyFrame:
        """The current rows of one piece of entities, with their entity flag."""
        return piece.join(tops(piece), on=LINE, how="inner").select(LINE, *ecols, "_failed", *kept, "_flag")

    # Pass 1 by entity piece; the current-row table of a large spill goes to disk piece by piece.
    parts, mark = spill.partitions, len(spill.scratch)
    if parts == 1:
        frame = current(rows).collect(engine="streaming")
        table, cur_rows = frame.lazy(), frame.height
        del frame
    else:
        folder = spill.directory / f"{work}-current"
        folder.mkdir(exist_ok=True)
        spill.scratch.append(folder)  # removed when this function returns
        try:
            pieces = spill.split(rows, pl.struct(ecols), parts)
            paths = [folder / f"{i:05d}.arrow" for i in range(len(pieces))]
            cur_rows = sum(spill.write_pieces([current(piece) for piece in pieces], paths))
        finally:
            spill.forget(mark + 1)  # the entity pieces; the current-row table stays
        table = pl.scan_ipc(paths)
    cur_parts = max(1, math.ceil(cur_rows / spill.partition_rows))

    def c(name: str) -> pl.Expr:
        return pl.col(name) if name in kept else pl.lit(None, pl.String)

    current_flags = [f.fill_null(False) for r in rules if (f := r.current_flag(c)) is not None]
    household_flags = [f for r in rules if (f := r.household_flag(c)) is not None]
    table = table.with_columns(
        (pl.col("_flag") | pl.any_horizontal(current_flags or [pl.lit(False)])).alias("_flag")
    )
    groups = spec.groups if household_flags else ()
    try:
        return _chosen_entities(spill, table, groups, household_flags, c, ecols, cur_parts)
    finally:
        spill.forget(mark)


def _chosen_entities(
    spill: StateSpill,
    table: pl.LazyFrame,
    groups: Sequence[Group],
    household_flags: Sequence[pl.Expr],
    c: Column,
    ecols: list[str],
    cur_parts: int,
) -> pl.DataFrame:
    """Pass 2: entities of flagged current rows, and of every member of a household a rule may fire in or
    that holds a flagged current row (all of it, so the households the index forms are whole)."""
    if not groups:
        return table.filter(pl.col("_flag")).select(ecols).unique().collect(engine="streaming")
    out: list[pl.DataFrame] = []
    for group in groups:
        gkey = [c(n) for n in group.key]
        member = has_all(gkey)
        if group.filter:
            member = member & parse_condition(group.filter).to_expr(c)
        hcols = [f"_h{i}" for i in range(len(gkey))]
        # a failed item anywhere makes the household a candidate (the rules then see unknown values)
        may = pl.any_horizontal(
            [*household_flags, (pl.col("_failed") != 0).any(), pl.col("_flag").any()]
        ).fill_null(True)
        rows = table.with_columns(*(g.alias(h) for g, h in zip(gkey, hcols, strict=True)), member.alias("_m"))

        def build(lf: pl.LazyFrame, hcols: list[str] = hcols, may: pl.Expr = may) -> pl.LazyFrame:
            members = lf.filter(pl.col("_m"))
            chosen = members.group_by(hcols).agg(may.alias("_may")).filter(pl.col("_may")).select(hcols)
            picked = members.join(chosen, on=hcols, how="semi").select(ecols)
            return pl.concat([picked, lf.filter(pl.col("_flag")).select(ecols)], how="vertical")

        out.append(spill.partitioned(rows, pl.struct(hcols), build, parts=cur_parts))
    return pl.concat(out, how="vertical").unique()


def rows_of_entities(spec: FileSpec, spill: StateSpill, entities: pl.DataFrame) -> pl.DataFrame:
    """Every spilled row whose entity key is one of ``entities`` (in line order)."""
    assert spec.history is not None
    if not entities.height:
        return spill.scan().head(0).collect()
    ekey = [p.alias(f"_e{i}") for i, p in enumerate(key_parts(spill, spec.history.entity_key))]
    ecols = [f"_e{i}" for i in range(len(ekey))]
    lf = spill.scan().with_columns(*ekey).join(entities.lazy(), on=ecols, how="semi")
    return lf.drop(ecols).collect(engine="streaming").sort(LINE)
