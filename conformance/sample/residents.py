"""Rows of the 住民記録 files: a planned household's 住民記録_住民 history, and 住民記録_住登外者 records.

Every history row is a full snapshot (the standard's 履歴 form): the member's static items, the address
in force on the 異動日, and the 届出/処理 days the 異動事由 implies, so X7–X9 hold on every row.
"""

from __future__ import annotations

from datetime import date, timedelta

from conformance.sample import names as N
from conformance.sample.addresses import Address, Addresses
from conformance.sample.corporations import Corporations
from conformance.sample.csv_out import Row
from conformance.sample.dates import END, iso
from conformance.sample.draw import Draw
from conformance.sample.numbers import Issuer
from conformance.sample.people import Addressee, Ending, Household, Member, events, jp_given


class ResidentRows:
    def __init__(self, draw: Draw, ids: Issuer, addresses: Addresses, corporations: Corporations) -> None:
        self._draw = draw
        self._ids = ids
        self._addresses = addresses
        self._corporations = corporations

    def household(self, hh: Household) -> list[list[Row]]:
        """Every member's history rows (full snapshots, 履歴番号 1..n), member by member."""
        out: list[list[Row]] = []
        for m in hh.members:
            rows: list[Row] = []
            state: Row = dict(m.static)
            for e in events(hh, m):
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
        since, a = _address_at(hh, d)
        row.update({"住所": a.jusho, "方書": a.katagaki, "郵便番号": a.postal, "住所コード": a.code,
                    "住所を定めた年月日": iso(max(since, m.start.day)), "異動事由": code, "異動日": iso(d),
                    "住民状態": "1", "消除事由": None, "消除日": None})
        rnd = self._draw.randint
        notified: date | None
        if code in ("11", "12", "51", "13"):
            notified = d + timedelta(days=rnd(0, 14))
            processed = notified + timedelta(days=self._draw.pick((0, 0, 0, 1, 2)))
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
        row["更新日時"] = self._draw.stamp(processed)
        return row

    def outsider(self, kind: str | None = None) -> tuple[Row, Addressee]:
        """A 住登外者 record (``jp``, ``abroad`` or ``corp``; by weight when None) and its tax reference."""
        d = self._draw
        kind = kind or d.weighted((("jp", 55), ("abroad", 10), ("corp", 35)))
        aname = self._ids.aname.next()
        reg = d.day(date(2000, 1, 1), date(2024, 12, 31))
        row: Row = {"団体コード": N.LG_CODE, "宛名番号": aname, "登録日": iso(reg),
                    "更新日時": d.stamp(d.day(reg, END))}
        if kind == "corp":
            name, reading = self._corporations.name()
            num = self._ids.corporate_number() if d.chance(0.95) else None
            row.update({"個人法人区分": "2", "氏名": name, "フリガナ": reading,
                        "住所": self._addresses.local(apartment=False).jusho if d.chance(0.3)
                        else self._addresses.elsewhere(), "郵便番号": self._addresses.postal_elsewhere(),
                        "法人番号": num})
            if num:
                self._corporations.employers.append(num)
            return row, Addressee(aname, None, kind="corporation")
        sex = d.pick(("1", "2"))
        birth = d.day(date(1935, 1, 1), date(2004, 12, 31))
        row.update({"個人法人区分": "1", "生年月日": iso(birth), "性別": sex})
        my_number = self._ids.outsider()
        if kind == "abroad":
            nat = d.pick(("840", "826", "704", "156", "076"))
            sur = d.pick(N.FOREIGN[nat]["sur"])
            given = d.pick(N.FOREIGN[nat][sex])
            row.update({"氏名": f"{sur[0]} {given[0]}", "フリガナ": f"{sur[1]}　{given[1]}",
                        "住所": d.pick(N.FOREIGN_ADDRESSES)})
            return row, Addressee(aname, None, birth, kind="outsider")
        sur_jp = d.pick(N.JP_SURNAMES)
        given_jp = jp_given(d, sex)
        num = my_number if d.chance(0.9) else None
        row.update({"氏名": f"{sur_jp[0]}　{given_jp[0]}", "フリガナ": f"{sur_jp[1]}　{given_jp[1]}",
                    "住所": self._addresses.elsewhere(), "郵便番号": self._addresses.postal_elsewhere(),
                    "個人番号": num})
        return row, Addressee(aname, num, birth, kind="outsider")


def _address_at(hh: Household, d: date) -> tuple[date, Address]:
    """The household's address in force on ``d`` and the day it took effect."""
    cur = hh.addresses[0]
    for since, a in hh.addresses:
        if since <= d:
            cur = (since, a)
    return cur
