"""Injected violations: one self-contained unit per fault, each producing exactly one finding.

Like the spec's invalid example, every unit puts its fault into its own otherwise-valid record: a fresh
person in a fresh household (or a fresh household for household rules, or a tax row referencing a fresh
resident), so that no other rule sees anything unusual. A unit records the finding it must cause
(file, physical line, item, rule) in the generator's answer key as it writes the record.

Not injected: F4 (header faults are tested elsewhere; the header stays exact), F7 (produces no finding of
its own) and F14 (its lengths show through C4/C5).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from conformance.sample import names as N
from conformance.sample.csv_out import Row
from conformance.sample.dates import END, ENFORCEMENT, iso, wareki
from conformance.sample.generator import (
    CORP_TAX,
    EQUAL_SHARE,
    HOUSE,
    INDIV_TAX,
    LAND,
    LG_CODE,
    OUTSIDER,
    RESIDENT,
    VEHICLE,
    Addressee,
    Ending,
    Event,
    Expected,
    Generator,
    Household,
)
from conformance.sample.numbers import with_wrong_m11

Unit = Callable[[Generator], None]


# ------------------------------------------------------------------------------------ building blocks


def _strip(hh: Household) -> Household:
    """No household move, personal events or ending: one row per member."""
    hh.move_day = None
    del hh.addresses[1:]
    for m in hh.members:
        m.extra.clear()
        m.ending = None
    return hh


def solo(g: Generator, *, foreign: bool = False, expiring: bool = False, alpha_only: bool = False,
         born_before: date | None = None, ending_room: bool = False) -> Household:
    """A one-person household with one clean row (retried until it has the properties a unit needs)."""
    while True:
        hh = _strip(g.plan_household(foreign=foreign, composition="single"))
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
            s["個人番号"] = g.fresh_my_number()
        return hh


def pair(g: Generator) -> Household:
    """A Japanese head and spouse: the smallest household where household rules compare rows."""
    while True:
        hh = _strip(g.plan_household(foreign=False, composition="couple"))
        if len(hh.members) == 2 and all(m.birth is not None and not m.foreign for m in hh.members) \
                and hh.members[1].rel in ("妻", "夫"):
            return hh


def one_row(g: Generator, *, foreign: bool = False, expiring: bool = False, alpha_only: bool = False,
            born_before: date | None = None) -> Row:
    hh = solo(g, foreign=foreign, expiring=expiring, alpha_only=alpha_only, born_before=born_before)
    return g.render(hh)[0][0]


def put(g: Generator, row: Row, item: str | None, rule: str, file: str = RESIDENT, *, eol: str = "\n",
        raw: dict[str, bytes] | None = None, drop_last: bool = False) -> None:
    g.put(file, row, expect=[(item, rule)], eol=eol, raw=raw, drop_last=drop_last)


def clean_resident(g: Generator) -> Addressee:
    """Write a clean one-person household and return it as a tax reference (with a 個人番号)."""
    hh = solo(g)
    g.write_household(hh, clean=False)
    m = hh.members[0]
    return Addressee(m.aname, m.static["個人番号"], m.birth)


def ending_day(g: Generator, start: date) -> date:
    return g.day(start + timedelta(days=40), END - timedelta(days=60))


# ------------------------------------------------------------------------------------ 住民記録_住民


def c8_lg_code(g: Generator) -> None:
    row = one_row(g)
    row["団体コード"] = "132994"
    put(g, row, "団体コード", "C8")


def c8_aname(g: Generator) -> None:
    row = one_row(g)
    row["宛名番号"] = with_wrong_m11(row["宛名番号"] or "")
    put(g, row, "宛名番号", "C8")


def f8_history(g: Generator) -> None:
    row = one_row(g)
    row["履歴番号"] = "１"
    put(g, row, "履歴番号", "F8")


def c6_kind(g: Generator) -> None:
    row = one_row(g)
    row["住民種別"] = "3"
    put(g, row, "住民種別", "C6")


def c2_name(g: Generator) -> None:
    row = one_row(g)
    row["氏名"] = None  # 世帯主氏名 keeps the name: X6 needs a non-NULL head name to compare
    put(g, row, "氏名", "C2")


def c3_kana(g: Generator) -> None:
    row = one_row(g)
    row["氏名フリガナ"] = N.hiragana(row["氏名フリガナ"] or "")
    put(g, row, "氏名フリガナ", "C3")


def c3_name_space(g: Generator) -> None:
    row = one_row(g)
    row["氏名"] = (row["氏名"] or "").replace("　", " ")
    row["世帯主氏名"] = row["氏名"]
    put(g, row, "氏名", "C3")


def f9_birth_format(g: Generator) -> None:
    row = one_row(g)
    row["生年月日"] = (row["生年月日"] or "").replace("-", "/")
    put(g, row, "生年月日", "F9")


def f9_birth_day(g: Generator) -> None:
    row = one_row(g)
    row["生年月日"] = (row["生年月日"] or "")[:4] + "-02-30"  # beyond even the 暦外可 limit
    put(g, row, "生年月日", "F9")


def x11_wareki(g: Generator) -> None:
    row = one_row(g)
    b = date.fromisoformat(row["生年月日"] or "") + timedelta(days=1)
    row["生年月日和暦"] = wareki(b.year, b.month, b.day)
    put(g, row, "生年月日和暦", "X11")


def c9_wareki(g: Generator) -> None:
    row = one_row(g)
    row["生年月日"], row["生年月日和暦"] = "1989-01-08", "3640108"  # 昭和64年1月8日 does not exist
    put(g, row, "生年月日和暦", "C9")


def c6_sex(g: Generator) -> None:
    row = one_row(g)
    row["性別"] = "3"
    put(g, row, "性別", "C6")


def _member_fault(g: Generator, item: str, value: str | None, rule: str) -> None:
    hh = pair(g)
    head, member = g.render(hh)
    g.put(RESIDENT, head[0])
    member[0][item] = value
    put(g, member[0], item, rule)


def c7_relation(g: Generator) -> None:
    _member_fault(g, "続柄", "孫", "C7")


def c7_relation_generations(g: Generator) -> None:
    _member_fault(g, "続柄", "子の子の子の子の子", "C7")


def c1_relation(g: Generator) -> None:
    _member_fault(g, "続柄", None, "C1")


def x3_two_heads(g: Generator) -> None:
    _member_fault(g, "続柄", "世帯主", "X3")


def x5_address(g: Generator) -> None:
    hh = pair(g)
    other = g.local_address().jusho
    while other == hh.addresses[0][1].jusho:
        other = g.local_address().jusho
    head, member = g.render(hh)
    g.put(RESIDENT, head[0])
    member[0]["住所"] = other
    put(g, member[0], "住所", "X5")


def x6_head_name(g: Generator) -> None:
    hh = pair(g)
    head, member = g.render(hh)
    g.put(RESIDENT, head[0])
    sur, given = g.pick(N.JP_SURNAMES), g.jp_given("1")
    other = f"{sur[0]}　{given[0]}"
    member[0]["世帯主氏名"] = other if other != member[0]["世帯主氏名"] else other + "一"
    put(g, member[0], "世帯主氏名", "X6")


def x4_no_head(g: Generator) -> None:
    hh = pair(g)
    head = hh.members[0]
    head.ending = Ending(ending_day(g, head.start.day), "31", "2", "1")
    head_rows, member = g.render(hh)
    for r in head_rows:
        g.put(RESIDENT, r)
    put(g, member[0], "続柄", "X4")


def f8_postal(g: Generator) -> None:
    row = one_row(g)
    p = row["郵便番号"] or "1990001"
    row["郵便番号"] = p[:3] + "-" + p[3:]
    put(g, row, "郵便番号", "F8")


def c8_my_number(g: Generator) -> None:
    row = one_row(g)
    good = g.fresh_my_number()
    row["個人番号"] = good[:-1] + str((int(good[-1]) + 1) % 10)
    put(g, row, "個人番号", "C8")


def c5_juminhyo(g: Generator) -> None:
    row = one_row(g)
    row["住民票コード"] = (row["住民票コード"] or "")[:10]
    put(g, row, "住民票コード", "C5")


def c2_nationality(g: Generator) -> None:
    row = one_row(g, foreign=True)
    row["国籍・地域"] = None
    put(g, row, "国籍・地域", "C2")


def c2_visa(g: Generator) -> None:
    row = one_row(g, foreign=True, expiring=True)
    row["在留資格"] = None
    put(g, row, "在留資格", "C2")


def c6_visa(g: Generator) -> None:
    row = one_row(g, foreign=True, expiring=True)  # 在留資格 99 still requires 在留期間満了日, which is there
    row["在留資格"] = "99"
    put(g, row, "在留資格", "C6")


def c7_card(g: Generator) -> None:
    row = one_row(g, foreign=True)
    row["在留カード等番号"] = "A" + f"{g.rng.randrange(10**9):09d}" + "CD"
    put(g, row, "在留カード等番号", "C7")


def c3_alphabet(g: Generator) -> None:
    row = one_row(g, foreign=True, alpha_only=True)
    row["氏名アルファベット"] = (row["氏名アルファベット"] or "").title()
    row["世帯主氏名"] = row["氏名アルファベット"]
    put(g, row, "氏名アルファベット", "C3")


def x7_change_after_processing(g: Generator) -> None:
    row = one_row(g)
    moved = iso(date.fromisoformat(row["処理日"] or "") + timedelta(days=5))
    row.update({"異動事由": "16", "異動日": moved, "届出年月日": None, "住民となった年月日": moved,
                "住所を定めた年月日": moved})
    put(g, row, "異動日", "X7")


def x8_notice_after_processing(g: Generator) -> None:
    row = one_row(g)
    row["届出年月日"] = iso(date.fromisoformat(row["処理日"] or "") + timedelta(days=3))
    put(g, row, "届出年月日", "X8")


def x9_notice_before_move(g: Generator) -> None:
    row = one_row(g)
    row["届出年月日"] = iso(date.fromisoformat(row["異動日"] or "") - timedelta(days=3))
    put(g, row, "届出年月日", "X9")


def x10_birth_after(g: Generator) -> None:
    row = one_row(g)
    b = date.fromisoformat(row["処理日"] or "") + timedelta(days=5)
    row["生年月日"], row["生年月日和暦"] = iso(b), wareki(b.year, b.month, b.day)
    put(g, row, "生年月日", "X10")


def x12_foreign_honseki(g: Generator) -> None:
    row = one_row(g, foreign=True)
    row["本籍"] = g.local_lot()
    put(g, row, "本籍", "X12")


def x13_no_wareki(g: Generator) -> None:
    row = one_row(g)
    row["生年月日和暦"] = None
    put(g, row, "生年月日和暦", "X13")


def x1_duplicate(g: Generator) -> None:
    row = one_row(g)
    g.put(RESIDENT, row)
    put(g, dict(row), "履歴番号", "X1")


def x2_gap(g: Generator) -> None:
    hh = solo(g, ending_room=True)
    m = hh.members[0]
    m.extra.append(Event(ending_day(g, m.start.day), "52"))
    rows = g.render(hh)[0]
    g.put(RESIDENT, rows[0])
    rows[1]["履歴番号"] = "3"
    put(g, rows[1], "履歴番号", "X2")


def x14_shared_my_number(g: Generator) -> None:
    first = one_row(g)
    g.put(RESIDENT, first)
    second = one_row(g)
    second["個人番号"] = first["個人番号"]
    put(g, second, "個人番号", "X14")


def _ended(g: Generator, code: str, state: str, reason: str) -> list[Row]:
    hh = solo(g, ending_room=True)
    m = hh.members[0]
    m.ending = Ending(ending_day(g, m.start.day), code, state, reason)
    return g.render(hh)[0]


def c2_removal_reason(g: Generator) -> None:
    rows = _ended(g, "33", "3", "3")
    g.put(RESIDENT, rows[0])
    rows[1]["消除事由"] = None
    put(g, rows[1], "消除事由", "C2")


def x16_state_reason(g: Generator) -> None:
    rows = _ended(g, "31", "2", "1")
    g.put(RESIDENT, rows[0])
    rows[1]["消除事由"] = "3"
    put(g, rows[1], "消除事由", "X16")


def x17_after_death(g: Generator) -> None:
    rows = _ended(g, "33", "3", "3")
    for r in rows:
        g.put(RESIDENT, r)
    after = dict(rows[-1])
    d = date.fromisoformat(after["消除日"] or "") + timedelta(days=30)
    after.update({"履歴番号": str(len(rows) + 1), "異動事由": "52", "異動日": iso(d), "届出年月日": None,
                  "処理日": iso(d + timedelta(days=1)), "更新日時": g.stamp(d + timedelta(days=1))})
    put(g, after, "異動事由", "X17")


def x15_removed_resident(g: Generator) -> None:
    row = one_row(g)
    row["消除事由"] = "1"
    put(g, row, "消除事由", "X15")


def x18_code_for_kind(g: Generator) -> None:
    row = one_row(g, foreign=True)
    row["異動事由"] = "14"  # 職権記載（帰化等）: 日本人住民 only
    put(g, row, "異動事由", "X18")


def x19_before_enforcement(g: Generator) -> None:
    row = one_row(g, foreign=True, born_before=date(2005, 1, 1))
    b = date.fromisoformat(row["生年月日"] or "")
    row["外国人住民となった年月日"] = iso(g.day(max(b, date(2008, 1, 1)), ENFORCEMENT - timedelta(days=1)))
    put(g, row, "外国人住民となった年月日", "X19")


def x20_expired(g: Generator) -> None:
    row = one_row(g, foreign=True, expiring=True)
    row["在留期間満了日"] = iso(date.fromisoformat(row["処理日"] or "") - timedelta(days=10))
    put(g, row, "在留期間満了日", "X20")


def c8_household(g: Generator) -> None:
    row = one_row(g)
    row["世帯番号"] = with_wrong_m11(row["世帯番号"] or "")
    put(g, row, "世帯番号", "C8")


def _apartment(g: Generator) -> str:
    return g.pick(N.APARTMENTS)


def f11_platform(g: Generator) -> None:
    row = one_row(g)
    row["方書"] = _apartment(g) + "①"
    put(g, row, "方書", "F11")


def f12_error(g: Generator) -> None:
    row = one_row(g)
    row["方書"] = _apartment(g) + "⑴"  # U+2474: outside JIS X 0213, not an ideograph
    put(g, row, "方書", "F12")


def f12_ivs_after_kana(g: Generator) -> None:
    row = one_row(g)
    row["方書"] = _apartment(g) + "あ\U000e0100"
    put(g, row, "方書", "F12")


def f12_warning(g: Generator) -> None:
    row = one_row(g)
    row["旧氏"] = "\U00020bb7田"  # 𠮷田: an MJ ideograph outside JIS X 0213
    put(g, row, "旧氏", "F12")


def f13_pua(g: Generator) -> None:
    row = one_row(g)
    row["旧氏"] = "\ue000田"
    put(g, row, "旧氏", "F13")


def f15_spaces(g: Generator) -> None:
    row = one_row(g)
    row["方書"] = "　" + _apartment(g)
    put(g, row, "方書", "F15")


def c4_long(g: Generator) -> None:
    row = one_row(g)
    row["方書"] = "見本荘" + "Ａ" * 48  # 51 > 最大桁数 50
    put(g, row, "方書", "C4")


def f10_datetime(g: Generator) -> None:
    row = one_row(g)
    row["更新日時"] = f"{row['処理日']} 10:00:00"
    put(g, row, "更新日時", "F10")


def f9_processing_day(g: Generator) -> None:
    row = one_row(g)
    row["処理日"] = "2023-02-29"
    put(g, row, "処理日", "F9")


def c1_sex(g: Generator) -> None:
    row = one_row(g)
    row["性別"] = None
    put(g, row, "性別", "C1")


def c1_birth(g: Generator) -> None:
    row = one_row(g)
    row["生年月日"] = row["生年月日和暦"] = None
    put(g, row, "生年月日", "C1")


def c7_unknown_birth(g: Generator) -> None:
    row = one_row(g)
    row["生年月日"] = row["生年月日和暦"] = None
    row["生年月日不詳表記"] = "不明"
    put(g, row, "生年月日不詳表記", "C7")


def f6_crlf(g: Generator) -> None:
    put(g, one_row(g), None, "F6", eol="\r\n")


def f3_fields(g: Generator) -> None:
    put(g, one_row(g), None, "F3", drop_last=True)


# ------------------------------------------------------------------------------------ 住民記録_住登外者


def x22_both(g: Generator) -> None:
    who = clean_resident(g)
    row, _ = g.outsider_row("jp")
    row["宛名番号"] = who.aname
    row["個人番号"] = None
    put(g, row, "宛名番号", "X22", OUTSIDER)


def x34_corporate_sex(g: Generator) -> None:
    row, _ = g.outsider_row("corp")
    row["性別"] = "1"
    put(g, row, "性別", "X34", OUTSIDER)


def x35_outsider_my_number(g: Generator) -> None:
    who = clean_resident(g)
    row, _ = g.outsider_row("jp")
    row["個人番号"] = who.my_number
    put(g, row, "個人番号", "X35", OUTSIDER)


def c1_registration(g: Generator) -> None:
    row, _ = g.outsider_row()
    row["登録日"] = None
    put(g, row, "登録日", "C1", OUTSIDER)


def f5_newline(g: Generator) -> None:
    row, _ = g.outsider_row("jp")
    row["住所"] = (row["住所"] or "") + "\n" + _apartment(g)
    put(g, row, None, "F5", OUTSIDER)


# ------------------------------------------------------------------------------------ 個人住民税_課税


def x21_tax(g: Generator) -> None:
    row = g.indiv_tax_row(Addressee(g.unused_aname.next(), None), "1")
    put(g, row, "宛名番号", "X21", INDIV_TAX)


def x23_sum(g: Generator) -> None:
    row = g.indiv_tax_row(clean_resident(g), "1")
    row["年税額"] = str(int(row["年税額"] or 0) + 100)
    put(g, row, "年税額", "X23", INDIV_TAX)


def x24_category(g: Generator) -> None:
    row = g.indiv_tax_row(clean_resident(g), "1")
    row.update({"所得割額": "0", "均等割額": str(EQUAL_SHARE), "年税額": str(EQUAL_SHARE)})
    put(g, row, "課税区分", "X24", INDIV_TAX)


def x25_my_number(g: Generator) -> None:
    row = g.indiv_tax_row(clean_resident(g), "1")
    row["個人番号"] = g.fresh_my_number()
    put(g, row, "個人番号", "X25", INDIV_TAX)


def c2_employer(g: Generator) -> None:
    row = g.indiv_tax_row(clean_resident(g), "1")
    row.update({"徴収方法": "2", "特別徴収義務者種別": "2", "特別徴収義務者法人番号": None,
                "特別徴収義務者指定番号": f"{g.rng.randrange(10**8):08d}"})
    put(g, row, "特別徴収義務者法人番号", "C2", INDIV_TAX)


def f10_tax(g: Generator) -> None:
    row = g.indiv_tax_row(clean_resident(g), "1")
    row["更新日時"] = "2024-06-01T09:00:00Z"
    put(g, row, "更新日時", "F10", INDIV_TAX)


# ------------------------------------------------------------------------------------ 固定資産税


def x26_land(g: Generator) -> None:
    row = g.land_row(clean_resident(g).aname)
    row["課税標準額"] = str(int(row["評価額"] or 0) + 1000)
    put(g, row, "課税標準額", "X26", LAND)


def x27_fraction(g: Generator) -> None:
    row = g.land_row(clean_resident(g).aname)
    row.update({"登記地目": "01", "登記地積": "1200.5", "現況地目": "01", "現況地積": "1200.5"})
    put(g, row, "登記地積", "X27", LAND)


def c6_land(g: Generator) -> None:
    row = g.land_row(clean_resident(g).aname)
    row["現況地目"] = "24"
    put(g, row, "現況地目", "C6", LAND)


def f1_bytes(g: Generator) -> None:
    row = g.land_row(clean_resident(g).aname)
    raw = "１２番".encode() + b"\xff" + "３".encode()
    put(g, row, "地番", "F1", LAND, raw={"地番": raw})


def x26_house(g: Generator) -> None:
    row = g.house_row(clean_resident(g).aname)
    row["課税標準額"] = str(int(row["評価額"] or 0) + 1)
    put(g, row, "課税標準額", "X26", HOUSE)


def x28_new_building(g: Generator) -> None:
    row = g.house_row(clean_resident(g).aname)
    row["建築年"] = row["課税年度"]
    put(g, row, "建築年", "X28", HOUSE)


def f8_floor(g: Generator) -> None:
    row = g.house_row(clean_resident(g).aname)
    row["床面積"] = "98.555"
    put(g, row, "床面積", "F8", HOUSE)


# ------------------------------------------------------------------------------------ 軽自動車税_車両


def x29_acquired(g: Generator) -> None:
    row = g.vehicle_row(clean_resident(g).aname, "11")
    row["取得日"] = "2024-04-02"
    put(g, row, "取得日", "X29", VEHICLE)


def x30_rate(g: Generator) -> None:
    row = g.vehicle_row(clean_resident(g).aname, "52")
    row.update({"初度検査年月": "2020-05", "取得日": "2020-05-20", "税率区分": "1", "年税額": "10000"})
    put(g, row, "年税額", "X30", VEHICLE)


def c2_inspection(g: Generator) -> None:
    row = g.vehicle_row(clean_resident(g).aname, "52")
    row["初度検査年月"] = None
    put(g, row, "初度検査年月", "C2", VEHICLE)


def c7_chassis(g: Generator) -> None:
    row = g.vehicle_row(clean_resident(g).aname, "62")
    row["車台番号"] = (row["車台番号"] or "").lower()
    put(g, row, "車台番号", "C7", VEHICLE)


def x21_vehicle(g: Generator) -> None:
    row = g.vehicle_row(g.unused_aname.next(), "21")
    put(g, row, "所有者宛名番号", "X21", VEHICLE)


# ------------------------------------------------------------------------------------ 法人住民税_申告


def _return(g: Generator, start: date, end: date, kind: str, filed: date) -> Row:
    name, _, _ = g.corp_name()
    return {"団体コード": LG_CODE, "法人番号": g.corporate_number(), "法人名称": name,
            "所在地": g.local_address(apartment=False).jusho, "事業年度開始日": iso(start),
            "事業年度終了日": iso(end), "申告区分": kind, "均等割額": "50000", "法人税割額": "120000",
            "申告年月日": iso(filed), "更新日時": g.stamp(filed + timedelta(days=3))}


def x31_end_before_start(g: Generator) -> None:
    row = _return(g, date(2023, 4, 1), date(2023, 3, 31), "1", date(2023, 5, 31))
    put(g, row, "事業年度終了日", "X31", CORP_TAX)


def x32_long_year(g: Generator) -> None:
    row = _return(g, date(2023, 4, 1), date(2024, 4, 30), "1", date(2024, 6, 28))
    put(g, row, "事業年度終了日", "X32", CORP_TAX)


def x33_early_return(g: Generator) -> None:
    row = _return(g, date(2023, 4, 1), date(2024, 3, 31), "1", date(2024, 3, 15))
    put(g, row, "申告年月日", "X33", CORP_TAX)


def c8_corporate(g: Generator) -> None:
    row = _return(g, date(2023, 4, 1), date(2024, 3, 31), "1", date(2024, 5, 31))
    num = row["法人番号"] or ""
    row["法人番号"] = str(int(num[0]) % 9 + 1) + num[1:]  # another first digit 1-9: wrong check digit
    put(g, row, "法人番号", "C8", CORP_TAX)


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


def file_level_expectations(file_names: dict[str, str]) -> list[Expected]:
    """Faults that are not a unit: the UTF-8 BOM on 法人住民税_申告 (F2, line 1, item null)."""
    return [Expected(file_names[CORP_TAX], 1, None, "F2")]
