"""Vectorised prefilters (``prefilter.clean_expr``) against the scalar item check, the one definition.

Soundness first: wherever the expression is True, ``ItemCheck.check`` must return ``([], False)``. The
hypothesis tests draw values per item family from the 7 bundled layouts (valid values built per type and
near misses of every kind) in rows with random condition contexts. The prefilter is designed to be exact
except for values with IVS selectors at the length limit, so the property tests also assert that a clean
value passes (completeness), which keeps the fast path fast.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.rules.items.check import ItemCheck, compile_layout
from conformance.rules.items.prefilter import clean_expr
from conformance.schema.conditions import parse
from conformance.schema.loader import load_schema_set
from conformance.schema.model import FileSpec, Item, Layout, SchemaSet, Settings
from conformance.types import chars
from conformance.types.chars import IDEOGRAPH_RANGES
from conformance.types.checkdigits import CHECK_DIGITS, CheckDigit, M11Remainder1
from conformance.types.regex import translate_regex
from tests.conftest import DATA

EXAMPLES = DATA / "spec_examples"
# Examples per item family; raise it for a soak run (e.g. ITEM_EXPRS_EXAMPLES=3000).
FAMILY_EXAMPLES = int(os.environ.get("ITEM_EXPRS_EXAMPLES", "150"))
CLEAN: tuple[list[object], bool] = ([], False)
Row = dict[str, "str | None"]


# --- helpers ------------------------------------------------------------------------------------------


@cache
def bundled() -> SchemaSet:
    return load_schema_set()


_COMPILED: dict[tuple[int, str], tuple[SchemaSet, dict[str, ItemCheck]]] = {}


def compiled(schema: SchemaSet, file: str) -> dict[str, ItemCheck]:
    """The checks of a file's layout, compiled once per schema object (a SchemaSet is not hashable)."""
    key = (id(schema), file)
    if key not in _COMPILED:  # the schema is kept in the value so that its id is not reused
        _COMPILED[key] = (schema, {c.item.name: c for c in compile_layout(schema.files[file].layout, schema)})
    return _COMPILED[key][1]


def frame(names: Sequence[str], rows: Sequence[Row]) -> pl.DataFrame:
    return pl.DataFrame({n: [r.get(n) for r in rows] for n in names}, schema=dict.fromkeys(names, pl.String))


def prefilter(
    schema: SchemaSet, checks: Sequence[ItemCheck], names: Sequence[str], rows: Sequence[Row]
) -> dict[str, list[bool]]:
    """The clean_expr of each check on ``rows`` (columns not in ``names`` are absent from the frame)."""
    df = frame(names, rows)

    def column(name: str) -> pl.Expr:
        return pl.col(name) if name in names else pl.lit(None, pl.String)

    # with_columns: an expression over absent columns only is a literal that polars broadcasts
    out = df.with_columns([clean_expr(c, schema, column).alias(f"__{c.item.name}") for c in checks])
    out = out.select([pl.col(f"__{c.item.name}").alias(c.item.name) for c in checks])
    for s in out.iter_columns():
        assert s.dtype == pl.Boolean and s.null_count() == 0, s.name
    return {s.name: s.to_list() for s in out.iter_columns()}


