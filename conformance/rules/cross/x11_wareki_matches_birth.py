"""X11 生年月日和暦と生年月日の不一致 — 生年月日和暦 differs from 生年月日."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from conformance.core.messages import Message, Quoted
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.rules.cross.base import Hit, RowRule, RowView
from conformance.rules.cross.state import Column
from conformance.schema.model import UNKNOWN_COMPANION_SUFFIX
from conformance.types.wareki import wareki_ymd

META = RuleMeta(
    id="X11",
    severity=Severity.ERROR,
    scope="row",
    title_ja="生年月日和暦と生年月日の不一致",
    title_en="生年月日和暦 differs from 生年月日",
    source="§8, §12.12; INFERRED",
    explanation_ja=(
        "生年月日和暦と生年月日は同じ年月日を表すこと（§5の換算のみで比較し、実在日の検査はしない。暦外の組も比較する）。"
    ),
    explanation_en=(
        "生年月日和暦 and 生年月日 denote the same (year, month, day) by the §5 "
        "arithmetic, without a calendar test (暦外 pairs are compared too)"
        "."
    ),
)


class X11WarekiMatchesBirth(RowRule):
    meta = META
    items = ("生年月日", "生年月日和暦")
    DIFFERS = Message(
        "X11.differs",
        "生年月日和暦（西暦 {denoted}）が生年月日と一致しません。",
        "生年月日和暦 (= {denoted}) does not denote the same day as 生年月日.",
    )

    def check(self, row: RowView) -> Iterable[Hit]:
        g, w = row.known("生年月日"), row.known("生年月日和暦")
        if g is None or w is None or row.raw.get("生年月日" + UNKNOWN_COMPANION_SUFFIX) is not None:
            return ()
        ymd = wareki_ymd(w, self.ctx.schema.eras)
        try:
            greg = (int(g[0:4]), int(g[5:7]), int(g[8:10]))
        except ValueError:
            return ()
        if ymd is not None and ymd != greg:
            shown = "{:04d}-{:02d}-{:02d}".format(*ymd)
            return (
                self.hit(row.line, "生年月日和暦", self.DIFFERS, denoted=Quoted(shown, "生年月日和暦")),
            )
        return ()

    def may_fire(self, column: Column) -> pl.Expr:
        eras = self.ctx.schema.eras
        w, g = column("生年月日和暦"), column("生年月日")
        first_year = w.str.slice(0, 1).replace_strict(
            [e.code for e in eras], [e.first_year for e in eras], default=None, return_dtype=pl.Int64
        )
        year = first_year + w.str.slice(1, 2).cast(pl.Int64, strict=False) - 1
        same = (year == g.str.slice(0, 4).cast(pl.Int64, strict=False)) & (
            w.str.slice(3, 4) == g.str.slice(5, 2) + g.str.slice(8, 2)
        )
        return w.is_not_null() & g.is_not_null() & ~same.fill_null(False)


RULE = X11WarekiMatchesBirth
