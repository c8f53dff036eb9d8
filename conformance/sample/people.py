"""Persons and households as plans: who lives where, with which history, before any row is rendered.

A household is planned whole (members, events, ending) and only then rendered to rows, so the rules that
compare rows of one person or one household (X2–X6, X17) hold by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from conformance.sample import names as N
from conformance.sample.addresses import Address
from conformance.sample.csv_out import Row
from conformance.sample.dates import END, Wareki, iso
from conformance.sample.draw import Draw
from conformance.sample.numbers import Issuer


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


def events(hh: Household, m: Member) -> list[Event]:
    """The member's history rows before any ending, in 異動日 order (the household's move included)."""
    evs = [m.start, *m.extra]
    if hh.move_day is not None and hh.move_day > m.start.day:
        evs.append(Event(hh.move_day, "51"))
    evs.sort(key=lambda e: (e.day, e.code != m.start.code))
    if m.ending is not None:
        evs = [e for e in evs if e.day < m.ending.day]
    return evs


def row_count(hh: Household) -> int:
    return sum(len(events(hh, m)) + (m.ending is not None) for m in hh.members)


def trim(hh: Household, budget: int) -> None:
    """Drop members (never the head) and then history until the household fits the row budget."""
    while row_count(hh) > budget and len(hh.members) > 1:
        hh.members.pop()
    if row_count(hh) > budget:
        head = hh.members[0]
        head.extra.clear()
        head.ending = None
        hh.move_day = None
        del hh.addresses[1:]


def jp_given(draw: Draw, sex: str) -> tuple[str, str]:
    """A Japanese given name and its reading for 性別 ``sex``."""
    return draw.pick(N.JP_MALE if sex == "1" else N.JP_FEMALE)


def jp_name(draw: Draw, sex: str) -> str:
    """A full Japanese name, 氏　名, of nobody in particular (a 通称, a wrong 世帯主氏名)."""
    surname = draw.pick(N.JP_SURNAMES)
    return f"{surname[0]}　{jp_given(draw, sex)[0]}"


class Persons:
    """Members with their static items (names, birth, identity numbers, 在留 facts)."""

    def __init__(self, draw: Draw, ids: Issuer, wareki: Wareki) -> None:
        self._draw = draw
        self._ids = ids
        self._wareki = wareki

    def japanese(
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
        given = jp_given(self._draw, sex)
        name = f"{surname[0]}　{given[0]}"
        row = _common(hh, rel, sex)
        row.update({
            "住民種別": "1", "氏名": name, "氏名フリガナ": f"{surname[1]}　{given[1]}",
            "生年月日": iso(birth), "生年月日和暦": self._wareki(birth.year, birth.month, birth.day),
            "本籍": honseki, "筆頭者": hittosha or name, "住民となった年月日": iso(start.day),
            "転入前住所": prev,
        })
        b: date | None = birth
        if birth_unknown:
            row["生年月日"] = None
            row["生年月日和暦"] = None
            row["生年月日不詳表記"] = self._wareki.circa(birth)
            b = None
        self._identity(row)
        m = Member(self._ids.aname.next(), False, rel, b, row, start, display_name=name)
        row["宛名番号"] = m.aname
        return m

    def foreign(
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
        d = self._draw
        names = N.FOREIGN[nationality]
        sur = surname or d.pick(names["sur"])
        given = d.pick(names[sex])
        alpha = f"{sur[0]} {given[0]}"
        kanji = f"{sur[2]}　{given[2]}" if sur[2] and given[2] and d.chance(0.6) else None
        row = _common(hh, rel, sex)
        expiry: str | None = None
        if status == "1" and visa not in ("08", "32"):
            expiry = iso(d.day(END + timedelta(days=30), END + timedelta(days=1800)))
        row.update({
            "住民種別": "2", "氏名": kanji, "氏名フリガナ": f"{sur[1]}　{given[1]}",
            "氏名アルファベット": alpha, "通称": tsusho, "生年月日": iso(birth), "転入前住所": prev,
            "国籍・地域": nationality,
            "法第30条の45区分": status, "在留資格": visa if status == "1" else None, "在留期間満了日": expiry,
            "在留カード等番号": self._card_number() if status in ("1", "2") else None,
            "外国人住民となった年月日": iso(since),
        })
        self._identity(row)
        m = Member(self._ids.aname.next(), True, rel, birth, row, start, display_name=kanji or alpha)
        row["宛名番号"] = m.aname
        return m

    def _identity(self, row: Row) -> None:
        """個人番号 (98%) and 住民票コード of the next resident person."""
        present = self._draw.chance(0.98)
        my_number, juminhyo = self._ids.resident()
        row["個人番号"] = my_number if present else None
        row["住民票コード"] = juminhyo

    def _card_number(self) -> str:
        d = self._draw
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        return d.pick(letters) + d.pick(letters) + d.digits(8) + d.pick(letters) + d.pick(letters)


def _common(hh: str, rel: str, sex: str) -> Row:
    return {"団体コード": N.LG_CODE, "世帯番号": hh, "性別": sex, "続柄": rel}
