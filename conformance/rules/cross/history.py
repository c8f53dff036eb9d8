"""Keys, histories and households: the state the file-scope X rules read (§8).

Histories and households come from the dataset definition (``history`` and ``groups`` of a file), not from
item names in code: the engine feeds one ``HistoryIndex`` per file and every history rule reads it at the
end of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from conformance.rules.cross.base import NO_FAILURES, UNKNOWN, FileRule, RowView, RuleContext, int_of
from conformance.schema.conditions import parse as parse_condition
from conformance.schema.model import History

if TYPE_CHECKING:
    import polars as pl

    from conformance.rules.cross.state import Column

HEAD = "世帯主"  # the 続柄 of the head of a household (§9, 住基標準1.1.11 VERIFIED)


def key_of(
    row: RowView, names: Iterable[str], *, integers: frozenset[str] = frozenset()
) -> tuple[object, ...] | None:
    """The tuple of known, non-NULL key values, or None if any part is NULL or unknown.

    整数 items compare by value (履歴番号 ``01`` equals ``1``)."""
    out: list[object] = []
    for n in names:
        v = row.known(n)
        if v is None:
            return None
        number = int_of(v) if n in integers and v.isdecimal() else None
        out.append(v if number is None else number)
    return tuple(out)


@dataclass(slots=True)
class Entity:
    history: list[tuple[int, int, object]] = field(default_factory=list)  # (sequence, line, tracked value)
    current_seq: int = -1
    current_line: int = 0
    current_values: tuple[str | None, ...] = ()  # the kept items of the current row, in ``keep_names`` order
    current_failed: frozenset[str] = NO_FAILURES


class HistoryIndex:
    """Per entity (宛名番号): every history row (sequence, line) and a compact copy of the current row.

    Kept values are interned so that the many rows that share an address or a name share one string: this
    state is what the reference engine's memory grows with (see README, "Memory").
    """

    def __init__(self, history: History, keep: frozenset[str], tracked: str | None) -> None:
        self.history = history
        self.keep_names = tuple(sorted(keep))
        self.tracked = tracked  # one item kept for every history row (異動事由, for X17)
        self.entities: dict[tuple[object, ...], Entity] = {}
        self._intern: dict[str, str] = {}
        self._current: list[RowView] | None = None
        self.household_cache: dict[int, list[list[RowView]]] = {}

    def add(self, row: RowView) -> None:
        key = key_of(row, self.history.entity_key)
        seq = row.number(self.history.sequence)  # None when NULL, unknown, not digits or too long to convert
        if key is None or seq is None:
            return
        entity = self.entities.get(key)
        if entity is None:
            entity = self.entities[key] = Entity()
        entity.history.append((seq, row.line, row.value(self.tracked) if self.tracked else None))
        if seq > entity.current_seq:
            intern, raw, failed = self._intern, row.raw, row.failed
            entity.current_seq = seq
            entity.current_line = row.line
            entity.current_values = tuple(
                None if (v := raw.get(n)) is None else intern.setdefault(v, v) for n in self.keep_names
            )
            entity.current_failed = (
                frozenset(n for n in self.keep_names if n in failed) if failed else NO_FAILURES
            )
        self._current = None

    def current_rows(self) -> list[RowView]:
        """The current row of every entity, in line order (built once, after the file is read)."""
        if self._current is None:
            names = self.keep_names
            rows = [
                RowView(e.current_line, dict(zip(names, e.current_values, strict=True)), e.current_failed)
                for e in self.entities.values()
                if e.current_seq >= 0
            ]
            rows.sort(key=lambda r: r.line)
            self._current = rows
        return self._current


class HistoryRule(FileRule):
    """A file rule that reads the file's HistoryIndex at the end (the engine sets ``index``).

    Its fast-path filter is one of three kinds, by what the rule reads in the index: a flag per *entity*
    over its whole history (X2, X17), per *household* of current rows (X3–X6), or per *current row* (X20).
    The fast engine brings, for every flagged entity, its whole history; for every flagged household, all
    its members; and for every brought current row, its whole household, so each household the index then
    forms is complete. A rule with no flag gets every entity.
    """

    keep: tuple[str, ...] = ()  # items of the current row the rule reads
    tracked: str | None = None  # an item the index keeps for every history row (X17: 異動事由)
    index: HistoryIndex | None = None

    def entity_flag(self, seq: pl.Expr, column: Column) -> pl.Expr | None:
        """True for an entity (evaluated over its rows; ``seq`` is 履歴番号 as an integer) where ``finish``
        may report."""
        return None

    def household_flag(self, column: Column) -> pl.Expr | None:
        """True for a household (evaluated over its current rows) where ``finish`` may report."""
        return None

    def current_flag(self, column: Column) -> pl.Expr | None:
        """True for a current row where ``finish`` may report."""
        return None

    @classmethod
    def has_flag(cls) -> bool:
        """Whether the rule defines one of the three flags (else the fast path feeds it every entity)."""
        return any(
            getattr(cls, name) is not getattr(HistoryRule, name)
            for name in ("entity_flag", "household_flag", "current_flag")
        )


def households(ctx: RuleContext, index: HistoryIndex) -> list[list[RowView]]:
    """Groups of current rows (§8: current rows with 住民状態=1 and the same 世帯番号), members in line order."""
    cached = index.household_cache.get(id(ctx.spec))
    if cached is not None:
        return cached
    out: list[list[RowView]] = []
    for group in ctx.spec.groups:
        cond = parse_condition(group.filter) if group.filter else None
        members: dict[tuple[object, ...], list[RowView]] = {}
        for row in index.current_rows():
            if cond is not None and not cond.evaluate(row.raw):
                continue
            k = key_of(row, group.key)
            if k is not None:
                members.setdefault(k, []).append(row)
        out.extend(members.values())
    index.household_cache[id(ctx.spec)] = out
    return out


def group_items(ctx: RuleContext) -> tuple[str, ...]:
    """The items that form the file's groups (keys and filter conditions)."""
    names: list[str] = []
    for g in ctx.spec.groups:
        names.extend(g.key)
        if g.filter:
            names.extend(parse_condition(g.filter).names)
    return tuple(names)


def history_keep(rules: Sequence[FileRule], ctx: RuleContext) -> tuple[frozenset[str], str | None]:
    """What the HistoryIndex must keep for the enabled history rules."""
    keep: set[str] = set(group_items(ctx))
    tracked: str | None = None
    for r in rules:
        if isinstance(r, HistoryRule):
            keep.update(r.keep)
            tracked = tracked or r.tracked
    return frozenset(n for n in keep if ctx.spec.layout.has(n)), tracked


def is_head(row: RowView) -> bool | None:
    """Whether the row's 続柄 is 世帯主; None when it is NULL or unknown (§12.5: neither head nor not)."""
    v = row.value("続柄")
    if v is UNKNOWN or v is None:
        return None
    return v == HEAD


def differ(value: pl.Expr) -> pl.Expr:
    """Not every value of the group equal (NULL counts as a value). Hashed, because polars counts distinct
    u64s five times faster than strings; two independent seeds, so a difference is missed only if two
    values collide under both 64-bit hashes at once."""
    return (value.hash(seed=1).n_unique() > 1) | (value.hash(seed=2).n_unique() > 1)


def heads(column: Column) -> pl.Expr:
    """The number of 世帯主 among the group's rows."""
    return (column("続柄") == HEAD).fill_null(False).sum()
