"""Check digits (spec §7): every published vector, the M11 remainder-1 setting and the registry."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.types.checkdigits import CHECK_DIGITS, M11Remainder1

my_number_ok = CHECK_DIGITS["個人番号CD"]
corporate_number_ok = CHECK_DIGITS["法人番号CD"]
local_gov_code_ok = CHECK_DIGITS["団体コードCD"]
m11_ok = CHECK_DIGITS["M11"]


def m11_check_digit(body: str) -> int:
    """The digit M11 accepts after ``body`` with no remainder-1 leniency; 10 when none is (r = 1)."""
    accepted = [d for d in range(10) if m11_ok(body + str(d), "reject")]
    assert len(accepted) <= 1
    return accepted[0] if accepted else 10

# --- 7.1 個人番号 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["983205673214", "123456789018", "200000000000", "000000000140"])
def test_my_number_valid_vectors(value: str) -> None:
    assert my_number_ok(value) is True


@pytest.mark.parametrize(
    "value",
    [
        "983205673215",  # §7.1 invalid vector
        "98320567321",  # 11 digits
        "9832056732140",  # 13 digits
        "98320567321４",  # full-width digit
        "9832056732 4",
        "",
    ],
)
def test_my_number_invalid(value: str) -> None:
    assert my_number_ok(value) is False


def _my_number_remainder(body: str) -> int:
    return sum(int(d) * w for d, w in zip(body, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11


@settings(max_examples=60, deadline=None)
@given(
    body=st.text(alphabet="0123456789", min_size=11, max_size=11),
    pos=st.integers(0, 11),
    step=st.integers(1, 9),
)
def test_my_number_single_digit_change(body: str, pos: int, step: int) -> None:
    """A correct check digit passes; a one-digit change fails, except where r = 0 and r = 1 collide.

    §7.1 maps both remainders 0 and 1 to the check digit 0, so a change that moves r between 0 and 1
    keeps the number valid (e.g. 000000000140 → 200000000140); every other change is caught.
    """
    r = _my_number_remainder(body)
    good = body + str(0 if r <= 1 else 11 - r)
    assert my_number_ok(good)
    changed = good[:pos] + str((int(good[pos]) + step) % 10) + good[pos + 1 :]
    collides = pos < 11 and {r, _my_number_remainder(changed[:11])} <= {0, 1}
    assert my_number_ok(changed) is collides


def test_my_number_known_collision() -> None:
    assert my_number_ok("000000000140") and my_number_ok("200000000140")


# --- 7.2 法人番号 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1180301018771", "7123456789012", "6010001000001"])
def test_corporate_number_valid_vectors(value: str) -> None:
    assert corporate_number_ok(value) is True


@pytest.mark.parametrize("value", ["2180301018771", "118030101877", "0180301018771", "１180301018771"])
def test_corporate_number_invalid(value: str) -> None:
    assert corporate_number_ok(value) is False


# --- 7.3 全国地方公共団体コード ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["130001", "131016", "011002", "010006", "470007", "132021", "132080", "132993"]
)
def test_local_gov_code_valid_vectors(value: str) -> None:
    assert local_gov_code_ok(value) is True


@pytest.mark.parametrize("value", ["131017", "132994", "13101", "1310160"])
def test_local_gov_code_invalid(value: str) -> None:
    assert local_gov_code_ok(value) is False


# --- 7.4 M11W2-7 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected_check"),
    [("0000000019", 9), ("0000100013", 3), ("0000100021", 1), ("0000100080", 0), ("0000100030", 10)],
)
def test_m11_check_digit_of_vectors(value: str, expected_check: int) -> None:
    assert m11_check_digit(value[:-1]) == expected_check


@pytest.mark.parametrize("value", ["0000000019", "0000100013", "0000100021", "0000100080"])
@pytest.mark.parametrize("mode", ["zero", "reject", "any"])
def test_m11_valid_vectors_in_every_mode(value: str, mode: M11Remainder1) -> None:
    assert m11_ok(value, mode) is True


@pytest.mark.parametrize(("mode", "expected"), [("zero", True), ("reject", False), ("any", True)])
def test_m11_remainder_one(mode: M11Remainder1, expected: bool) -> None:
    assert m11_ok("0000100030", mode) is expected


def test_m11_remainder_one_other_digits() -> None:
    assert m11_ok("0000100037", "zero") is False
    assert m11_ok("0000100037", "any") is True


@pytest.mark.parametrize("value", ["0000100014", "0", "", "00001000１3", "0000-00013"])
def test_m11_invalid(value: str) -> None:
    assert m11_ok(value) is False


def test_m11_weights_repeat_after_seven() -> None:
    # body 1000000 (7 digits): the leading 1 sits at the 7th position from the right, weight 2 again.
    assert m11_check_digit("1000000") == 9
    assert m11_check_digit("100000") == 4  # weight 7: 11 - 7


def test_weights_are_those_of_the_standard() -> None:
    """The one weight table per algorithm, read left to right as §7 writes it (check digit excluded)."""

    def weights(name: str, digits: int, skip_first: bool = False) -> list[int]:
        arithmetic = CHECK_DIGITS[name].arithmetic
        assert arithmetic is not None
        positions = range(digits - 1, -1, -1)  # q from the right, leftmost first
        return [arithmetic.weight(q) for q in positions][1 if skip_first else 0 :]

    assert weights("個人番号CD", 12)[:11] == [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    assert weights("団体コードCD", 6)[:5] == [6, 5, 4, 3, 2]
    assert weights("法人番号CD", 13, skip_first=True) == [2, 1] * 6  # body digits n = 12 … 1
    assert weights("M11", 9)[:8] == [3, 2, 7, 6, 5, 4, 3, 2]


# --- registry ------------------------------------------------------------------------------------------


def test_registry_names_lengths_and_severity() -> None:
    assert set(CHECK_DIGITS) == {"個人番号CD", "法人番号CD", "団体コードCD", "M11"}
    assert [CHECK_DIGITS[n].length for n in ("個人番号CD", "法人番号CD", "団体コードCD", "M11")] == [
        12,
        13,
        6,
        None,
    ]
    assert [n for n, cd in CHECK_DIGITS.items() if cd.warning] == ["M11"]


def test_registry_applies_only_at_the_algorithms_length() -> None:
    assert CHECK_DIGITS["個人番号CD"].applies("983205673214")
    assert not CHECK_DIGITS["個人番号CD"].applies("98320567321")
    assert CHECK_DIGITS["M11"].applies("19")
    assert not CHECK_DIGITS["M11"].applies("9")


def test_registry_entries_are_callable() -> None:
    assert CHECK_DIGITS["個人番号CD"]("983205673214")
    assert not CHECK_DIGITS["法人番号CD"]("2180301018771")
    assert CHECK_DIGITS["団体コードCD"]("132993")
    assert CHECK_DIGITS["M11"]("0000100030", "any")
    assert not CHECK_DIGITS["M11"]("0000100030", "reject")
