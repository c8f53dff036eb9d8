"""Totals of one side of a layout (件数・金額): record count, exact sums of every 整数/小数 item, counts per
code of every コード item.

Why exact decimals: a 金額突合 that is off by rounding is no proof; ``Decimal`` sums the values as written.
A value that is not a number is left out of the sum and counted, never dropped silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import polars as pl

from conformance.reconcile.model import CodeCount, SumTotal
from conformance.schema.model import Layout

__all__ = ["SideTotals", "code_differences", "sum_totals"]

NUMBER_TYPES = frozenset({"整数", "小数"})
CODE_TYPE = "コード"
_NUMBER_RE = r"^[+-]?[0-9]+(?:\.[0-9]+)?$"
_NUMBER = re.compile(_NUMBER_RE)


class SideTotals:
    """Accumulates while the records of one file are read."""

    def __init__(self, layout: Layout, header: Sequence[str]) -> None:
        position: dict[str, int] = {}
        for i, name in enumerate(header):
            position.setdefault(name, i)
        types = {it.name: it.data_type for it in layout.items}
        self.numeric = [(n, position[n]) for n, t in types.items() if t in NUMBER_TYPES and n in position]
        self.coded = [(n, position[n]) for n, t in types.items() if t == CODE_TYPE and n in position]
        self.records = 0
        self.sums = {n: Decimal(0) for n, _ in self.numeric}
        self.not_numbers = dict.fromkeys(self.sums, 0)
        self.codes: dict[str, Counter[str | None]] = {n: Counter() for n, _ in self.coded}

    def add_frame(self, frame: pl.DataFrame) -> None:
        """A batch of clean records (columns ``c<position>``, NULL for an empty field)."""
        self.records += frame.height
        for name, i in self.numeric:
            col = frame[f"c{i}"].drop_nulls()
            valid = col.str.contains(_NUMBER_RE)
            self.not_numbers[name] += int((~valid).sum())
            self.sums[name] += sum(map(Decimal, col.filter(valid).to_list()), Decimal(0))
        for name, i in self.coded:
            counts = self.codes[name]
            for code, n in frame[f"c{i}"].value_counts().iter_rows():
                counts[code] += n

    def add(self, values: Sequence[str]) -> None:
        """One record read by the reference parser ("" is NULL)."""
        self.records += 1
        for name, i in self.numeric:
            v = values[i]
            if v == "":
                continue  # NULL: nothing to add
            if _NUMBER.fullmatch(v) is None:
                self.not_numbers[name] += 1
            else:
                self.sums[name] += Decimal(v)
        for name, i in self.coded:
            v = values[i]
            self.codes[name][v if v != "" else None] += 1


def sum_totals(layout: Layout, before: SideTotals | None, after: SideTotals | None) -> list[SumTotal]:
    """Every 整数/小数 item of the layout that either side has, in layout order."""
    out = []
    for it in layout.items:
        if it.data_type not in NUMBER_TYPES:
            continue
        b = before.sums.get(it.name) if before else None
        a = after.sums.get(it.name) if after else None
        if b is None and a is None:
            continue
        out.append(
            SumTotal(
                it.name,
                b or Decimal(0),
                a or Decimal(0),
                before.not_numbers.get(it.name, 0) if before else 0,
                after.not_numbers.get(it.name, 0) if after else 0,
            )
        )
    return out


def code_differences(layout: Layout, before: SideTotals | None, after: SideTotals | None) -> list[CodeCount]:
    """Per コード item, the codes whose record counts differ between the sides (NULL is a code here)."""
    out: list[CodeCount] = []
    empty: Counter[str | None] = Counter()
    for it in layout.items:
        if it.data_type != CODE_TYPE:
            continue
        b = before.codes.get(it.name, empty) if before else empty
        a = after.codes.get(it.name, empty) if after else empty
        for code in sorted(set(b) | set(a), key=lambda c: (c is None, c or "")):
            if b[code] != a[code]:
                out.append(CodeCount(it.name, code, b[code], a[code]))
    return out