def read_rows(path: Path) -> Iterator[tuple[int, list[str], Row]]:
    """(physical line, header, row with '' as NULL) of a one-line-per-record CSV."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        for record in reader:
            if len(record) == len(header):
                yield reader.line_num, header, {h: (v or None) for h, v in zip(header, record, strict=True)}


def assert_sound(check: ItemCheck, rows: Sequence[Row], verdicts: Sequence[bool], *, exact: bool) -> None:
    name = check.item.name
    for row, ok in zip(rows, verdicts, strict=True):
        result = check.check(row.get(name), row)
        if ok:
            assert result == CLEAN, f"UNSOUND: {name}={row.get(name)!r} in {row} gives {result}"
        elif exact and result == CLEAN:
            value = row.get(name) or ""
            assert known_incomplete(value), f"incomplete: {name}={value!r} in {row} is clean but not passed"


def known_incomplete(value: str) -> bool:
    """Clean values the prefilter leaves to the scalar check by design.

    IVS selectors: a maximum length is tested on raw code points. Year 0000: refused even where a 暦外可
    date may hold it, so that the prefilter stays sound whichever way ``dates`` reads §6 for that year.
    """
    return any(chars.is_ivs(ord(c)) for c in value) or value.startswith("0000-")


# --- completeness on the spec's examples and on generated data ---------------------------------------


def test_every_value_of_the_valid_examples_passes() -> None:
    schema = bundled()
    seen = 0
    for file in schema.files:
        rows = list(read_rows(EXAMPLES / f"{file}.csv"))
        header = rows[0][1]
        checks = list(compiled(schema, file).values())
        got = prefilter(schema, checks, header, [r for _, _, r in rows])
        for name, verdicts in got.items():
            assert all(verdicts), (
                file,
                name,
                [r[name] for (_, _, r), ok in zip(rows, verdicts, strict=True) if not ok],
            )
            seen += len(verdicts)
    assert seen == 41 * 5 + 13 * 3 + 15 * 4 + 14 * 3 + 12 * 3 + 11 * 3 + 11 * 3


def test_invalid_example_only_the_faulty_value_goes_scalar() -> None:
    """Each line of the invalid example has one finding: its item (F/C rules) fails, all else passes."""
    schema = bundled()
    file = "住民記録_住民"
    expected = {
        d["line"]: (d["item"], d["rule"])
        for d in map(json.loads, (EXAMPLES / f"{file}.invalid.expected.jsonl").read_text().splitlines())
    }
    rows = [(line, r) for line, _, r in read_rows(EXAMPLES / f"{file}.invalid.csv") if line < 57]
    header = list(schema.files[file].layout.item_names)
    checks = list(compiled(schema, file).values())
    got = prefilter(schema, checks, header, [r for _, r in rows])
    failing = {(line, name) for i, (line, _) in enumerate(rows) for name in header if not got[name][i]}
    item_rules = {(line, item) for line, (item, rule) in expected.items() if rule[0] in "CF" and item}
    assert failing == item_rules


def test_generated_clean_dataset_passes(tmp_path: Path) -> None:
    from conformance.sample import generator
    schema = bundled()
    info = generator.generate(tmp_path, rows=2000, seed=7)
    total = passed = 0
    for file in schema.files:
        rows = [r for _, _, r in read_rows(tmp_path / schema.file_name_pattern.format(file=file))]
        header = list(schema.files[file].layout.item_names)
        checks = list(compiled(schema, file).values())
        got = prefilter(schema, checks, header, rows)
        for name, verdicts in got.items():
            assert_sound(compiled(schema, file)[name], rows, verdicts, exact=False)
            total += len(verdicts)
            passed += sum(verdicts)
    assert info.files and total > 100_000
    assert passed / total >= 0.999, f"{passed}/{total}"


# --- Condition.to_expr ------------------------------------------------------------------------------------

NAMES = ("A", "B", "C")
VALUES = ("1", "2", "08")


def conditions_text() -> st.SearchStrategy[str]:
    values = st.lists(st.sampled_from(VALUES), min_size=1, max_size=3).map("|".join)
    name = st.sampled_from(NAMES)
    atom = st.one_of(
        st.tuples(name, values).map(lambda t: f"{t[0]}={t[1]}"),
        st.tuples(name, values).map(lambda t: f"{t[0]}!={t[1]}"),
        name.map(lambda n: f"{n} is null"),
        name.map(lambda n: f"{n} is not null"),
    )
    return st.recursive(
        atom,
        lambda inner: st.one_of(
            inner.map(lambda c: f"not {c}"),
            inner.map(lambda c: f"({c})"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]} and {t[1]}"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]} or {t[1]}"),
        ),
        max_leaves=6,
    )


condition_rows = st.lists(
    st.fixed_dictionaries({n: st.sampled_from((None, *VALUES, "x", "")) for n in NAMES}),
    min_size=1,
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(text=conditions_text(), rows=condition_rows, absent=st.sampled_from(("", "C")))
def test_condition_to_expr_agrees_with_evaluate(text: str, rows: list[Row], absent: str) -> None:
    cond = parse(text)
    present = [n for n in NAMES if n != absent]
    if absent:  # a column absent from the file is NULL in every row
        rows = [{**r, absent: None} for r in rows]
    df = frame(present, rows)
    expr = cond.to_expr(lambda n: pl.col(n) if n in present else pl.lit(None, pl.String))
    got = df.with_columns(expr.alias("__out"))["__out"]
    assert got.null_count() == 0
    assert got.to_list() == [cond.evaluate(r) for r in rows], text


def test_condition_to_expr_semantics_on_null() -> None:
    rows: list[Row] = [{"A": None}, {"A": "1"}, {"A": "2"}, {"A": ""}]
    df = frame(["A"], rows)
    results = {
        text: df.select(parse(text).to_expr(pl.col)).to_series().to_list()
        for text in ("A=1", "A!=1", "A is null", "A is not null", "not A=1")
    }
    assert results == {
        "A=1": [False, True, False, False],
        "A!=1": [False, False, True, True],
        "A is null": [True, False, False, False],
        "A is not null": [False, True, True, True],
        "not A=1": [True, False, True, True],
    }


# --- the character repertoire -----------------------------------------------------------------------------


def test_ideograph_ranges_are_those_of_chars() -> None:
    inside = {cp for lo, hi in IDEOGRAPH_RANGES for cp in range(lo, hi + 1)}
    edges = {cp + d for lo, hi in IDEOGRAPH_RANGES for cp in (lo, hi) for d in (-1, 0, 1)}
    assert {cp for cp in edges if chars.is_ideograph(cp)} == edges & inside
    assert all(chars.is_ideograph(cp) for cp in range(0x3400, 0x4DC0, 97))


def single_code_points() -> list[int]:
    """Every BMP code point but surrogates, and the supplementary ranges the rules name, sampled."""
    cps = [cp for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]
    for lo, hi in ((0x1F000, 0x1F0FF), (0x20000, 0x200FF), (0x2A6D0, 0x2A7FF), (0x2F800, 0x2F8FF)):
        cps.extend(range(lo, hi + 1))
    cps += [0x20BB7, 0x323AF, 0x323B0, 0xE0100, 0xE01EF, 0xE01F0, 0xF0000, 0xFFFFD, 0x100000, 0x10FFFD]
    return cps


def test_single_characters_pass_exactly_when_the_scanner_finds_nothing() -> None:
    """Exhaustive over the BMP: for 文字列, a one-character value passes iff the scalar check is clean."""
    schema = bundled()
    check = compiled(schema, "住民記録_住登外者")["氏名"]  # 文字列, max 100, required
    values = [chr(cp) for cp in single_code_points()]
    rows: list[Row] = [{"氏名": v} for v in values]
    got = prefilter(schema, [check], ["氏名"], rows)["氏名"]
    wrong = [
        f"U+{ord(v):04X}" for v, ok in zip(values, got, strict=True) if ok != (check.check(v, {}) == CLEAN)
    ]
    assert wrong == []
    assert sum(got) > 11000  # JIS X 0213 minus 機種依存文字 and the space


@pytest.mark.parametrize(
    ("value", "clean"),
    [
        ("斉\U000e0103藤", True),  # ideograph + IVS (the examples' 旧氏)
        ("\U00020bb7\U000e0100", True),  # an ideograph outside JIS X 0213 with an IVS: accepted
        ("\U00020bb7", False),  # … without one: an F12 warning
        ("斉\U000e0103\U000e0103", False),  # a second selector follows a selector
        ("\U000e0103斉", False),
        ("か\u309a", True),  # JIS X 0213 composed kana
        ("\u309a", False),
        ("あ\u309a", False),  # does not encode as a pair
        ("①\U000e0100", False),  # 機種依存文字 warn even when followed by a selector
        ("山田　太郎", True),
        ("　山田", False),
        ("山田 ", False),
        ("\u3000", False),
        ("朗", True),  # U+F929, a compatibility ideograph JIS X 0213 encodes (never normalised)
        ("—", False),  # U+2014 EM DASH is outside (the codec maps 1-1-29 to U+2015)
        ("―", True),
    ],
)
def test_character_sequences(value: str, clean: bool) -> None:
    schema = bundled()
    check = compiled(schema, "住民記録_住登外者")["氏名"]
    assert (check.check(value, {}) == CLEAN) is clean
    assert prefilter(schema, [check], ["氏名"], [{"氏名": value}])["氏名"] == [clean]


def test_pua_map_and_extra_repertoire_are_admitted() -> None:
    base = bundled()
    schema = replace(
        base,
        settings=replace(base.settings, pua_map={0xE000: "MJ000001"}, extra_repertoire=frozenset({0x20BB7})),
    )
    check = compiled(schema, "住民記録_住登外者")["氏名"]
    values = ["\ue000山", "\U00020bb7田", "\ue001山", "髙田"]
    got = prefilter(schema, [check], ["氏名"], [{"氏名": v} for v in values])["氏名"]
    assert got == [True, True, False, False]
    assert [check.check(v, {}) == CLEAN for v in values] == got


# --- check digits, number types and lengths -----------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "item", "values"),
    [
        (
            "住民記録_住民",
            "個人番号",
            {
                "983205673214": True,
                "983205673215": False,
                "123456789018": True,
                "200000000000": True,
                "000000000140": True,
                "98320567321": False,
                "9832056732140": False,
                "９８３２０５６７３２１４": False,
            },
        ),
        (
            "住民記録_住登外者",
            "法人番号",
            {
                "1180301018771": True,
                "2180301018771": False,
                "7123456789012": True,
                "6010001000001": True,
                "0180301018771": False,
                "+180301018771": False,
            },
        ),
        (
            "住民記録_住民",
            "団体コード",
            {
                "130001": True,
                "131016": True,
                "011002": True,
                "010006": True,
                "470007": True,
                "131017": False,
                "132021": True,
                "132080": True,
                "132993": True,
                "13299": False,
            },
        ),
        (
            "住民記録_住民",
            "宛名番号",
            {
                "0000000019": True,
                "0000100013": True,
                "0000100021": True,
                "0000100080": True,
                "0000100030": True,
                "0000100014": False,
                "0": True,
                "1": True,
                "10": False,
                "19": True,
                "1234567890123456": False,
                "+000100013": False,
            },
        ),
    ],
)
def test_check_digit_vectors(file: str, item: str, values: dict[str, bool]) -> None:
    schema = bundled()
    check = compiled(schema, file)[item]
    rows: list[Row] = [{item: v} for v in values]
    got = prefilter(schema, [check], [item], rows)[item]
    assert dict(zip(values, got, strict=True)) == values
    assert {v: check.check(v, {}) == CLEAN for v in values} == values


def test_m11_at_the_digit_limit_agrees_with_the_scalar_check() -> None:
    """宛名番号 admits up to 15 digits: the weighted sum covers only those (fewer blocks), still exactly."""
    schema = bundled()
    check = compiled(schema, "住民記録_住民")["宛名番号"]
    assert check.length_limits[0] == 15
    bodies = ["12345678901234", "98765432109876", "00000000000001", "1234567890123"]
    values = [b + str(d) for b in bodies for d in range(10)] + ["1234567890123456", "9" * 19, "9" * 20]
    got = prefilter(schema, [check], ["宛名番号"], [{"宛名番号": v} for v in values])["宛名番号"]
    expected = [check.check(v, {}) == CLEAN for v in values]
    assert got == expected
    # some check digit of the first body is right; 16+ digits fail the count whatever the digit
    assert sum(expected[:10]) >= 1 and expected[-3:] == [False, False, False]


@pytest.mark.parametrize(("setting", "clean"), [("zero", True), ("reject", False), ("any", True)])
def test_m11_remainder_one_follows_the_setting(setting: M11Remainder1, clean: bool) -> None:
    base = bundled()
    schema = replace(base, settings=replace(base.settings, m11_remainder1=setting))
    check = compiled(schema, "住民記録_住民")["宛名番号"]
    values = ["0000100030", "0000100031", "0000100013"]
    got = prefilter(schema, [check], ["宛名番号"], [{"宛名番号": v} for v in values])["宛名番号"]
    assert got == [clean, setting == "any", True]
    assert [check.check(v, {}) == CLEAN for v in values] == got


def test_byte_length_mode_counts_utf8_bytes() -> None:
    base = bundled()
    schema = replace(
        base, settings=replace(base.settings, byte_length_items=frozenset({"住民記録_住民:方書"}))
    )
    check = compiled(schema, "住民記録_住民")["方書"]  # 全角文字列, max 50 → 50 bytes
    values = ["あ" * 16, "あ" * 17, "斉\U000e0103" * 7, "斉\U000e0103" * 8]  # 48, 51, 49, 56 bytes
    got = prefilter(schema, [check], ["方書"], [{"方書": v} for v in values])["方書"]
    assert got == [True, False, True, False]
    assert [check.check(v, {}) == CLEAN for v in values] == got


# --- the regex translation (C7) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "translatable"),
    [
        (r"[A-Z]{2}[0-9]{8}[A-Z]{2}", True),
        (r"[0-9A-Z][0-9A-Z-]*", True),
        (r"^[0-9]{3}$", True),
        (r"a|b$", False),  # $ inside a branch
        (r"a$b", False),
        (r"\d+", False),  # Unicode categories may differ between the engines
        (r"[\w-]+", False),
        (r"(?i)abc", False),
        (r"(a)\1", False),
        (r"a(?=b)", False),
        (r"a++", False),
        (r"(?>a)", False),
        (r"\bword", False),
        (r"(?s:.)", False),  # a scoped flag
    ],
)
def test_translatability(pattern: str, translatable: bool) -> None:
    assert (translate_regex(re.compile(pattern)) is not None) is translatable


def test_bundled_formats_are_all_translated() -> None:
    schema = bundled()
    formats = {
        c.format_regex.pattern
        for f in schema.files
        for c in compiled(schema, f).values()
        if c.format_regex is not None
    }
    assert len(formats) == 5
    assert all(translate_regex(re.compile(p)) is not None for p in formats)


ALPHABET = "ab-.0９あ\n\u3000"
atoms = st.one_of(
    st.sampled_from(
        [
            "a",
            "b",
            "-",
            r"\.",
            "0",
            "９",
            "あ",
            r"\n",
            "\u3000",
            ".",
            "[a-c]",
            "[^a]",
            "[0-9０-９]",
            r"[\-.]",
            "[^\n]",
        ]
    ),
)


def regexes() -> st.SearchStrategy[str]:
    return st.recursive(
        atoms,
        lambda inner: st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda t: f"(?:{t[0]}|{t[1]})"),
            st.tuples(inner, inner).map(lambda t: f"({t[0]}|{t[1]})"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "*?", "{2}", "{1,3}", "{0,2}?", "{2,}"])).map(
                lambda t: f"(?:{t[0]}){t[1]}"
            ),
        ),
        max_leaves=8,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pattern=regexes(),
    flags=st.sampled_from([0, re.DOTALL]),
    texts=st.lists(st.text(ALPHABET, max_size=6), min_size=1, max_size=20),
)
def test_translated_regexes_match_exactly_what_python_fullmatches(
    pattern: str, flags: int, texts: list[str]
) -> None:
    python = re.compile(pattern, flags)
    rust = translate_regex(python)
    assert rust is not None, pattern
    got = pl.Series(texts, dtype=pl.String).str.contains(rust).to_list()
    assert got == [python.fullmatch(t) is not None for t in texts], (pattern, rust)


# --- soundness (and completeness) per item family, hypothesis ---------------------------------------------

PLATFORM = "①⑳Ⅰⅹ㈱㍻～〜№"
CHAR_POOL = (
    "山田太郎斉藤髙𠮷朗祐見本市東京都"  # ideographs in and out of JIS X 0213, compatibility ideographs
    "あいかきセツトㇷ゚"  # kana, including bases of U+309A
    "アイウエオヴヵヶヷヺーァ・"  # katakana and ー, ・
    "ｱｲｳｰﾟ"  # half-width katakana
    "ABCXYZabcxyz0123456789 ,-.'/_+:"  # ASCII
    "０１２３４５６７８９ＡＢ－．（）"  # full-width forms
    "\u3000\u309a\U000e0100\U000e0103\ufe00\ufeff\u2014\u2015\u00a5\u2474"
    "\ue000\U000f0000\U00100000\U0001f600\t\x00\x7f\x85\n" + PLATFORM
)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A value and, often, one near-miss edit of it."""
    value = draw(base)
    kind = draw(
        st.sampled_from(["keep", "keep", "insert", "delete", "replace", "edge", "fullwidth", "double"])
    )
    if kind == "insert" or (kind in ("delete", "replace") and not value):
        i = draw(st.integers(0, len(value)))
        return value[:i] + draw(st.sampled_from(CHAR_POOL)) + value[i:]
    if kind == "delete":
        i = draw(st.integers(0, len(value) - 1))
        return value[:i] + value[i + 1 :]
    if kind == "replace":
        i = draw(st.integers(0, len(value) - 1))
        return value[:i] + draw(st.sampled_from(CHAR_POOL)) + value[i + 1 :]
    if kind == "edge":
        space = draw(st.sampled_from([" ", "\u3000"]))
        return draw(st.sampled_from([space + value, value + space]))
    if kind == "fullwidth":
        return value.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    if kind == "double":
        return value + value[-1:]
    return value


