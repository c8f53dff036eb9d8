"""Python regular expressions and code-point sets as polars (Rust ``regex``) patterns.

The fast path tests values with Rust regexes, while the one definition of every check is Python. So a Rust
pattern is never written by hand from a Python one: :func:`translate_regex` builds it from Python's own
parse tree, and :func:`char_class` spells a set of code points out as explicit ranges. Code points are
always written ``\\x{…}`` and classes as ranges, so no escape or Unicode table can mean something else in
the other engine.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Final

import polars as pl

__all__ = [
    "MAX_REGEX_REPEAT",
    "backtracking_risk",
    "char_class",
    "code_point",
    "code_point_runs",
    "runs_class",
    "translate_regex",
]

#: The largest repeat count a type writes into a polars regex; a larger 最大桁数 or 書式 p.s is checked by
#: length instead (polars' compiled-regex size limit refuses ``[0-9]{1,100000}``, and the run would fail).
MAX_REGEX_REPEAT: Final = 1000

_sre_parser: Any = importlib.import_module("re._parser")  # Python's regex syntax tree (no public API)
_MAXREPEAT: Final[int] = int(importlib.import_module("re._constants").MAXREPEAT)
_SURROGATES: Final = (0xD800, 0xDFFF)  # never in a polars string; a Rust regex cannot name them
_ALLOWED_FLAGS: Final = re.UNICODE | re.VERBOSE | re.DOTALL


def code_point(cp: int) -> str:
    """One code point as a Rust regex escape."""
    return f"\\x{{{cp:X}}}"


def code_point_runs(cps: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted disjoint (lo, hi) runs of the code points, surrogates left out."""
    out: list[tuple[int, int]] = []
    for cp in sorted(set(cps)):
        if _SURROGATES[0] <= cp <= _SURROGATES[1]:
            continue
        if out and cp == out[-1][1] + 1:
            out[-1] = (out[-1][0], cp)
        else:
            out.append((cp, cp))
    return out


def runs_class(runs: Iterable[tuple[int, int]]) -> str | None:
    """A Rust character class of the runs, or None when there are none."""
    body = "".join(code_point(lo) if lo == hi else f"{code_point(lo)}-{code_point(hi)}" for lo, hi in runs)
    return f"[{body}]" if body else None


def char_class(cps: Iterable[int]) -> str | None:
    """A Rust character class of the code points, or None when there are none."""
    return runs_class(code_point_runs(cps))


class _Untranslatable(Exception):
    """A construct whose Rust meaning could differ from Python's (or that Rust lacks)."""


def _literal(cp: int) -> str:
    if _SURROGATES[0] <= cp <= _SURROGATES[1]:
        raise _Untranslatable("surrogate")
    return code_point(cp)


def _class(items: list[tuple[Any, Any]]) -> str:
    negate = False
    body: list[str] = []
    for op, av in items:
        name = str(op)
        if name == "NEGATE":
            negate = True
        elif name == "LITERAL":
            body.append(_literal(av))
        elif name == "RANGE":
            lo, hi = av
            if lo <= _SURROGATES[1] and hi >= _SURROGATES[0]:
                raise _Untranslatable("surrogate range")
            body.append(f"{code_point(lo)}-{code_point(hi)}")
        else:  # CATEGORY (\d, \w, \s …): the Unicode tables of Python and Rust may differ
            raise _Untranslatable(name)
    if not body:
        raise _Untranslatable("empty class")
    return f"[{'^' if negate else ''}{''.join(body)}]"


def _emit(sub: Any, *, dotall: bool, top: bool) -> str:
    data = list(sub.data)
    out: list[str] = []
    for i, (op, av) in enumerate(data):
        name = str(op)
        if name == "LITERAL":
            out.append(_literal(av))
        elif name == "NOT_LITERAL":
            out.append(f"[^{_literal(av)}]")
        elif name == "ANY":
            out.append(r"[\x{0}-\x{10FFFF}]" if dotall else r"[^\n]")
        elif name == "IN":
            out.append(_class(av))
        elif name == "BRANCH":
            out.append("(?:" + "|".join(_emit(s, dotall=dotall, top=False) for s in av[1]) + ")")
        elif name == "SUBPATTERN":
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                raise _Untranslatable("scoped flags")
            out.append("(?:" + _emit(inner, dotall=dotall, top=False) + ")")
        elif name in ("MAX_REPEAT", "MIN_REPEAT"):  # greedy or lazy: the same for a whole-value match
            lo, hi, inner = av
            count = f"{{{lo},}}" if hi >= _MAXREPEAT else f"{{{lo},{hi}}}"
            out.append("(?:" + _emit(inner, dotall=dotall, top=False) + ")" + count)
        elif (
            name == "AT"
            and top
            and (
                (i == 0 and str(av) in ("AT_BEGINNING", "AT_BEGINNING_STRING"))
                or (i == len(data) - 1 and str(av) in ("AT_END", "AT_END_STRING"))
            )
        ):
            continue  # ^ first / $ last at the top level: always true in a whole-value match
        else:  # other anchors, back-references, look-arounds, atomic/possessive groups, categories
            raise _Untranslatable(name)
    return "".join(out)


