"""The condition language of 条件 / 不詳可 / 暦外可 (spec §3.3), parsed by hand (never ``eval``).

Grammar::

    expr  := and ( " or " and )*
    and   := unary ( " and " unary )*
    unary := "not " unary | "(" expr ")" | atom
    atom  := NAME "=" VALUES | NAME "!=" VALUES | NAME " is null" | NAME " is not null"
    VALUES:= VALUE ( "|" VALUE )*

Values are compared as exact strings with the raw field; NULL is ``None``. ``A=v`` and ``A!=v`` are both
false when A is NULL. The parser is lenient about the amount of white space between tokens (the grammar's
single spaces are a convention of the sheets, not a meaning). A NAME or VALUE is any run of characters
other than white space, ``(``, ``)``, ``|``, ``=`` and ``!=``; ``and``/``or``/``not``/``is``/``null`` are
keywords where the grammar expects them. Parsed conditions are immutable and cached by text.

Each node is built twice from the same parse: a closure over a row dict for the reference path
(``evaluate``) and a polars expression builder for the fast path (``to_expr``), so the two cannot drift
apart in what they compare or how they treat NULL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # polars is only needed by the vectorised path; the reference path never imports it
    import polars as pl

__all__ = ["Column", "Condition", "ConditionSyntaxError", "parse"]

Row = Mapping[str, "str | None"]
_Eval = Callable[[Row], bool]
Column = Callable[[str], "pl.Expr"]  # 項目名 -> the expression of its raw value (pl.String, null for NULL)
_Build = Callable[[Column], "pl.Expr"]  # a condition as a polars expression builder (never null)
_Node = tuple[_Eval, _Build]
_STOP = frozenset(" \t()|=")


class ConditionSyntaxError(ValueError):
    """A condition that does not follow §3.3; ``position`` is the 0-based offset of the problem."""

    def __init__(self, text: str, position: int, problem: str) -> None:
        self.text = text
        self.position = position
        self.problem = problem
        super().__init__(f"condition {text!r}: {problem} at position {position + 1}")


class Condition:
    """A parsed condition: ``evaluate(row)``, its vectorised twin ``to_expr``, the item ``names`` it reads."""

    __slots__ = ("_build", "_fn", "names", "text")

    def __init__(self, text: str, fn: _Eval, names: frozenset[str], build: _Build | None = None) -> None:
        self.text = text
        self._fn = fn
        self.names = names
        self._build = build

    def evaluate(self, row: Row) -> bool:
        """True when the condition holds on ``row`` (項目名 → raw value, None for NULL)."""
        return self._fn(row)

    def to_expr(self, column: Column) -> pl.Expr:
        """The condition as a boolean polars expression with the same §3.3 semantics as ``evaluate``.

        ``column(name)`` gives the raw value of an item (null for NULL; an item absent from the file is
        ``pl.lit(None, pl.String)``). The result is never null: ``A=v``/``A!=v`` are False on a NULL ``A``,
        exactly like ``evaluate``, so the fast path and the reference agree row by row.
        """
        if self._build is None:
            raise TypeError(f"condition {self.text!r} was built without an expression form")
        return self._build(column)

    def __repr__(self) -> str:
        return f"Condition({self.text!r})"


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.names: set[str] = set()

    def error(self, problem: str, pos: int | None = None) -> ConditionSyntaxError:
        return ConditionSyntaxError(self.text, self.pos if pos is None else pos, problem)

    def skip(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1

    def word(self) -> str:
        """The next NAME/VALUE/keyword (after white space); '' if none starts here."""
        self.skip()
        start = self.pos
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in _STOP or (ch == "!" and text.startswith("!=", self.pos)):
                break
            self.pos += 1
        return text[start : self.pos]

    def peek_keyword(self, keyword: str) -> bool:
        """True (and consumed) when the next word is ``keyword`` followed by a boundary."""
        self.skip()
        end = self.pos + len(keyword)
        if not self.text.startswith(keyword, self.pos):
            return False
        if end < len(self.text) and self.text[end] not in " \t()":
            return False
        self.pos = end
        return True

    def parse(self) -> _Node:
        self.skip()
        if self.pos >= len(self.text):
            raise self.error("empty condition")
        node = self.expr()
        self.skip()
        if self.pos < len(self.text):
            raise self.error("unexpected text (expected 'and', 'or' or the end)")
        return node

    def expr(self) -> _Node:
        parts = [self.conj()]
        while self.peek_keyword("or"):
            parts.append(self.conj())
        if len(parts) == 1:
            return parts[0]
        alts = tuple(p for p, _ in parts)
        builds = tuple(b for _, b in parts)
        return (lambda row: any(p(row) for p in alts)), lambda col: _fold(builds, col, either=True)

    def conj(self) -> _Node:
        parts = [self.unary()]
        while self.peek_keyword("and"):
            parts.append(self.unary())
        if len(parts) == 1:
            return parts[0]
        alls = tuple(p for p, _ in parts)
        builds = tuple(b for _, b in parts)
        return (lambda row: all(p(row) for p in alls)), lambda col: _fold(builds, col, either=False)

    def unary(self) -> _Node:
        if self.peek_keyword("not"):
            inner, build = self.unary()
            return (lambda row: not inner(row)), lambda col: ~build(col)
        self.skip()
        if self.text.startswith("(", self.pos):
            open_at = self.pos
            self.pos += 1
            group = self.expr()
            self.skip()
            if not self.text.startswith(")", self.pos):
                raise self.error(f"missing ')' (the '(' is at position {open_at + 1})")
            self.pos += 1
            return group
        return self.atom()

    def atom(self) -> _Node:
        start = self.pos
        name = self.word()
        if not name:
            raise self.error("expected an item name", start)
        if name in ("and", "or", "is", "null"):
            raise self.error(f"expected an item name, found keyword '{name}'", start)
        self.names.add(name)
        self.skip()
        text = self.text
        if text.startswith("!=", self.pos):
            self.pos += 2
            values = self.values()
            return (
                lambda row: (v := row.get(name)) is not None and v not in values,
                lambda col: _member(col(name), values, negate=True),
            )
        if text.startswith("=", self.pos):
            self.pos += 1
            values = self.values()
            return (
                lambda row: (v := row.get(name)) is not None and v in values,
                lambda col: _member(col(name), values, negate=False),
            )
        if self.peek_keyword("is"):
            negated = self.peek_keyword("not")
            if not self.peek_keyword("null"):
                raise self.error(
                    "expected 'null' after 'is not'" if negated else "expected 'null' after 'is'"
                )
            if negated:
                return (lambda row: row.get(name) is not None), lambda col: col(name).is_not_null()
            return (lambda row: row.get(name) is None), lambda col: col(name).is_null()
        raise self.error(f"expected '=', '!=', 'is null' or 'is not null' after '{name}'")

    def values(self) -> frozenset[str]:
        found: list[str] = []
        while True:
            self.skip()
            start = self.pos
            value = self.word()
            if not value:
                raise self.error("expected a value", start)
            found.append(value)
            self.skip()
            if self.text.startswith("|", self.pos):
                self.pos += 1
                continue
            return frozenset(found)


def _member(value: pl.Expr, values: frozenset[str], *, negate: bool) -> pl.Expr:
    """``A=v…`` / ``A!=v…``: False when A is NULL (``is_in`` gives null there, filled with False)."""
    found = value.is_in(sorted(values))  # a plain list keeps a literal operand broadcastable
    return (~found if negate else found).fill_null(False)


def _fold(builds: tuple[_Build, ...], column: Column, *, either: bool) -> pl.Expr:
    """``or`` / ``and`` of the parts (each part is never null, so Kleene logic never enters)."""
    out = builds[0](column)
    for build in builds[1:]:
        out = (out | build(column)) if either else (out & build(column))
    return out


@lru_cache(maxsize=1024)
def parse(text: str) -> Condition:
    """Parse a §3.3 condition; raises :class:`ConditionSyntaxError` with the position of the problem."""
    parser = _Parser(text)
    fn, build = parser.parse()
    return Condition(text, fn, frozenset(parser.names), build)