def with_check_digit(check: ItemCheck, body: str, pick: int) -> str:
    """Fix the check digit of ``body`` (same length) so that the item's algorithm accepts it, if any can."""
    c8 = check.check_digit
    if c8 is None or not c8.applies(body) or not body.isascii() or not body.isdigit():
        return body
    first = c8.name == "法人番号CD"
    candidates = [(d + body[1:]) if first else (body[:-1] + d) for d in "0123456789"]
    good = [c for c in candidates if c8(c, check.m11_remainder1)]
    return good[pick % len(good)] if good else body


def digit_values(check: ItemCheck) -> st.SearchStrategy[str]:
    high, low = check.length_limits
    lo = max(1, (low or 1) - 1)
    hi = (high or 12) + 1
    if check.item.data_type == "年":
        lo, hi = 3, 5
    body = st.integers(lo, hi).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
    fixed = st.tuples(body, st.integers(0, 9)).map(lambda t: with_check_digit(check, t[0], t[1]))
    return mutated(st.one_of(fixed, fixed, body, st.sampled_from(["+1", "-1", "1.0", "0", "00"])))


def decimal_values(check: ItemCheck) -> st.SearchStrategy[str]:
    p, s = check.decimal_scale or (10, 2)
    whole = st.integers(0, p + 1).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
    frac = st.integers(0, s + 1).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
    joined = st.tuples(whole, st.sampled_from(["", ".", ".", ".."]), frac).map(
        lambda t: t[0] + t[1] + (t[2] if t[1] else "")
    )
    return mutated(joined)


