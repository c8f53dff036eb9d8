"""The item checker: the one definition of the value-level rules (spec §3.4: C1–C9 with F8–F15).

This module only orchestrates: the データ型 unit (``conformance.types``) checks the type, the character
rules (``characters``) do step 1, and the rule units (``conformance.rules.item``) word every fault. What is
decided here is what §3.4 and §6 decide: C1/C2 with the 条件, the 不詳可 companion, the 暦外可 mode, the
order of the steps, and C4–C8.

``compile_layout`` turns each layout item into an :class:`ItemCheck` with everything precompiled.
``ItemCheck.check`` runs on every field of every row, so it returns a shared empty list for the common
clean value and memoises results of repeated values (codes, dates, flags) in a bounded per-item cache. The
lists it returns are shared: never mutate them.

Order for a non-NULL value (§3.4): (1) F11, F12, F13, F15, all that apply — stop if F12 or F13 gave an
error; (2) the type check (F8, F9, F10, C3 or C9) — stop if it fails; (3) C4, C5, C6, C7, C8, each on its
own. A NULL gets only C1/C2. Messages name limits, tables and offending characters but never quote the
value itself (identifying data is masked by the report, from ``Finding.value``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

from conformance.core.messages import Localized, Message, Param, Params, Quoted, params_of
from conformance.core.severity import Severity
from conformance.rules.item import (
    c1_required,
    c2_conditionally_required,
    c4_max_length,
    c5_min_length,
    c6_code_table,
    c7_format,
    c8_check_digit,
)
from conformance.rules.items.characters import faults_of
from conformance.schema import conditions
from conformance.schema.model import CONDITIONAL, REQUIRED, UNKNOWN_COMPANION_SUFFIX, Item, Layout, SchemaSet
from conformance.types.base import (
    LENGTHS,
    CompiledType,
    DataType,
    Facts,
    LengthMode,
    TypeCompileError,
    ValueFault,
)
from conformance.types.chars import CharConfig, CharScanner, scanner
from conformance.types.checkdigits import CHECK_DIGITS, CheckDigit, M11Remainder1
from conformance.types.decimal import CompiledDecimal
from conformance.types.regex import backtracking_risk
from conformance.types.registry import DATA_TYPES, by_name
from conformance.types.wareki import EraTable, era_table

__all__ = ["ItemCheck", "ItemSchemaError", "Result", "char_config", "compile_layout"]

Row = Mapping[str, "str | None"]
Result = tuple[list[ValueFault], bool]

_NO_FAULTS: Final[list[ValueFault]] = []  # shared: callers must not mutate results
_OK: Final[Result] = (_NO_FAULTS, False)
_CACHE_LIMIT: Final = 4096  # distinct values memoised per item and mode (names and addresses overflow it)
_E: Final = Severity.ERROR


class ItemSchemaError(ValueError):
    """A layout item that cannot be compiled into checks (bad 書式 regex, unknown type, bad condition …)."""

    def __init__(self, layout: str, item: str, problem: str) -> None:
        self.layout = layout
        self.item = item
        self.problem = problem
        super().__init__(f"layout {layout}, item {item}: {problem}")


def _fault(rule: str, message: Message, params: Params = (), severity: Severity = _E) -> ValueFault:
    return ValueFault(rule, severity, message, params)


class ItemCheck:
    """The compiled checks of one layout item; see the module docstring for the order of checks."""

    __slots__ = (
        "_c6_message",
        "_c6_params",
        "_c7_message",
        "_c7_params",
        "_c8",
        "_c8_fault",
        "_caches",
        "_codes",
        "_companion",
        "_condition",
        "_length",
        "_length_mode",
        "_m11",
        "_max",
        "_min",
        "_nc_always",
        "_nc_condition",
        "_nc_varies",
        "_null_fault",
        "_regex",
        "_scan",
        "_type_check",
        "_unknown_always",
        "_unknown_condition",
        "compiled_type",
        "data_type",
        "item",
    )

    def __init__(
        self, item: Item, layout: Layout, schema: SchemaSet, chars: CharScanner, eras: EraTable
    ) -> None:
        self.item = item
        here = layout.name

        def fail(problem: str) -> ItemSchemaError:
            return ItemSchemaError(here, item.name, problem)

        data_type = by_name(item.data_type)
        if data_type is None:
            raise fail(f"unknown データ型 {item.data_type!r} (known: {', '.join(sorted(DATA_TYPES))})")
        self.data_type: DataType = data_type
        self._scan = chars.scan
        settings = schema.settings
        self._m11: M11Remainder1 = settings.m11_remainder1

        # 必須 / 条件 (C1, C2).
        self._condition: conditions.Condition | None = None
        if item.required == CONDITIONAL:
            if not item.condition:
                raise fail("必須 is △ but 条件 is empty")
            self._condition = self._parse(item.condition, "条件", layout, fail)
        elif item.required not in (REQUIRED, ""):
            raise fail(f"必須 must be ○, △ or empty, not {item.required!r}")

        # 不詳可 (§6): a companion <項目名>不詳表記 may stand in for the value.
        self._unknown_always, self._unknown_condition = self._flag(
            item.unknown_allowed, "不詳可", layout, fail
        )
        self._companion: str | None = None
        if self._unknown_always or self._unknown_condition is not None:
            self._companion = item.name + UNKNOWN_COMPANION_SUFFIX
            if not layout.has(self._companion):
                raise fail(f"不詳可 needs the companion item {self._companion} in the layout")

        # 暦外可 (§6): only meaningful for dates; a 不詳可 date with a companion is also checked as 暦外可.
        self._nc_always, self._nc_condition = self._flag(item.non_calendar_allowed, "暦外可", layout, fail)
        self._nc_varies = (
            data_type.non_calendar
            and not self._nc_always
            and (self._nc_condition is not None or self._companion is not None)
        )

        # The NULL fault (C1 or C2) is constant: build it once.
        self._null_fault: list[ValueFault] = []
        companion = {} if self._companion is None else {"companion": self._companion}
        if item.required == REQUIRED:
            message = c1_required.NULL if self._companion is None else c1_required.NULL_WITH_COMPANION
            self._null_fault = [_fault("C1", message, params_of(companion))]
        elif item.required == CONDITIONAL:
            unit = c2_conditionally_required
            message = unit.NULL if self._companion is None else unit.NULL_WITH_COMPANION
            self._null_fault = [
                _fault("C2", message, params_of({"condition": item.condition or "", **companion}))
            ]

        # The type (step 2), which may read the 書式 as its own (小数 p.s).
        facts = Facts(
            item.max_length, item.min_length, item.code_table, item.format, bool(item.non_calendar_allowed)
        )
        try:
            self.compiled_type: CompiledType = data_type.compile(facts, eras)
        except TypeCompileError as exc:
            raise fail(str(exc)) from None
        # No type check for 文字列 and コード: skipped on the hot path rather than called.
        self._type_check = None if data_type.rule is None else self.compiled_type.check

        # 書式 otherwise: a check-digit name (C8) or a regular expression (C7).
        self._c8: CheckDigit | None = None
        self._c8_fault: ValueFault | None = None
        self._regex: re.Pattern[str] | None = None
        self._c7_message: Message | None = None
        self._c7_params: dict[str, Param] = {}
        fmt = item.format or None
        if fmt is not None and not data_type.reads_format:
            if fmt in CHECK_DIGITS:
                self._c8 = cd = CHECK_DIGITS[fmt]
                severity = Severity.WARNING if cd.warning else _E
                self._c8_fault = _fault(
                    "C8", c8_check_digit.wrong(cd), params_of({"format": cd.name}), severity
                )
            else:
                try:
                    self._regex = re.compile(fmt)
                except (re.error, RecursionError, OverflowError) as exc:
                    raise fail(f"書式 is not a valid regular expression: {exc}") from None
                risk = backtracking_risk(fmt)  # the schema loader refuses it; a Layout built in code too
                if risk is not None:
                    raise fail(f"書式 could take exponential time to match: {risk}")
                words = schema.format_descriptions.get(fmt)
                if words is None:
                    self._c7_message, self._c7_params = c7_format.NO_MATCH_UNDESCRIBED, {}
                else:
                    self._c7_message = c7_format.NO_MATCH
                    self._c7_params = {
                        "name": Localized(words.name_ja, words.name_en),
                        "description": Localized(words.description_ja, words.description_en),
                    }

        # コード表 (C6).
        self._codes: frozenset[str] | None = None
        self._c6_message: Message | None = None
        self._c6_params: dict[str, Param] = {}
        if item.code_table:
            table = schema.code_tables.get(item.code_table)
            if table is None:
                raise fail(f"コード表 {item.code_table!r} is not a loaded code table")
            self._codes = table.values
            params: dict[str, Param] = {"table": item.code_table}
            if len(table.codes) <= c6_code_table.MAX_LISTED:
                message = c6_code_table.NOT_LISTED_CODE
                params["codes"] = Localized(
                    "、".join(f"{c.code} {c.label}" for c in table.codes),
                    ", ".join(f"{c.code} {c.label}" for c in table.codes),
                )
            else:
                message = c6_code_table.NOT_COUNTED_CODE
                params["count"] = len(table.codes)
            self._c6_message, self._c6_params = message, params

        # Lengths (F14, C4, C5).
        self._max = item.max_length if self.compiled_type.max_length_applies else None
        self._min = item.min_length
        byte_names = settings.byte_length_items
        files = [name for name, spec in schema.files.items() if spec.layout.name == here]
        qualified = {item.name, f"{here}:{item.name}"} | {f"{f}:{item.name}" for f in files}
        self._length_mode: LengthMode = "bytes" if byte_names & qualified else data_type.length_mode
        self._length: Callable[[str], int] = LENGTHS[self._length_mode]
        self._caches: tuple[dict[str, Result], dict[str, Result]] = ({}, {})

    # --- read-only views of the compiled facts (for the vectorised prefilter) ------------------------

    @property
    def required_condition(self) -> conditions.Condition | None:
        """The 条件 of a △ item (None for ○ and optional items)."""
        return self._condition

    @property
    def null_is_fault(self) -> bool:
        """True when a NULL can give C1/C2 (○ or △ item)."""
        return bool(self._null_fault)

    @property
    def unknown_companion(self) -> str | None:
        """The companion <項目名>不詳表記 of a 不詳可 item (§6), else None."""
        return self._companion

    @property
    def unknown_rule(self) -> tuple[bool, conditions.Condition | None]:
        """不詳可 as (always, condition)."""
        return self._unknown_always, self._unknown_condition

    @property
    def non_calendar_rule(self) -> tuple[bool, conditions.Condition | None, bool]:
        """暦外可 as (always, condition, varies): ``varies`` is True when the mode depends on the row."""
        return self._nc_always, self._nc_condition, self._nc_varies

    @property
    def format_regex(self) -> re.Pattern[str] | None:
        """The compiled 書式 regular expression (C7), if the 書式 is one."""
        return self._regex

    @property
    def decimal_scale(self) -> tuple[int, int] | None:
        """(p, s) of a 小数 item's 書式 ``p.s``."""
        compiled = self.compiled_type
        return compiled.scale if isinstance(compiled, CompiledDecimal) else None

    @property
    def codes(self) -> frozenset[str] | None:
        """The codes of the item's コード表 (C6), if it names one."""
        return self._codes

    @property
    def check_digit(self) -> CheckDigit | None:
        """The 書式's check-digit algorithm (C8), if the 書式 names one."""
        return self._c8

    @property
    def m11_remainder1(self) -> M11Remainder1:
        """The ``m11_remainder1`` setting the check digit runs with."""
        return self._m11

    @property
    def length_limits(self) -> tuple[int | None, int | None]:
        """The effective (最大桁数, 最小桁数) of C4/C5 (a 小数's maximum is None: its 書式 governs)."""
        return self._max, self._min

    @property
    def length_mode(self) -> LengthMode:
        """How F14 counts: ``bytes`` (byte-length mode), ``digits`` (number types) or ``chars``."""
        return self._length_mode

    # --- compile helpers -----------------------------------------------------------------------------

    @staticmethod
    def _parse(
        text: str, column: str, layout: Layout, fail: Callable[[str], ItemSchemaError]
    ) -> conditions.Condition:
        try:
            cond = conditions.parse(text)
        except conditions.ConditionSyntaxError as exc:
            raise fail(f"{column}: {exc}") from None
        unknown = sorted(n for n in cond.names if not layout.has(n))
        if unknown:
            raise fail(f"{column} {text!r} names items that are not in the layout: {', '.join(unknown)}")
        return cond

    def _flag(
        self, text: str | None, column: str, layout: Layout, fail: Callable[[str], ItemSchemaError]
    ) -> tuple[bool, conditions.Condition | None]:
        """A ○ / blank / condition column as (always, condition)."""
        if not text:
            return False, None
        if text == REQUIRED:
            return True, None
        return False, self._parse(text, column, layout, fail)

    # --- the hot path --------------------------------------------------------------------------------

    def _unknown_active(self, row: Row) -> bool:
        """不詳可 applies and the companion 不詳表記 is filled in."""
        if self._companion is None or row.get(self._companion) is None:
            return False
        return self._unknown_always or (
            self._unknown_condition is not None and self._unknown_condition.evaluate(row)
        )

    def _non_calendar(self, row: Row) -> bool:
        if self._nc_always:
            return True
        if self._nc_condition is not None and self._nc_condition.evaluate(row):
            return True
        return self._unknown_active(row)

    def check(self, value: str | None, row: Row) -> Result:
        """Faults of this item in this row, and whether the value *failed* (§3.4: an error in steps 1–3).

        ``value`` is the raw field (None for NULL); ``row`` maps every 項目名 of the record to its raw
        value. The returned list is shared and must not be mutated.
        """
        if value is None:
            if not self._null_fault:
                return _OK
            if self._condition is not None and not self._condition.evaluate(row):
                return _OK
            if self._companion is not None and self._unknown_active(row):
                return _OK
            return (self._null_fault, False)
        nc = self._non_calendar(row) if self._nc_varies else self._nc_always
        cache = self._caches[1 if nc else 0]
        hit = cache.get(value)
        if hit is not None:
            return hit
        result = self._check_value(value, nc)
        if len(cache) < _CACHE_LIMIT:
            cache[value] = result
        return result

    def _check_value(self, value: str, nc: bool) -> Result:
        found = self._scan(value)
        faults: list[ValueFault] = []
        failed = False
        if found is not None:
            faults.extend(faults_of(found))
            for fault in faults:
                if fault.severity is _E:
                    failed = True
                    if fault.rule in ("F12", "F13"):
                        return faults, True
        if self._type_check is not None:
            type_fault = self._type_check(value, nc)
            if type_fault is not None:
                faults.append(type_fault)
                return faults, True
        if self._max is not None or self._min is not None:
            n = self._length(value)
            if self._max is not None and n > self._max:
                params = params_of({"n": n, "limit": self._max})
                faults.append(_fault("C4", c4_max_length.TOO_LONG[self._length_mode], params))
                failed = True
            if self._min is not None and n < self._min:
                params = params_of({"n": n, "limit": self._min})
                faults.append(_fault("C5", c5_min_length.TOO_SHORT[self._length_mode], params))
                failed = True
        if self._c6_message is not None and self._codes is not None and value not in self._codes:
            # the value says which code was wrong (masked in reports when its item is identifying)
            quoted = Quoted(value, self.item.name)
            faults.append(_fault("C6", self._c6_message, params_of({**self._c6_params, "value": quoted})))
            failed = True
        if self._c7_message is not None and self._regex is not None and self._regex.fullmatch(value) is None:
            quoted = Quoted(value, self.item.name)
            faults.append(_fault("C7", self._c7_message, params_of({**self._c7_params, "value": quoted})))
            failed = True
        c8 = self._c8
        if c8 is not None and self._c8_fault is not None and c8.applies(value) and not c8(value, self._m11):
            faults.append(self._c8_fault)
            failed = failed or not c8.warning
        if not faults:
            return _OK
        return faults, failed


def char_config(schema: SchemaSet) -> CharConfig:
    """The character configuration of a schema set (機種依存文字, 外字 map, extra repertoire, MJ tables)."""
    settings = schema.settings
    moji = settings.moji.repertoire if settings.moji is not None else None
    return CharConfig.of(
        schema.platform_dependent,
        settings.pua_map,
        settings.extra_repertoire,
        moji,
        settings.effective_repertoire,
    )


def compile_layout(layout: Layout, schema: SchemaSet) -> list[ItemCheck]:
    """One :class:`ItemCheck` per layout item, in layout order; raises :class:`ItemSchemaError`."""
    chars = scanner(char_config(schema))
    eras = era_table(schema.eras)
    return [ItemCheck(item, layout, schema, chars, eras) for item in layout.items]
