"""Sound candidate filters of the file and dataset rules, over a file's spilled columns (fast path).

The scalar classes (file_rules.py, dataset_rules.py) stay the one definition of X1–X6, X14, X17, X20 and
X21, X22, X25, X35. A filter here only finds, with polars, a superset of the rows those classes could
report on (or whose state they need); the fast engine feeds exactly those rows, in line order, to the
classes' own ``add`` / ``finish`` / ``collect`` / ``check``. For the rows left out, the scalar code would
have said nothing and kept no state that any reported row depends on; each filter says why in one line.
A rule without a filter here gets every row (correct, only slower).

Values are compared as strings (exact). Partitioning by a 64-bit hash only decides which rows are searched
together; rows that must meet always share a partition because they share the hashed key.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import polars as pl

from conformance.engines import spill as spill_module
from conformance.engines.spill import LINE, StateSpill
from conformance.rules.cross.base import CrossRule
from conformance.rules.cross.dataset_rules import DatasetRule
from conformance.rules.cross.file_rules import X1PrimaryKeyUnique, X14IdentifierOwner
from conformance.schema.conditions import parse as parse_condition
from conformance.schema.model import FileSpec, Group

_ASCII_DIGITS = r"^[0-9]+$"


def split(spill: StateSpill, lf: pl.LazyFrame, key: pl.Expr, parts: int) -> list[pl.LazyFrame]:
    """``lf`` in ``parts`` pieces by a hash of ``key``: written once, streaming, to one folder per piece.

    Why: a piece must be searched alone to bound memory, and filtering the spill by hash for each piece
    would read the whole spill once per piece. The caller removes the folders with ``spill.forget``.
    """
    base = spill.directory / f"split-{next(_SPLITS):05d}"
    spill.scratch.append(base)
    target = pl.PartitionBy(
        f"{base}/",
        key=(key.hash(seed=7) % parts).alias("__piece"),
        include_key=False,
        max_rows_per_file=PIECE_FILE_ROWS,
    )
    lf.sink_ipc(target, mkdir=True, compression="lz4", engine="streaming", maintain_order=False)
    schema = lf.collect_schema()
    pieces: list[pl.LazyFrame] = []
    for p in range(parts):
        files = sorted((base / f"__piece={p}").glob("*.ipc"))
        pieces.append(pl.scan_ipc(files) if files else pl.LazyFrame(schema=schema))
    return pieces


#: Rows per file of a piece: the partitioned sink buffers up to this much per piece before it writes.
PIECE_FILE_ROWS = 50_000


def partitioned(
    spill: StateSpill,
    lf: pl.LazyFrame,
    key: pl.Expr,
    build: Callable[[pl.LazyFrame], pl.LazyFrame],
    parts: int | None = None,
) -> pl.DataFrame:
    """``build`` on each hash piece of ``lf`` by ``key`` (columns of ``lf``), results concatenated; one
    piece, in memory, while the spill (or ``parts``) says at most PARTITION_ROWS rows."""
    parts = parts or spill.partitions
    if parts == 1:
        return build(lf).collect(engine="streaming")
    mark = len(spill.scratch)
    try:
        frames = [build(piece).collect(engine="streaming") for piece in split(spill, lf, key, parts)]
    finally:
        spill.forget(mark)
    return pl.concat(frames, how="vertical")


_SPLITS = itertools.count()


def _by_value(expr: pl.Expr) -> pl.Expr:
    """An 整数 key part compared by value (``key_of``): ASCII digits without leading zeros."""
    stripped = expr.str.strip_chars_start("0")
    return pl.when(expr.str.contains(_ASCII_DIGITS)).then(
        pl.when(stripped == "").then(pl.lit("0")).otherwise(stripped)
    ).otherwise(expr)


def key_parts(spill: StateSpill, names: Sequence[str], integers: frozenset[str] = frozenset()) -> list[pl.Expr]:
    """``key_of`` as expressions: the known value of each part (NULL when NULL or failed)."""
    return [
        (_by_value(spill.known(n)) if n in integers else spill.known(n)).alias(f"_k{i}")
        for i, n in enumerate(names)
    ]


def _has_all(parts: Sequence[pl.Expr]) -> pl.Expr:
    return pl.all_horizontal([p.is_not_null() for p in parts])


_F = TypeVar("_F")


def _into(table: dict[str, _F]) -> Callable[[str], Callable[[_F], _F]]:
    """A decorator factory that registers a filter in ``table`` under a rule id."""

    def register(rule_id: str) -> Callable[[_F], _F]:
        def deco(fn: _F) -> _F:
            table[rule_id] = fn
            return fn

        return deco

    return register


# --- file rules: rows to feed ``add`` ----------------------------------------------------------------------
FileFilter = Callable[[CrossRule, StateSpill], pl.Series]
FILE_FILTERS: dict[str, FileFilter] = {}
_file = _into(FILE_FILTERS)


@_file("X1")
def _x1(rule: CrossRule, spill: StateSpill) -> pl.Series:
    """Rows whose key occurs more than once: a unique key is never reported and never reports another."""
    assert isinstance(rule, X1PrimaryKeyUnique)
    parts = key_parts(spill, rule.key, rule.integers)
    kcols = [f"_k{i}" for i in range(len(parts))]
    rows = spill.scan().filter(_has_all(parts)).select(LINE, *parts)

    def build(lf: pl.LazyFrame) -> pl.LazyFrame:
        return lf.filter(pl.struct(kcols).is_duplicated()).select(LINE)

    return partitioned(spill, rows, pl.struct(kcols), build)[LINE]


@_file("X14")
def _x14(rule: CrossRule, spill: StateSpill) -> pl.Series:
    """Rows whose identifier is used by more than one 宛名番号: with one owner, ``add`` never reports."""
    assert isinstance(rule, X14IdentifierOwner)
    person = spill.known("宛名番号")
    out: list[pl.Series] = []
    for name in rule.identifiers:
        if name not in spill.bit:
            continue
        ident = spill.known(name)

        rows = spill.scan().filter(person.is_not_null() & ident.is_not_null()).select(
            LINE, ident.alias("_i"), person.alias("_p")
        )

        def build(lf: pl.LazyFrame) -> pl.LazyFrame:
            # group_by + semi join: twice as fast as a window over the identifier
            shared = lf.group_by("_i").agg(pl.col("_p").n_unique().alias("_n")).filter(pl.col("_n") > 1)
            return lf.join(shared.select("_i"), on="_i", how="semi").select(LINE)

        out.append(partitioned(spill, rows, pl.col("_i"), build)[LINE])
    return pl.concat(out).unique() if out else pl.Series(LINE, [], dtype=pl.Int64)


# --- history rules: which entities' histories to feed the HistoryIndex ------------------------------------
# Three kinds, by what a rule reads in the index: an entity's whole history (X2, X17), one household of
# current rows (X3–X6), one current row (X20). A flagged entity brings its whole history; a flagged
# household brings all its members; and every brought current row brings its whole household, so each
# household the index then forms is complete, exactly as in the reference, and every left-out household is
# one where no household rule fires.

Cols = Callable[[str], pl.Expr]  # raw value of a spilled item (NULL when NULL or not spilled)
EntityFilter = Callable[[CrossRule, pl.Expr, Cols], pl.Expr]  # (rule, 履歴番号 as integer, column) -> per row
HouseholdFilter = Callable[[CrossRule, Cols], pl.Expr]  # evaluated ``over`` the household
CurrentFilter = Callable[[CrossRule, Cols], pl.Expr]
ENTITY_FILTERS: dict[str, EntityFilter] = {}
HOUSEHOLD_FILTERS: dict[str, HouseholdFilter] = {}
CURRENT_FILTERS: dict[str, CurrentFilter] = {}


_entity, _household, _current = _into(ENTITY_FILTERS), _into(HOUSEHOLD_FILTERS), _into(CURRENT_FILTERS)
_HEAD = "世帯主"


@_entity("X2")
def _x2(rule: CrossRule, seq: pl.Expr, c: Cols) -> pl.Expr:
    """A gap: some 履歴番号 above the number of distinct ones (``finish`` reports only then)."""
    return seq.max() > seq.n_unique()


@_entity("X17")
def _x17(rule: CrossRule, seq: pl.Expr, c: Cols) -> pl.Expr:
    """A row after the first death whose 異動事由 is known and not allowed (what ``finish`` reports)."""
    death = [str(v) for v in rule.params.get("death", ("33",))]
    allowed = [str(v) for v in rule.params.get("allowed_after", ("19", "39", "71", "53", "54"))]
    reason = c("異動事由")
    died = pl.when(reason.is_in(death)).then(seq).min()
    later = pl.when(reason.is_not_null() & ~reason.is_in(allowed)).then(seq).max()
    return (later > died).fill_null(False)


def _differ(value: pl.Expr) -> pl.Expr:
    """Not every value of the group equal (NULL counts as a value). Hashed, because polars counts distinct
    u64s five times faster than strings; two independent seeds, so a difference is missed only if two
    values collide under both 64-bit hashes at once."""
    return (value.hash(seed=1).n_unique() > 1) | (value.hash(seed=2).n_unique() > 1)


def _heads(c: Cols) -> pl.Expr:
    return (c("続柄") == _HEAD).fill_null(False).sum()


@_household("X3")
def _x3(rule: CrossRule, c: Cols) -> pl.Expr:
    """More than one 世帯主."""
    return _heads(c) > 1


@_household("X4")
def _x4(rule: CrossRule, c: Cols) -> pl.Expr:
    """No 世帯主."""
    return _heads(c) == 0


@_household("X5")
def _x5(rule: CrossRule, c: Cols) -> pl.Expr:
    """Members differ in a compared item (NULL counts as a value, as ``!=`` does in ``finish``)."""
    names: Sequence[str] = getattr(rule, "compared", ())
    return pl.any_horizontal([_differ(c(n)) for n in names if rule.ctx.spec.layout.has(n)] or [pl.lit(False)])


@_household("X6")
def _x6(rule: CrossRule, c: Cols) -> pl.Expr:
    """One 世帯主, and 世帯主氏名 not the same on every member or not the head's 氏名 (else all equal it)."""
    name = pl.coalesce(c("氏名"), c("氏名アルファベット"))
    is_head = (c("続柄") == _HEAD).fill_null(False)
    head_differs = (is_head & (c("世帯主氏名") != name).fill_null(True)).any()
    return (_heads(c) == 1) & (_differ(c("世帯主氏名")) | head_differs)