SPECIAL_YEARS = [
    0,
    1,
    4,
    100,
    400,
    1582,
    1873,
    1900,
    1912,
    1926,
    1987,
    1988,
    1989,
    2000,
    2019,
    2020,
    2023,
    2024,
    2100,
    9999,
]


def ymd() -> st.SearchStrategy[tuple[int, int, int]]:
    year = st.one_of(st.sampled_from(SPECIAL_YEARS), st.integers(0, 9999))
    month = st.one_of(st.sampled_from([2, 2, 4, 12]), st.integers(0, 13))
    day = st.one_of(st.sampled_from([28, 29, 29, 30, 31]), st.integers(0, 32))
    return st.tuples(year, month, day)


def date_values(check: ItemCheck) -> st.SearchStrategy[str]:
    iso = ymd().map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}")
    odd = st.sampled_from(
        [
            "2023-4-01",
            "+2023-04-01",
            "2023/04/01",
            "20230401",
            "2023-04-01T00:00:00",
            "0000-01-01",
            "12023-01-01",
        ]
    )
    return mutated(st.one_of(iso, iso, iso, odd))


def datetime_values(check: ItemCheck) -> st.SearchStrategy[str]:
    time = st.tuples(st.integers(0, 25), st.integers(0, 61), st.integers(0, 61)).map(
        lambda t: f"T{t[0]:02d}:{t[1]:02d}:{t[2]:02d}"
    )
    suffix = st.sampled_from(["", "", "+09:00", "Z", "+00:00", ".5", "+09:00:00", "+0900"])
    return mutated(st.tuples(date_values(check), time, suffix).map("".join))


