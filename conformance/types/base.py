"""What a データ型 unit is, and the fault every value check reports.

A unit (one module per type family) holds side by side what the rest of the program needs to know about
its type: the layout problems a sheet can have with it, its compile step (from the item's facts to a
:class:`CompiledType`), the scalar type check with its message templates, how F14 counts its length, the
characters its syntax admits, and its polars "certainly clean" expression. The registry
(``conformance.types.registry``) lists the units; every table of types elsewhere is derived from it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Literal

import polars as pl

from conformance.core.messages import Message, Params, Rendered
from conformance.core.severity import Severity
from conformance.types.chars import IVS_FIRST, IVS_LAST, CharConfig, byte_length, length
from conformance.types.checkdigits import CheckDigit, M11Remainder1
from conformance.types.regex import code_point
from conformance.types.wareki import EraTable

__all__ = [
    "LENGTHS",
    "CleanEnv",
    "CompiledType",
    "DataType",
    "Facts",
    "LengthMode",
    "TypeClean",
    "TypeCompileError",
    "ValueFault",
    "length_expr",
    "reason_messages",
]

LengthMode = Literal["chars", "digits", "bytes"]


@dataclass(frozen=True, slots=True)
class ValueFault(Rendered):
    """One fault of one value: rule id, severity, message template and parameters (never the value).

    Defined in the lowest layer that makes one (the type checks), so the type units, the character rules
    and the item checker share one type; an engine turns it into a ``Finding`` by adding the location.
    """

    rule: str
    severity: Severity
    message: Message
    params: Params = ()


def _digit_count(value: str) -> int:
    """F14 for number types: digits only (a decimal point is not counted; leading zeros are, §12.10)."""
    return len(value) - value.count(".")


#: F14 as each mode counts it.
LENGTHS: Final[dict[LengthMode, Callable[[str], int]]] = {
    "chars": length,
    "digits": _digit_count,
    "bytes": byte_length,
}
_IVS: Final = f"[{code_point(IVS_FIRST)}-{code_point(IVS_LAST)}]"


def length_expr(
    value: pl.Expr, mode: LengthMode, limits: tuple[int | None, int | None], *, admits_ivs: bool
) -> pl.Expr | None:
    """C4/C5 as ``LENGTHS[mode]`` counts, or None when no limit applies.

    In character mode a maximum is tested on the raw code-point count, which is never below the F14
    length (sound; a value with IVS selectors right at the limit goes scalar); a minimum subtracts them.
    """
    high, low = limits
    if high is None and low is None:
        return None
    if mode == "bytes":
        raw = n = value.str.len_bytes().cast(pl.Int64)
    elif mode == "digits":
        raw = n = value.str.len_chars().cast(pl.Int64) - value.str.count_matches(".", literal=True)
    else:
        raw = value.str.len_chars().cast(pl.Int64)
        n = raw - value.str.count_matches(_IVS).cast(pl.Int64) if admits_ivs and low is not None else raw
    if high is None:
        return n >= low
    return raw <= high if low is None else (raw <= high) & (n >= low)


def reason_messages(
    key: str, head: tuple[str, str], reasons: Mapping[str, tuple[str, str]], names: Iterable[str]
) -> dict[str, Message]:
    """One template per reason: ``<head>: <reason>。`` (ja) and ``<head>: <reason>.`` (en), id key.reason."""
    return {
        name: Message(f"{key}.{name}", f"{head[0]}: {reasons[name][0]}。", f"{head[1]}: {reasons[name][1]}.")
        for name in names
    }


class TypeCompileError(ValueError):
    """The item's facts cannot be compiled for this type (e.g. a コード without a コード表)."""


@dataclass(frozen=True, slots=True)
class Facts:
    """The columns of a layout item a type reads when it compiles (spec §3.1)."""

    max_length: int | None = None
    min_length: int | None = None
    code_table: str | None = None
    format: str | None = None
    non_calendar: bool = False  # 暦外可 is not blank


@dataclass(frozen=True, slots=True)
class CleanEnv:
    """What a type's polars clean expression may read besides the value."""

    non_calendar: pl.Expr | bool  # the row's 暦外可 mode (a bool when it does not vary)
    limits: tuple[int | None, int | None]  # the effective (最大桁数, 最小桁数) of C4/C5
    check_digit: CheckDigit | None  # C8, if the 書式 names one
    remainder1: M11Remainder1
    chars: CharConfig


@dataclass(frozen=True, slots=True)
class TypeClean:
    """A type's clean expression and which of the item's other checks it already decides."""

    expr: pl.Expr
    lengths: bool = False  # C4/C5
    check_digit: bool = False  # C8


class CompiledType(ABC):
    """A type compiled for one item."""

    #: False when the type's 書式 governs its length (小数: 最大桁数 is informative only, §3.1).
    max_length_applies: bool = True

    @abstractmethod
    def check(self, value: str, non_calendar: bool) -> ValueFault | None:
        """Step 2 of §3.4 on a non-NULL value whose characters passed step 1."""

    @abstractmethod
    def clean(self, value: pl.Expr, env: CleanEnv) -> TypeClean | None:
        """A polars expression True only where :meth:`check` is certain to be None; None: never.

        A text type's expression also decides the character rules (F11–F13, F15); for the other types
        the caller makes sure every character their syntax admits is safe.
        """


class DataType(ABC):
    """A データ型 (§3.2). Subclasses are instantiated once per type name, in the registry."""

    #: The rule its type check reports (F8, F9, F10, C3, C9), or None when it has none.
    rule: str | None = None
    #: How F14 counts (§2 F14): code points, or digits for the number types.
    length_mode: LengthMode = "chars"
    #: True for the date types that 暦外可 applies to (§6).
    non_calendar: bool = False
    #: True when the 書式 column is the type's own (小数 ``p.s``), never a C7 regex or a C8 name.
    reads_format: bool = False
    #: The lengths its syntax allows, when it fixes them (日付 10, 日時 19 or 25 …).
    fixed_lengths: tuple[int, ...] = ()
    #: Every character its syntax admits, for a type that is not text (its clean expression then
    #: implies F11–F13 and F15 when all of them are safe characters); "" for the text types.
    syntax_chars: str = ""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    def admits(self, cp: int) -> bool:
        """True for a character its syntax admits."""
        return chr(cp) in self.syntax_chars

    def problems(self, facts: Facts) -> list[tuple[str, str]]:
        """(column, problem) for each fact a sheet cannot give an item of this type."""
        return []

    @abstractmethod
    def compile(self, facts: Facts, eras: EraTable) -> CompiledType:
        """The compiled type check; raises :class:`TypeCompileError` when the facts cannot be used."""
