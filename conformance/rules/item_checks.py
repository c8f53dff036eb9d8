"""The item checker: the one definition of the value-level rules (spec §3.4: C1–C9 with F8–F15).

``compile_layout`` turns each layout item into an :class:`ItemCheck` with everything precompiled (regexes,
code sets, conditions, the character scanner, the era table). ``ItemCheck.check`` runs on every field of
every row, so it returns a shared empty list for the common clean value and memoises results of repeated
values (codes, dates, flags) in a bounded per-item cache. The lists it returns are shared: never mutate
them.

Order for a non-NULL value (§3.4): (1) F11, F12, F13, F15, all that apply — stop if F12 or F13 gave an
error; (2) the type check (F8, F9, F10, C3 or C9) — stop if it fails; (3) C4, C5, C6, C7, C8, each on its
own. A NULL gets only C1/C2. Messages name limits, tables and offending characters but never quote the
value itself (identifying data is masked by the report, from ``Finding.value``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Final

from conformance.core.findings import Severity
from conformance.rules.chars import CharScanner, ValueFault, byte_length, length, scanner
from conformance.rules.checkdigits import CHECK_DIGITS, CheckDigit
from conformance.rules.dates import date_problem, datetime_problem
from conformance.rules.wareki import EraTable, era_table
from conformance.schema import conditions
from conformance.schema.model import CONDITIONAL, REQUIRED, Item, Layout, M11Remainder1, SchemaSet

__all__ = [
    "KNOWN_TYPES",
    "NUMBER_TYPES",
    "TEXT_TYPES",
    "ItemCheck",
    "ItemSchemaError",
    "ValueFault",
    "compile_layout",
]

Row = Mapping[str, "str | None"]
Result = tuple[list[ValueFault], bool]

NUMBER_TYPES: Final = frozenset({"数字", "整数", "小数", "年"})
TEXT_TYPES: Final = frozenset({"全角文字列", "半角文字列", "カナ", "英字氏名"})
DATE_TYPES: Final = frozenset({"日付", "和暦日付"})
KNOWN_TYPES: Final = NUMBER_TYPES | TEXT_TYPES | DATE_TYPES | {"文字列", "コード", "日時"}
UNKNOWN_SUFFIX: Final = "不詳表記"  # §6: the companion of a 不詳可 item is <項目名>不詳表記

_NO_FAULTS: Final[list[ValueFault]] = []  # shared: callers must not mutate results
_OK: Final[Result] = (_NO_FAULTS, False)
_CACHE_LIMIT = 4096  # distinct values memoised per item and mode (names and addresses overflow it quickly)
_SCALE_RE = re.compile(r"([1-9][0-9]*)\.([0-9]+)")  # 書式 p.s of 小数
_MAX_SHOWN_PATTERN = 60
_MAX_SHOWN_CODES = 12

# §3.2 syntax of the text types: the characters each one allows.
_TEXT_ALLOWED: Final[dict[str, Callable[[str], bool]]] = {
    "全角文字列": lambda c: not (c <= "\x7f" or "\uff61" <= c <= "\uff9f"),
    "半角文字列": lambda c: "\x20" <= c <= "\x7e",
    "カナ": lambda c: "\u30a1" <= c <= "\u30fa" or c in "\u30fc\u3000",
    "英字氏名": lambda c: "A" <= c <= "Z" or c in " ,-.'",
}
_TEXT_RE: Final[dict[str, re.Pattern[str]]] = {
    "全角文字列": re.compile("[^\x00-\x7f\uff61-\uff9f]+"),
    "半角文字列": re.compile("[\x20-\x7e]+"),
    "カナ": re.compile("[\u30a1-\u30fa\u30fc\u3000]+"),
    "英字氏名": re.compile(r"[A-Z ,\-.']+"),
}
_TEXT_RULE_JA: Final = {
    "全角文字列": "全角文字列にはASCII文字・半角カナを使えません",
    "半角文字列": "半角文字列は印字可能なASCII文字（U+0020〜U+007E）のみです",
    "カナ": "カナは全角カタカナ（ァ〜ヺ）・長音記号ー・全角空白のみです（中点・は不可）",
    "英字氏名": "英字氏名は英大文字A〜Z・空白・カンマ・ハイフン・ピリオド・アポストロフィのみです",
}
_TEXT_RULE_EN: Final = {
    "全角文字列": "全角文字列 must not contain ASCII or half-width katakana",
    "半角文字列": "半角文字列 allows printable ASCII (U+0020–U+007E) only",
    "カナ": "カナ allows full-width katakana (ァ–ヺ), ー and the full-width space only (not ・)",
    "英字氏名": "英字氏名 allows A–Z, space, comma, hyphen, period and apostrophe only",
}


class ItemSchemaError(ValueError):
    """A layout item that cannot be compiled into checks (bad 書式 regex, unknown type, bad condition …)."""

    def __init__(self, layout: str, item: str, problem: str) -> None:
        self.layout = layout
        self.item = item
        self.problem = problem
        super().__init__(f"layout {layout}, item {item}: {problem}")


def _char_class(ch: str) -> tuple[str, str]:
    """A non-identifying description of one offending character: its class, or the symbol itself."""
    cp = ord(ch)
    if ch == " ":
        return "半角空白（U+0020）", "half-width space (U+0020)"
    if ch == "\u3000":
        return "全角空白（U+3000）", "full-width space (U+3000)"
    if "0" <= ch <= "9":
        return "半角数字", "half-width digits"
    if "A" <= ch <= "Z":
        return "半角英大文字", "half-width capital letters"
    if "a" <= ch <= "z":
        return "半角英小文字", "half-width small letters"
    if cp < 0x20 or cp == 0x7F:
        return f"制御文字（U+{cp:04X}）", f"control character U+{cp:04X}"
    if cp < 0x7F:
        return f"記号「{ch}」", f"symbol '{ch}'"
    if 0xFF10 <= cp <= 0xFF19:
        return "全角数字", "full-width digits"
    if 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:
        return "全角英字", "full-width letters"
    if 0xFF61 <= cp <= 0xFF9F:
        return "半角カナ", "half-width katakana"
    if 0x3041 <= cp <= 0x309F:
        return "ひらがな", "hiragana"
    if cp == 0x30FB:
        return "中点（U+30FB）", "middle dot (U+30FB)"
    if 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
        return "その他のカタカナ", "other katakana"
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0xF900 <= cp <= 0xFAFF or cp >= 0x20000:
        return "漢字", "ideographs"
    if 0xFF01 <= cp <= 0xFF5E:
        return f"全角記号「{ch}」", f"full-width symbol '{ch}'"
    return f"その他の文字（U+{cp:04X}）", f"other character U+{cp:04X}"


def _offending(value: str, allowed: Callable[[str], bool]) -> tuple[str, str]:
    """The classes of the characters of ``value`` that ``allowed`` refuses, in order of appearance."""
    ja: list[str] = []
    en: list[str] = []
    for ch in value:
        if allowed(ch):
            continue
        j, e = _char_class(ch)
        if j not in ja:
            ja.append(j)
            en.append(e)
    return "、".join(ja), ", ".join(en)


def _short(pattern: str) -> str:
    return pattern if len(pattern) <= _MAX_SHOWN_PATTERN else pattern[:_MAX_SHOWN_PATTERN] + "…"


def _is_digit(c: str) -> bool:
    return "0" <= c <= "9"


def _is_digit_or_point(c: str) -> bool:
    return "0" <= c <= "9" or c == "."


class ItemCheck:
    """The compiled checks of one layout item; see the module docstring for the order of checks."""

    __slots__ = (
        "_c8",
        "_caches",
        "_codes",
        "_codes_text",
        "_companion",
        "_condition",
        "_eras",
        "_length",
        "_length_unit",
        "_m11",
        "_max",
        "_min",
        "_nc_always",
        "_nc_condition",
        "_nc_varies",
        "_null_fault",
        "_regex",
        "_scale",
        "_scanner",
        "_table",
        "_type_check",
        "_unknown_always",
        "_unknown_condition",
        "item",
    )

    def __init__(
        self, item: Item, layout: Layout, schema: SchemaSet, chars: CharScanner, eras: EraTable
    ) -> None:
        self.item = item
        here = layout.name

        def fail(problem: str) -> ItemSchemaError:
            return ItemSchemaError(here, item.name, problem)

        if item.data_type not in KNOWN_TYPES:
            raise fail(f"unknown データ型 {item.data_type!r} (known: {', '.join(sorted(KNOWN_TYPES))})")
        self._scanner = chars
        self._eras = eras
        settings = schema.settings
        self._m11 = settings.m11_remainder1

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
            self._companion = item.name + UNKNOWN_SUFFIX
            if not layout.has(self._companion):
                raise fail(f"不詳可 needs the companion item {self._companion} in the layout")

        # 暦外可 (§6): only meaningful for dates; a 不詳可 date with a companion is also checked as 暦外可.
        self._nc_always, self._nc_condition = self._flag(item.non_calendar_allowed, "暦外可", layout, fail)
        self._nc_varies = (
            item.data_type in DATE_TYPES
            and not self._nc_always
            and (self._nc_condition is not None or self._companion is not None)
        )

        # The NULL fault (C1 or C2) is constant: build it once.
        self._null_fault: list[ValueFault] = []
        companion_ja = f"（不詳表記 {self._companion} も空）" if self._companion else ""
        companion_en = f" (and so is its companion {self._companion})" if self._companion else ""
        if item.required == REQUIRED:
            self._null_fault = [
                ValueFault(
                    "C1",
                    Severity.ERROR,
                    f"必須項目（○）が空です{companion_ja}。",
                    f"Required item (○) is empty{companion_en}.",
                )
            ]
        elif item.required == CONDITIONAL:
            self._null_fault = [
                ValueFault(
                    "C2",
                    Severity.ERROR,
                    f"条件「{item.condition}」を満たすため必須（△）ですが空です{companion_ja}。",
                    f"Required (△) because 「{item.condition}」 holds, but empty{companion_en}.",
                )
            ]

        # 書式: a check-digit name, p.s for 小数, or a regular expression (C7).
        self._c8: CheckDigit | None = None
        self._regex: re.Pattern[str] | None = None
        self._scale: tuple[int, int] | None = None
        fmt = item.format or None
        if fmt is not None:
            scale = _SCALE_RE.fullmatch(fmt)
            if fmt in CHECK_DIGITS:
                self._c8 = CHECK_DIGITS[fmt]
            elif item.data_type == "小数" and scale is not None:
                self._scale = (int(scale[1]), int(scale[2]))
            else:
                try:
                    self._regex = re.compile(fmt)
                except re.error as exc:
                    raise fail(f"書式 is not a valid regular expression: {exc}") from None

        # コード表 (C6).
        self._table = item.code_table or None
        self._codes: frozenset[str] | None = None
        self._codes_text = ("", "")
        if self._table is not None:
            table = schema.code_tables.get(self._table)
            if table is None:
                raise fail(f"コード表 {self._table!r} is not a loaded code table")
            self._codes = table.values
            if len(table.codes) <= _MAX_SHOWN_CODES:
                listed = ", ".join(c.code for c in table.codes)
                self._codes_text = (f"有効なコード: {listed}", f"valid codes: {listed}")
            else:
                self._codes_text = (f"{len(table.codes)}件のコード", f"{len(table.codes)} codes")
        elif item.data_type == "コード":
            raise fail("データ型 コード needs a コード表")

        # Lengths (F14, C4, C5).
        self._max = item.max_length
        self._min = item.min_length
        if item.data_type == "小数":
            self._max = None  # 書式 p.s governs; 最大桁数 = p+s is informative only (§3.1)
        byte_names = settings.byte_length_items
        files = [name for name, spec in schema.files.items() if spec.layout.name == here]
        qualified = {item.name, f"{here}:{item.name}"} | {f"{f}:{item.name}" for f in files}
        if byte_names & qualified:
            self._length: Callable[[str], int] = byte_length
            self._length_unit = ("UTF-8のバイト数", "UTF-8 bytes")
        elif item.data_type in NUMBER_TYPES:
            self._length = _digit_count
            self._length_unit = ("桁数", "digits")
        else:
            self._length = length
            self._length_unit = ("文字数・異体字セレクタを除く", "characters, IVS selectors not counted")

        self._type_check = self._build_type_check(item.data_type)
        self._caches: tuple[dict[str, Result], dict[str, Result]] = ({}, {})

    # --- read-only views of the compiled facts (for the vectorised prefilters of ``item_exprs``) --------

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
        return self._scale

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
    def length_mode(self) -> str:
        """How F14 counts: ``bytes`` (byte-length mode), ``digits`` (number types) or ``chars``."""
        if self._length is byte_length:
            return "bytes"
        if self._length is _digit_count:
            return "digits"
        return "chars"

    # --- compile helpers -------------------------------------------------------------------------------

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

    def _build_type_check(self, data_type: str) -> Callable[[str, bool], ValueFault | None] | None:
        if data_type in ("数字", "整数"):
            return self._check_digits
        if data_type == "年":
            return self._check_year
        if data_type == "小数":
            return self._check_decimal
        if data_type == "日付":
            return self._check_date
        if data_type == "日時":
            return self._check_datetime
        if data_type == "和暦日付":
            return self._check_wareki
        if data_type in TEXT_TYPES:
            regex = _TEXT_RE[data_type]
            allowed = _TEXT_ALLOWED[data_type]
            rule_ja, rule_en = _TEXT_RULE_JA[data_type], _TEXT_RULE_EN[data_type]

            def check_text(value: str, _nc: bool) -> ValueFault | None:
                if regex.fullmatch(value) is not None:
                    return None
                ja, en = _offending(value, allowed)
                return ValueFault(
                    "C3", Severity.ERROR, f"{rule_ja}。使えない文字: {ja}。", f"{rule_en}; found: {en}."
                )

            return check_text
        return None  # 文字列, コード: no type check

    # --- type checks (step 2) --------------------------------------------------------------------------

    @staticmethod
    def _f8(ja: str, en: str) -> ValueFault:
        return ValueFault("F8", Severity.ERROR, ja, en)

    def _check_digits(self, value: str, _nc: bool) -> ValueFault | None:
        if value.isascii() and value.isdigit():
            return None
        ja, en = _offending(value, _is_digit)
        t = self.item.data_type
        return self._f8(
            f"{t}は半角数字のみです（桁区切り・単位・符号・空白・全角数字は不可）。使えない文字: {ja}。",
            f"{t} holds ASCII digits only (no separators, units, signs, spaces or full-width digits); "
            f"found: {en}.",
        )

    def _check_year(self, value: str, _nc: bool) -> ValueFault | None:
        if value.isascii() and value.isdigit():
            if len(value) == 4:
                return None
            return self._f8("年は西暦4桁の半角数字です。", "年 is a 4-digit Gregorian year.")
        ja, en = _offending(value, _is_digit)
        return self._f8(
            f"年は西暦4桁の半角数字です。使えない文字: {ja}。",
            f"年 is a 4-digit Gregorian year; found: {en}.",
        )

    def _check_decimal(self, value: str, _nc: bool) -> ValueFault | None:
        p, s = self._scale if self._scale is not None else (None, None)
        shape_ja = f"整数部{p}桁以内・小数部{s}桁以内" if p is not None else "半角数字と小数点1つ"
        shape_en = f"at most {p} integer and {s} fraction digits" if p is not None else "digits and one '.'"
        if not (value.isascii() and all(_is_digit_or_point(c) for c in value)):
            ja, en = _offending(value, _is_digit_or_point)
            return self._f8(
                f"小数は{shape_ja}の半角数字です。使えない文字: {ja}。",
                f"小数 holds {shape_en} in ASCII; found: {en}.",
            )
        whole, point, frac = value.partition(".")
        problem: tuple[str, str] | None = None
        if "." in frac:
            problem = ("小数点が複数あります", "more than one decimal point")
        elif not whole or (point and not frac):
            problem = (
                "小数点の前後には数字が必要です",
                "digits are needed on both sides of the decimal point",
            )
        elif p is not None and s is not None and len(whole) > p:
            problem = (
                f"整数部が{p}桁を超えています（{len(whole)}桁）",
                f"{len(whole)} integer digits exceed {p}",
            )
        elif p is not None and s is not None and len(frac) > s:
            problem = (
                f"小数部が{s}桁を超えています（{len(frac)}桁）",
                f"{len(frac)} fraction digits exceed {s}",
            )
        if problem is None:
            return None
        return self._f8(
            f"小数の形式（{shape_ja}）に合いません: {problem[0]}。", f"Not a 小数 ({shape_en}): {problem[1]}."
        )

    def _check_date(self, value: str, nc: bool) -> ValueFault | None:
        problem = date_problem(value, non_calendar=nc)
        if problem is None:
            return None
        mode_ja = "（暦外可）" if nc else ""
        mode_en = " (non-calendar dates allowed)" if nc else ""
        return ValueFault(
            "F9",
            Severity.ERROR,
            f"日付が正しくありません{mode_ja}: {problem.ja}。",
            f"Invalid date{mode_en}: {problem}.",
        )

    def _check_datetime(self, value: str, _nc: bool) -> ValueFault | None:
        problem = datetime_problem(value)
        if problem is None:
            return None
        return ValueFault(
            "F10", Severity.ERROR, f"日時が正しくありません: {problem.ja}。", f"Invalid datetime: {problem}."
        )

    def _check_wareki(self, value: str, nc: bool) -> ValueFault | None:
        parsed = self._eras.parse(value, non_calendar=nc)
        if isinstance(parsed, tuple):
            return None
        mode_ja = "（暦外可）" if nc else ""
        mode_en = " (non-calendar dates allowed)" if nc else ""
        return ValueFault(
            "C9",
            Severity.ERROR,
            f"和暦日付（GYYMMDD）が正しくありません{mode_ja}: {parsed.ja}。",
            f"Invalid era date (GYYMMDD){mode_en}: {parsed}.",
        )

    # --- the hot path ----------------------------------------------------------------------------------

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
        step1 = self._scanner.scan(value)
        faults: list[ValueFault] = list(step1)
        failed = False
        for fault in step1:
            if fault.severity is Severity.ERROR:
                failed = True
                if fault.rule in ("F12", "F13"):
                    return faults, True
        if self._type_check is not None:
            type_fault = self._type_check(value, nc)
            if type_fault is not None:
                faults.append(type_fault)
                return faults, True
        n = self._length(value)
        unit_ja, unit_en = self._length_unit
        if self._max is not None and n > self._max:
            faults.append(
                ValueFault(
                    "C4",
                    Severity.ERROR,
                    f"長さ{n}（{unit_ja}）が最大桁数{self._max}を超えています。",
                    f"Length {n} exceeds 最大桁数 {self._max} (counted in {unit_en}).",
                )
            )
            failed = True
        if self._min is not None and n < self._min:
            faults.append(
                ValueFault(
                    "C5",
                    Severity.ERROR,
                    f"長さ{n}（{unit_ja}）が最小桁数{self._min}に満たません。",
                    f"Length {n} is below 最小桁数 {self._min} (counted in {unit_en}).",
                )
            )
            failed = True
        if self._codes is not None and value not in self._codes:
            faults.append(
                ValueFault(
                    "C6",
                    Severity.ERROR,
                    f"コード表「{self._table}」にない値です（{self._codes_text[0]}）。",
                    f"Not a code of the code table 「{self._table}」 ({self._codes_text[1]}).",
                )
            )
            failed = True
        if self._regex is not None and self._regex.fullmatch(value) is None:
            pattern = _short(self._regex.pattern)
            faults.append(
                ValueFault(
                    "C7",
                    Severity.ERROR,
                    f"書式（正規表現 {pattern}）に一致しません。",
                    f"Does not match the 書式 regular expression {pattern}.",
                )
            )
            failed = True
        c8 = self._c8
        if c8 is not None and c8.applies(value) and not c8(value, self._m11):
            if c8.warning:
                faults.append(
                    ValueFault(
                        "C8",
                        Severity.WARNING,
                        f"{c8.label_ja}が一致しません（書式 {c8.name}）。"
                        "付番済みの番号は対象外のため警告です。",
                        f"Wrong {c8.label_en} (書式 {c8.name}); a warning, since numbers assigned before "
                        "the standard need not comply.",
                    )
                )
            else:
                faults.append(
                    ValueFault(
                        "C8",
                        Severity.ERROR,
                        f"{c8.label_ja}が一致しません（書式 {c8.name}）。",
                        f"Wrong {c8.label_en} (書式 {c8.name}).",
                    )
                )
                failed = True
        if not faults:
            return _OK
        return faults, failed


def _digit_count(value: str) -> int:
    """F14 for number types: digits only (a decimal point is not counted; leading zeros are, §12.10)."""
    return len(value) - value.count(".")


def compile_layout(layout: Layout, schema: SchemaSet) -> list[ItemCheck]:
    """One :class:`ItemCheck` per layout item, in layout order; raises :class:`ItemSchemaError`."""
    settings = schema.settings
    chars = scanner(
        platform_dependent=schema.platform_dependent,
        pua_map=settings.pua_map,
        extra=settings.extra_repertoire,
    )
    eras = era_table(schema.eras)
    return [ItemCheck(item, layout, schema, chars, eras) for item in layout.items]