def wareki_values(check: ItemCheck) -> st.SearchStrategy[str]:
    boundaries: list[str] = []
    for era in bundled().eras:
        for y, m, d in filter(None, (era.first_day, era.last_day)):
            for dd in (d - 1, d, d + 1):
                boundaries.append(f"{era.code}{y - era.first_year + 1:02d}{m:02d}{dd:02d}")
                for other in bundled().eras:
                    boundaries.append(f"{other.code}{y - other.first_year + 1:02d}{m:02d}{dd:02d}"[-7:])
    raw = st.tuples(st.integers(0, 9), st.integers(0, 65), st.integers(0, 13), st.integers(0, 32)).map(
        lambda t: f"{t[0]}{t[1]:02d}{t[2]:02d}{t[3]:02d}"
    )
    leap = st.tuples(st.integers(1, 5), st.integers(0, 65)).map(lambda t: f"{t[0]}{t[1]:02d}0229")
    return mutated(st.one_of(raw, leap, st.sampled_from(boundaries)))


TEXT_SYNTAX = {
    "全角文字列": "[^\x00-\x7f\uff61-\uff9f]",
    "半角文字列": "[\x20-\x7e]",
    "カナ": "[\u30a1-\u30fa\u30fc\u3000]",
    "英字氏名": r"[A-Z ,\-.']",
}


