"""The result of a reconciliation: differences, exact counts per layout and kind, and the totals.

Why a model of its own: the writers (``reports/reconcile_*``) render only from this, so every format lists
the same differences and the same exact totals, as the validator's writers do from ``ValidationResult``.
Values are kept raw here; masking is decided at render time by ``ReportOptions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from conformance.core.messages import Lang, Localized

__all__ = [
    "KINDS",
    "KIND_WORDS",
    "NORMALIZATIONS",
    "CodeCount",
    "Difference",
    "FileSide",
    "Kind",
    "LayoutResult",
    "ReconcileResult",
    "SumTotal",
    "kind_word",
]

Kind = Literal[
    "missing",
    "added",
    "changed",
    "duplicate_key",
    "item_missing",
    "item_added",
    "file_missing",
    "file_added",
    "unreadable_record",
]
#: Report order of the kinds.
KINDS: tuple[Kind, ...] = (
    "file_missing",
    "file_added",
    "item_missing",
    "item_added",
    "missing",
    "added",
    "changed",
    "duplicate_key",
    "unreadable_record",
)
KIND_WORDS: dict[Kind, Localized] = {
    "missing": Localized("移行後にないレコード", "record only in BEFORE"),
    "added": Localized("移行後に増えたレコード", "record only in AFTER"),
    "changed": Localized("値の相違", "value changed"),
    "duplicate_key": Localized("主キーの重複", "duplicated key"),
    "item_missing": Localized("移行後にない項目", "item only in BEFORE"),
    "item_added": Localized("移行後に増えた項目", "item only in AFTER"),
    "file_missing": Localized("移行後にないファイル", "file only in BEFORE"),
    "file_added": Localized("移行後に増えたファイル", "file only in AFTER"),
    "unreadable_record": Localized("読めないレコード（比較できません）", "unreadable record (not compared)"),
}
#: The opt-in normalisations of ``--normalize``, in the order they apply.
NORMALIZATIONS: dict[str, Localized] = {
    "newline": Localized("値の中の改行 CRLF・CR を LF とみなす", "CRLF and CR inside a value count as LF"),
    "trim": Localized(
        "前後の空白（全角空白を含む）を無視する", "leading and trailing spaces (also U+3000) ignored"
    ),
    "zenkaku-digits": Localized("全角数字を半角数字とみなす", "full-width digits count as ASCII digits"),
}


def kind_word(kind: Kind, lang: Lang) -> str:
    return KIND_WORDS[kind].text(lang)


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference: a record on one side only, one item of a matched record, a repeated key, …

    ``key`` holds (key item, value as written) — from BEFORE where the record is there, else from AFTER.
    """

    file: str  # the dataset file name, e.g. 住民記録_住民.csv
    kind: Kind
    key: tuple[tuple[str, str | None], ...] = ()
    item: str | None = None
    before: str | None = None
    after: str | None = None
    line_before: int | None = None
    line_after: int | None = None


@dataclass(frozen=True, slots=True)
class SumTotal:
    """The exact sum of one 整数/小数 item on both sides (``not_numbers``: values that are not numbers,
    left out of the sum and counted)."""

    item: str
    before: Decimal
    after: Decimal
    not_numbers_before: int = 0
    not_numbers_after: int = 0

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class CodeCount:
    """Records per code of a コード item, on both sides (listed only when they differ)."""

    item: str
    code: str | None
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class FileSide:
    """What was read of one side's file: where it is and its evidence."""

    path: str
    size: int
    sha256: str
    records: int
    line_ending: str | None


@dataclass(slots=True)
class LayoutResult:
    """One layout on both sides: exact counts, the listed (capped) differences, the totals."""

    layout: str
    file: str
    key: tuple[str, ...]
    before: FileSide | None
    after: FileSide | None
    counts: dict[str, int] = field(default_factory=dict)  # kind -> exact number of differences
    changed_by_item: dict[str, int] = field(default_factory=dict)  # item -> exact number of changes
    listed: list[Difference] = field(default_factory=list)  # in report order, capped per kind
    sums: list[SumTotal] = field(default_factory=list)
    codes: list[CodeCount] = field(default_factory=list)  # only the codes whose counts differ
    compared_items: tuple[str, ...] = ()
    ignored_items: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def listed_of(self, kind: Kind) -> int:
        return sum(1 for d in self.listed if d.kind == kind)


@dataclass(slots=True)
class ReconcileResult:
    """Both datasets, layout by layout in the dataset definition's order."""

    before: str
    after: str
    schema_name: str
    layouts: list[LayoutResult]
    normalize: tuple[str, ...] = ()
    ignore_items: tuple[str, ...] = ()
    keys_overridden: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_per_kind: int = 1000
    skipped: list[tuple[str, str, str, str]] = field(default_factory=list)  # (side, path, reason ja, en)
    started: str = ""
    finished: str = ""

    @property
    def total(self) -> int:
        return sum(r.total for r in self.layouts)

    @property
    def identical(self) -> bool:
        return self.total == 0

    @property
    def differences(self) -> list[Difference]:
        """Every listed difference, layout by layout."""
        return [d for r in self.layouts for d in r.listed]
