"""Records matched by key, in polars, one hash piece at a time over the spilled columns.

Why pieces: the two files of a layout may hold 20,000,000 rows each. Each side's values are spilled while
read (``engines/spill.py``: private folder, Arrow IPC per batch); after both are read, both spills are
split once by the same hash of the (normalised) key, and each pair of pieces is joined alone. Records with
one key share its hash, hence the piece, so a piece holds everything it needs; the hash only groups, the
equality is on the text. Memory is one pair of pieces, whatever the file size. Listing is capped per kind
in every piece, so what is kept for the report is bounded too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from conformance.engines.spill import StateSpill
from conformance.reconcile.model import KINDS, Difference, Kind
from conformance.rules.cross.state import LINE

__all__ = ["Comparison", "compare", "normalized"]

_FULL_DIGITS = [chr(0xFF10 + i) for i in range(10)]
_ASCII_DIGITS = [str(i) for i in range(10)]
_SPACES = " \t\u3000"
_AFTER = "__a"
_RANK = {k: i for i, k in enumerate(KINDS)}
#: Smallest file of a split piece: fewer, larger files read faster; this bounds their number.
MIN_FILE_ROWS = 2_000
_OUT = ["kind", "item", "pos", "before", "after", "line_before", "line_after"]


def normalized(expr: pl.Expr, normalize: Sequence[str]) -> pl.Expr:
    """``expr`` under the opt-in normalisations, in their fixed order (newline, trim, zenkaku-digits)."""
    if "newline" in normalize:
        expr = expr.str.replace_all("\r\n", "\n", literal=True).str.replace_all("\r", "\n", literal=True)
    if "trim" in normalize:
        expr = expr.str.strip_chars(_SPACES)
    if "zenkaku-digits" in normalize:
        expr = expr.str.replace_many(_FULL_DIGITS, _ASCII_DIGITS)
    return expr


@dataclass(slots=True)
class Comparison:
    """Exact counts and the capped listing of one layout's record comparison."""

    counts: dict[str, int] = field(default_factory=dict)
    changed_by_item: dict[str, int] = field(default_factory=dict)
    listed: list[Difference] = field(default_factory=list)


def _keyed(spill: StateSpill, key: Sequence[str], normalize: Sequence[str]) -> pl.LazyFrame:
    ks = [normalized(pl.col(k).fill_null(""), normalize).alias(f"__k{i}") for i, k in enumerate(key)]
    return spill.scan().with_columns(ks)


def _frame(
    kind: Kind,
    df: pl.DataFrame,
    key_cols: Sequence[str],
    *,
    item: str | None = None,
    pos: int = -1,
    before: str | None = None,
    after: str | None = None,
    line_before: str | None = None,
    line_after: str | None = None,
) -> pl.DataFrame:
    """Differences of one kind (and item) in the common shape: kind, item, pos, values, lines, keys."""

    def col(name: str | None, dtype: type[pl.DataType]) -> pl.Expr:
        return pl.col(name) if name is not None else pl.lit(None, dtype)

    return df.select(
        pl.lit(kind).alias("kind"),
        pl.lit(item, pl.String).alias("item"),
        pl.lit(pos, pl.Int64).alias("pos"),
        col(before, pl.String).cast(pl.String).alias("before"),
        col(after, pl.String).cast(pl.String).alias("after"),
        col(line_before, pl.Int64).cast(pl.Int64).alias("line_before"),
        col(line_after, pl.Int64).cast(pl.Int64).alias("line_after"),
        *[pl.col(c).cast(pl.String).alias(f"__key{i}") for i, c in enumerate(key_cols)],
    )