def text_values(check: ItemCheck) -> st.SearchStrategy[str]:
    high, _low = check.length_limits
    limit = high or 40
    pooled = st.text(st.sampled_from(CHAR_POOL), max_size=8)
    options = [pooled, pooled]
    syntax = TEXT_SYNTAX.get(check.item.data_type)
    if syntax is not None:
        options.append(st.from_regex(f"{syntax}{{1,12}}", fullmatch=True))
    if check.format_regex is not None:
        regex = st.from_regex(check.format_regex, fullmatch=True)
        options += [regex, regex, regex]
    near_limit = st.integers(max(0, limit - 2), limit + 1).flatmap(
        lambda n: st.sampled_from(["ア" * n, "A" * n, "斉\U000e0103" * n, "山" * (n - 1) + "斉\U000e0103"])
    )
    options.append(near_limit)
    return mutated(st.one_of(options))


def code_values(check: ItemCheck) -> st.SearchStrategy[str]:
    codes = sorted(check.codes or ())
    return mutated(
        st.one_of(
            st.sampled_from(codes), st.sampled_from(codes), st.sampled_from(["0", "9", "99", "001", "x"])
        )
    )


FAMILIES: dict[str, tuple[tuple[str, ...], Callable[[ItemCheck], st.SearchStrategy[str]]]] = {
    "digits": (("数字", "整数", "年"), digit_values),
    "decimal": (("小数",), decimal_values),
    "date": (("日付",), date_values),
    "datetime": (("日時",), datetime_values),
    "wareki": (("和暦日付",), wareki_values),
    "text": (("全角文字列", "半角文字列", "カナ", "英字氏名", "文字列"), text_values),
    "code": (("コード",), code_values),
}


