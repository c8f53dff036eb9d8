"""The §3.3 condition language: grammar, NULL semantics, precedence, errors with positions."""

from __future__ import annotations

import pytest

from conformance.schema.conditions import Condition, ConditionSyntaxError, parse


def ev(text: str, **row: str | None) -> bool:
    return parse(text).evaluate(row)


def test_equals_one_of_values() -> None:
    assert ev("A=1|2", A="2") is True
    assert ev("A=1|2", A="3") is False
    assert ev("A=1|2", A=None) is False


def test_not_equals_is_false_on_null() -> None:
    assert ev("A!=08|32", A="01") is True
    assert ev("A!=08|32", A="08") is False
    assert ev("A!=08|32", A=None) is False


def test_values_are_exact_strings() -> None:
    assert ev("A=1", A="01") is False
    assert ev("A=01", A="01") is True
    assert ev("A=1", A="1 ") is False


def test_is_null_and_is_not_null() -> None:
    assert ev("A is null", A=None) is True
    assert ev("A is null", A="") is False  # an empty string is a value here; NULL is None
    assert ev("A is not null", A="x") is True
    assert ev("A is not null", A=None) is False


def test_missing_name_counts_as_null() -> None:
    assert ev("B is null", A="1") is True
    assert ev("B=1", A="1") is False


def test_and_binds_tighter_than_or() -> None:
    # A=1 or (B=1 and C=1)
    assert ev("A=1 or B=1 and C=1", A="1", B="0", C="0") is True
    assert ev("A=1 or B=1 and C=1", A="0", B="1", C="0") is False
    assert ev("A=1 or B=1 and C=1", A="0", B="1", C="1") is True


def test_parentheses_override_precedence() -> None:
    assert ev("(A=1 or B=1) and C=1", A="1", B="0", C="0") is False
    assert ev("(A=1 or B=1) and C=1", A="1", B="0", C="1") is True


def test_not() -> None:
    assert ev("not A=1", A="2") is True
    assert ev("not A=1", A=None) is True
    assert ev("not (A=1 or B=1)", A="0", B="1") is False
    assert ev("not not A=1", A="1") is True


def test_spec_example() -> None:
    text = "法第30条の45区分=1 and 在留資格!=08|32"
    assert ev(text, 法第30条の45区分="1", 在留資格="01") is True
    assert ev(text, 法第30条の45区分="1", 在留資格="32") is False
    assert ev(text, 法第30条の45区分="1", 在留資格=None) is False
    assert ev(text, 法第30条の45区分="2", 在留資格="01") is False


def test_names() -> None:
    cond = parse("(住民状態!=1 or 国籍・地域 is null) and not 消除事由=3|4")
    assert cond.names == frozenset({"住民状態", "国籍・地域", "消除事由"})


def test_cached_by_text() -> None:
    assert parse("A=1 and B is null") is parse("A=1 and B is null")
    assert isinstance(parse("A=1"), Condition)


def test_white_space_is_lenient() -> None:
    assert ev("A = 1 |2  and  B is  not null", A="2", B="x") is True


def test_keywords_need_a_boundary() -> None:
    # NAMEs that start like keywords are still names.
    assert ev("order=1 or notes=2", order="0", notes="2") is True
    assert parse("android=1").names == frozenset({"android"})


@pytest.mark.parametrize(
    ("text", "position", "problem"),
    [
        ("", 0, "empty condition"),
        ("A=1 or", 6, "expected an item name"),
        ("(A=1", 4, "missing ')' (the '(' is at position 1)"),
        ("A", 1, "expected '=', '!=', 'is null' or 'is not null' after 'A'"),
        ("A is nul", 5, "expected 'null' after 'is'"),
        ("A is not", 8, "expected 'null' after 'is not'"),
        ("A=1 B=2", 4, "unexpected text (expected 'and', 'or' or the end)"),
        ("A=|1", 2, "expected a value"),
        ("A=1|", 4, "expected a value"),
        ("=1", 0, "expected an item name"),
        ("and=1", 0, "expected an item name, found keyword 'and'"),
        ("A=1 and", 7, "expected an item name"),
        ("A=1)", 3, "unexpected text (expected 'and', 'or' or the end)"),
    ],
)
def test_syntax_errors_carry_the_position(text: str, position: int, problem: str) -> None:
    with pytest.raises(ConditionSyntaxError) as info:
        parse(text)
    assert (info.value.position, info.value.problem) == (position, problem)
    assert isinstance(info.value, ValueError)
    assert f"at position {position + 1}" in str(info.value)


def test_python_is_not_evaluated() -> None:
    with pytest.raises(ConditionSyntaxError):
        parse("__import__('os').system('true')")