@_current("X20")
def _x20(rule: CrossRule, c: Cols) -> pl.Expr:
    """A current row of a foreign resident whose 在留期間満了日 is not certainly on or after the reference
    date (ISO dates of equal length compare as strings; anything else stays a candidate)."""
    fixed = rule.ctx.schema.settings.processing_date
    until = c("在留期間満了日")
    ref = pl.lit(fixed, pl.String) if fixed else c("処理日")
    settled = (until.str.len_bytes() == 10) & (ref.str.len_bytes() == 10) & (until >= ref)
    foreign = (c("住民種別") == str(rule.params.get("外国人", "2"))) & (c("住民状態") == str(rule.params.get("住民", "1")))
    return foreign & ~settled.fill_null(False) & until.is_not_null()


def history_entities(
    spec: FileSpec, rules: Sequence[CrossRule], spill: StateSpill, keep: Sequence[str], work: str
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

    if any(r.id not in ENTITY_FILTERS and r.id not in HOUSEHOLD_FILTERS and r.id not in CURRENT_FILTERS
           for r in rules):  # a history rule without a filter: every entity
        return spill.scan().filter(_has_all(ekey)).select(ekey).unique().collect(engine="streaming")

    def known(name: str) -> pl.Expr:
        return pl.col(f"_v_{name}") if name in spill.bit else pl.lit(None, pl.String)

    entity_rules = [r for r in rules if r.id in ENTITY_FILTERS]
    reads = sorted({"異動事由"} & set(spill.bit)) if entity_rules else []
    flags = [ENTITY_FILTERS[r.id](r, seq, known) for r in entity_rules]
    kept = [n for n in keep if n in spill.bit]

    def tops(rows: pl.LazyFrame) -> pl.LazyFrame:
        """Per entity: the line of its current row and its entity flag."""
        # the current row: the largest 履歴番号, the first line among equals
        top = rows.filter(seq == seq.max().over(ecols)).group_by(ecols).agg(pl.col(LINE).min())
        if flags:
            top = top.join(rows.group_by(ecols).agg(pl.any_horizontal(flags).alias("_flag")), on=ecols)
        else:
            top = top.with_columns(pl.lit(False).alias("_flag"))
        return top.select(LINE, "_flag")

    rows = spill.scan().filter(_has_all(ekey) & seq_text.str.contains(_ASCII_DIGITS)).select(
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
        cur_rows, paths = 0, []
        try:
            for i, piece in enumerate(split(spill, rows, pl.struct(ecols), parts)):
                frame = current(piece).collect(engine="streaming")
                cur_rows += frame.height
                paths.append(folder / f"{i:05d}.arrow")
                frame.write_ipc(paths[-1], compression="lz4")
                del frame
        finally:
            spill.forget(mark + 1)  # the entity pieces; the current-row table stays
        table = pl.scan_ipc(paths)
    cur_parts = max(1, math.ceil(cur_rows / spill_module.PARTITION_ROWS))

    def c(name: str) -> pl.Expr:
        return pl.col(name) if name in kept else pl.lit(None, pl.String)

    current_flags = [CURRENT_FILTERS[r.id](r, c).fill_null(False) for r in rules if r.id in CURRENT_FILTERS]
    household_rules = [r for r in rules if r.id in HOUSEHOLD_FILTERS]
    table = table.with_columns(
        (pl.col("_flag") | pl.any_horizontal(current_flags or [pl.lit(False)])).alias("_flag")
    )
    groups = spec.groups if household_rules else ()
    try:
        return _chosen_entities(spill, table, groups, household_rules, c, ecols, cur_parts)
    finally:
        spill.forget(mark)


def _chosen_entities(
    spill: StateSpill,
    table: pl.LazyFrame,
    groups: Sequence[Group],
    household_rules: Sequence[CrossRule],
    c: Cols,
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
        member = _has_all(gkey)
        if group.filter:
            member = member & parse_condition(group.filter).to_expr(c)
        hcols = [f"_h{i}" for i in range(len(gkey))]
        # a failed item anywhere makes the household a candidate (the rules then see unknown values)
        may = pl.any_horizontal(
            [*(HOUSEHOLD_FILTERS[r.id](r, c) for r in household_rules),
             (pl.col("_failed") != 0).any(), pl.col("_flag").any()]
        ).fill_null(True)
        rows = table.with_columns(*(g.alias(h) for g, h in zip(gkey, hcols, strict=True)), member.alias("_m"))

        def build(lf: pl.LazyFrame, hcols: list[str] = hcols, may: pl.Expr = may) -> pl.LazyFrame:
            members = lf.filter(pl.col("_m"))
            chosen = members.group_by(hcols).agg(may.alias("_may")).filter(pl.col("_may")).select(hcols)
            picked = members.join(chosen, on=hcols, how="semi").select(ecols)
            return pl.concat([picked, lf.filter(pl.col("_flag")).select(ecols)], how="vertical")

        out.append(partitioned(spill, rows, pl.struct(hcols), build, parts=cur_parts))
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


# --- dataset rules: rows to ``check`` and the rows of the needed files to ``collect`` first ------------------
Found = tuple[pl.Series, dict[str, pl.Series]]  # candidate lines of the checked file; lines per needed file
DatasetFilter = Callable[[DatasetRule, str, StateSpill, Mapping[str, StateSpill]], Found]
DATASET_FILTERS: dict[str, DatasetFilter] = {}


_dataset = _into(DATASET_FILTERS)


def joined(
    spill: StateSpill, parts: int, left: pl.LazyFrame, right: pl.LazyFrame, on: list[str], how: str
) -> pl.DataFrame:
    """``left.join(right)`` per hash piece of ``on`` (both sides split alike; scratch under ``spill``)."""
    if parts == 1:
        return left.join(right, on=on, how=how).collect(engine="streaming")  # type: ignore[arg-type]
    mark = len(spill.scratch)
    try:
        key = pl.struct(on)
        pairs = zip(split(spill, left, key, parts), split(spill, right, key, parts), strict=True)
        frames = [a.join(b, on=on, how=how).collect(engine="streaming") for a, b in pairs]  # type: ignore[arg-type]
    finally:
        spill.forget(mark)
    return pl.concat(frames, how="vertical")


def _lines(frame: pl.DataFrame) -> pl.Series:
    return frame.get_column(LINE).unique() if frame.height else pl.Series(LINE, [], dtype=pl.Int64)


def _with_key(spill: StateSpill, names: Sequence[str], *extra: pl.Expr) -> pl.LazyFrame:
    """Rows with every part of the key known: ``_line``, ``_k0…`` and ``extra``."""
    parts = key_parts(spill, names)
    return spill.scan().filter(_has_all(parts)).select(LINE, *parts, *extra)


def _rows_with_keys(spill: StateSpill, names: Sequence[str], keys: pl.DataFrame) -> pl.Series:
    """Lines of ``spill`` whose known key (``names``) is among ``keys`` (columns ``_k0…``)."""
    kcols = [f"_k{i}" for i in range(len(names))]
    if not keys.height:
        return pl.Series(LINE, [], dtype=pl.Int64)
    found = joined(spill, spill.partitions, _with_key(spill, names), keys.lazy().unique(), kcols, "semi")
    return _lines(found)


def _parts(*spills: StateSpill) -> int:
    return max(s.partitions for s in spills)


@_dataset("X21")
def _x21(rule: DatasetRule, file: str, spill: StateSpill, needed: Mapping[str, StateSpill]) -> Found:
    """Rows whose reference key is in none of the referenced key sets (exactly the rows ``check`` reports);
    nothing to collect: ``check`` of such a row finds nothing in any set."""
    lines: list[pl.Series] = []
    for fk in rule.ctx.schema.files[file].foreign_keys:
        if fk.rule != rule.id:
            continue
        kcols = [f"_k{i}" for i in range(len(fk.columns))]
        refs = [
            _with_key(needed[ref.file], ref.columns).select(kcols)
            for ref in fk.references_any
            if ref.file in needed
        ]
        left = _with_key(spill, fk.columns)
        if refs:
            parts = _parts(spill, *(needed[r.file] for r in fk.references_any if r.file in needed))
            lines.append(_lines(joined(spill, parts, left, pl.concat(refs, how="vertical"), kcols, "anti")))
        else:
            lines.append(_lines(left.collect(engine="streaming")))
    found = pl.concat(lines).unique() if lines else pl.Series(LINE, [], dtype=pl.Int64)
    return found, {}


@_dataset("X22")
def _x22(rule: DatasetRule, file: str, spill: StateSpill, needed: Mapping[str, StateSpill]) -> Found:
    """Rows whose 宛名番号 is in 住民記録_住民; collect only those 宛名番号."""
    resident = needed.get(rule.needs[0]) if rule.needs else None
    if resident is None:
        return pl.Series(LINE, [], dtype=pl.Int64), {}
    hits = joined(
        spill, _parts(spill, resident), _with_key(spill, ["宛名番号"]), _with_key(resident, ["宛名番号"]).select("_k0"),
        ["_k0"], "semi",
    )
    return _lines(hits), {rule.needs[0]: _rows_with_keys(resident, ["宛名番号"], hits.select("_k0"))}


@_dataset("X25")
def _x25(rule: DatasetRule, file: str, spill: StateSpill, needed: Mapping[str, StateSpill]) -> Found:
    """Rows some of whose person's rows in the needed files hold another (or no, or an unknown) 個人番号:
    whichever of them ``collect`` keeps, equal numbers never fire. Collect every row of those persons."""
    rows = _with_key(spill, ["宛名番号"], spill.known("個人番号").alias("_n")).filter(pl.col("_n").is_not_null())
    out: list[pl.Series] = []
    refs = [s for n in rule.needs if (s := needed.get(n)) is not None]
    for ref in refs:
        other = _with_key(ref, ["宛名番号"], ref.known("個人番号").alias("_rn")).select("_k0", "_rn")
        pairs = joined(spill, _parts(spill, ref), rows, other, ["_k0"], "inner")
        differs = pairs.filter((pl.col("_n") != pl.col("_rn")).fill_null(True))
        out.append(_lines(differs))
    found = pl.concat(out).unique() if out else pl.Series(LINE, [], dtype=pl.Int64)
    persons = spill.rows_at(found).select(spill.known("宛名番号").alias("_k0")).drop_nulls()
    return found, {n: _rows_with_keys(s, ["宛名番号"], persons) for n in rule.needs if (s := needed.get(n))}


@_dataset("X35")
def _x35(rule: DatasetRule, file: str, spill: StateSpill, needed: Mapping[str, StateSpill]) -> Found:
    """Rows whose 個人番号 is held in 住民記録_住民 by another 宛名番号; collect the rows with those numbers."""
    resident = needed.get(rule.needs[0]) if rule.needs else None
    if resident is None:
        return pl.Series(LINE, [], dtype=pl.Int64), {}
    rows = _with_key(spill, ["個人番号"], spill.known("宛名番号").alias("_p")).filter(pl.col("_p").is_not_null())
    owners = _with_key(resident, ["個人番号"], resident.known("宛名番号").alias("_rp")).filter(
        pl.col("_rp").is_not_null()
    ).select("_k0", "_rp")
    pairs = joined(spill, _parts(spill, resident), rows, owners, ["_k0"], "inner")
    found = _lines(pairs.filter(pl.col("_p") != pl.col("_rp")))
    numbers = spill.rows_at(found).select(spill.known("個人番号").alias("_k0")).drop_nulls()
    return found, {rule.needs[0]: _rows_with_keys(resident, ["個人番号"], numbers)}