def family_items(types: tuple[str, ...]) -> list[tuple[str, str]]:
    schema = bundled()
    return [
        (file, item.name)
        for file, spec in schema.files.items()
        for item in spec.layout.items
        if item.data_type in types
    ]


def context_names(check: ItemCheck) -> list[str]:
    names: set[str] = set()
    conds = [check.required_condition, check.unknown_rule[1], check.non_calendar_rule[1]]
    for cond in conds:
        if cond is not None:
            names |= cond.names
    if check.unknown_companion is not None:
        names.add(check.unknown_companion)
    names.discard(check.item.name)
    return sorted(names)


def context_values(file: str, name: str) -> st.SearchStrategy[str | None]:
    other = compiled(bundled(), file)[name]
    codes = sorted(other.codes or ())
    generic = [None, None, "1", "2", "3", "4", "08", "13", "22", "32", "33", "36", "x", "年月日不詳"]
    return st.sampled_from(generic + codes)


@cache
def rows_of(family: str, file: str, name: str) -> st.SearchStrategy[list[Row]]:
    """Rows for one item: its value (or NULL) and the items its conditions read (built once per item)."""
    check = compiled(bundled(), file)[name]
    values = FAMILIES[family][1](check)
    context = {n: context_values(file, n) for n in context_names(check)}
    row = st.fixed_dictionaries({name: st.one_of(st.none(), values, values, values), **context})
    return st.lists(row, min_size=1, max_size=10)


def item_rows(family: str) -> st.SearchStrategy[tuple[str, str, list[Row]]]:
    items = family_items(FAMILIES[family][0])
    return st.sampled_from(items).flatmap(
        lambda fi: rows_of(family, *fi).map(lambda rows: (fi[0], fi[1], rows))
    )


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_prefilter_is_sound_and_complete(family: str) -> None:
    schema = bundled()

    @settings(max_examples=FAMILY_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=item_rows(family))
    def run(case: tuple[str, str, list[Row]]) -> None:
        file, name, rows = case
        check = compiled(schema, file)[name]
        names = sorted({name} | {n for r in rows for n in r})
        verdicts = prefilter(schema, [check], names, rows)[name]
        assert_sound(check, rows, verdicts, exact=True)

    run()


def test_every_item_of_every_layout_belongs_to_a_family() -> None:
    schema = bundled()
    covered = {t for types, _ in FAMILIES.values() for t in types}
    assert {i.data_type for spec in schema.files.values() for i in spec.layout.items} <= covered
    assert set(CHECK_DIGITS) == {"個人番号CD", "法人番号CD", "団体コードCD", "M11"}


# --- crafted items: the paths the bundled layouts do not take ----------------------------------------------


def item(name: str, data_type: str, **facts: str | int | None) -> Item:
    fields: dict[str, str | int | None] = {"max_length": None, "min_length": None, "required": ""}
    fields |= {"code_table": None, "format": None}
    fields |= {"unknown_allowed": None, "non_calendar_allowed": None, "condition": None}
    fields |= facts
    return Item(0, name, data_type, **fields)  # type: ignore[arg-type]


CRAFTED = (
    item("flag", "文字列"),
    item("和暦", "和暦日付", max_length=7, min_length=7, non_calendar_allowed="flag=1"),  # mode per row
    item("小数", "小数"),  # no 書式 p.s
    item("長い番号", "数字", min_length=2),  # no maximum: the regex path, not to_integer
    item("番号", "文字列", max_length=20, format="M11"),  # a check digit on a text type
    item("書式", "文字列", format=r"\d{2,3}"),  # untranslatable (Unicode \d): the distinct-value trick
    item("大小", "半角文字列", format="(?i)ab-[a-z]"),  # untranslatable (case folding)
    item(
        "日付",
        "日付",
        required="△",
        condition="flag!=3",
        unknown_allowed="flag=2",
        non_calendar_allowed="flag=1",
    ),
    item("日付不詳表記", "文字列", max_length=40),
    item("年", "年", max_length=5, min_length=3),
)


def crafted_schema(settings_: Settings | None = None) -> SchemaSet:
    base = bundled()
    layout = Layout("テスト", tuple(replace(it, number=n) for n, it in enumerate(CRAFTED, start=1)))
    return replace(
        base, files={"テスト": FileSpec("テスト", layout, ())}, settings=settings_ or base.settings
    )


