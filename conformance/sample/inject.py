"""Injected violations: one self-contained unit per fault, each producing exactly one finding.

Like the spec's invalid example, every unit puts its fault into its own otherwise-valid record: a fresh
person in a fresh household (or a fresh household for household rules, or a tax row referencing a fresh
resident), so that no other rule sees anything unusual. A unit records the finding it must cause
(file, physical line, item, rule) in the dataset's answer key as it writes the record. Units use only
the dataset's builders; the generator decides when each runs.

Not injected: F4 (header faults are tested elsewhere; the header stays exact), F7 (produces no finding of
its own) and F14 (its lengths show through C4/C5).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from conformance.sample import names as N
from conformance.sample.csv_out import Row
from conformance.sample.dataset import (
    CORP_TAX,
    HOUSE,
    INDIV_TAX,
    LAND,
    OUTSIDER,
    RESIDENT,
    VEHICLE,
    Dataset,
    Expected,
)
from conformance.sample.dates import END, ENFORCEMENT, iso
from conformance.sample.numbers import with_wrong_m11
from conformance.sample.people import Addressee, Ending, Event, Household, jp_name
from conformance.sample.taxes import EQUAL_SHARE

Unit = Callable[[Dataset], None]


# ------------------------------------------------------------------------------------ building blocks


def _strip(hh: Household) -> Household:
    """No household move, personal events or ending: one row per member."""
    hh.move_day = None
    del hh.addresses[1:]
    for m in hh.members:
        m.extra.clear()
        m.ending = None
    return hh


def solo(ds: Dataset, *, foreign: bool = False, expiring: bool = False, alpha_only: bool = False,
         born_before: date | None = None, ending_room: bool = False) -> Household:
    """A one-person household with one clean row (retried until it has the properties a unit needs)."""
    while True:
        hh = _strip(ds.households.plan(foreign=foreign, composition="single"))
        m = hh.members[0]
        s = m.static
        if m.birth is None or s["生年月日"] is None:
            continue
        if foreign and (s["法第30条の45区分"] != "1" or (expiring and s["在留期間満了日"] is None)):
            continue
        if born_before is not None and m.birth >= born_before:
            continue
        if ending_room and m.start.day + timedelta(days=120) > END - timedelta(days=60):
            continue
        if alpha_only:
            s["氏名"] = None
            m.display_name = s["氏名アルファベット"] or ""
            s["世帯主氏名"] = m.display_name
        if not foreign and s["個人番号"] is None:
            s["個人番号"] = ds.ids.fresh_my_number()
        return hh


def pair(ds: Dataset) -> Household:
    """A Japanese head and spouse: the smallest household where household rules compare rows."""
    while True:
        hh = _strip(ds.households.plan(foreign=False, composition="couple"))
        if len(hh.members) == 2 and all(m.birth is not None and not m.foreign for m in hh.members) \
                and hh.members[1].rel in ("妻", "夫"):
            return hh


def one_row(ds: Dataset, *, foreign: bool = False, expiring: bool = False, alpha_only: bool = False,
            born_before: date | None = None) -> Row:
    hh = solo(ds, foreign=foreign, expiring=expiring, alpha_only=alpha_only, born_before=born_before)
    return ds.residents.household(hh)[0][0]


def put(ds: Dataset, row: Row, item: str | None, rule: str, file: str = RESIDENT, *, eol: str = "\n",
        raw: dict[str, bytes] | None = None, drop_last: bool = False) -> None:
    ds.put(file, row, expect=[(item, rule)], eol=eol, raw=raw, drop_last=drop_last)


def clean_resident(ds: Dataset) -> Addressee:
    """Write a clean one-person household and return it as a tax reference (with a 個人番号)."""
    hh = solo(ds)
    ds.write_household(hh)
    m = hh.members[0]
    return Addressee(m.aname, m.static["個人番号"], m.birth)


def ending_day(ds: Dataset, start: date) -> date:
    return ds.draw.day(start + timedelta(days=40), END - timedelta(days=60))


# ------------------------------------------------------------------------------------ 住民記録_住民


def c8_lg_code(ds: Dataset) -> None:
    row = one_row(ds)
    row["団体コード"] = "132994"
    put(ds, row, "団体コード", "C8")


def c8_aname(ds: Dataset) -> None:
    row = one_row(ds)
    row["宛名番号"] = with_wrong_m11(row["宛名番号"] or "")
    put(ds, row, "宛名番号", "C8")


def f8_history(ds: Dataset) -> None:
    row = one_row(ds)
    row["履歴番号"] = "１"
    put(ds, row, "履歴番号", "F8")


def c6_kind(ds: Dataset) -> None:
    row = one_row(ds)
    row["住民種別"] = "3"
    put(ds, row, "住民種別", "C6")


def c2_name(ds: Dataset) -> None:
    row = one_row(ds)
    row["氏名"] = None  # 世帯主氏名 keeps the name: X6 needs a non-NULL head name to compare
    put(ds, row, "氏名", "C2")


def c3_kana(ds: Dataset) -> None:
    row = one_row(ds)
    row["氏名フリガナ"] = N.hiragana(row["氏名フリガナ"] or "")
    put(ds, row, "氏名フリガナ", "C3")


def c3_name_space(ds: Dataset) -> None:
    row = one_row(ds)
    row["氏名"] = (row["氏名"] or "").replace("　", " ")
    row["世帯主氏名"] = row["氏名"]
    put(ds, row, "氏名", "C3")


def f9_birth_format(ds: Dataset) -> None:
    row = one_row(ds)
    row["生年月日"] = (row["生年月日"] or "").replace("-", "/")
    put(ds, row, "生年月日", "F9")


def f9_birth_day(ds: Dataset) -> None:
    row = one_row(ds)
    row["生年月日"] = (row["生年月日"] or "")[:4] + "-02-30"  # beyond even the 暦外可 limit
    put(ds, row, "生年月日", "F9")


def x11_wareki(ds: Dataset) -> None:
    row = one_row(ds)
    b = date.fromisoformat(row["生年月日"] or "") + timedelta(days=1)
    row["生年月日和暦"] = ds.wareki(b.year, b.month, b.day)
    put(ds, row, "生年月日和暦", "X11")


def c9_wareki(ds: Dataset) -> None:
    row = one_row(ds)
    row["生年月日"], row["生年月日和暦"] = "1989-01-08", "3640108"  # 昭和64年1月8日 does not exist
    put(ds, row, "生年月日和暦", "C9")


def c6_sex(ds: Dataset) -> None:
    row = one_row(ds)
    row["性別"] = "3"
    put(ds, row, "性別", "C6")


def _member_fault(ds: Dataset, item: str, value: str | None, rule: str) -> None:
    hh = pair(ds)
    head, member = ds.residents.household(hh)
    ds.put(RESIDENT, head[0])
    member[0][item] = value
    put(ds, member[0], item, rule)


def c7_relation(ds: Dataset) -> None:
    _member_fault(ds, "続柄", "孫", "C7")


def c7_relation_generations(ds: Dataset) -> None:
    _member_fault(ds, "続柄", "子の子の子の子の子", "C7")


def c1_relation(ds: Dataset) -> None:
    _member_fault(ds, "続柄", None, "C1")


def x3_two_heads(ds: Dataset) -> None:
    _member_fault(ds, "続柄", "世帯主", "X3")


def x5_address(ds: Dataset) -> None:
    hh = pair(ds)
    other = ds.addresses.local().jusho
    while other == hh.addresses[0][1].jusho:
        other = ds.addresses.local().jusho
    head, member = ds.residents.household(hh)
    ds.put(RESIDENT, head[0])
    member[0]["住所"] = other
    put(ds, member[0], "住所", "X5")


def x6_head_name(ds: Dataset) -> None:
    hh = pair(ds)
    head, member = ds.residents.household(hh)
    ds.put(RESIDENT, head[0])
    other = jp_name(ds.draw, "1")
    member[0]["世帯主氏名"] = other if other != member[0]["世帯主氏名"] else other + "一"
    put(ds, member[0], "世帯主氏名", "X6")


def x4_no_head(ds: Dataset) -> None:
    hh = pair(ds)
    head = hh.members[0]
    head.ending = Ending(ending_day(ds, head.start.day), "31", "2", "1")
    head_rows, member = ds.residents.household(hh)
    for r in head_rows:
        ds.put(RESIDENT, r)
    put(ds, member[0], "続柄", "X4")


def f8_postal(ds: Dataset) -> None:
    row = one_row(ds)
    p = row["郵便番号"] or "1990001"
    row["郵便番号"] = p[:3] + "-" + p[3:]
    put(ds, row, "郵便番号", "F8")


def c8_my_number(ds: Dataset) -> None:
    row = one_row(ds)
    good = ds.ids.fresh_my_number()
    row["個人番号"] = good[:-1] + str((int(good[-1]) + 1) % 10)
    put(ds, row, "個人番号", "C8")


def c5_juminhyo(ds: Dataset) -> None:
    row = one_row(ds)
    row["住民票コード"] = (row["住民票コード"] or "")[:10]
    put(ds, row, "住民票コード", "C5")


def c2_nationality(ds: Dataset) -> None:
    row = one_row(ds, foreign=True)
    row["国籍・地域"] = None
    put(ds, row, "国籍・地域", "C2")


def c2_visa(ds: Dataset) -> None:
    row = one_row(ds, foreign=True, expiring=True)
    row["在留資格"] = None
    put(ds, row, "在留資格", "C2")


def c6_visa(ds: Dataset) -> None:
    row = one_row(ds, foreign=True, expiring=True)  # 在留資格 99 still requires 在留期間満了日: it is there
    row["在留資格"] = "99"
    put(ds, row, "在留資格", "C6")


def c7_card(ds: Dataset) -> None:
    row = one_row(ds, foreign=True)
    row["在留カード等番号"] = "A" + ds.draw.digits(9) + "CD"
    put(ds, row, "在留カード等番号", "C7")


def c3_alphabet(ds: Dataset) -> None:
    row = one_row(ds, foreign=True, alpha_only=True)
    row["氏名アルファベット"] = (row["氏名アルファベット"] or "").title()
    row["世帯主氏名"] = row["氏名アルファベット"]
    put(ds, row, "氏名アルファベット", "C3")


def x7_change_after_processing(ds: Dataset) -> None:
    row = one_row(ds)
    moved = iso(date.fromisoformat(row["処理日"] or "") + timedelta(days=5))
    row.update({"異動事由": "16", "異動日": moved, "届出年月日": None, "住民となった年月日": moved,
                "住所を定めた年月日": moved})
    put(ds, row, "異動日", "X7")


def x8_notice_after_processing(ds: Dataset) -> None:
    row = one_row(ds)
    row["届出年月日"] = iso(date.fromisoformat(row["処理日"] or "") + timedelta(days=3))
    put(ds, row, "届出年月日", "X8")


def x9_notice_before_move(ds: Dataset) -> None:
    row = one_row(ds)
    row["届出年月日"] = iso(date.fromisoformat(row["異動日"] or "") - timedelta(days=3))
    put(ds, row, "届出年月日", "X9")


def x10_birth_after(ds: Dataset) -> None:
    row = one_row(ds)
    b = date.fromisoformat(row["処理日"] or "") + timedelta(days=5)
    row["生年月日"], row["生年月日和暦"] = iso(b), ds.wareki(b.year, b.month, b.day)
    put(ds, row, "生年月日", "X10")


def x12_foreign_honseki(ds: Dataset) -> None:
    row = one_row(ds, foreign=True)
    row["本籍"] = ds.addresses.local_lot()
    put(ds, row, "本籍", "X12")


def x13_no_wareki(ds: Dataset) -> None:
    row = one_row(ds)
    row["生年月日和暦"] = None
    put(ds, row, "生年月日和暦", "X13")


def x1_duplicate(ds: Dataset) -> None:
    row = one_row(ds)
    ds.put(RESIDENT, row)
    put(ds, dict(row), "履歴番号", "X1")


def x2_gap(ds: Dataset) -> None:
    hh = solo(ds, ending_room=True)
    m = hh.members[0]
    m.extra.append(Event(ending_day(ds, m.start.day), "52"))
    rows = ds.residents.household(hh)[0]
    ds.put(RESIDENT, rows[0])
    rows[1]["履歴番号"] = "3"
    put(ds, rows[1], "履歴番号", "X2")


def x14_shared_my_number(ds: Dataset) -> None:
    first = one_row(ds)
    ds.put(RESIDENT, first)
    second = one_row(ds)
    second["個人番号"] = first["個人番号"]
    put(ds, second, "個人番号", "X14")


def _ended(ds: Dataset, code: str, state: str, reason: str) -> list[Row]:
    hh = solo(ds, ending_room=True)
    m = hh.members[0]
    m.ending = Ending(ending_day(ds, m.start.day), code, state, reason)
    return ds.residents.household(hh)[0]


def c2_removal_reason(ds: Dataset) -> None:
    rows = _ended(ds, "33", "3", "3")
    ds.put(RESIDENT, rows[0])
    rows[1]["消除事由"] = None
    put(ds, rows[1], "消除事由", "C2")


def x16_state_reason(ds: Dataset) -> None:
    rows = _ended(ds, "31", "2", "1")
    ds.put(RESIDENT, rows[0])
    rows[1]["消除事由"] = "3"
    put(ds, rows[1], "消除事由", "X16")


def x17_after_death(ds: Dataset) -> None:
    rows = _ended(ds, "33", "3", "3")
    for r in rows:
        ds.put(RESIDENT, r)
    after = dict(rows[-1])
    d = date.fromisoformat(after["消除日"] or "") + timedelta(days=30)
    after.update({"履歴番号": str(len(rows) + 1), "異動事由": "52", "異動日": iso(d), "届出年月日": None,
                  "処理日": iso(d + timedelta(days=1)), "更新日時": ds.draw.stamp(d + timedelta(days=1))})
    put(ds, after, "異動事由", "X17")


def x15_removed_resident(ds: Dataset) -> None:
    row = one_row(ds)
    row["消除事由"] = "1"
    put(ds, row, "消除事由", "X15")


def x18_code_for_kind(ds: Dataset) -> None:
    row = one_row(ds, foreign=True)
    row["異動事由"] = "14"  # 職権記載（帰化等）: 日本人住民 only
    put(ds, row, "異動事由", "X18")


def x19_before_enforcement(ds: Dataset) -> None:
    row = one_row(ds, foreign=True, born_before=date(2005, 1, 1))
    b = date.fromisoformat(row["生年月日"] or "")
    since = ds.draw.day(max(b, date(2008, 1, 1)), ENFORCEMENT - timedelta(days=1))
    row["外国人住民となった年月日"] = iso(since)
    put(ds, row, "外国人住民となった年月日", "X19")


def x20_expired(ds: Dataset) -> None:
    row = one_row(ds, foreign=True, expiring=True)
    row["在留期間満了日"] = iso(date.fromisoformat(row["処理日"] or "") - timedelta(days=10))
    put(ds, row, "在留期間満了日", "X20")


def c8_household(ds: Dataset) -> None:
    row = one_row(ds)
    row["世帯番号"] = with_wrong_m11(row["世帯番号"] or "")
    put(ds, row, "世帯番号", "C8")


def _apartment(ds: Dataset) -> str:
    return ds.draw.pick(N.APARTMENTS)


def f11_platform(ds: Dataset) -> None:
    row = one_row(ds)
    row["方書"] = _apartment(ds) + "①"
    put(ds, row, "方書", "F11")


def f12_error(ds: Dataset) -> None:
    row = one_row(ds)
    row["方書"] = _apartment(ds) + "⑴"  # U+2474: outside JIS X 0213, not an ideograph
    put(ds, row, "方書", "F12")


def f12_ivs_after_kana(ds: Dataset) -> None:
    row = one_row(ds)
    row["方書"] = _apartment(ds) + "あ\U000e0100"
    put(ds, row, "方書", "F12")


def f12_warning(ds: Dataset) -> None:
    row = one_row(ds)
    row["旧氏"] = "\U00020bb7田"  # 𠮷田: an MJ ideograph outside JIS X 0213
    put(ds, row, "旧氏", "F12")


def f13_pua(ds: Dataset) -> None:
    row = one_row(ds)
    row["旧氏"] = "\ue000田"
    put(ds, row, "旧氏", "F13")


def f15_spaces(ds: Dataset) -> None:
    row = one_row(ds)
    row["方書"] = "　" + _apartment(ds)
    put(ds, row, "方書", "F15")


def c4_long(ds: Dataset) -> None:
    row = one_row(ds)
    row["方書"] = "見本荘" + "Ａ" * 48  # 51 > 最大桁数 50
    put(ds, row, "方書", "C4")


def f10_datetime(ds: Dataset) -> None:
    row = one_row(ds)
    row["更新日時"] = f"{row['処理日']} 10:00:00"
    put(ds, row, "更新日時", "F10")


def f9_processing_day(ds: Dataset) -> None:
    row = one_row(ds)
    row["処理日"] = "2023-02-29"
    put(ds, row, "処理日", "F9")


def c1_sex(ds: Dataset) -> None:
    row = one_row(ds)
    row["性別"] = None
    put(ds, row, "性別", "C1")


def c1_birth(ds: Dataset) -> None:
    row = one_row(ds)
    row["生年月日"] = row["生年月日和暦"] = None
    put(ds, row, "生年月日", "C1")


def c7_unknown_birth(ds: Dataset) -> None:
    row = one_row(ds)
    row["生年月日"] = row["生年月日和暦"] = None
    row["生年月日不詳表記"] = "不明"
    put(ds, row, "生年月日不詳表記", "C7")


def f6_crlf(ds: Dataset) -> None:
    put(ds, one_row(ds), None, "F6", eol="\r\n")


def f3_fields(ds: Dataset) -> None:
    put(ds, one_row(ds), None, "F3", drop_last=True)


# ------------------------------------------------------------------------------------ 住民記録_住登外者


def x22_both(ds: Dataset) -> None:
    who = clean_resident(ds)
    row, _ = ds.residents.outsider("jp")
    row["宛名番号"] = who.aname
    row["個人番号"] = None
    put(ds, row, "宛名番号", "X22", OUTSIDER)


def x34_corporate_sex(ds: Dataset) -> None:
    row, _ = ds.residents.outsider("corp")
    row["性別"] = "1"
    put(ds, row, "性別", "X34", OUTSIDER)


def x35_outsider_my_number(ds: Dataset) -> None:
    who = clean_resident(ds)
    row, _ = ds.residents.outsider("jp")
    row["個人番号"] = who.my_number
    put(ds, row, "個人番号", "X35", OUTSIDER)


def c1_registration(ds: Dataset) -> None:
    row, _ = ds.residents.outsider()
    row["登録日"] = None
    put(ds, row, "登録日", "C1", OUTSIDER)


def f5_newline(ds: Dataset) -> None:
    row, _ = ds.residents.outsider("jp")
    row["住所"] = (row["住所"] or "") + "\n" + _apartment(ds)
    put(ds, row, None, "F5", OUTSIDER)


# ------------------------------------------------------------------------------------ 個人住民税_課税


def x21_tax(ds: Dataset) -> None:
    row = ds.taxes.individual(Addressee(ds.ids.unissued_aname.next(), None), "1")
    put(ds, row, "宛名番号", "X21", INDIV_TAX)


def x23_sum(ds: Dataset) -> None:
    row = ds.taxes.individual(clean_resident(ds), "1")
    row["年税額"] = str(int(row["年税額"] or 0) + 100)
    put(ds, row, "年税額", "X23", INDIV_TAX)


def x24_category(ds: Dataset) -> None:
    row = ds.taxes.individual(clean_resident(ds), "1")
    row.update({"所得割額": "0", "均等割額": str(EQUAL_SHARE), "年税額": str(EQUAL_SHARE)})
    put(ds, row, "課税区分", "X24", INDIV_TAX)


def x25_my_number(ds: Dataset) -> None:
    row = ds.taxes.individual(clean_resident(ds), "1")
    row["個人番号"] = ds.ids.fresh_my_number()
    put(ds, row, "個人番号", "X25", INDIV_TAX)


def c2_employer(ds: Dataset) -> None:
    row = ds.taxes.individual(clean_resident(ds), "1")
    row.update({"徴収方法": "2", "特別徴収義務者種別": "2", "特別徴収義務者法人番号": None,
                "特別徴収義務者指定番号": ds.draw.digits(8)})
    put(ds, row, "特別徴収義務者法人番号", "C2", INDIV_TAX)


def f10_tax(ds: Dataset) -> None:
    row = ds.taxes.individual(clean_resident(ds), "1")
    row["更新日時"] = "2024-06-01T09:00:00Z"
    put(ds, row, "更新日時", "F10", INDIV_TAX)


# ------------------------------------------------------------------------------------ 固定資産税


def x26_land(ds: Dataset) -> None:
    row = ds.taxes.land(clean_resident(ds).aname)
    row["課税標準額"] = str(int(row["評価額"] or 0) + 1000)
    put(ds, row, "課税標準額", "X26", LAND)


def x27_fraction(ds: Dataset) -> None:
    row = ds.taxes.land(clean_resident(ds).aname)
    row.update({"登記地目": "01", "登記地積": "1200.5", "現況地目": "01", "現況地積": "1200.5"})
    put(ds, row, "登記地積", "X27", LAND)


def c6_land(ds: Dataset) -> None:
    row = ds.taxes.land(clean_resident(ds).aname)
    row["現況地目"] = "24"
    put(ds, row, "現況地目", "C6", LAND)


def f1_bytes(ds: Dataset) -> None:
    row = ds.taxes.land(clean_resident(ds).aname)
    raw = "１２番".encode() + b"\xff" + "３".encode()
    put(ds, row, "地番", "F1", LAND, raw={"地番": raw})


def x26_house(ds: Dataset) -> None:
    row = ds.taxes.house(clean_resident(ds).aname)
    row["課税標準額"] = str(int(row["評価額"] or 0) + 1)
    put(ds, row, "課税標準額", "X26", HOUSE)


def x28_new_building(ds: Dataset) -> None:
    row = ds.taxes.house(clean_resident(ds).aname)
    row["建築年"] = row["課税年度"]
    put(ds, row, "建築年", "X28", HOUSE)


def f8_floor(ds: Dataset) -> None:
    row = ds.taxes.house(clean_resident(ds).aname)
    row["床面積"] = "98.555"
    put(ds, row, "床面積", "F8", HOUSE)


# ------------------------------------------------------------------------------------ 軽自動車税_車両


def x29_acquired(ds: Dataset) -> None:
    row = ds.taxes.vehicle(clean_resident(ds).aname, "11")
    row["取得日"] = "2024-04-02"
    put(ds, row, "取得日", "X29", VEHICLE)


def x30_rate(ds: Dataset) -> None:
    row = ds.taxes.vehicle(clean_resident(ds).aname, "52")
    row.update({"初度検査年月": "2020-05", "取得日": "2020-05-20", "税率区分": "1", "年税額": "10000"})
    put(ds, row, "年税額", "X30", VEHICLE)


def c2_inspection(ds: Dataset) -> None:
    row = ds.taxes.vehicle(clean_resident(ds).aname, "52")
    row["初度検査年月"] = None
    put(ds, row, "初度検査年月", "C2", VEHICLE)


def c7_chassis(ds: Dataset) -> None:
    row = ds.taxes.vehicle(clean_resident(ds).aname, "62")
    row["車台番号"] = (row["車台番号"] or "").lower()
    put(ds, row, "車台番号", "C7", VEHICLE)


def x21_vehicle(ds: Dataset) -> None:
    row = ds.taxes.vehicle(ds.ids.unissued_aname.next(), "21")
    put(ds, row, "所有者宛名番号", "X21", VEHICLE)


# ------------------------------------------------------------------------------------ 法人住民税_申告


def _return(ds: Dataset, start: date, end: date, kind: str, filed: date) -> Row:
    name, _ = ds.corporations.name()
    return {"団体コード": N.LG_CODE, "法人番号": ds.ids.corporate_number(), "法人名称": name,
            "所在地": ds.addresses.local(apartment=False).jusho, "事業年度開始日": iso(start),
            "事業年度終了日": iso(end), "申告区分": kind, "均等割額": "50000", "法人税割額": "120000",
            "申告年月日": iso(filed), "更新日時": ds.draw.stamp(filed + timedelta(days=3))}


def x31_end_before_start(ds: Dataset) -> None:
    row = _return(ds, date(2023, 4, 1), date(2023, 3, 31), "1", date(2023, 5, 31))
    put(ds, row, "事業年度終了日", "X31", CORP_TAX)


def x32_long_year(ds: Dataset) -> None:
    row = _return(ds, date(2023, 4, 1), date(2024, 4, 30), "1", date(2024, 6, 28))
    put(ds, row, "事業年度終了日", "X32", CORP_TAX)


def x33_early_return(ds: Dataset) -> None:
    row = _return(ds, date(2023, 4, 1), date(2024, 3, 31), "1", date(2024, 3, 15))
    put(ds, row, "申告年月日", "X33", CORP_TAX)


def c8_corporate(ds: Dataset) -> None:
    row = _return(ds, date(2023, 4, 1), date(2024, 3, 31), "1", date(2024, 5, 31))
    num = row["法人番号"] or ""
    row["法人番号"] = str(int(num[0]) % 9 + 1) + num[1:]  # another first digit 1-9: wrong check digit
    put(ds, row, "法人番号", "C8", CORP_TAX)


# ------------------------------------------------------------------------------------ registry


def injection_units() -> list[Unit]:
    """Every unit, in a fixed order (the generator shuffles it with its seeded rng)."""
    return [
        c8_lg_code, c8_aname, f8_history, c6_kind, c2_name, c3_kana, c3_name_space, f9_birth_format,
        f9_birth_day, x11_wareki, c9_wareki, c6_sex, c7_relation, c7_relation_generations, c1_relation,
        x3_two_heads, x5_address, x6_head_name, x4_no_head, f8_postal, c8_my_number, c5_juminhyo,
        c2_nationality, c2_visa, c6_visa, c7_card, c3_alphabet, x7_change_after_processing,
        x8_notice_after_processing, x9_notice_before_move, x10_birth_after, x12_foreign_honseki,
        x13_no_wareki, x1_duplicate, x2_gap, x14_shared_my_number, c2_removal_reason, x16_state_reason,
        x17_after_death,
        x15_removed_resident, x18_code_for_kind, x19_before_enforcement, x20_expired, c8_household,
        f11_platform, f12_error, f12_ivs_after_kana, f12_warning, f13_pua, f15_spaces, c4_long, f10_datetime,
        f9_processing_day, c1_sex, c1_birth, c7_unknown_birth, f6_crlf, f3_fields,
        x22_both, x34_corporate_sex, x35_outsider_my_number, c1_registration, f5_newline,
        x21_tax, x23_sum, x24_category, x25_my_number, c2_employer, f10_tax,
        x26_land, x27_fraction, c6_land, f1_bytes, x26_house, x28_new_building, f8_floor,
        x29_acquired, x30_rate, c2_inspection, c7_chassis, x21_vehicle,
        x31_end_before_start, x32_long_year, x33_early_return, c8_corporate,
    ]


BOM_FILE = CORP_TAX  # the file opened with a UTF-8 BOM when faults are injected


def file_level_expectations(file_names: dict[str, str]) -> list[Expected]:
    """Faults that are not a unit: the UTF-8 BOM on ``BOM_FILE`` (F2, line 1, item null)."""
    return [Expected(file_names[BOM_FILE], 1, None, "F2")]