class _Gather:
    """Counts every difference exactly and keeps the first ``cap`` per kind (by line, then item)."""

    def __init__(self, cap: int, key: Sequence[str]) -> None:
        self.cap, self.key = cap, tuple(key)
        self.result = Comparison()
        self._kept: list[pl.DataFrame] = []

    def add(self, frame: pl.DataFrame) -> None:
        if not frame.height:
            return
        kind, item = frame["kind"][0], frame["item"][0]
        self.result.counts[kind] = self.result.counts.get(kind, 0) + frame.height
        if kind == "changed":
            self.result.changed_by_item[item] = self.result.changed_by_item.get(item, 0) + frame.height
        self._kept.append(self._first(frame))

    def _first(self, frame: pl.DataFrame) -> pl.DataFrame:
        frame = frame.sort("line_before", "line_after", "pos", nulls_last=True)
        if self.cap < 0:
            return frame
        return frame.filter(pl.int_range(pl.len()).over("kind") < self.cap)

    def add_lines(self, kind: Kind, lines: Sequence[int], total: int, before: bool) -> None:
        """Records the reader could not split into items (listed by line)."""
        if not total:
            return
        self.result.counts[kind] = self.result.counts.get(kind, 0) + total
        frame = pl.DataFrame({"line": pl.Series(list(lines), dtype=pl.Int64)})
        self._kept.append(
            _frame(
                kind, frame, [], line_before="line" if before else None, line_after=None if before else "line"
            ).with_columns([pl.lit(None, pl.String).alias(f"__key{i}") for i in range(len(self.key))])
        )

    def finish(self, file: str) -> Comparison:
        if self._kept:
            every = pl.concat(self._kept, how="vertical")
            every = every.with_columns(
                pl.col("kind").replace_strict(_RANK, return_dtype=pl.Int64).alias("rank")
            )
            every = self._first(every.sort("rank", maintain_order=True)).sort(
                "rank", "line_before", "line_after", "pos", nulls_last=True
            )
            keys = [f"__key{i}" for i in range(len(self.key))]
            for row in every.select(*_OUT, *keys).iter_rows():
                kind, item, _, before, after, lb, la = row[:7]
                key = (
                    tuple(zip(self.key, row[7:], strict=True))
                    if kind in ("missing", "added", "changed", "duplicate_key")
                    else ()
                )
                self.result.listed.append(Difference(file, kind, key, item, before, after, lb, la))
        return self.result


def _first_and_repeats(df: pl.DataFrame, kc: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The first record of each key (in line order) and the later ones, which repeat it."""
    df = df.sort(LINE).with_columns(pl.struct(kc).is_first_distinct().alias("__first"))
    return df.filter(pl.col("__first")), df.filter(~pl.col("__first"))


def _piece(
    b: pl.DataFrame,
    a: pl.DataFrame,
    key: Sequence[str],
    items: Sequence[tuple[int, str]],
    normalize: Sequence[str],
    gather: _Gather,
) -> None:
    kc = [f"__k{i}" for i in range(len(key))]
    b1, b_rep = _first_and_repeats(b, kc)
    a1, a_rep = _first_and_repeats(a, kc)
    a1 = a1.rename({c: c + _AFTER for c in a1.columns if c not in kc})
    key_a = [k + _AFTER for k in key]
    gather.add(_frame("duplicate_key", b_rep, list(key), line_before=LINE))
    gather.add(_frame("duplicate_key", a_rep, list(key), line_after=LINE))
    joined = b1.join(a1, on=kc, how="full", coalesce=True)
    line_a = LINE + _AFTER
    gather.add(_frame("missing", joined.filter(pl.col(line_a).is_null()), list(key), line_before=LINE))
    gather.add(_frame("added", joined.filter(pl.col(LINE).is_null()), key_a, line_after=line_a))
    both = joined.filter(pl.col(LINE).is_not_null() & pl.col(line_a).is_not_null())
    for pos, it in items:
        differs = normalized(pl.col(it), normalize).ne_missing(normalized(pl.col(it + _AFTER), normalize))
        gather.add(
            _frame(
                "changed",
                both.filter(differs),
                list(key),
                item=it,
                pos=pos,
                before=it,
                after=it + _AFTER,
                line_before=LINE,
                line_after=line_a,
            )
        )


def compare(
    before: StateSpill,
    after: StateSpill,
    file: str,
    key: Sequence[str],
    items: Sequence[tuple[int, str]],
    normalize: Sequence[str],
    cap: int,
    unreadable: tuple[tuple[list[int], int], tuple[list[int], int]],
) -> Comparison:
    """Match ``before`` and ``after`` by ``key`` and compare ``items`` ((layout position, name)) exactly
    (after ``normalize``); pieces of at most the spills' ``partition_rows`` rows are joined one at a time."""
    gather = _Gather(cap, key)
    (lines_b, n_b), (lines_a, n_a) = unreadable
    gather.add_lines("unreadable_record", lines_b, n_b, True)
    gather.add_lines("unreadable_record", lines_a, n_a, False)
    lb, la = _keyed(before, key, normalize), _keyed(after, key, normalize)
    parts = max(before.partitions, after.partitions)
    if parts == 1:
        _piece(lb.collect(), la.collect(), key, items, normalize, gather)
        return gather.finish(file)
    split_key = pl.struct([f"__k{i}" for i in range(len(key))])
    # the split buffers up to file_rows rows per piece: about one piece's rows in all, not parts x 50,000
    file_rows = max(MIN_FILE_ROWS, before.partition_rows // parts)
    mark_b, mark_a = len(before.scratch), len(after.scratch)
    try:
        pieces = zip(
            before.split(lb, split_key, parts, file_rows),
            after.split(la, split_key, parts, file_rows),
            strict=True,
        )
        for pb, pa in pieces:
            _piece(pb.collect(), pa.collect(), key, items, normalize, gather)
    finally:
        before.forget(mark_b)
        after.forget(mark_a)
    return gather.finish(file)