CRAFTED_SCHEMA = crafted_schema()
mixed_values = st.one_of(
    st.none(),
    st.text(st.sampled_from(CHAR_POOL), max_size=6),
    st.text("0123456789", min_size=0, max_size=24),
    st.text("0123456789.", min_size=1, max_size=8),
    st.from_regex(r"[0-9０-９١-٩]{1,4}|[aAbB]{2}-[a-zA-Z]", fullmatch=True),
    ymd().map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    st.tuples(st.integers(1, 6), st.integers(0, 65), st.integers(0, 13), st.integers(27, 32)).map(
        lambda t: f"{t[0]}{t[1]:02d}{t[2]:02d}{t[3]:02d}"
    ),
)
crafted_rows = st.lists(
    st.fixed_dictionaries(
        {it.name: mixed_values for it in CRAFTED if it.name != "flag"}
        | {"flag": st.sampled_from([None, "1", "2", "3"])}
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=FAMILY_EXAMPLES // 3, deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=crafted_rows)
def test_crafted_items_are_sound_and_complete(rows: list[Row]) -> None:
    checks = list(compiled(CRAFTED_SCHEMA, "テスト").values())
    names = [it.name for it in CRAFTED]
    got = prefilter(CRAFTED_SCHEMA, checks, names, rows)
    for check in checks:
        assert_sound(check, rows, got[check.item.name], exact=True)


def test_crafted_paths_on_fixed_values() -> None:
    checks = compiled(CRAFTED_SCHEMA, "テスト")
    cases: dict[str, list[tuple[str | None, Row, bool]]] = {
        "和暦": [("3620229", {"flag": "1"}, True), ("3620229", {"flag": "2"}, False), ("3630229", {}, True)],
        "小数": [("12.5", {}, True), ("12.", {}, False), ("0.000001", {}, True)],
        "長い番号": [("1" * 30, {}, True), ("1", {}, False), ("１２", {}, False)],
        "番号": [("0000100013", {}, True), ("0000100014", {}, False), ("AB", {}, False), ("1", {}, True)],
        "書式": [
            ("12", {}, True),
            ("１２", {}, True),
            ("١٢", {}, False),
            ("1", {}, False),
            ("12a", {}, False),
        ],
        "大小": [("Ab-Q", {}, True), ("ab-", {}, False)],
        "日付": [
            (None, {"flag": "1"}, False),  # C2: 条件 flag!=3 holds
            (None, {"flag": "3"}, True),
            (None, {"flag": "2", "日付不詳表記": "年月日不詳"}, True),  # 不詳可 when flag=2, companion filled
            ("1987-02-29", {"flag": "1"}, True),  # 暦外可 when flag=1
            ("1987-02-29", {"flag": "2"}, False),
            (
                "1987-02-29",
                {"flag": "2", "日付不詳表記": "昭和62年頃"},
                True,
            ),  # a 不詳 date is checked as 暦外可
        ],
        "年": [("2024", {}, True), ("024", {}, False), ("20245", {}, False)],
    }
    names = [it.name for it in CRAFTED]
    for name, values in cases.items():
        rows = [{**row, name: v} for v, row, _ in values]
        got = prefilter(CRAFTED_SCHEMA, [checks[name]], names, rows)[name]
        expected = [clean for _, _, clean in values]
        assert got == expected, name
        assert [checks[name].check(r[name], r) == CLEAN for r in rows] == expected, name


def test_a_check_digit_without_a_vectorised_form_runs_per_distinct_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 書式 check digit added later (e.g. 住民票コードCD) is decided by its own predicate."""
    monkeypatch.setitem(
        CHECK_DIGITS,
        "偶数CD",
        CheckDigit("偶数CD", 4, 4, False, lambda s, _r: s.isdigit() and int(s) % 2 == 0),
    )
    schema = crafted_schema()
    layout = Layout("テスト", (replace(item("番号", "数字", max_length=6, format="偶数CD"), number=1),))
    schema = replace(schema, files={"テスト": FileSpec("テスト", layout, ())})
    (check,) = compile_layout(layout, schema)
    values = ["1234", "1235", "123", "12345", "１２３４"]
    got = prefilter(schema, [check], ["番号"], [{"番号": v} for v in values])["番号"]
    assert got == [True, False, True, True, False]
    assert [check.check(v, {}) == CLEAN for v in values] == got


def test_an_absent_column_is_null_in_every_row() -> None:
    schema = bundled()
    checks = compiled(schema, "住民記録_住民")
    rows: list[Row] = [{"住民種別": "1"}, {"住民種別": "2"}]
    # 氏名 (△ when 住民種別=1) and 在留資格 (△ when 法第30条の45区分=1, itself absent) are not in the frame
    got = prefilter(schema, [checks["氏名"], checks["在留資格"], checks["住民種別"]], ["住民種別"], rows)
    assert got == {"氏名": [False, True], "在留資格": [True, True], "住民種別": [True, True]}
