"""Seeded synthetic migration datasets: the 7 reference files, clean or with one injected fault per rule.

Why a generator and not fixtures: the validator must be exercised on realistic volumes (histories,
households, foreign residents, cross-file references) and on every rule, with an answer key that says
exactly which finding each fault must produce. Clean data is built so that every rule of the spec holds
(check digits, histories, households, dates, amounts, references); ``conformance.sample.inject`` then adds
self-contained faulty units (their own person, household or tax row), each producing exactly one finding.

Streaming: rows are produced household by household and written through buffered binary files; nothing
grows with ``rows`` except counters and small bounded pools of recent addressees used as tax references.
Determinism: a single ``random.Random(seed)`` drives every choice, in a fixed order; no wall clock, no hash
or set iteration order.
"""

from __future__ import annotations

import json
import random
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from conformance.sample import names as N
from conformance.sample.csv_out import CsvOut, Row
from conformance.sample.dates import END, ENFORCEMENT, ERA_NAMES, age_on, iso, month_end, wareki, years_before
from conformance.sample.numbers import Bijection, M11Counter, corporate_number, my_number

if TYPE_CHECKING:
    from conformance.schema.model import SchemaSet

RESIDENT = "住民記録_住民"
OUTSIDER = "住民記録_住登外者"
INDIV_TAX = "個人住民税_課税"
LAND = "固定資産税_土地"
HOUSE = "固定資産税_家屋"
VEHICLE = "軽自動車税_車両"
CORP_TAX = "法人住民税_申告"
FILES = (RESIDENT, OUTSIDER, INDIV_TAX, LAND, HOUSE, VEHICLE, CORP_TAX)

# The reference layouts' 項目名 in order (spec layouts/*.csv); used when no SchemaSet is given.
COLUMNS: dict[str, tuple[str, ...]] = {
    RESIDENT: (
        "団体コード", "宛名番号", "履歴番号", "世帯番号", "住民種別", "住民状態", "氏名", "氏名フリガナ",
        "氏名アルファベット", "通称", "旧氏", "生年月日", "生年月日和暦", "生年月日不詳表記", "性別", "続柄",
        "世帯主氏名", "本籍", "筆頭者", "住民となった年月日", "住所", "方書", "住所コード", "郵便番号",
        "住所を定めた年月日", "届出年月日", "転入前住所", "個人番号", "住民票コード", "国籍・地域",
        "法第30条の45区分", "在留資格", "在留期間満了日", "在留カード等番号", "外国人住民となった年月日",
        "異動事由", "異動日", "処理日", "消除事由", "消除日", "更新日時",
    ),
    OUTSIDER: (
        "団体コード", "宛名番号", "個人法人区分", "氏名", "フリガナ", "生年月日", "性別", "住所", "郵便番号",
        "個人番号", "法人番号", "登録日", "更新日時",
    ),
    INDIV_TAX: (
        "団体コード", "課税年度", "宛名番号", "個人番号", "課税区分", "徴収方法", "特別徴収義務者種別",
        "特別徴収義務者指定番号", "特別徴収義務者法人番号", "総所得金額", "課税標準額", "所得割額",
        "均等割額", "年税額", "更新日時",
    ),
    LAND: (
        "団体コード", "課税年度", "物件番号", "所在地", "地番", "登記地目", "現況地目", "登記地積",
        "現況地積", "評価額", "課税標準額", "納税義務者宛名番号", "共有区分", "更新日時",
    ),
    HOUSE: (
        "団体コード", "課税年度", "家屋番号", "所在地", "家屋種類", "構造", "床面積", "建築年", "評価額",
        "課税標準額", "納税義務者宛名番号", "更新日時",
    ),
    VEHICLE: (
        "団体コード", "課税年度", "標識番号", "車台番号", "車両区分", "所有者宛名番号", "取得日",
        "初度検査年月", "税率区分", "年税額", "更新日時",
    ),
    CORP_TAX: (
        "団体コード", "法人番号", "法人名称", "所在地", "事業年度開始日", "事業年度終了日", "申告区分",
        "均等割額", "法人税割額", "申告年月日", "更新日時",
    ),
}

# Other files scale with the number of 住民記録_住民 rows (brief: ~5%, ~45%, ~30%, ~25%, ~10%, ~1%).
RATIOS: dict[str, float] = {
    OUTSIDER: 0.05, INDIV_TAX: 0.45, LAND: 0.30, HOUSE: 0.25, VEHICLE: 0.10, CORP_TAX: 0.01,
}

LG_CODE = "132993"  # 東京都見本市 (fictional, check digit valid)
TAX_YEAR = 2024
EQUAL_SHARE = 4000  # 均等割額 (市町村民税 3,000 + 道府県民税 1,000)

# 軽自動車税（種別割）standard rates, spec §8.1: 車両区分 -> {税率区分: 年税額}.
VEHICLE_RATES: dict[str, dict[str, int]] = {
    "11": {"1": 2000}, "12": {"1": 2000}, "13": {"1": 2400}, "14": {"1": 3700},
    "21": {"1": 3600}, "22": {"1": 6000}, "31": {"1": 2400}, "32": {"1": 5900},
    "41": {"1": 3900, "2": 3100, "3": 4600}, "51": {"1": 6900, "2": 5500, "3": 8200},
    "52": {"1": 10800, "2": 7200, "3": 12900}, "61": {"1": 3800, "2": 3000, "3": 4500},
    "62": {"1": 5000, "2": 4000, "3": 6000},
}
INSPECTED = frozenset({"22", "41", "51", "52", "61", "62"})

T = TypeVar("T")


class SampleError(Exception):
    """A request the generator cannot serve (bad argument, schema without a needed file); one-line message."""


@dataclass(frozen=True, slots=True)
class SampleInfo:
    """What ``generate`` wrote."""

    out_dir: Path
    seed: int
    rows: int  # clean 住民記録_住民 rows requested (injected units come on top)
    inject: bool
    files: dict[str, int]  # file name -> data records written
    answer_key: Path | None
    violations: int  # entries of the answer key (0 without injection)


@dataclass(frozen=True, slots=True)
class Expected:
    """One answer-key entry: the finding an injected fault must produce."""

    file: str  # file name with extension, e.g. 住民記録_住民.csv
    line: int
    item: str | None
    rule: str

    def to_json(self) -> str:
        return json.dumps(
            {"file": self.file, "line": self.line, "item": self.item, "rule": self.rule}, ensure_ascii=False
        )


# ---------------------------------------------------------------------------------------------- model


@dataclass(slots=True)
class Address:
    jusho: str  # 住所
    katagaki: str | None  # 方書
    postal: str  # 郵便番号
    code: str  # 住所コード


@dataclass(slots=True)
class Event:
    day: date
    code: str  # 異動事由
    updates: Row = field(default_factory=dict)  # items that change from this row on


@dataclass(slots=True)
class Ending:
    day: date
    code: str  # 異動事由 (31, 32, 33, 34, 36)
    state: str  # 住民状態
    reason: str  # 消除事由


