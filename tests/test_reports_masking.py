"""Masking of identifying values and the cap on shown values."""

from __future__ import annotations

import pytest

from conformance.reports.masking import ReportOptions, mask

IDS = frozenset({"氏名", "生年月日", "住所", "氏名フリガナ", "氏名アルファベット", "郵便番号"})


@pytest.mark.parametrize(
    ("item", "value", "expected"),
    [
        ("生年月日", "1975-04-12", "****-**-**"),
        ("氏名", "見本　太郎", "**　**"),
        ("氏名", "斉\U000e0103藤 花子", "** **"),  # IVS selector dropped, one * per character
        ("氏名", "葛\ufe00城", "**"),  # standardized variation selector dropped too
        ("氏名フリガナ", "ミホン　タロー", "***　***"),  # ー is a letter
        ("氏名フリガナ", "か\u309a", "**"),  # combining mark: one * per code point
        ("氏名アルファベット", "SMITH, John-Paul (Jr.)", "*****, ****-**** (**.)"),
        ("住所", "東京都1丁目2-3・試験ハイツ101号", "*******-***********"),  # ・ is not ASCII
        ("郵便番号", "123\t4567", "********"),  # controls are masked
        ("生年月日", "2001-02-03T04:05:06", "****-**-*****:**:**"),  # T is a letter: masked
        ("氏名", "①㈱\ue000\ud800", "****"),  # symbols, PUA and lone surrogates
        ("氏名", "", ""),
    ],
)
def test_identifying_values_are_masked(item: str, value: str, expected: str) -> None:
    assert mask(value, item, IDS, show_values=False) == expected


def test_non_identifying_values_are_shown_as_is() -> None:
    assert mask("2024-04-01", "処理日", IDS, show_values=False) == "2024-04-01"
    assert mask(" 見本", "備考", IDS, show_values=False) == " 見本"


def test_show_values_shows_identifying_values() -> None:
    assert mask("見本　太郎", "氏名", IDS, show_values=True) == "見本　太郎"
    assert mask("斉\U000e0103藤", "氏名", IDS, show_values=True) == "斉\U000e0103藤"


def test_value_without_item_is_masked_unless_shown() -> None:
    assert mask("a,b", None, IDS, show_values=False) == "*,*"
    assert mask("a,b", None, IDS, show_values=True) == "a,b"


def test_none_stays_none() -> None:
    assert mask(None, "氏名", IDS, show_values=False) is None
    assert mask(None, None, IDS, show_values=True) is None


def test_shown_values_are_capped_at_200_code_points() -> None:
    assert mask("a" * 200, "備考", IDS, show_values=False) == "a" * 200
    assert mask("a" * 201, "備考", IDS, show_values=False) == "a" * 199 + "…"
    assert mask("見" * 500, "氏名", IDS, show_values=False) == "*" * 199 + "…"
    assert mask("見" * 500, "氏名", IDS, show_values=True) == "見" * 199 + "…"


def test_lone_surrogates_in_shown_values_become_replacement_characters() -> None:
    assert mask("ab\udcff", "備考", IDS, show_values=False) == "ab\ufffd"


def test_report_options_delegate_to_mask() -> None:
    opts = ReportOptions(lang="en", show_values=False, identifying=IDS)
    assert opts.shown("1975-04-12", "生年月日") == "****-**-**"
    assert opts.shown("1975-04-12", "異動日") == "1975-04-12"
    assert ReportOptions(show_values=True, identifying=IDS).shown("1975-04-12", "生年月日") == "1975-04-12"
