"""Checks of a layout that a single item row cannot show, shared by the loader and the sheet importer.

Type-specific problems (a 小数 without 書式 p.s, a コード without a コード表, 暦外可 on a type it does not
fit) come from the データ型 units through the type registry; the rest (numbering, unique names, 条件, the
不詳表記 companion, 書式 regexes) are the sheet's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, NamedTuple

from conformance.schema.conditions import ConditionSyntaxError
from conformance.schema.conditions import parse as parse_condition
from conformance.schema.model import CONDITIONAL, REQUIRED, UNKNOWN_COMPANION_SUFFIX
from conformance.types.base import Facts
from conformance.types.checkdigits import CHECK_DIGITS
from conformance.types.regex import backtracking_risk
from conformance.types.registry import by_name
from conformance.types.registry import layout_problems as type_problems

__all__ = ["CERTAINTIES", "COLUMNS", "ItemProblem", "condition_problem", "layout_problems"]

# The 14 columns of a 基本データリスト-like sheet in spec §3.1 order (also the key order of layout JSON).
COLUMNS: Final[tuple[str, ...]] = (
    "項目番号",
    "項目名",
    "データ型",
    "最大桁数",
    "最小桁数",
    "必須",
    "コード表",
    "書式",
    "不詳可",
    "暦外可",
    "条件",
    "備考",
    "確度",
    "根拠",
)
CERTAINTIES: Final[tuple[str, ...]] = ("VERIFIED", "INFERRED")


class ItemProblem(NamedTuple):
    position: int  # index in the items list
    column: str  # one of COLUMNS
    problem: str


def layout_problems(items: Sequence[Mapping[str, Any]]) -> list[ItemProblem]:
    """Problems of a layout that a single item row cannot show; items are already type-correct."""
    problems: list[ItemProblem] = []
    names = {str(item["項目名"]) for item in items}
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        name = str(item["項目名"])
        dtype = item["データ型"]

        def add(column: str, problem: str, index: int = index) -> None:
            problems.append(ItemProblem(index, column, problem))

        if item["項目番号"] != index + 1:
            add("項目番号", f"expected {index + 1}: 項目番号 is the column position, numbered 1..n in order")
        if name in seen:
            add("項目名", f"duplicate 項目名 {name!r} (also item {seen[name]})")
        seen.setdefault(name, index + 1)
        low, high = item["最小桁数"], item["最大桁数"]
        if low is not None and high is not None and low > high:
            add("最小桁数", f"最小桁数 {low} is greater than 最大桁数 {high}")
        data_type = by_name(dtype)
        facts = Facts(high, low, item["コード表"], item["書式"], item["暦外可"] is not None)
        for column, text in [] if data_type is None else type_problems(data_type, facts):
            add(column, text)
        fmt = item["書式"]
        if (
            fmt is not None
            and not (data_type is not None and data_type.reads_format)
            and fmt not in CHECK_DIGITS
        ):
            try:
                re.compile(fmt)
            except (re.error, RecursionError, OverflowError) as exc:
                add(
                    "書式",
                    f"not a check-digit name ({', '.join(sorted(CHECK_DIGITS))}) "
                    f"nor a valid regular expression: {exc}",
                )
            else:
                risk = backtracking_risk(fmt)
                if risk is not None:
                    add(
                        "書式",
                        f"this regular expression could take exponential time to match ({risk}); "
                        "rewrite it without nested or ambiguous repeats, or bound the inner count ({1,n})",
                    )
        required, condition = item["必須"], item["条件"]
        if required == CONDITIONAL and condition is None:
            add("条件", "a △ (conditionally required) item needs a 条件")
        if condition is not None and required != CONDITIONAL:
            add("条件", f"a 条件 is only meaningful on a △ item (必須 is {required or 'blank'})")
        if item["不詳可"] is not None and name + UNKNOWN_COMPANION_SUFFIX not in names:
            add(
                "不詳可",
                f"不詳可 needs the companion item {name + UNKNOWN_COMPANION_SUFFIX!r} in the same layout",
            )
        for column in ("条件", "不詳可", "暦外可"):
            text = item[column]
            if text is None or (column != "条件" and text == REQUIRED):
                continue
            problem = condition_problem(text, names)
            if problem:
                add(column, problem)
    return problems


def condition_problem(text: str, names: Iterable[str]) -> str | None:
    """Why a condition cannot be used in a layout with these item names, or None."""
    try:
        used = parse_condition(text).names
    except ConditionSyntaxError as exc:
        return f"does not parse: {exc}"
    unknown = sorted(set(used) - set(names))
    if unknown:
        return f"condition {text!r} names {', '.join(map(repr, unknown))}, not an item of this layout"
    return None
