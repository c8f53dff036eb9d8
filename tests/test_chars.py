"""Character rules F11–F15 (spec §2): the §2 F12 examples, IVS and U+309A, 外字, spaces, F14 length.

The scanner (``types.chars``) reports which code points offend; the rule units word them
(``rules.items.characters``). Both are tested here: rule ids and messages through ``CharRules``, the
structured result on the scanner itself.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.core.findings import Severity
from conformance.rules.item.f13_private_use import FOUND
from conformance.rules.items.characters import CharRules, char_rules
from conformance.types.chars import (
    CharConfig,
    CharFaults,
    CharScanner,
    byte_length,
    describe_chars,
    in_repertoire,
    is_ideograph,
    is_pua,
    length,
    scanner,
)

PLATFORM = frozenset({0x32FF, 0x301C, 0xFF5E, 0x2460, 0x2461, 0x2160, 0x3231})  # ㋿ 〜 ～ ① ② Ⅰ ㈱
CONFIG = CharConfig.of(PLATFORM)
SC = char_rules(CONFIG)
RAW = scanner(CONFIG)


def with_config(*, pua_map: Iterable[int] = (), extra: Iterable[int] = ()) -> CharRules:
    return CharRules(CharScanner(CharConfig.of(PLATFORM, pua_map, extra)))


def rules(value: str, sc: CharRules = SC) -> list[tuple[str, Severity]]:
    return [(f.rule, f.severity) for f in sc.scan(value)]


E, W = Severity.ERROR, Severity.WARNING

# --- the repertoire ------------------------------------------------------------------------------------


def test_repertoire_is_the_codec_minus_controls() -> None:
    assert in_repertoire(ord("A")) and in_repertoire(ord("漢")) and in_repertoire(ord("ｱ"))
    assert in_repertoire(0x2015)  # JIS 1-1-29 maps to U+2015 …
    assert not in_repertoire(0x2014)  # … so EM DASH is outside
    assert not in_repertoire(0x09)  # TAB encodes but is a control
    assert not in_repertoire(0x7F) and not in_repertoire(0x85)
    assert not in_repertoire(0x20BB7)  # 𠮷
    assert not in_repertoire(0xD800)  # a lone surrogate never encodes


def test_ideograph_and_pua_ranges() -> None:
    assert [
        is_ideograph(cp) for cp in (0x3400, 0x4DBF, 0x9FFF, 0xF929, 0x20BB7, 0x2A700, 0x2F800, 0x323AF)
    ] == [True] * 8
    assert [is_ideograph(cp) for cp in (0x33FF, 0x3042, 0xFB00, 0x2A6E0, 0x323B0)] == [False] * 5
    assert [is_pua(cp) for cp in (0xE000, 0xF8FF, 0xF0000, 0xFFFFD, 0x100000, 0x10FFFD)] == [True] * 6
    assert [is_pua(cp) for cp in (0xDFFF, 0xF900, 0xFFFFE, 0xE0100)] == [False] * 4


# --- F12: the examples of §2 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("𠮷田", [("F12", W)]),  # ideograph outside JIS X 0213
        ("髙橋", [("F12", W)]),
        ("斉\U000e0103藤", []),  # IVS after an ideograph
        ("𠮷\U000e0100田", []),  # an outside ideograph with an IVS is accepted
        ("⑴", [("F12", E)]),
        ("¥100", [("F12", E)]),
        ("A\u2014B", [("F12", E)]),
        ("\uf929", []),  # CJK compatibility ideograph that JIS X 0213 encodes: never NFC-normalised
        ("\ufa4f", []),
        ("か\u309a", []),  # composed kana of JIS X 0213
        ("あ\u309a", [("F12", E)]),  # U+309A after a kana it does not compose with
        ("漢\u309a", [("F12", E)]),
        ("\u309a", [("F12", E)]),
        ("あ\U000e0100", [("F12", E)]),  # IVS after a non-ideograph
        ("\U000e0100漢", [("F12", E)]),  # IVS at the start
        ("斉\U000e0103\U000e0103", [("F12", E)]),  # a second selector follows a selector
        ("漢\ufe00", [("F12", E)]),  # standardized variation selector
        ("A\tB", [("F12", E)]),
        ("A\ufeffB", [("F12", E)]),
        ("A\x7fB", [("F12", E)]),
        ("A\x85B", [("F12", E)]),
        ("😀", [("F12", E)]),
        ("ＡＢＣ　ｱｲｳ〒", []),
        ("\u00a0", []),  # NO-BREAK SPACE is a JIS X 0213 character
    ],
)
def test_f12_examples(value: str, expected: list[tuple[str, Severity]]) -> None:
    assert rules(value) == expected


def test_f12_error_wins_and_lists_all_offenders_once() -> None:
    faults = SC.scan("⑴𠮷¥⑴")
    assert len(faults) == 1
    f = faults[0]
    assert (f.rule, f.severity) == ("F12", E)
    assert f.message_en == (
        "Contains characters outside JIS X 0213: U+2474 (⑴), U+00A5 (¥) "
        "(ideographs outside the range: U+20BB7 (𠮷))."
    )
    assert "U+2474 (⑴), U+00A5 (¥)" in f.message_ja


def test_f12_warning_message() -> None:
    (f,) = SC.scan("髙")
    assert (f.rule, f.severity, f.message_ja, f.message_en) == (
        "F12",
        W,
        "JIS X 0213の範囲外の漢字を含みます（異体字セレクタなし）: U+9AD9 (髙)。"
        "MJ文字であれば --moji でMJ文字情報一覧表を指定すると解消します。",
        "Contains ideographs outside JIS X 0213 without a variation selector: U+9AD9 (髙). "
        "If they are MJ characters, supply the MJ文字情報一覧表 with --moji.",
    )


def test_selector_message_explains_the_placement_rule() -> None:
    (f,) = SC.scan("あ\U000e0100")
    assert f.message_en.startswith("Contains characters outside JIS X 0213: U+E0100; a variation selector")


def test_extra_repertoire_clears_the_ideograph_warning() -> None:
    sc = with_config(extra=frozenset({0x20BB7, 0x9AD9}))
    assert rules("𠮷田髙", sc) == []
    assert rules("⑴", sc) == [("F12", E)]


# --- F11 -----------------------------------------------------------------------------------------------


def test_f11_inside_jis_is_a_warning_only() -> None:
    assert rules("見本荘①") == [("F11", W)]
    assert rules("A〜B") == [("F11", W)]  # §12.14: 〜 warns although JIS X 0213 has it


def test_f11_outside_jis_also_gets_f12() -> None:
    assert rules("令和㋿") == [("F11", W), ("F12", E)]


def test_f11_one_finding_listing_the_characters() -> None:
    (f,) = SC.scan("①②①㈱")
    assert f.rule == "F11"
    assert f.message_en == (
        "Contains platform-dependent characters: U+2460 (①), U+2461 (②), U+3231 (㈱); "
        "avoid them in principle."
    )


def test_f11_ascii_entries_disable_the_ascii_fast_path() -> None:
    sc = CharRules(CharScanner(CharConfig.of({ord("~")})))
    assert rules("a~b", sc) == [("F11", W)]


# --- F13 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["\ue000田", "\U000f0000", "\U0010fffd"])
def test_f13_pua_is_an_error_and_not_f12(value: str) -> None:
    assert rules(value) == [("F13", E)]


def test_f13_mapped_pua_passes() -> None:
    sc = with_config(pua_map={0xE000: "MJ012345"})
    assert rules("\ue000田", sc) == []
    assert rules("\ue001田", sc) == [("F13", E)]


def test_f13_message() -> None:
    (f,) = SC.scan("\ue000\ue000")
    assert (
        f.message_en == FOUND.en.format(chars="U+E000")
    )


# --- F15 -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (" 見本", [("F15", W)]),
        ("見本 ", [("F15", W)]),
        ("\u3000見本", [("F15", W)]),
        ("見本\u3000", [("F15", W)]),
        (" ", [("F15", W)]),
        ("abc ", [("F15", W)]),
        ("試験\u3000太郎", []),
        ("a b", []),
        ("\t見本", [("F12", E)]),  # TAB is not an F15 space
    ],
)
def test_f15(value: str, expected: list[tuple[str, Severity]]) -> None:
    assert rules(value) == expected


def test_f15_message_names_both_ends() -> None:
    (f,) = SC.scan("\u3000見本 ")
    assert (
        f.message_en
        == "The value has a leading U+3000 and a trailing U+0020 space; remove spaces added for layout."
    )


def test_all_step_one_rules_together_in_order() -> None:
    assert rules(" ①⑴\ue000 ") == [("F11", W), ("F12", E), ("F13", E), ("F15", W)]


# --- F14 length ----------------------------------------------------------------------------------------


def test_length_excludes_ivs_selectors() -> None:
    assert length("斉\U000e0103藤") == 2
    assert length("か\u309a") == 2  # combining sequences count per code point
    assert length("abc") == 3
    assert length("𠮷") == 1


def test_byte_length() -> None:
    assert byte_length("abc") == 3
    assert byte_length("見本") == 6
    assert byte_length("𠮷") == 4


def test_describe_chars_truncates() -> None:
    text = describe_chars(range(0x2474, 0x2474 + 10))
    assert text.endswith("U+247B (⑻), … (+2)")
    assert describe_chars([0x09, 0x309A]) == "U+0009, U+309A"  # controls and combining marks: code only


# --- the functional form and the fast path ---------------------------------------------------------------


def test_the_scanner_reports_code_points_and_edges() -> None:
    assert RAW.scan("見本") is None
    assert RAW.scan(" 見本①⑴𠮷\ue000\u3000") == CharFaults(
        platform_dependent=(0x2460,),
        outside=(0x2474,),
        ideographs=(0x20BB7,),
        pua=(0xE000,),
        leading=0x20,
        trailing=0x3000,
    )
    misplaced = RAW.scan("あ\U000e0100")
    assert misplaced is not None and misplaced.outside == (0xE0100,) and misplaced.misplaced
    assert scanner(CharConfig.of(PLATFORM, {0xE000: "MJ1"})).scan("\ue000") is None  # only the keys matter


_ALPHABET = st.sampled_from(
    [
        *"aZ09 ~\\\u3000漢字かカｱ①〜髙𠮷¥⑴\ue000\u309a\u00a0\t\ufeff",
        *("\U000e0100", "\U000e0103", "\ufe00", "\u2014", "\uf929"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.text(_ALPHABET, min_size=1, max_size=8))
def test_fast_path_agrees_with_the_per_character_path(value: str) -> None:
    assert RAW.scan(value) == RAW.scan_slowly(value)