@dataclass(slots=True)
class Member:
    aname: str
    foreign: bool
    rel: str
    birth: date | None  # None when the birth date is 不詳 (or non-calendar)
    static: Row
    start: Event
    extra: list[Event] = field(default_factory=list)
    ending: Ending | None = None
    display_name: str = ""  # 氏名, or 氏名アルファベット when there is no 氏名 (for 世帯主氏名)


@dataclass(slots=True)
class Household:
    number: str
    addresses: list[tuple[date, Address]]
    members: list[Member]
    move_day: date | None = None  # 転居 (51) of the whole household


@dataclass(slots=True)
class Addressee:
    """A tax reference: a 宛名番号 with the 個人番号 of its current row (None if NULL)."""

    aname: str
    my_number: str | None
    birth: date | None = None  # decides 年金特徴 for taxpayers of 65 and over
    kind: str = "resident"  # resident | outsider | corporation


# ---------------------------------------------------------------------------------------------- generator


class Generator:
    """Builds households, persons, non-residents and tax rows; writes them to the 7 files."""

    def __init__(self, out: dict[str, CsvOut], rng: random.Random, file_names: dict[str, str]) -> None:
        self.out = out
        self.rng = rng
        self.file_names = file_names
        self.expected: list[Expected] = []
        self.aname = M11Counter(10000)  # 宛名番号: one sequence for residents and non-residents
        self.hh_number = M11Counter(200000)  # 世帯番号
        self.unused_aname = M11Counter(900000000)  # never issued (X21 injections)
        # index spaces of 個人番号: residents < 10^9, non-residents 10^9 + j, never-issued 2·10^9 + k
        self._my = Bijection(11, 31_415_926_537, rng.randrange(10**11))
        self._juminhyo = Bijection(11, 27_182_818_283, rng.randrange(10**11))
        self._corp = Bijection(12, 161_803_398_877, rng.randrange(10**12))
        self.persons = 0  # resident persons (index for 個人番号/住民票コード)
        self.outsider_persons = 0
        self.fresh_numbers = 0
        self.corps = 0
        self.parcels = 0
        self.buildings = 0
        self.plates: dict[str, int] = {}
        # bounded pools of recent addressees (what keys need, not what rows need)
        self.tax_candidates: deque[Addressee] = deque(maxlen=256)
        self.owners: deque[Addressee] = deque(maxlen=128)
        self.corp_pool: deque[str] = deque(maxlen=64)  # 法人番号 of employers
        self.resident_rows = 0  # clean 住民記録_住民 rows written

    # ----------------------------------------------------------------- small helpers

    def day(self, lo: date, hi: date) -> date:
        if hi <= lo:
            return lo
        return date.fromordinal(self.rng.randint(lo.toordinal(), hi.toordinal()))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.rng.randrange(len(seq))]

    def weighted(self, pairs: Sequence[tuple[str, int]]) -> str:
        total = sum(w for _, w in pairs)
        x = self.rng.randrange(total)
        for v, w in pairs:
            x -= w
            if x < 0:
                return v
        raise AssertionError("unreachable")

    def my_number_for_resident(self) -> str:
        return my_number(self._my(self.persons))

    def fresh_my_number(self) -> str:
        """A valid 個人番号 used nowhere else (index space disjoint from residents and non-residents)."""
        self.fresh_numbers += 1
        return my_number(self._my(2 * 10**9 + self.fresh_numbers))

    def corporate_number(self) -> str:
        self.corps += 1
        return corporate_number(self._corp(self.corps))

    def stamp(self, d: date, *, hour_lo: int = 8, hour_hi: int = 18) -> str:
        t = f"{d.isoformat()}T{self.rng.randint(hour_lo, hour_hi):02d}:{self.rng.randrange(60):02d}:" \
            f"{self.rng.randrange(60):02d}"
        return t + "+09:00" if self.chance(0.8) else t

    # ----------------------------------------------------------------- addresses

    def local_address(self, apartment: bool | None = None) -> Address:
        ti = self.rng.randrange(len(N.TOWNS))
        chome, ban, go = self.rng.randint(1, 6), self.rng.randint(1, 40), self.rng.randint(1, 30)
        jusho = f"{N.CITY}{N.TOWNS[ti]}{N.kanji_number(chome)}丁目{N.fullwidth(ban)}番{N.fullwidth(go)}号"
        if apartment is None:
            apartment = self.chance(0.35)
        katagaki = None
        if apartment:
            room = self.rng.randint(1, 6) * 100 + self.rng.randint(1, 12)
            katagaki = f"{self.pick(N.APARTMENTS)}{N.fullwidth(room)}号室"
        return Address(jusho, katagaki, f"199{ti + 1:04d}", f"{ti + 1:03d}{chome:02d}{ban:03d}{go:02d}")

    def other_address(self, *, lot: bool = False) -> str:
        town = self.pick(N.OTHER_TOWNS)
        chome = N.kanji_number(self.rng.randint(1, 5))
        if lot:
            return f"{self.pick(N.OTHER_CITIES)}{town}{chome}丁目{N.fullwidth(self.rng.randint(1, 60))}番地"
        return (f"{self.pick(N.OTHER_CITIES)}{town}{chome}丁目{N.fullwidth(self.rng.randint(1, 30))}番"
                f"{N.fullwidth(self.rng.randint(1, 20))}号")

    def local_lot(self) -> str:
        town, chome = self.pick(N.TOWNS), N.kanji_number(self.rng.randint(1, 6))
        return f"{N.CITY}{town}{chome}丁目{N.fullwidth(self.rng.randint(1, 60))}番地"

    def postal_elsewhere(self) -> str:
        return f"{self.rng.randint(10, 99)}{self.rng.randrange(100000):05d}"

    # ----------------------------------------------------------------- persons

    def jp_given(self, sex: str) -> tuple[str, str]:
        return self.pick(N.JP_MALE if sex == "1" else N.JP_FEMALE)

    def birth_between(self, lo: date, hi: date) -> date:
        return self.day(max(lo, date(1915, 1, 1)), hi)

    def _common(self, hh: str, rel: str, sex: str) -> Row:
        return {"団体コード": LG_CODE, "世帯番号": hh, "性別": sex, "続柄": rel}

    def jp_member(
        self,
        hh: str,
        *,
        rel: str,
        sex: str,
        birth: date,
        surname: tuple[str, str],
        start: Event,
        honseki: str,
        hittosha: str | None,
        prev: str | None,
        birth_unknown: bool = False,
    ) -> Member:
        given = self.jp_given(sex)
        name = f"{surname[0]}　{given[0]}"
        row = self._common(hh, rel, sex)
        row.update({
            "住民種別": "1", "氏名": name, "氏名フリガナ": f"{surname[1]}　{given[1]}",
            "生年月日": iso(birth), "生年月日和暦": wareki(birth.year, birth.month, birth.day),
            "本籍": honseki, "筆頭者": hittosha or name, "住民となった年月日": iso(start.day),
            "転入前住所": prev,
        })
        b: date | None = birth
        if birth_unknown:
            era = wareki(birth.year, birth.month, birth.day)
            row["生年月日"] = None
            row["生年月日和暦"] = None
            row["生年月日不詳表記"] = f"{ERA_NAMES[era[0]]}{int(era[1:3])}年頃"
            b = None
        self._identity(row)
        m = Member(self.aname.next(), False, rel, b, row, start, display_name=name)
        row["宛名番号"] = m.aname
        return m

    def _identity(self, row: Row) -> None:
        """個人番号 (98%) and 住民票コード of the next resident person."""
        row["個人番号"] = self.my_number_for_resident() if self.chance(0.98) else None
        row["住民票コード"] = self._juminhyo(self.persons)
        self.persons += 1

    def card_number(self) -> str:
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        return (self.pick(letters) + self.pick(letters) + f"{self.rng.randrange(10**8):08d}"
                + self.pick(letters) + self.pick(letters))

    def foreign_member(
        self,
        hh: str,
        *,
        rel: str,
        sex: str,
        birth: date,
        nationality: str,
        start: Event,
        status: str,
        visa: str | None,
        since: date,
        prev: str | None,
        surname: tuple[str, str, str] | None = None,
        tsusho: str | None = None,
    ) -> Member:
        names = N.FOREIGN[nationality]
        sur = surname or self.pick(names["sur"])
        given = self.pick(names[sex])
        alpha = f"{sur[0]} {given[0]}"
        kanji = f"{sur[2]}　{given[2]}" if sur[2] and given[2] and self.chance(0.6) else None
        row = self._common(hh, rel, sex)
        expiry: str | None = None
        if status == "1" and visa not in ("08", "32"):
            expiry = iso(self.day(END + timedelta(days=30), END + timedelta(days=1800)))
        row.update({
            "住民種別": "2", "氏名": kanji, "氏名フリガナ": f"{sur[1]}　{given[1]}",
            "氏名アルファベット": alpha, "通称": tsusho, "生年月日": iso(birth), "転入前住所": prev,
            "国籍・地域": nationality,
            "法第30条の45区分": status, "在留資格": visa if status == "1" else None, "在留期間満了日": expiry,
            "在留カード等番号": self.card_number() if status in ("1", "2") else None,
            "外国人住民となった年月日": iso(since),
        })
        self._identity(row)
        m = Member(self.aname.next(), True, rel, birth, row, start, display_name=kanji or alpha)
        row["宛名番号"] = m.aname
        return m

    def arrival(self, d: date, *, abroad: bool) -> Event:
        return Event(d, "12" if abroad else "11")

    # ----------------------------------------------------------------- households

    def plan_household(self, *, foreign: bool | None = None, composition: str | None = None) -> Household:
        """A household with its members' histories; all rules of §8 hold for it on its own."""
        if foreign is None:
            foreign = self.chance(0.07)
        hh = Household(self.hh_number.next(), [], [])
        if foreign:
            self._plan_foreign(hh, composition)
        else:
            self._plan_japanese(hh, composition)
        self._finish(hh)
        return hh

    def _plan_japanese(self, hh: Household, composition: str | None) -> None:
        comp = composition or self.weighted((
            ("single", 34), ("couple", 20), ("family", 26), ("single_parent", 7), ("three_gen", 6),
            ("extended", 3), ("cohabit", 2), ("abroad_return", 2),
        ))
        d0 = self.day(date(1990, 1, 1), END - timedelta(days=90))
        hh.addresses.append((d0, self.local_address()))
        surname = self.pick(N.JP_SURNAMES)
        honseki = self.local_lot() if self.chance(0.4) else self.other_address(lot=True)
        abroad = comp == "abroad_return"
        prev = self.pick(list(N.COUNTRY_NAME.values())) if abroad else self.other_address()
        start = self.arrival(d0, abroad=abroad)
        head_sex = "1" if comp in ("couple", "family", "three_gen", "extended") and self.chance(0.92) \
            else self.pick(("1", "2"))
        if comp == "single_parent":
            head_sex = "2" if self.chance(0.8) else "1"
        lo_age = {"single": 18, "single_parent": 22, "three_gen": 30, "extended": 50}.get(comp, 22)
        hi_age = {"three_gen": 60, "family": 55, "single_parent": 50}.get(comp, 85)
        head_birth = self.birth_between(years_before(d0, hi_age), years_before(d0, lo_age))
        unknown = head_birth.year < 1945 and self.chance(0.01)
        head = self.jp_member(hh.number, rel="世帯主", sex=head_sex, birth=head_birth, surname=surname,
                              start=start, honseki=honseki, hittosha=None, prev=prev, birth_unknown=unknown)
        hh.members.append(head)
        hittosha = head.static["氏名"]
        mother_birth = head_birth
        if comp in ("couple", "family", "three_gen", "extended"):
            sp_sex = "2" if head_sex == "1" else "1"
            sp_birth = self.birth_between(years_before(head_birth, 6), years_before(head_birth, -6))
            sp_birth = min(sp_birth, years_before(d0, 18))
            mother_birth = sp_birth if sp_sex == "2" else head_birth
            rel = ("妻" if sp_sex == "2" else "夫")
            if self.chance(0.03):
                spouse = self.jp_member(hh.number, rel=rel + "（未届）", sex=sp_sex, birth=sp_birth,
                                        surname=self.pick(N.JP_SURNAMES), start=Event(d0, start.code),
                                        honseki=self.other_address(lot=True), hittosha=None, prev=prev)
            elif sp_sex == "2" and comp in ("couple", "family") and self.chance(0.05):
                spouse = self._foreign_spouse(hh, sp_birth, d0)
            else:
                spouse = self.jp_member(hh.number, rel=rel, sex=sp_sex, birth=sp_birth, surname=surname,
                                        start=Event(d0, start.code), honseki=honseki, hittosha=hittosha,
                                        prev=prev)
                if sp_sex == "2" and self.chance(0.25):
                    maiden = self.pick(N.JP_SURNAMES)[0]
                    if maiden != surname[0]:
                        if self.chance(0.5):
                            spouse.static["旧氏"] = maiden
                        else:
                            day = self.day(d0 + timedelta(days=60), END - timedelta(days=60))
                            spouse.extra.append(Event(day, "65", {"旧氏": maiden}))
            hh.members.append(spouse)
        if comp in ("family", "single_parent", "three_gen", "extended"):
            for _ in range(self.rng.randint(1, 3 if comp == "family" else 2)):
                self._child(hh, mother_birth, surname, honseki, hittosha, d0, start, prev, abroad)
        if comp == "three_gen":
            for sex in self.rng.sample(["1", "2"], self.rng.randint(1, 2)):
                pb = self.birth_between(years_before(head_birth, 38), years_before(head_birth, 22))
                hh.members.append(self.jp_member(
                    hh.number, rel="父" if sex == "1" else "母", sex=sex, birth=pb, surname=surname,
                    start=Event(d0, start.code), honseki=honseki, hittosha=None, prev=prev,
                    birth_unknown=pb.year < 1945 and self.chance(0.02)))
        if comp == "extended":
            son_birth = self.birth_between(years_before(head_birth, -34), years_before(head_birth, -22))
            son_birth = min(son_birth, years_before(d0, 20))
            hh.members.append(self.jp_member(hh.number, rel="子", sex="1", birth=son_birth, surname=surname,
                                             start=Event(d0, start.code), honseki=honseki, hittosha=hittosha,
                                             prev=prev))
            wife_birth = self.birth_between(years_before(son_birth, 4), min(years_before(son_birth, -4),
                                                                            years_before(d0, 18)))
            hh.members.append(self.jp_member(hh.number, rel="子の妻", sex="2", birth=wife_birth,
                                             surname=surname, start=Event(d0, start.code), honseki=honseki,
                                             hittosha=hittosha, prev=prev))
            gb_lo, gb_hi = years_before(wife_birth, -20), min(years_before(wife_birth, -40),
                                                               END - timedelta(days=120))
            if gb_lo < gb_hi:
                gb = self.day(gb_lo, gb_hi)
                born_here = gb > d0
                hh.members.append(self.jp_member(
                    hh.number, rel="子の子", sex=self.pick(("1", "2")), birth=gb, surname=surname,
                    start=Event(gb, "13") if born_here else Event(d0, start.code), honseki=honseki,
                    hittosha=hittosha, prev=None if born_here else prev))
        if comp == "cohabit":
            rel = "同居人" if self.chance(0.8) else "縁故者"
            cb = self.birth_between(years_before(d0, 80), years_before(d0, 18))
            hh.members.append(self.jp_member(hh.number, rel=rel, sex=self.pick(("1", "2")), birth=cb,
                                             surname=self.pick(N.JP_SURNAMES), start=Event(d0, "11"),
                                             honseki=self.other_address(lot=True), hittosha=None,
                                             prev=self.other_address()))
        if self.chance(0.003) and not unknown:
            self._non_calendar_birth(head)

    def _non_calendar_birth(self, m: Member) -> None:
        """A 戸籍-consistent non-calendar birth date (e.g. 1951-02-29): accepted under 暦外可 (§6)."""
        assert m.birth is not None
        y = m.birth.year
        while y % 4 == 0:
            y -= 1
        if date(y, 3, 1) >= m.start.day:
            return
        m.static["生年月日"] = f"{y}-02-29"
        m.static["生年月日和暦"] = wareki(y, 2, 29)
        m.birth = None  # skipped by date comparisons, like the validator does

    def _child(self, hh: Household, mother_birth: date, surname: tuple[str, str], honseki: str,
               hittosha: str | None, d0: date, start: Event, prev: str | None, abroad: bool) -> None:
        lo = years_before(mother_birth, -20)
        hi = min(years_before(mother_birth, -43), END - timedelta(days=120))
        if hi <= lo:
            return
        b = self.day(lo, hi)
        born_here = b > d0
        hh.members.append(self.jp_member(
            hh.number, rel="子", sex=self.pick(("1", "2")), birth=b, surname=surname,
            start=Event(b, "13") if born_here else Event(d0, start.code), honseki=honseki,
            hittosha=hittosha, prev=None if born_here else prev))

    def _foreign_spouse(self, hh: Household, birth: date, d0: date) -> Member:
        nat = self.pick(("156", "608", "410", "704", "076"))
        since_lo = max(ENFORCEMENT, birth + timedelta(days=1), d0 - timedelta(days=3000))
        abroad = self.chance(0.5) or since_lo >= d0
        since = d0 if abroad else self.day(since_lo, d0)
        d0_event = Event(d0, "12" if abroad else "11")
        if d0 < ENFORCEMENT:  # a foreign spouse cannot be a 外国人住民 before the 施行日: arrive later
            day = self.day(ENFORCEMENT, END - timedelta(days=60))
            d0_event, since = Event(day, "12"), day
            abroad = True
        prev = N.COUNTRY_NAME[nat] if abroad else self.other_address()
        return self.foreign_member(hh.number, rel="妻", sex="2", birth=birth, nationality=nat, start=d0_event,
                                   status="1", visa="33", since=since, prev=prev)

    def _plan_foreign(self, hh: Household, composition: str | None) -> None:
        comp = composition or self.weighted((("single", 60), ("couple", 22), ("family", 18)))
        nat = self.weighted(N.NATIONALITY_WEIGHTS)
        special = nat in ("410", "901", "158") and self.chance(0.3)
        d0 = self.day(ENFORCEMENT + timedelta(days=1), END - timedelta(days=90))
        hh.addresses.append((d0, self.local_address(apartment=self.chance(0.7))))
        abroad = not special and self.chance(0.7)
        prev = N.COUNTRY_NAME[nat] if abroad else self.other_address()
        start = Event(d0, "12" if abroad else "11")
        head_sex = "1" if self.chance(0.6) else "2"
        if special:
            hb = self.birth_between(date(1935, 1, 1), date(1995, 12, 31))
            hb = min(hb, years_before(d0, 18))
            visa: str | None = None
            status = "2"
        else:
            visa = self.weighted((("14", 30), ("28", 15), ("19", 12), ("23", 10), ("32", 12), ("35", 5),
                                  ("09", 4), ("16", 4), ("01", 2), ("08", 1), ("31", 3), ("33", 2)))
            status = "1"
            lo, hi = (18, 30) if visa in ("28", "23") else (22, 65)
            hb = self.birth_between(years_before(d0, hi), years_before(d0, lo))
            if self.chance(0.01):  # 一時庇護許可者 / 仮滞在者 / 経過滞在者: no 在留資格 or card
                status, visa = self.pick(("3", "4", "5")), None
        since = self._since(hb, d0, abroad, special)
        tsusho = None
        if special and self.chance(0.7):
            tsusho = f"{self.pick(N.JP_SURNAMES)[0]}　{self.jp_given(head_sex)[0]}"
        sur = self.pick(N.FOREIGN[nat]["sur"])
        head = self.foreign_member(hh.number, rel="世帯主", sex=head_sex, birth=hb, nationality=nat,
                                   start=start, status=status, visa=visa, since=since, prev=prev, surname=sur,
                                   tsusho=tsusho)
        if not special and tsusho is None and self.chance(0.03):
            head.extra.append(Event(self.day(d0 + timedelta(days=60), END - timedelta(days=60)), "68",
                                    {"通称": f"{self.pick(N.JP_SURNAMES)[0]}　{self.jp_given(head_sex)[0]}"}))
        hh.members.append(head)
        if comp in ("couple", "family"):
            sp_sex = "2" if head_sex == "1" else "1"
            sb = min(self.birth_between(years_before(hb, 5), years_before(hb, -5)), years_before(d0, 18))
            sp_visa = None if status != "1" else ("34" if visa == "32" else "30" if visa not in ("33", "35")
                                                  else "35")
            hh.members.append(self.foreign_member(
                hh.number, rel="妻" if sp_sex == "2" else "夫", sex=sp_sex, birth=sb, nationality=nat,
                start=Event(d0, start.code), status=status, visa=sp_visa,
                since=self._since(sb, d0, abroad, special), prev=prev, surname=sur))
        if comp == "family":
            mother = hb if head_sex == "2" else hh.members[-1].birth or hb
            for _ in range(self.rng.randint(1, 2)):
                first = max(years_before(mother, -20), date(1995, 1, 1))
                last = min(years_before(mother, -42), END - timedelta(days=120))
                if last <= first:
                    continue
                b = self.day(first, last)
                born_here = b > d0
                cvisa = None if status != "1" else ("34" if visa == "32" else "30")
                hh.members.append(self.foreign_member(
                    hh.number, rel="子", sex=self.pick(("1", "2")), birth=b, nationality=nat,
                    start=Event(b, "13") if born_here else Event(d0, start.code), status=status, visa=cvisa,
                    since=b if born_here else self._since(b, d0, abroad, special),
                    prev=None if born_here else prev, surname=sur))

    def _since(self, birth: date, d0: date, abroad: bool, special: bool) -> date:
        """外国人住民となった年月日: ≥ 施行日 (X19), ≥ 生年月日 (X10), ≤ arrival."""
        if abroad:
            return d0
        lo = max(ENFORCEMENT, birth)
        if special and birth < ENFORCEMENT:
            return ENFORCEMENT
        return self.day(lo, d0)

    def _finish(self, hh: Household) -> None:
        """Household move, personal events, endings; then 世帯主氏名 on every member."""
        d0 = hh.addresses[0][0]
        if self.chance(0.2) and d0 + timedelta(days=180) < END - timedelta(days=120):
            hh.move_day = self.day(d0 + timedelta(days=180), END - timedelta(days=120))
            new = self.local_address()
            hh.addresses.append((hh.move_day, new))
        head = hh.members[0]
        single = len(hh.members) == 1
        for m in hh.members:
            days = sorted([m.start.day] + ([hh.move_day] if hh.move_day and hh.move_day > m.start.day else [])
                          + [e.day for e in m.extra])
            if self.chance(0.04):
                d = self.day(m.start.day + timedelta(days=40), END - timedelta(days=60))
                if all(abs((d - x).days) >= 30 for x in days):
                    m.extra.append(Event(d, "52"))
                    days.append(d)
                    days.sort()
            m.extra = [e for e in m.extra if e.day > m.start.day + timedelta(days=30)
                       and not (hh.move_day and abs((e.day - hh.move_day).days) < 30)]
            last = max([m.start.day] + [e.day for e in m.extra]
                       + ([hh.move_day] if hh.move_day and hh.move_day > m.start.day else []))
            lo, hi = last + timedelta(days=40), END - timedelta(days=25)
            if hi <= lo or (m is head and not single):
                continue
            age_end = age_on(m.birth, END) if m.birth else 90
            if age_end >= 78 and self.chance(0.3):
                m.ending = Ending(self.day(lo, hi), "33", "3", "3")
            elif m.rel == "子" and age_end >= 20 and self.chance(0.25):
                m.ending = Ending(self.day(lo, hi), "31", "2", "1")
            elif single and self.chance(0.12):
                if m.foreign:
                    m.ending = Ending(self.day(lo, hi), "32", "2", "2") if self.chance(0.9) \
                        else Ending(self.day(lo, hi), "34", "4", "6")
                else:
                    m.ending = Ending(self.day(lo, hi), "31", "2", "1") if self.chance(0.95) \
                        else Ending(self.day(lo, hi), "36", "4", "5")
        name = head.display_name
        for m in hh.members:
            m.static["世帯主氏名"] = name

    def trim(self, hh: Household, budget: int) -> None:
        """Drop members (never the head) and then history until the household fits the row budget."""
        while self.count_rows(hh) > budget and len(hh.members) > 1:
            hh.members.pop()
        if self.count_rows(hh) > budget:
            head = hh.members[0]
            head.extra.clear()
            head.ending = None
            hh.move_day = None
            del hh.addresses[1:]

    def count_rows(self, hh: Household) -> int:
        return sum(len(self.events(hh, m)) + (m.ending is not None) for m in hh.members)

    def events(self, hh: Household, m: Member) -> list[Event]:
        evs = [m.start, *m.extra]
        if hh.move_day is not None and hh.move_day > m.start.day:
            evs.append(Event(hh.move_day, "51"))
        evs.sort(key=lambda e: (e.day, e.code != m.start.code))
        if m.ending is not None:
            evs = [e for e in evs if e.day < m.ending.day]
        return evs

    def address_at(self, hh: Household, d: date) -> tuple[date, Address]:
        cur = hh.addresses[0]
        for since, a in hh.addresses:
            if since <= d:
                cur = (since, a)
        return cur

    def render(self, hh: Household) -> list[list[Row]]:
        """Every member's history rows (full snapshots, 履歴番号 1..n)."""
        out: list[list[Row]] = []
        for m in hh.members:
            rows: list[Row] = []
            state: Row = dict(m.static)
            evs = self.events(hh, m)
            for e in evs:
                state.update(e.updates)
                rows.append(self._row(hh, m, state, e.day, e.code))
            if m.ending is not None:
                rows.append(self._row(hh, m, state, m.ending.day, m.ending.code, m.ending))
            for i, r in enumerate(rows, 1):
                r["履歴番号"] = str(i)
            out.append(rows)
        return out

    def _row(self, hh: Household, m: Member, state: Row, d: date, code: str,
             ending: Ending | None = None) -> Row:
        row = dict(state)
        since, a = self.address_at(hh, d)
        row.update({"住所": a.jusho, "方書": a.katagaki, "郵便番号": a.postal, "住所コード": a.code,
                    "住所を定めた年月日": iso(max(since, m.start.day)), "異動事由": code, "異動日": iso(d),
                    "住民状態": "1", "消除事由": None, "消除日": None})
        rnd = self.rng.randint
        notified: date | None
        if code in ("11", "12", "51", "13"):
            notified = d + timedelta(days=rnd(0, 14))
            processed = notified + timedelta(days=self.pick((0, 0, 0, 1, 2)))
        elif code in ("31", "32"):
            notified = d - timedelta(days=rnd(0, 14))
            processed = notified
        elif code == "33":
            notified = d + timedelta(days=rnd(0, 7))
            processed = notified + timedelta(days=rnd(0, 2))
        elif code in ("65", "68"):
            notified = d
            processed = d + timedelta(days=rnd(0, 2))
        else:  # 職権: 34, 36, 52
            notified = None
            processed = d + timedelta(days=rnd(0, 5))
        row["届出年月日"] = iso(notified) if notified else None
        row["処理日"] = iso(processed)
        if ending is not None:
            row["住民状態"] = ending.state
            row["消除事由"] = ending.reason
            row["消除日"] = iso(d)
        row["更新日時"] = self.stamp(processed)
        return row

    # ----------------------------------------------------------------- writing

    def file_name(self, file: str) -> str:
        return self.file_names[file]

    def put(
        self,
        file: str,
        row: Mapping[str, str | None],
        *,
        expect: Sequence[tuple[str | None, str]] = (),
        eol: str = "\n",
        raw: Mapping[str, bytes] | None = None,
        drop_last: bool = False,
    ) -> int:
        line = self.out[file].write(row, eol=eol, raw=raw, drop_last=drop_last)
        for item, rule in expect:
            self.expected.append(Expected(self.file_name(file), line, item, rule))
        return line

    def write_household(self, hh: Household, *, clean: bool = True) -> list[list[Row]]:
        rows = self.render(hh)
        for person in rows:
            for r in person:
                self.put(RESIDENT, r)
                if clean:
                    self.resident_rows += 1
        if clean:
            for m in hh.members:
                if m.birth is None or age_on(m.birth, date(TAX_YEAR, 1, 1)) >= 18:
                    a = Addressee(m.aname, m.static.get("個人番号"), m.birth)
                    self.tax_candidates.append(a)
                    if m.rel in ("世帯主", "妻", "夫") or self.chance(0.1):
                        self.owners.append(a)
        return rows

    # ----------------------------------------------------------------- 住登外者

    def outsider_row(self, kind: str | None = None) -> tuple[Row, Addressee]:
        kind = kind or self.weighted((("jp", 55), ("abroad", 10), ("corp", 35)))
        aname = self.aname.next()
        reg = self.day(date(2000, 1, 1), date(2024, 12, 31))
        row: Row = {"団体コード": LG_CODE, "宛名番号": aname, "登録日": iso(reg),
                    "更新日時": self.stamp(self.day(reg, END))}
        if kind == "corp":
            name, reading, _ = self.corp_name()
            num = self.corporate_number() if self.chance(0.95) else None
            row.update({"個人法人区分": "2", "氏名": name, "フリガナ": reading,
                        "住所": self.local_address(apartment=False).jusho if self.chance(0.3)
                        else self.other_address(), "郵便番号": self.postal_elsewhere(), "法人番号": num})
            if num:
                self.corp_pool.append(num)
            return row, Addressee(aname, None, kind="corporation")
        sex = self.pick(("1", "2"))
        birth = self.day(date(1935, 1, 1), date(2004, 12, 31))
        row.update({"個人法人区分": "1", "生年月日": iso(birth), "性別": sex})
        self.outsider_persons += 1
        if kind == "abroad":
            nat = self.pick(("840", "826", "704", "156", "076"))
            sur = self.pick(N.FOREIGN[nat]["sur"])
            given = self.pick(N.FOREIGN[nat][sex])
            row.update({"氏名": f"{sur[0]} {given[0]}", "フリガナ": f"{sur[1]}　{given[1]}",
                        "住所": self.pick(N.FOREIGN_ADDRESSES)})
            return row, Addressee(aname, None, birth, kind="outsider")
        sur_jp = self.pick(N.JP_SURNAMES)
        given_jp = self.jp_given(sex)
        num = my_number(self._my(10**9 + self.outsider_persons)) if self.chance(0.9) else None
        row.update({"氏名": f"{sur_jp[0]}　{given_jp[0]}", "フリガナ": f"{sur_jp[1]}　{given_jp[1]}",
                    "住所": self.other_address(), "郵便番号": self.postal_elsewhere(), "個人番号": num})
        return row, Addressee(aname, num, birth, kind="outsider")

    def emit_outsider(self) -> None:
        row, who = self.outsider_row()
        self.put(OUTSIDER, row)
        self.owners.append(who)
        if who.kind == "outsider":
            self.tax_candidates.append(who)

    def corp_name(self) -> tuple[str, str, str]:
        stem = self.pick(N.CORP_STEMS)
        trade = self.pick(N.CORP_TRADES)
        before, form, reading = self.pick(N.CORP_FORMS)
        if before:
            return f"{form}{stem[0]}{trade[0]}", f"{reading}{stem[1]}{trade[1]}", form
        return f"{stem[0]}{trade[0]}{form}", f"{stem[1]}{trade[1]}{reading}", form

    # ----------------------------------------------------------------- 個人住民税

    def indiv_tax_row(self, who: Addressee, category: str | None = None) -> Row:
        row: Row = {"団体コード": LG_CODE, "課税年度": str(TAX_YEAR), "宛名番号": who.aname,
                    "個人番号": who.my_number}
        elderly = who.birth is not None and age_on(who.birth, date(TAX_YEAR, 1, 1)) >= 65
        if who.kind == "outsider" and category is None:
            # 家屋敷課税-like: 均等割のみ, income unknown
            row.update({"課税区分": "2", "徴収方法": "1", "所得割額": "0", "均等割額": str(EQUAL_SHARE),
                        "年税額": str(EQUAL_SHARE)})
        else:
            cat = category or self.weighted((("1", 70), ("2", 10), ("3", 15), ("4", 5)))
            row["課税区分"] = cat
            if cat == "1":
                income = self.rng.randrange(1_500_000, 12_000_000, 1000)
                base = income - self.rng.randrange(430_000, min(income - 100_000, 3_000_000), 1000)
                pct = base // 1000 * 100
                row.update({"総所得金額": str(income), "課税標準額": str(base), "所得割額": str(pct),
                            "均等割額": str(EQUAL_SHARE), "年税額": str(pct + EQUAL_SHARE)})
            elif cat == "2":
                income = self.rng.randrange(1_000_000, 1_350_000, 1000)
                row.update({"総所得金額": str(income), "課税標準額": "0", "所得割額": "0",
                            "均等割額": str(EQUAL_SHARE), "年税額": str(EQUAL_SHARE)})
            elif cat == "3":
                row.update({"総所得金額": str(self.rng.randrange(0, 1_000_000, 1000)), "課税標準額": "0",
                            "所得割額": "0", "均等割額": "0", "年税額": "0"})
            if cat in ("1", "2"):
                method = "3" if elderly and self.chance(0.4) else ("2" if self.chance(0.6) else "1")
                row["徴収方法"] = method
                if method == "2":
                    self.employer(row)
        row["更新日時"] = self.stamp(self.day(date(TAX_YEAR, 5, 15), date(TAX_YEAR, 7, 31)))
        return row

    def employer(self, row: Row) -> None:
        if self.chance(0.85):
            pool = self.corp_pool
            reuse = bool(pool) and self.chance(0.5)
            num = pool[self.rng.randrange(len(pool))] if reuse else self.corporate_number()
            row.update({"特別徴収義務者種別": "2", "特別徴収義務者法人番号": num})
        else:
            row["特別徴収義務者種別"] = "1"
        row["特別徴収義務者指定番号"] = f"{self.rng.randrange(10**8):08d}"

    def emit_indiv_tax(self) -> bool:
        if not self.tax_candidates:
            return False
        i = self.rng.randrange(len(self.tax_candidates))
        who = self.tax_candidates[i]
        del self.tax_candidates[i]
        self.put(INDIV_TAX, self.indiv_tax_row(who))
        return True

    # ----------------------------------------------------------------- 固定資産税

    def owner(self) -> Addressee | None:
        return self.owners[self.rng.randrange(len(self.owners))] if self.owners else None

    def land_row(self, owner: str) -> Row:
        self.parcels += 1
        ti = self.rng.randrange(len(N.TOWNS))
        ban = self.rng.randint(1, 2500)
        lot = f"{N.fullwidth(ban)}番"
        if self.chance(0.7):
            lot += N.fullwidth(self.rng.randint(1, 30))
        kind = self.weighted((("res", 70), ("farm", 10), ("forest", 5), ("misc", 10), ("unreg", 2),
                              ("road", 3)))
        reg: str | None
        if kind == "res":
            reg = cur = "03"
            area = f"{self.rng.randint(60, 400)}.{self.rng.randrange(100):02d}"
            reg_area: str | None = area
            cur_area = area
            value = int(float(area) * self.rng.randrange(80_000, 250_000, 1000))
            base = value // 6 if self.chance(0.8) else (value * 7 // 10 if self.chance(0.5) else value)
        elif kind == "farm":
            reg = self.pick(("01", "02"))
            cur = reg if self.chance(0.85) else "23"
            reg_area = cur_area = str(self.rng.randint(100, 5000))
            value = int(reg_area) * self.rng.randint(50, 600)
            base = value
        elif kind == "forest":
            reg = cur = "09"
            reg_area = cur_area = str(self.rng.randint(500, 30000))
            value = int(reg_area) * self.rng.randint(20, 120)
            base = value
        elif kind == "misc":
            reg = self.pick(("23", "02"))
            cur = "23"
            reg_area = str(self.rng.randint(50, 2000))
            cur_area = f"{int(reg_area) - 1}.{self.rng.randint(10, 99)}"
            value = int(float(cur_area) * self.rng.randrange(20_000, 120_000, 1000))
            base = value * 7 // 10
        elif kind == "road":
            reg = cur = "21"
            reg_area = cur_area = f"{self.rng.randint(2, 9)}.{self.rng.randint(10, 99)}"
            value = base = 0
        else:  # 未登記地
            reg, reg_area, cur = None, None, "23"
            cur_area = f"{self.rng.randint(20, 300)}.{self.rng.randrange(100):02d}"
            value = int(float(cur_area) * 30_000)
            base = value
        return {"団体コード": LG_CODE, "課税年度": str(TAX_YEAR), "物件番号": f"T{self.parcels:08d}",
                "所在地": f"{N.CITY}{N.TOWNS[ti]}{N.kanji_number(self.rng.randint(1, 6))}丁目", "地番": lot,
                "登記地目": reg, "現況地目": cur, "登記地積": reg_area, "現況地積": cur_area,
                "評価額": str(value), "課税標準額": str(base), "納税義務者宛名番号": owner,
                "共有区分": "2" if self.chance(0.12) else "1",
                "更新日時": self.stamp(self.day(date(TAX_YEAR, 1, 10), date(TAX_YEAR, 4, 30)))}

    def house_row(self, owner: str) -> Row:
        n = self.buildings
        self.buildings += 1
        number = f"{N.fullwidth(n // 9 + 1)}番{N.fullwidth(n % 9 + 1)}"
        kind, struct = self.pick((("01", "01"), ("01", "01"), ("01", "01"), ("01", "06"), ("01", "07"),
                                  ("04", "07"), ("04", "08"), ("02", "06"), ("05", "08"), ("10", "06"),
                                  ("09", "06"), ("99", "99")))
        big = kind in ("04", "05")
        whole = self.rng.randint(300, 3000) if big else self.rng.randint(20, 250)
        floor = f"{whole}.{self.rng.randrange(100):02d}"
        built = self.rng.randint(1960, TAX_YEAR - 1)
        unit = self.rng.randrange(40_000, 180_000, 1000)
        value = int(float(floor) * unit * max(0.2, 1 - (TAX_YEAR - built) / 60))
        return {"団体コード": LG_CODE, "課税年度": str(TAX_YEAR), "家屋番号": number,
                "所在地": f"{N.CITY}{self.pick(N.TOWNS)}{N.kanji_number(self.rng.randint(1, 6))}丁目",
                "家屋種類": kind, "構造": struct, "床面積": floor, "建築年": str(built), "評価額": str(value),
                "課税標準額": str(value), "納税義務者宛名番号": owner,
                "更新日時": self.stamp(self.day(date(TAX_YEAR, 1, 10), date(TAX_YEAR, 4, 30)))}

    # ----------------------------------------------------------------- 軽自動車税

    _KANA = "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるろれわを"

    def plate(self, family: str) -> str:
        """A 標識番号 unique within the dataset: a per-family counter in mixed radix."""
        n = self.plates.get(family, 0)
        self.plates[family] = n + 1
        serial = n % 9999 + 1
        k = len(self._KANA)
        kana = self._KANA[(n // 9999) % k]
        q = n // (9999 * k)
        if serial >= 1000:
            s = f"{serial // 100:02d}-{serial % 100:02d}"
        else:
            s = "・" * (4 - len(str(serial))) + str(serial)
        if family == "moped":
            return f"見本市 {kana} {s}" if q == 0 else f"見本市 {q} {kana} {s}"
        if family == "special":
            return f"見本市 9{q:02d} {kana} {s}"
        if family == "bike":
            return f"見本 {kana} {s}" if q == 0 else f"見本 {q} {kana} {s}"
        base = {"passenger": 580, "cargo": 480, "three": 380}[family]
        return f"見本 {base + q} {kana} {s}"

    def vehicle_row(self, owner: str, cls: str | None = None) -> Row:
        cls = cls or self.weighted((("52", 40), ("62", 20), ("11", 12), ("12", 5), ("13", 5), ("21", 8),
                                    ("22", 3), ("61", 2), ("51", 2), ("41", 1), ("14", 1), ("31", 1),
                                    ("32", 1)))
        family = ("moped" if cls in ("11", "12", "13", "14") else "special" if cls in ("31", "32")
                  else "bike" if cls in ("21", "22") else "passenger" if cls in ("51", "52")
                  else "cargo" if cls in ("61", "62") else "three")
        model = {"moped": ("AF68", "AF74", "CE50", "JF81"), "special": ("KL21", "TB15"),
                 "bike": ("MC41", "ML12", "KF35", "RH02"), "passenger": ("HA36S", "MH55S", "LA650S", "B44W"),
                 "cargo": ("DA17V", "S700V", "DA16T"), "three": ("TR3", "TX1")}[family]
        chassis = f"{self.pick(model)}-{self.rng.randrange(100000, 9999999)}"
        april = date(TAX_YEAR, 4, 1)
        first: str | None = None
        rate = "1"
        acquired: date
        if cls in INSPECTED:
            fy, fm = self.rng.randint(2005, 2024), self.rng.randint(1, 12)
            if (fy, fm) > (2024, 3):
                fy, fm = 2024, self.rng.randint(1, 3)
            first = f"{fy}-{fm:02d}"
            if cls != "22":
                rate = "1" if (fy, fm) >= (2015, 4) else ("3" if (fy, fm) <= (2011, 3) else "2")
            acquired = self.day(date(fy, fm, 1), april)
        else:
            acquired = self.day(date(2005, 1, 1), april)
        tax = VEHICLE_RATES[cls][rate]
        if cls == "52" and first is not None and first >= "2023-04" and self.chance(0.3):
            rate, tax = "4", 2700  # グリーン化特例 (軽課): not checked by X30
        return {"団体コード": LG_CODE, "課税年度": str(TAX_YEAR), "標識番号": self.plate(family),
                "車台番号": chassis, "車両区分": cls, "所有者宛名番号": owner,
                "取得日": iso(acquired) if self.chance(0.9) else None, "初度検査年月": first,
                "税率区分": rate, "年税額": str(tax),
                "更新日時": self.stamp(self.day(april, date(TAX_YEAR, 5, 31)))}

    # ----------------------------------------------------------------- 法人住民税

    def corp_returns(self) -> list[Row]:
        num = self.corporate_number()  # fresh: the same corporation twice could repeat a primary key (X1)
        name, _, _ = self.corp_name()
        where = self.local_address(apartment=False).jusho if self.chance(0.7) else self.other_address()
        m = self.pick((4, 4, 4, 1, 10, 7, 3))
        start = date(2023, m, 1)
        end = date(2024, m, 1) - timedelta(days=1)
        share = self.pick((50_000, 50_000, 130_000, 160_000, 410_000, 1_750_000))
        out: list[Row] = []

        def ret(kind: str, s: date, e: date, filed: date, income_tax: int) -> Row:
            return {"団体コード": LG_CODE, "法人番号": num, "法人名称": name, "所在地": where,
                    "事業年度開始日": iso(s), "事業年度終了日": iso(e), "申告区分": kind,
                    "均等割額": str(share), "法人税割額": str(income_tax), "申告年月日": iso(filed),
                    "更新日時": self.stamp(min(filed + timedelta(days=self.rng.randint(1, 10)), END))}

        profit = self.rng.randrange(0, 5_000_000, 100) if self.chance(0.7) else 0
        if self.chance(0.2):
            prev_s, prev_e = date(2022, m, 1), start - timedelta(days=1)
            out.append(ret("1", prev_s, prev_e, month_end(prev_e, 2),
                           self.rng.randrange(0, 5_000_000, 100)))
        if self.chance(0.25):
            interim = month_end(start, 7)
            out.append(ret(self.pick(("2", "3")), start, end, interim, profit // 2 // 100 * 100))
        final = month_end(end, 2)
        out.append(ret("1", start, end, final, profit))
        if self.chance(0.05):
            amended = final + timedelta(days=self.rng.randint(30, 50))
            if amended <= END:
                out.append(ret("4", start, end, amended, profit + self.rng.randrange(0, 200_000, 100)))
        return out


# ---------------------------------------------------------------------------------------------- driver


def _columns(schema: SchemaSet | None) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    if schema is None:
        return dict(COLUMNS), {f: f"{f}.csv" for f in FILES}
    cols: dict[str, tuple[str, ...]] = {}
    names: dict[str, str] = {}
    for f in FILES:
        spec = schema.files.get(f)
        if spec is None:
            raise SampleError(f"schema set {schema.name!r} has no file {f!r}; the sample generator needs "
                              "all 7 reference files")
        cols[f] = spec.layout.item_names
        names[f] = schema.file_name_pattern.format(file=f)
    return cols, names


def generate(
    out_dir: Path,
    *,
    rows: int = 1000,
    seed: int = 0,
    inject: bool = False,
    schema: SchemaSet | None = None,
) -> SampleInfo:
    """Write the 7 files of one synthetic dataset (and, with ``inject``, ``answer_key.jsonl``).

    ``rows`` is the number of clean 住民記録_住民 rows; the other files scale from it. Injected units are
    written on top of the clean rows, spread through the files. Columns follow ``schema``'s layouts when
    given (items the generator does not know are left NULL), else the reference layouts.
    """
    if rows < 1:
        raise SampleError(f"--rows must be at least 1 (got {rows})")
    if seed < 0:
        raise SampleError(f"--seed must be non-negative (got {seed})")
    columns, file_names = _columns(schema)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    bom_file = CORP_TAX if inject else None
    outs = {f: CsvOut(out_dir / file_names[f], columns[f], bom=f == bom_file) for f in FILES}
    try:
        g = Generator(outs, rng, file_names)
        units: list[Callable[[Generator], None]] = []
        if inject:
            from conformance.sample.inject import file_level_expectations, injection_units

            units = injection_units()
            rng.shuffle(units)
            g.expected.extend(file_level_expectations(file_names))
        _run(g, rows, units)
    finally:
        for o in outs.values():
            o.close()
    answer: Path | None = None
    if inject:
        answer = out_dir / "answer_key.jsonl"
        key = sorted(g.expected, key=lambda e: (e.file, e.line, e.rule, e.item or ""))
        answer.write_text("".join(e.to_json() + "\n" for e in key), encoding="utf-8", newline="\n")
    return SampleInfo(out_dir, seed, rows, inject, {file_names[f]: outs[f].records for f in FILES}, answer,
                      len(g.expected))


def _run(g: Generator, rows: int, units: list[Callable[[Generator], None]]) -> None:
    acc = dict.fromkeys(RATIOS, 0.0)
    written = dict.fromkeys(RATIOS, 0)
    due = [((i + 1) * rows) // (len(units) + 1) for i in range(len(units))]
    next_unit = 0
    while g.resident_rows < rows:
        hh = g.plan_household()
        g.trim(hh, rows - g.resident_rows)
        g.write_household(hh)
        k = g.count_rows(hh)
        for f in RATIOS:
            acc[f] += k * RATIOS[f]
        _emit(g, acc, written, final=False)
        while next_unit < len(units) and g.resident_rows >= due[next_unit]:
            units[next_unit](g)
            next_unit += 1
    _emit(g, acc, written, final=True)
    while next_unit < len(units):
        units[next_unit](g)
        next_unit += 1


def _emit(g: Generator, acc: dict[str, float], written: dict[str, int], *, final: bool) -> None:
    """Write the rows of the other files that the 住民 rows so far call for (at least one each at the end)."""
    for f in (OUTSIDER, INDIV_TAX, LAND, HOUSE, VEHICLE, CORP_TAX):
        need = int(acc[f])
        if final and written[f] == 0:
            need = max(need, 1)
        while need > 0:
            if not _emit_one(g, f):
                break
            need -= 1
            acc[f] -= 1
            written[f] += 1


def _emit_one(g: Generator, f: str) -> bool:
    if f == OUTSIDER:
        g.emit_outsider()
        return True
    if f == INDIV_TAX:
        return g.emit_indiv_tax()
    owner = g.owner()
    if owner is None:
        return False
    if f == LAND:
        g.put(LAND, g.land_row(owner.aname))
    elif f == HOUSE:
        g.put(HOUSE, g.house_row(owner.aname))
    elif f == VEHICLE:
        g.put(VEHICLE, g.vehicle_row(owner.aname))
    else:
        for r in g.corp_returns():
            g.put(CORP_TAX, r)
    return True
