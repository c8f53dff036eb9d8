"""The item checker (spec §3.4): C1–C9 with F8–F15, on minimal layouts and on the reference layouts.

The reference layouts are the bundled schema set's; the spec's examples are the copies in ``tests/data``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.core.findings import Severity
from conformance.rules.items.check import ItemCheck, ItemSchemaError, compile_layout
from conformance.schema.loader import load_schema_set
from conformance.schema.model import Code, CodeTable, FileSpec, Item, Layout, SchemaSet, Settings
from conformance.types import chars
from conformance.types.base import ValueFault
from conformance.types.wareki import Era
from tests.conftest import DATA

E, W = Severity.ERROR, Severity.WARNING
EXAMPLES = DATA / "spec_examples"

ERAS = (
    Era("1", "明治", (1873, 1, 1), (1912, 7, 30), 45, 1868),
    Era("2", "大正", (1912, 7, 30), (1926, 12, 25), 15, 1912),
    Era("3", "昭和", (1926, 12, 25), (1989, 1, 7), 64, 1926),
    Era("4", "平成", (1989, 1, 8), (2019, 4, 30), 31, 1989),
    Era("5", "令和", (2019, 5, 1), None, None, 2019),
)
PLATFORM = frozenset({0x32FF, 0x301C, 0xFF5E, 0x2460, 0x3231})
TABLES = {
    "性別": CodeTable("性別", (Code("1", "男"), Code("2", "女"))),
    "地目": CodeTable("地目", tuple(Code(f"{i:02d}", f"地目{i}") for i in range(1, 24))),
}


# --- helpers: a minimal layout built in the test ---------------------------------------------------------


def it(
    name: str,
    data_type: str,
    *,
    max_length: int | None = None,
    min_length: int | None = None,
    required: str = "",
    code_table: str | None = None,
    format: str | None = None,
    unknown: str | None = None,
    non_calendar: str | None = None,
    condition: str | None = None,
) -> Item:
    return Item(
        0,
        name,
        data_type,
        max_length,
        min_length,
        required,
        code_table,
        format,
        unknown,
        non_calendar,
        condition,
    )


def schema_for(layout: Layout, settings: Settings | None = None) -> SchemaSet:
    return SchemaSet(
        name="test",
        standard={},
        files={layout.name: FileSpec(layout.name, layout, ())},
        dataset_rules=(),
        code_tables=dict(TABLES),
        eras=ERAS,
        platform_dependent=PLATFORM,
        identifying_items=frozenset(),
        settings=settings or Settings(),
    )


def texts(f: ValueFault) -> tuple[str, Severity, str, str]:
    return (f.rule, f.severity, f.message_ja, f.message_en)


class Harness:
    """Compile a few items (plus a free 文字列 item 'flag' for conditions) and check one at a time."""

    def __init__(self, *items: Item, settings: Settings | None = None) -> None:
        names = {i.name for i in items}
        extra = [it(n, "文字列") for n in ("flag", "other") if n not in names]
        numbered = tuple(replace(item, number=n) for n, item in enumerate((*items, *extra), start=1))
        self.layout = Layout("テスト", numbered)
        self.checks = {c.item.name: c for c in compile_layout(self.layout, schema_for(self.layout, settings))}

    def run(self, name: str, value: str | None, **row: str | None) -> tuple[list[ValueFault], bool]:
        full: dict[str, str | None] = dict.fromkeys(self.layout.item_names)
        full.update(row)
        full[name] = value
        return self.checks[name].check(value, full)

    def rules(self, name: str, value: str | None, **row: str | None) -> list[tuple[str, Severity]]:
        return [(f.rule, f.severity) for f in self.run(name, value, **row)[0]]

    def failed(self, name: str, value: str | None, **row: str | None) -> bool:
        return self.run(name, value, **row)[1]


# --- C1 / C2 and NULL --------------------------------------------------------------------------------------


def test_c1_required_null() -> None:
    h = Harness(it("性別", "コード", required="○", code_table="性別"))
    faults, failed = h.run("性別", None)
    assert [texts(f) for f in faults] == [("C1", E, "必須項目（○）が空です。", "Required item (○) is empty.")]
    assert failed is False  # NULL never fails
    assert h.rules("性別", "1") == []


def test_a_field_of_spaces_is_a_value_not_null() -> None:
    h = Harness(it("名", "文字列", required="○"))
    assert h.rules("名", " ") == [("F15", W)]


def test_optional_null_has_no_fault() -> None:
    h = Harness(it("方書", "全角文字列", max_length=5))
    assert h.run("方書", None) == ([], False)


def test_c2_only_when_the_condition_holds() -> None:
    h = Harness(it("在留資格", "文字列", required="△", condition="flag=1|2"))
    assert h.rules("在留資格", None, flag="1") == [("C2", E)]
    assert h.rules("在留資格", None, flag="3") == []
    assert h.rules("在留資格", None, flag=None) == []
    assert h.rules("在留資格", "01", flag="1") == []
    (f,) = h.run("在留資格", None, flag="2")[0]
    assert f.message_en == "Required (△) because 「flag=1|2」 holds, but empty."


def test_unknown_allowed_companion_satisfies_c1() -> None:
    h = Harness(
        it("生年月日", "日付", required="○", unknown="○", non_calendar="○"),
        it("生年月日不詳表記", "文字列"),
    )
    assert h.rules("生年月日", None, 生年月日不詳表記="昭和30年頃") == []
    assert h.rules("生年月日", None, 生年月日不詳表記=None) == [("C1", E)]
    (f,) = h.run("生年月日", None)[0]
    assert f.message_ja == "必須項目（○）が空です（不詳表記 生年月日不詳表記 も空）。"


def test_conditional_unknown_allowed() -> None:
    h = Harness(
        it("消除日", "日付", required="△", condition="flag!=1", unknown="other=3|4"),
        it("消除日不詳表記", "文字列"),
    )
    assert h.rules("消除日", None, flag="2", other="3", 消除日不詳表記="年月日不詳") == []
    assert h.rules("消除日", None, flag="2", other="1", 消除日不詳表記="年月日不詳") == [("C2", E)]
    assert h.rules("消除日", None, flag="2", other="3") == [("C2", E)]
    assert h.rules("消除日", None, flag="1") == []


# --- F8 numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["１", "1,000", "-1", "+1", "1 ", "12円", "1.0", "①"])
def test_f8_digits_only(value: str) -> None:
    h = Harness(it("履歴番号", "整数", max_length=5))
    rules = h.rules("履歴番号", value)
    assert ("F8", E) in rules and h.failed("履歴番号", value)
    assert [r for r in rules if r[0] not in ("F11", "F15")] == [("F8", E)]  # the type check stops the rest


def test_f8_message_names_the_offending_class_not_the_value() -> None:
    h = Harness(it("郵便番号", "数字", max_length=7, min_length=7))
    (f,) = h.run("郵便番号", "199-0008")[0]
    assert (
        f.message_ja
        == "数字は半角数字のみです（桁区切り・単位・符号・空白・全角数字は不可）。使えない文字: 記号「-」。"
    )
    (g,) = h.run("郵便番号", "１９９")[0]
    assert g.message_en.endswith("found: full-width digits.")
    assert g.message_ja.endswith("使えない文字: 全角数字。")


def test_f8_year() -> None:
    h = Harness(it("課税年度", "年", max_length=4, min_length=4))
    assert h.rules("課税年度", "2024") == []
    assert h.rules("課税年度", "24") == [("F8", E)]
    assert h.rules("課税年度", "R6") == [("F8", E)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1234567890.12", []),
        ("0", []),
        ("12.5", []),
        ("12345678901", [("F8", E)]),  # 11 integer digits > p = 10
        ("1.123", [("F8", E)]),  # 3 fraction digits > s = 2
        ("1.2.3", [("F8", E)]),
        (".5", [("F8", E)]),
        ("5.", [("F8", E)]),
        ("1,5", [("F8", E)]),
        ("-1.5", [("F8", E)]),
    ],
)
def test_f8_decimal_with_scale(value: str, expected: list[tuple[str, Severity]]) -> None:
    h = Harness(it("地積", "小数", max_length=12, format="10.2"))
    assert h.rules("地積", value) == expected


def test_decimal_messages() -> None:
    h = Harness(it("地積", "小数", max_length=12, format="10.2"))
    (f,) = h.run("地積", "1.123")[0]
    assert (
        f.message_en == "Not a 小数 (at most 10 integer and 2 fraction digits): 3 fraction digits exceed 2."
    )
    (g,) = h.run("地積", "1.2.3")[0]
    assert g.message_ja == "小数の形式（整数部10桁以内・小数部2桁以内）に合いません: 小数点が複数あります。"


def test_decimal_max_length_is_informative_but_min_length_counts_digits() -> None:
    h = Harness(it("地積", "小数", max_length=3, min_length=3, format="10.2"))
    assert h.rules("地積", "123456.78") == []  # p.s governs, not 最大桁数
    assert h.rules("地積", "1.2") == [("C5", E)]  # 2 digits < 3


def test_decimal_without_scale() -> None:
    h = Harness(it("率", "小数"))
    assert h.rules("率", "123456789.123456") == []
    assert h.rules("率", "1.") == [("F8", E)]


# --- F9 dates, 暦外可, 不詳可 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-29", []),
        ("2023-02-29", [("F9", E)]),
        ("1980/05/05", [("F9", E)]),
        ("1980-5-5", [("F9", E)]),
        ("19800505", [("F9", E)]),
        ("１９８０-05-05", [("F9", E)]),
        ("2024-13-01", [("F9", E)]),
        ("2024-04-31", [("F9", E)]),
        ("2024-04-00", [("F9", E)]),
        ("0000-01-01", [("F9", E)]),
    ],
)
def test_f9_calendar(value: str, expected: list[tuple[str, Severity]]) -> None:
    h = Harness(it("処理日", "日付", max_length=10, min_length=10))
    assert h.rules("処理日", value) == expected


def test_f9_message() -> None:
    h = Harness(it("処理日", "日付"))
    (f,) = h.run("処理日", "2023-02-29")[0]
    assert texts(f) == (
        "F9",
        E,
        "日付が正しくありません: 暦上の日ではありません（その月は28日まで）。",
        "Invalid date: not a real calendar day: that month has 28 days.",
    )


def test_f9_non_calendar_always() -> None:
    h = Harness(it("生年月日", "日付", non_calendar="○"))
    assert h.rules("生年月日", "1987-02-29") == []
    assert h.rules("生年月日", "1987-02-30") == [("F9", E)]
    assert h.rules("生年月日", "1987-04-31") == [("F9", E)]
    assert h.rules("生年月日", "1987-13-01") == [("F9", E)]


def test_f9_non_calendar_by_condition() -> None:
    h = Harness(it("異動日", "日付", required="○", non_calendar="flag=13|33|36"))
    assert h.rules("異動日", "1987-02-29", flag="13") == []
    assert h.rules("異動日", "1987-02-29", flag="11") == [("F9", E)]
    assert h.rules("異動日", "1987-02-29", flag="13") == []  # the per-mode cache keeps the modes apart


def test_unknown_allowed_date_with_companion_is_checked_as_non_calendar() -> None:
    h = Harness(it("生年月日", "日付", unknown="○"), it("生年月日不詳表記", "文字列"))
    assert h.rules("生年月日", "1987-02-29", 生年月日不詳表記="推定昭和62年2月") == []
    assert h.rules("生年月日", "1987-02-29") == [("F9", E)]


# --- F10 datetimes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2024-04-01T10:00:00", True),
        ("2024-04-01T10:00:00+09:00", True),
        ("2024-04-01T23:59:59", True),
        ("2024-04-01 10:00:00", False),
        ("2024-04-01T10:00:00Z", False),
        ("2024-04-01T10:00:00+00:00", False),
        ("2024-04-01T10:00:00.5", False),
        ("2024-04-01T24:00:00", False),
        ("2024-04-01T10:60:00", False),
        ("2024-04-01T10:00:60", False),
        ("2023-02-29T10:00:00", False),
        ("2024-04-01T10:00", False),
    ],
)
def test_f10(value: str, ok: bool) -> None:
    h = Harness(it("更新日時", "日時", max_length=25, min_length=19))
    assert h.rules("更新日時", value) == ([] if ok else [("F10", E)])


# --- C3 text types ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data_type", "good", "bad"),
    [
        ("全角文字列", ["試験\u3000太郎", "ＡＢＣ１", "見本荘"], ["試験 太郎", "見本ｱ", "A"]),
        ("半角文字列", ["ABC-123 x", "~"], ["ＡＢＣ", "ｱ", "漢"]),
        ("カナ", ["シケン\u3000タロウ", "ヴァーヵヶ"], ["しけん", "シケン・タロウ", "ｼｹﾝ", "シケン タロウ"]),
        ("英字氏名", ["EXAMPLE TRAN", "O'NEIL-SMITH, J."], ["Example Lin", "MÜLLER", "TRAN1"]),
    ],
)
def test_c3(data_type: str, good: list[str], bad: list[str]) -> None:
    h = Harness(it("名", data_type))
    for value in good:
        assert h.rules("名", value) == [], value
    for value in bad:
        assert h.rules("名", value) == [("C3", E)], value
        assert h.failed("名", value)


def test_c3_message_describes_classes() -> None:
    h = Harness(it("フリガナ", "カナ"))
    (f,) = h.run("フリガナ", "しけん・タロウ")[0]
    assert f.message_ja == (
        "カナは全角カタカナ（ァ〜ヺ）・長音記号ー・全角空白のみです（中点・は不可）。"
        "使えない文字: ひらがな、中点（U+30FB）。"
    )


def test_string_and_code_types_have_no_type_check() -> None:
    h = Harness(it("備考", "文字列"), it("性別", "コード", code_table="性別"))
    assert h.rules("備考", "abc 漢字 ｱ") == []
    assert h.rules("性別", "男") == [("C6", E)]


# --- C4 / C5 with F14 lengths ----------------------------------------------------------------------------


def test_c4_c5_count_code_points_without_ivs() -> None:
    h = Harness(it("旧氏", "全角文字列", max_length=2, min_length=2))
    assert h.rules("旧氏", "斉\U000e0103藤") == []
    assert h.rules("旧氏", "斉藤様") == [("C4", E)]
    assert h.rules("旧氏", "斉") == [("C5", E)]
    (f,) = h.run("旧氏", "斉藤様")[0]
    assert f.message_en == "Length 3 exceeds 最大桁数 2 (counted in characters, IVS selectors not counted)."


def test_digit_counts_include_leading_zeros() -> None:
    h = Harness(it("履歴番号", "整数", max_length=5))
    assert h.rules("履歴番号", "00001") == []
    assert h.rules("履歴番号", "000001") == [("C4", E)]  # §12.10


@pytest.mark.parametrize("listed", ["住所コード", "テスト:住所コード"])
def test_byte_length_mode(listed: str) -> None:
    h = Harness(
        it("住所コード", "文字列", max_length=6),
        settings=Settings(byte_length_items=frozenset({listed})),
    )
    assert h.rules("住所コード", "見本") == []  # 6 bytes
    assert h.rules("住所コード", "見本町") == [("C4", E)]  # 9 bytes
    (f,) = h.run("住所コード", "見本町")[0]
    assert f.message_ja == "長さ9（UTF-8のバイト数）が最大桁数6を超えています。"


def test_byte_length_mode_for_another_layout_does_not_apply() -> None:
    h = Harness(
        it("住所コード", "文字列", max_length=6),
        settings=Settings(byte_length_items=frozenset({"別:住所コード"})),
    )
    assert h.rules("住所コード", "見本町") == []


# --- C6 / C7 ----------------------------------------------------------------------------------------------


def test_c6_exact_string() -> None:
    h = Harness(it("地目", "コード", max_length=2, min_length=2, code_table="地目"))
    assert h.rules("地目", "01") == []
    assert h.rules("地目", "24") == [("C6", E)]
    assert h.rules("地目", "1") == [("C5", E), ("C6", E)]  # leading zeros are significant
    (f,) = h.run("地目", "24")[0]
    assert f.message_en == "「24」 is not a code of the code table 「地目」 (it holds 23 codes)."


def test_c6_lists_a_small_table() -> None:
    h = Harness(it("性別", "コード", code_table="性別"))
    (f,) = h.run("性別", "3")[0]
    assert f.message_ja == "「3」はコード表「性別」にないコードです（使えるコード: 1 男、2 女）。"
    assert f.message_en == "「3」 is not a code of the code table 「性別」 (the codes: 1 男, 2 女)."


def test_c7_fullmatch() -> None:
    h = Harness(it("番号", "半角文字列", max_length=12, min_length=12, format="[A-Z]{2}[0-9]{8}[A-Z]{2}"))
    assert h.rules("番号", "AB12345678CD") == []
    assert h.rules("番号", "A123456789CD") == [("C7", E)]
    assert h.rules("番号", "AB12345678CDX") == [("C4", E), ("C7", E)]  # a prefix match is not enough
    (f,) = h.run("番号", "A123456789CD")[0]
    assert "[A-Z]" not in f.message_ja + f.message_en  # never a regular expression in a message
    assert f.message_ja == (
        "「A123456789CD」はこの項目の書式に合いません"
        "（書式の説明がスキーマセットの formats.json にありません）。"
    )


def test_c7_says_what_the_schema_describes(schema: SchemaSet) -> None:
    layout = schema.files["住民記録_住民"].layout
    (check,) = [c for c in compile_layout(layout, schema) if c.item.name == "続柄"]
    faults, failed = check.check("孫", {})
    assert failed and [f.rule for f in faults] == ["C7"]
    assert faults[0].message_ja.startswith("「孫」は続柄の表記の書式に合いません: 世帯主・縁故者")
    assert "孫などは使えません" in faults[0].message_ja
    assert faults[0].message_en.startswith("「孫」 does not fit the 続柄 notation: 世帯主, 縁故者, 同居人")


def test_step_three_checks_are_independent() -> None:
    h = Harness(it("区分", "コード", max_length=1, code_table="性別", format="[12]"))
    assert h.rules("区分", "33") == [("C4", E), ("C6", E), ("C7", E)]


# --- C8 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "length", "good", "bad"),
    [
        ("個人番号CD", 12, "983205673214", "983205673215"),
        ("法人番号CD", 13, "1180301018771", "2180301018771"),
        ("団体コードCD", 6, "132993", "132994"),
    ],
)
def test_c8_errors(fmt: str, length: int, good: str, bad: str) -> None:
    h = Harness(it("番号", "数字", max_length=length, min_length=length, format=fmt))
    assert h.run("番号", good) == ([], False)
    faults, failed = h.run("番号", bad)
    assert [(f.rule, f.severity) for f in faults] == [("C8", E)] and failed


def test_c8_needs_the_exact_length() -> None:
    h = Harness(it("個人番号", "数字", max_length=12, min_length=12, format="個人番号CD"))
    assert h.rules("個人番号", "98320567321") == [("C5", E)]  # §12.11: C5 only
    assert h.rules("個人番号", "9832056732140") == [("C4", E)]


def test_c8_m11_is_a_warning_that_does_not_fail() -> None:
    h = Harness(it("宛名番号", "数字", max_length=15, format="M11"))
    faults, failed = h.run("宛名番号", "0000100014")
    assert [(f.rule, f.severity) for f in faults] == [("C8", W)] and failed is False
    assert h.rules("宛名番号", "0000100013") == []
    assert h.rules("宛名番号", "9") == []  # below the algorithm's minimum length: not evaluated


@pytest.mark.parametrize(("mode", "expected"), [("zero", []), ("reject", [("C8", W)]), ("any", [])])
def test_c8_m11_remainder_one_setting(mode: str, expected: list[tuple[str, Severity]]) -> None:
    h = Harness(it("宛名番号", "数字", format="M11"), settings=Settings(m11_remainder1=mode))  # type: ignore[arg-type]
    assert h.rules("宛名番号", "0000100030") == expected


def _remainder(body: str) -> int:
    return sum(int(d) * w for d, w in zip(body, (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11


_MY_NUMBER = Harness(it("個人番号", "数字", max_length=12, min_length=12, format="個人番号CD"))


@settings(max_examples=60, deadline=None)
@given(
    body=st.text(alphabet="0123456789", min_size=11, max_size=11),
    pos=st.integers(0, 11),
    step=st.integers(1, 9),
)
def test_c8_my_number_property(body: str, pos: int, step: int) -> None:
    """Correct check digit: no fault. One changed digit: C8, unless r moves between 0 and 1.

    §7.1 maps remainders 0 and 1 both to check digit 0, so such a change cannot be detected.
    """
    r = _remainder(body)
    good = body + str(0 if r <= 1 else 11 - r)
    assert _MY_NUMBER.run("個人番号", good) == ([], False)
    changed = good[:pos] + str((int(good[pos]) + step) % 10) + good[pos + 1 :]
    undetectable = pos < 11 and {r, _remainder(changed[:11])} <= {0, 1}
    assert _MY_NUMBER.rules("個人番号", changed) == ([] if undetectable else [("C8", E)])


# --- C9 -----------------------------------------------------------------------------------------------------


def test_c9() -> None:
    h = Harness(it("和暦", "和暦日付", max_length=7, min_length=7))
    assert h.rules("和暦", "3500412") == []
    assert h.rules("和暦", "4310501") == [("C9", E)]
    assert h.rules("和暦", "3620229") == [("C9", E)]
    assert h.rules("和暦", "350041") == [("C9", E)]  # the type check stops C5
    (f,) = h.run("和暦", "4310501")[0]
    assert (
        f.message_ja
        == "和暦日付（GYYMMDD）が正しくありません: 日付が平成の期間（1989-01-08〜2019-04-30）外です。"
    )


def test_c9_non_calendar() -> None:
    h = Harness(it("和暦", "和暦日付", non_calendar="○"))
    assert h.rules("和暦", "3620229") == []
    assert h.rules("和暦", "3620230") == [("C9", E)]
    assert h.rules("和暦", "4310501") == [("C9", E)]  # the era range still applies


# --- step order and `failed` ------------------------------------------------------------------------------


def test_f12_error_stops_before_the_type_check() -> None:
    h = Harness(it("方書", "全角文字列", max_length=3))
    faults, failed = h.run("方書", "見本荘⑴ ")
    assert [(f.rule, f.severity) for f in faults] == [("F12", E), ("F15", W)] and failed


def test_f13_error_stops() -> None:
    h = Harness(it("旧氏", "全角文字列", max_length=1))
    assert h.rules("旧氏", "\ue000田") == [("F13", E)]


def test_warnings_do_not_stop_or_fail() -> None:
    h = Harness(it("方書", "全角文字列", max_length=3))
    faults, failed = h.run("方書", "見本荘①")
    assert [(f.rule, f.severity) for f in faults] == [("F11", W), ("C4", E)] and failed
    faults, failed = h.run("方書", "𠮷田")
    assert [(f.rule, f.severity) for f in faults] == [("F12", W)] and failed is False
    faults, failed = h.run("方書", "\u3000見本")
    assert [(f.rule, f.severity) for f in faults] == [("F15", W)] and failed is False


def test_type_failure_stops_step_three() -> None:
    h = Harness(it("名", "英字氏名", max_length=2, format="[A-Z]+"))
    assert h.rules("名", "abc") == [("C3", E)]


def test_clean_values_share_one_empty_list() -> None:
    h = Harness(it("性別", "コード", code_table="性別"), it("名", "全角文字列"))
    first, _ = h.run("性別", "1")
    second, _ = h.run("名", "見本")
    third, _ = h.run("名", None)
    assert first == [] and first is second is third


def test_messages_quote_the_value_only_as_a_maskable_parameter() -> None:
    """A message may show the value (C6, C7 say which value was wrong) only through a Quoted parameter, which
    every report masks like the value itself: rendered with quoted input hidden, no value is left."""
    h = Harness(
        it("氏名", "全角文字列", max_length=3, min_length=2),
        it("カナ氏名", "カナ"),
        it("英字", "英字氏名"),
        it("番号", "数字", max_length=12, min_length=12, format="個人番号CD"),
        it("番号2", "数字"),
        it("日", "日付"),
        it("和暦", "和暦日付"),
        it("書式", "文字列", format="[A-Z]+"),
    )
    cases = [
        ("氏名", "試験 太郎様"),
        ("氏名", "試験太郎様"),
        ("氏名", "𠮷田太郎"),
        ("カナ氏名", "しけんたろう"),
        ("英字", "Tanaka Taro"),
        ("番号", "983205673215"),
        ("番号2", "12-34"),
        ("日", "1980-02-30"),
        ("日", "1980/02/03"),
        ("和暦", "4310501"),
        ("書式", "tanaka"),
    ]
    for name, value in cases:
        faults, _ = h.run(name, value)
        assert faults, (name, value)
        for f in faults:
            for lang in ("ja", "en"):
                assert value not in f.text(lang, lambda q: "<masked>"), (name, value, f)


# --- compile errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("items", "problem"),
    [
        ([it("X", "ナニカ")], "unknown データ型 'ナニカ'"),
        ([it("X", "文字列", format="[A-")], "書式 is not a valid regular expression"),
        ([it("X", "コード")], "an item of type コード needs a コード表"),
        ([it("X", "コード", code_table="無い表")], "コード表 '無い表' is not a loaded code table"),
        ([it("X", "文字列", required="△")], "必須 is △ but 条件 is empty"),
        ([it("X", "文字列", required="◎")], "必須 must be ○, △ or empty, not '◎'"),
        ([it("X", "文字列", required="△", condition="flag=")], "条件: condition 'flag=': expected a value"),
        (
            [it("X", "文字列", required="△", condition="nope=1")],
            "names items that are not in the layout: nope",
        ),
        ([it("X", "日付", unknown="○")], "不詳可 needs the companion item X不詳表記 in the layout"),
        ([it("X", "日付", non_calendar="flag=")], "暦外可: condition 'flag=': expected a value"),
    ],
)
def test_compile_errors_are_located(items: list[Item], problem: str) -> None:
    with pytest.raises(ItemSchemaError) as info:
        Harness(*items)
    assert (info.value.layout, info.value.item) == ("テスト", "X")
    assert problem in info.value.problem
    assert str(info.value).startswith("layout テスト, item X: ")


# --- hypothesis: full-width text ---------------------------------------------------------------------

_KANJI_KANA = [
    chr(cp)
    for cp in [
        *range(0x3041, 0x3097),
        *range(0x30A1, 0x30FB),
        0x30FC,
        *range(0x4E00, 0xA000),
        *range(0x20000, 0x2A6E0),
    ]
    if chars.in_repertoire(cp) and cp not in PLATFORM
]
_FULL_WIDTH = Harness(it("名", "全角文字列"))


@settings(max_examples=80, deadline=None)
@given(st.text(st.sampled_from(_KANJI_KANA), min_size=1, max_size=30))
def test_jis_kanji_and_kana_pass_full_width(value: str) -> None:
    assert _FULL_WIDTH.run("名", value) == ([], False)


@settings(max_examples=40, deadline=None)
@given(
    st.text(st.sampled_from(_KANJI_KANA), min_size=1, max_size=10),
    st.text(st.sampled_from(_KANJI_KANA), min_size=1, max_size=10),
)
def test_full_width_space_inside_is_fine(first: str, last: str) -> None:
    assert _FULL_WIDTH.run("名", first + "\u3000" + last) == ([], False)


# --- the reference layouts and the spec's examples ---------------------------------------------------


@pytest.fixture(scope="module")
def reference() -> SchemaSet:
    return load_schema_set()


def _records(path: Path) -> list[tuple[int, list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(enumerate(csv.reader(fh), start=1))


def _faults_per_line(schema: SchemaSet, file: str, path: Path) -> dict[int, list[tuple[str, str]]]:
    layout = schema.files[file].layout
    checks = compile_layout(layout, schema)
    records = _records(path)
    header = records[0][1]
    out: dict[int, list[tuple[str, str]]] = {}
    for line, fields in records[1:]:
        if len(fields) != len(header):
            continue  # an F3 record (line 58 of the invalid example) is not item-checked
        row: Mapping[str, str | None] = {
            h: (v if v != "" else None) for h, v in zip(header, fields, strict=True)
        }
        got: list[tuple[str, str]] = []
        for check in checks:
            faults, _ = check.check(row[check.item.name], row)
            got.extend((check.item.name, f.rule) for f in faults)
        out[line] = got
    return out


VALUE_RULES = {f"C{n}" for n in range(1, 10)} | {f"F{n}" for n in range(8, 16)}


def test_invalid_example_value_findings(reference: SchemaSet) -> None:
    """Every line whose expected finding is a value rule gets exactly that finding; other lines none."""
    path = EXAMPLES / "住民記録_住民.invalid.expected.jsonl"
    expected = {
        e["line"]: (e["item"], e["rule"]) for e in map(json.loads, path.read_text("utf-8").splitlines())
    }
    value_lines = {line for line, (_, rule) in expected.items() if rule in VALUE_RULES}
    # Lines 2–21, 25–33, 45, 49–56 less the cross-item rules X11 (line 11) and X9 (line 52).
    assert value_lines == {*range(2, 22), *range(25, 34), 45, *range(49, 57)} - {11, 52}
    got = _faults_per_line(reference, "住民記録_住民", EXAMPLES / "住民記録_住民.invalid.csv")
    assert value_lines <= set(got)
    for line, faults in got.items():
        assert faults == ([expected[line]] if line in value_lines else []), line


def test_valid_examples_have_no_value_findings(reference: SchemaSet) -> None:
    for file in sorted(reference.files):
        got = _faults_per_line(reference, file, EXAMPLES / f"{file}.csv")
        assert got and all(faults == [] for faults in got.values()), (file, got)


def test_reference_layout_compiles_one_check_per_item(reference: SchemaSet) -> None:
    layout = reference.files["住民記録_住民"].layout
    checks = compile_layout(layout, reference)
    assert [c.item.name for c in checks] == list(layout.item_names)
    assert all(isinstance(c, ItemCheck) for c in checks)
    assert len(checks) == 41
