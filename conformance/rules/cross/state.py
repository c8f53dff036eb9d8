"""The spilled state of a file as the X rules' fast-path filters read it, and the key helpers they share.

The fast engine writes, per checkable record, the columns the file and dataset rules read (``_line``, the
``_failed`` bit mask and one String column per item) and hands the filters a :class:`SpilledState`. The
protocol is defined here, beside the rules, so that the rules never import an engine; how the state is
stored and partitioned is the engine's business (``engines/spill.py``).

Values are compared as strings (exact). Partitioning by a hash only decides which rows are searched
together; rows that must meet always share a partition because they share the hashed key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal, Protocol

import polars as pl

__all__ = [
    "FAILED",
    "LINE",
    "Build",
    "Column",
    "Found",
    "JoinHow",
    "SpilledState",
    "has_all",
    "key_parts",
    "lines_of",
    "no_lines",
    "rows_with_keys",
    "with_key",
]

LINE, FAILED = "_line", "_failed"
_ASCII_DIGITS = r"^[0-9]+$"

Column = Callable[[str], pl.Expr]  # 項目名 -> the expression of its raw value (NULL when NULL or absent)
Build = Callable[[pl.LazyFrame], pl.LazyFrame]
JoinHow = Literal["inner", "semi", "anti"]
#: What a dataset rule's filter finds: lines of the checked file; lines to collect per needed file.
Found = tuple[pl.Series, dict[str, pl.Series]]


class SpilledState(Protocol):
    """The spilled rows of one file (not those X1 excluded), and searches over them in bounded memory."""

    def spilled(self, name: str) -> bool:
        """Whether the item's column is in the state."""
        ...

    def known(self, name: str) -> pl.Expr:
        """The value where it is not NULL and did not fail its item checks (``RowView.known``), else NULL."""
        ...

    def scan(self) -> pl.LazyFrame:
        """Every spilled row, lazily."""
        ...

    def rows_at(self, lines: pl.Series) -> pl.DataFrame:
        """The spilled rows at ``lines``, collected."""
        ...

    @property
    def partitions(self) -> int:
        """How many hash pieces a search over the whole state is split into."""
        ...

    def partitioned(
        self, lf: pl.LazyFrame, key: pl.Expr, build: Build, parts: int | None = None
    ) -> pl.DataFrame:
        """``build`` on each hash piece of ``lf`` by ``key`` (columns of ``lf``), results concatenated."""
        ...

    def joined(
        self, left: pl.LazyFrame, right: pl.LazyFrame, on: list[str], how: JoinHow, parts: int
    ) -> pl.DataFrame:
        """``left.join(right)`` per hash piece of ``on`` (both sides split alike)."""
        ...


def no_lines() -> pl.Series:
    return pl.Series(LINE, [], dtype=pl.Int64)


def lines_of(frame: pl.DataFrame) -> pl.Series:
    """The distinct lines of a found frame."""
    return frame.get_column(LINE).unique() if frame.height else no_lines()


def _by_value(expr: pl.Expr) -> pl.Expr:
    """An 整数 key part compared by value (``key_of``): ASCII digits without leading zeros."""
    stripped = expr.str.strip_chars_start("0")
    return pl.when(expr.str.contains(_ASCII_DIGITS)).then(
        pl.when(stripped == "").then(pl.lit("0")).otherwise(stripped)
    ).otherwise(expr)


def key_parts(
    state: SpilledState, names: Sequence[str], integers: frozenset[str] = frozenset()
) -> list[pl.Expr]:
    """``key_of`` as expressions: the known value of each part (NULL when NULL or failed), ``_k0…``."""
    return [
        (_by_value(state.known(n)) if n in integers else state.known(n)).alias(f"_k{i}")
        for i, n in enumerate(names)
    ]


def has_all(parts: Sequence[pl.Expr]) -> pl.Expr:
    return pl.all_horizontal([p.is_not_null() for p in parts])


def with_key(state: SpilledState, names: Sequence[str], *extra: pl.Expr) -> pl.LazyFrame:
    """Rows with every part of the key known: ``_line``, ``_k0…`` and ``extra``."""
    parts = key_parts(state, names)
    return state.scan().filter(has_all(parts)).select(LINE, *parts, *extra)


def rows_with_keys(state: SpilledState, names: Sequence[str], keys: pl.DataFrame) -> pl.Series:
    """Lines of ``state`` whose known key (``names``) is among ``keys`` (columns ``_k0…``)."""
    kcols = [f"_k{i}" for i in range(len(names))]
    if not keys.height:
        return no_lines()
    found = state.joined(with_key(state, names), keys.lazy().unique(), kcols, "semi", state.partitions)
    return lines_of(found)


def most_partitions(*states: SpilledState) -> int:
    return max(s.partitions for s in states)


def needed_states(names: Sequence[str], needed: Mapping[str, SpilledState]) -> list[SpilledState]:
    return [s for n in names if (s := needed.get(n)) is not None]
