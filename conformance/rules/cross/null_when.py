"""Shared logic of X12 and X34: items that must be NULL when a selector item has a given value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.state import Column


class NullWhen(RowRule):
    """The parameter named like ``selector`` maps a selector code to the items that must then be NULL."""

    selector: ClassVar[str]
    MUST_BE_NULL: ClassVar[Message]  # fields: code, item

    def table(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = self.params[self.selector]
        return table

    def check(self, row: RowView) -> Iterable[Hit]:
        code = row.known(self.selector)
        if code is None:
            return ()
        return [
            self.hit(row.line, name, self.MUST_BE_NULL, row.raw.get(name), code=Quoted(code, self.selector), item=name)
            for name in self.table().get(code, ())
            if name in row.raw and not row.is_null(name)
        ]

    def may_fire(self, column: Column) -> pl.Expr:
        layout = self.ctx.spec.layout
        parts = [
            (column(self.selector) == code)
            & pl.any_horizontal([column(n).is_not_null() for n in names if layout.has(n)])
            for code, names in self.table().items()
            if any(layout.has(n) for n in names)
        ]
        return pl.any_horizontal(parts) if parts else pl.lit(False)