@lru_cache(maxsize=256)
def _translate(pattern: str, flags: int) -> str | None:
    try:
        tree = _sre_parser.parse(pattern, flags)
        if tree.state.flags & ~_ALLOWED_FLAGS:  # IGNORECASE, MULTILINE, ASCII … (also inline (?i) etc.)
            return None
        body = _emit(tree, dotall=bool(tree.state.flags & re.DOTALL), top=True)
    except (_Untranslatable, re.error, RecursionError):
        return None
    rust = f"^(?:{body})$"
    try:  # Rust may still refuse it (size limits of huge repetitions …): then it is not translatable
        pl.select(pl.lit("", pl.String).str.contains(rust))
    except pl.exceptions.PolarsError:
        return None
    return rust


def translate_regex(regex: re.Pattern[str]) -> str | None:
    """An anchored polars (Rust) regex matching exactly the strings ``regex.fullmatch`` matches, or None.

    Constructs whose meaning may differ between the two engines — Unicode categories (``\\d``, ``\\w``,
    ``\\s``), case folding, multi-line anchors, ``^``/``$`` other than at the ends, word boundaries,
    back-references, look-arounds, possessive or atomic groups — give None.
    """
    return _translate(regex.pattern, regex.flags)


#: A repeat with more than this many iterations counts as "large" for :func:`backtracking_risk`.
_LARGE_REPEAT: Final = 16


def backtracking_risk(pattern: str) -> str | None:
    """Why matching ``pattern`` with Python's backtracking ``re`` may take exponential (or high polynomial)
    time, or None. Both engines run the scalar check in Python, so a user 書式 such as ``^(a+)+$`` would
    hang both on a 35-character value: such a pattern is refused at schema load instead.

    Refused, conservatively: an unbounded repeat inside a repeat of more than one iteration
    (``(a+)+``, ``(a*){3}``); any variable-count repeat inside a large or unbounded repeat (``(a?){30}``);
    alternatives that may start alike inside a large or unbounded repeat (``(a|ab)+``); a back-reference
    inside a repeat. A bounded inner count or distinct first letters are fine (``(の(?:夫|妻)){0,3}``).
    """
    try:
        tree = _sre_parser.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None  # not a valid pattern: the caller says so
    try:
        return _risk(list(tree), outer=0)
    except RecursionError:
        return "the pattern is nested too deeply to be checked"


def _risk(data: list[tuple[Any, Any]], outer: int) -> str | None:
    """``outer``: the largest iteration count of the repeats around ``data`` (0: none)."""
    for op, av in data:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            lo, hi, inner = av
            unbounded, variable = hi >= _MAXREPEAT, lo != hi
            if unbounded and outer > 1:
                return "an unbounded repeat (+, *, {n,}) inside another repeat, such as (a+)+"
            if variable and outer > _LARGE_REPEAT:
                return "a repeat of variable count inside a large or unbounded repeat, such as (a?)+"
            found = _risk(list(inner), max(outer, min(hi, _MAXREPEAT)))
            if found:
                return found
        elif name == "BRANCH":
            alternatives = [list(a) for a in av[1]]
            if outer > _LARGE_REPEAT and not _distinct_starts(alternatives):
                return "alternatives that may start with the same character inside a repeat, such as (a|ab)+"
            for alt in alternatives:
                found = _risk(alt, outer)
                if found:
                    return found
        elif name == "SUBPATTERN":
            found = _risk(list(av[-1]), outer)
            if found:
                return found
        elif name in ("ASSERT", "ASSERT_NOT"):
            found = _risk(list(av[1]), outer)
            if found:
                return found
        elif name == "ATOMIC_GROUP":
            found = _risk(list(av), outer)
            if found:
                return found
        elif name == "GROUPREF_EXISTS":
            for branch in av[1:]:
                if branch is not None:
                    found = _risk(list(branch), outer)
                    if found:
                        return found
        elif name == "GROUPREF" and outer > 1:
            return "a back-reference inside a repeat"
    return None


def _distinct_starts(alternatives: list[list[tuple[Any, Any]]]) -> bool:
    """Whether every alternative starts with a literal character and no two with the same one."""
    firsts = []
    for alt in alternatives:
        if not alt or str(alt[0][0]) != "LITERAL":
            return False
        firsts.append(alt[0][1])
    return len(firsts) == len(set(firsts))
