"""Shared machinery of the cross-record rules X1–X35.

Each X rule is one small class registered under its spec id with ``@register``. Adding a rule is one class
plus its id in a file's ``rules`` list of the dataset definition. Rules read a row through ``RowView``, which
applies the spec's principles once for all of them (§8, §12.5): a value that failed its item checks is
*unknown* and no rule fires on it; order comparisons skip NULL; dates compare only as calendar dates and skip
暦外 or 不詳 values.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar, Final

from conformance.schema.model import FileSpec, SchemaSet


class _Unknown:
    """Marker for a value that failed its item checks (§12.5)."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()

_DATE_LEN = 10


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
        return int(v) if v is not None and v.isdigit() else None

    def decimal(self, name: str) -> tuple[int, int] | None:
        """(integer part, fractional digits as int) of a 小数, or None."""
        v = self.known(name)
        if v is None:
            return None
        whole, _, frac = v.partition(".")
        if not whole.isdigit() or (frac and not frac.isdigit()):
            return None
        return int(whole), int(frac or "0")

    def date(self, name: str) -> dt.date | None:
        """A calendar date usable in comparisons: known, non-NULL, calendar, and not marked 不詳 (§6)."""
        v = self.known(name)
        if v is None:
            return None
        if self.raw.get(name + "不詳表記") is not None:
            return None
        return calendar_date(v)


NO_FAILURES: Final[frozenset[str]] = frozenset()


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule violation before it becomes a Finding (the engine adds file, rule, severity)."""

    line: int | None
    item: str | None
    message_ja: str
    message_en: str
    value: str | None = None


@dataclass(slots=True)
class RuleContext:
    """What a rule instance is built from."""

    schema: SchemaSet
    spec: FileSpec
    params: Mapping[str, Any]


class CrossRule:
    """Base of all X rules. ``items`` are the layout items a rule needs; if one is absent the rule does not run."""

    id: ClassVar[str]
    scope: ClassVar[str]  # row | file | dataset
    items: ClassVar[tuple[str, ...]] = ()
    #: Items the rule also reads when present but does not need (the fast path spills them too).
    reads: ClassVar[tuple[str, ...]] = ()

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.params: Mapping[str, Any] = ctx.params.get(self.id, {})


class RowRule(CrossRule):
    scope = "row"

    def check(self, row: RowView) -> Iterable[Hit]:
        raise NotImplementedError


class FileRule(CrossRule):
    """Streams rows (``add`` may report at once) and reports the rest in ``finish``."""

    scope = "file"

    def add(self, row: RowView) -> Iterable[Hit]:
        return ()

    def finish(self) -> Iterable[Hit]:
        return ()


REGISTRY: dict[str, type[CrossRule]] = {}


def register(cls: type[CrossRule]) -> type[CrossRule]:
    if cls.id in REGISTRY:
        raise RuntimeError(f"rule {cls.id} registered twice")
    REGISTRY[cls.id] = cls
    return cls


def load_parameters(schema: SchemaSet) -> dict[str, Any]:
    """Rule parameters of the schema set (``rule_parameters.json``), falling back to the bundled ones."""
    candidates: list[Path] = []
    if schema.root is not None:
        candidates.append(schema.root / "rule_parameters.json")
    from conformance.schema.loader import bundled_schema_root

    candidates.append(bundled_schema_root() / "rule_parameters.json")
    for path in candidates:
        if path.is_file():
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    return {}
