"""What every cross-record rule X1–X35 is built on: the row it sees, the hits it reports, its parameters.

Each X rule is one unit (``rules/cross/xN_*.py``): its ``META``, its message templates, its scalar logic
and its fast-path filter. Rules read a row through ``RowView``, which applies the spec's principles once for
all of them (§8, §12.5): a value that failed its item checks is *unknown* and no rule fires on it; order
comparisons skip NULL; dates compare only as calendar dates and skip 暦外 or 不詳 values.

A filter method (``may_fire``, ``candidates``, the history flags) only narrows *where* the scalar code runs
on the fast path; it never decides a finding. A rule without one gets every row there (correct, slower).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, Final

from conformance.core.messages import Message, Param, Params, params_of
from conformance.core.rules import RuleMeta
from conformance.schema.model import UNKNOWN_COMPANION_SUFFIX, FileSpec, SchemaSet

if TYPE_CHECKING:
    import polars as pl

    from conformance.rules.cross.state import Column, Found, SpilledState

__all__ = [
    "NO_FAILURES",
    "UNKNOWN",
    "CrossRule",
    "DatasetRule",
    "FileRule",
    "Hit",
    "RowRule",
    "RowView",
    "RuleContext",
    "calendar_date",
    "int_of",
]


class _Unknown:
    """Marker for a value that failed its item checks (§12.5)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()
NO_FAILURES: Final[frozenset[str]] = frozenset()

_DATE_LEN = 10
#: Python refuses to convert longer digit strings (sys.get_int_max_str_digits(); the conversion is quadratic).
_INT_DIGITS: Final = 4300


def int_of(digits: str) -> int | None:
    """The number that decimal ``digits`` spell, or None when it has more significant digits than Python
    converts (only a user schema with a huge 最大桁数 admits such a value): the X rules then treat it as a
    value they cannot compare, never as an exception that would end the run."""
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= _INT_DIGITS else None


@lru_cache(maxsize=1 << 16)
def calendar_date(value: str) -> dt.date | None:
    """A real Gregorian day from ``YYYY-MM-DD``; None for 暦外 values (e.g. 1987-02-29) or bad syntax."""
    if len(value) != _DATE_LEN or value[4] != "-" or value[7] != "-":
        return None
    try:
        return dt.date(int(value[0:4]), int(value[5:7]), int(value[8:10]))
    except ValueError:
        return None


@dataclass(slots=True)
class RowView:
    """One checkable record as the X rules see it."""

    line: int
    raw: Mapping[str, str | None]  # every layout item; None = NULL (or column absent)
    failed: frozenset[str] | set[str]  # items whose value is unknown (error in F1–F15/C1–C9)

    def value(self, name: str) -> str | _Unknown | None:
        """The value, None for NULL, or UNKNOWN."""
        if name in self.failed:
            return UNKNOWN
        return self.raw.get(name)

    def known(self, name: str) -> str | None:
        """A non-NULL value that passed its checks, else None (for rules that skip NULL and unknown)."""
        if name in self.failed:
            return None
        return self.raw.get(name)

    def is_null(self, name: str) -> bool:
        """Raw NULL test (X12, X15, X34 use the raw field)."""
        return self.raw.get(name) is None

    def number(self, name: str) -> int | None:
        v = self.known(name)
        return int_of(v) if v is not None and v.isascii() and v.isdigit() else None

    def decimal(self, name: str) -> tuple[int, int] | None:
        """(integer part, fractional digits as int) of a 小数, or None."""
        v = self.known(name)
        if v is None:
            return None
        whole, _, frac = v.partition(".")
        if not (whole.isascii() and whole.isdigit()) or (frac and not (frac.isascii() and frac.isdigit())):
            return None
        n, f = int_of(whole), int_of(frac or "0")
        return None if n is None or f is None else (n, f)

    def date(self, name: str) -> dt.date | None:
        """A calendar date usable in comparisons: known, non-NULL, calendar, and not marked 不詳 (§6)."""
        v = self.known(name)
        if v is None:
            return None
        if self.raw.get(name + UNKNOWN_COMPANION_SUFFIX) is not None:
            return None
        return calendar_date(v)


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule violation before it becomes a Finding (the engine adds file, rule and severity)."""

    line: int | None
    item: str | None
    message: Message
    params: Params = ()
    value: str | None = None


@dataclass(slots=True)
class RuleContext:
    """What a rule instance is built from: the schema set, the file it runs on, the parameter values."""

    schema: SchemaSet
    spec: FileSpec
    parameters: Mapping[str, Mapping[str, Any]]  # rule id -> parameter name -> value (already validated)


class CrossRule:
    """Base of all X rules. ``items`` are the layout items a rule needs; if one is absent the rule does not
    run (§12.1). ``reads`` are items it also reads when present (the fast path spills them too)."""

    meta: ClassVar[RuleMeta]
    items: ClassVar[tuple[str, ...]] = ()
    reads: ClassVar[tuple[str, ...]] = ()

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.params: Mapping[str, Any] = ctx.parameters.get(self.meta.id, {})

    @property
    def id(self) -> str:
        return self.meta.id

    def hit(
        self, line: int | None, item: str | None, message: Message, value: str | None = None, /, **params: Param
    ) -> Hit:
        """A hit at ``line`` on ``item`` (``value``: the raw value shown, masked, in reports)."""
        return Hit(line, item, message, params_of(params), value)


class RowRule(CrossRule):
    """Looks at one record at a time."""

    def check(self, row: RowView) -> Iterable[Hit]:
        raise NotImplementedError

    def may_fire(self, column: Column) -> pl.Expr | None:
        """Fast path: a polars boolean that is True wherever ``check`` may report on an item-clean row
        (``column(name)`` is the raw value of an item). None: run ``check`` on every row."""
        return None


class FileRule(CrossRule):
    """Streams rows (``add`` may report at once) and reports the rest in ``finish``."""

    def add(self, row: RowView) -> Iterable[Hit]:
        return ()

    def finish(self) -> Iterable[Hit]:
        return ()

    def candidates(self, state: SpilledState) -> pl.Series | None:
        """Fast path: the lines ``add`` must see (every row it may report on or keep state for), from the
        file's spilled columns. None: every row."""
        return None


class DatasetRule(CrossRule):
    """References between the files of one dataset. The engine processes the files a rule ``needs`` before
    the files it reports on (the dataset definition's order), so ``collect`` sees the rows of the needed
    files, ``check`` the rows of the files the rule applies to."""

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        # The files this rule reads, in the order of the dataset definition's ``needs`` (first = 住民記録_住民).
        self.needs: tuple[str, ...] = next(
            (d.needs for d in ctx.schema.dataset_rules if d.rule == self.id), ()
        )

    def needed(self, position: int) -> str:
        return self.needs[position] if len(self.needs) > position else ""

    def columns(self, file: str) -> tuple[str, ...]:
        """The items this rule reads in ``file``; if one is missing there the rule cannot run (§12.1)."""
        return self.items

    def collect(self, file: str, row: RowView) -> None:
        """A row of a file the rule needs."""

    def check(self, file: str, row: RowView) -> Iterable[Hit]:
        """A row of a file the rule reports on."""
        return ()

    def candidates(self, file: str, state: SpilledState, needed: Mapping[str, SpilledState]) -> Found | None:
        """Fast path: the lines of ``file`` to ``check`` and, per needed file, the lines to ``collect``
        first. None: every row of every file."""
        return None
