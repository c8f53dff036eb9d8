"""Household planning: compositions of Japanese and foreign households and the history of each member.

The proportions (single 34 %, families, three generations, foreign residents 7 % …) and the timing rules
(events at least 30 days apart, endings after the last event, a foreign resident never before the 施行日)
are what makes the clean data both realistic and free of findings.
"""

from __future__ import annotations

from datetime import date, timedelta

from conformance.sample import names as N
from conformance.sample.addresses import Addresses
from conformance.sample.dates import END, ENFORCEMENT, Wareki, age_on, years_before
from conformance.sample.draw import Draw
from conformance.sample.numbers import Issuer
from conformance.sample.people import Ending, Event, Household, Member, Persons, jp_name


class Households:
    def __init__(self, draw: Draw, ids: Issuer, addresses: Addresses, persons: Persons,
                 wareki: Wareki) -> None:
        self._draw = draw
        self._ids = ids
        self._addresses = addresses
        self._persons = persons
        self._wareki = wareki

    def plan(self, *, foreign: bool | None = None, composition: str | None = None) -> Household:
        """A household with its members' histories; all rules of §8 hold for it on its own."""
        d = self._draw
        if foreign is None:
            foreign = d.chance(0.07)
        hh = Household(self._ids.household.next(), [], [])
        if foreign:
            self._plan_foreign(hh, composition)
        else:
            self._plan_japanese(hh, composition)
        self._finish(hh)
        return hh

    def _plan_japanese(self, hh: Household, composition: str | None) -> None:
        d = self._draw
        comp = composition or d.weighted((
            ("single", 34), ("couple", 20), ("family", 26), ("single_parent", 7), ("three_gen", 6),
            ("extended", 3), ("cohabit", 2), ("abroad_return", 2),
        ))
        d0 = d.day(date(1990, 1, 1), END - timedelta(days=90))
        hh.addresses.append((d0, self._addresses.local()))
        surname = d.pick(N.JP_SURNAMES)
        honseki = self._addresses.local_lot() if d.chance(0.4) else self._addresses.elsewhere(lot=True)
        abroad = comp == "abroad_return"
        prev = d.pick(list(N.COUNTRY_NAME.values())) if abroad else self._addresses.elsewhere()
        start = Event(d0, "12" if abroad else "11")
        head_sex = "1" if comp in ("couple", "family", "three_gen", "extended") and d.chance(0.92) \
            else d.pick(("1", "2"))
        if comp == "single_parent":
            head_sex = "2" if d.chance(0.8) else "1"
        lo_age = {"single": 18, "single_parent": 22, "three_gen": 30, "extended": 50}.get(comp, 22)
        hi_age = {"three_gen": 60, "family": 55, "single_parent": 50}.get(comp, 85)
        head_birth = self.birth_between(years_before(d0, hi_age), years_before(d0, lo_age))
        unknown = head_birth.year < 1945 and d.chance(0.01)
        head = self._persons.japanese(
            hh.number, rel="世帯主", sex=head_sex, birth=head_birth, surname=surname, start=start,
            honseki=honseki, hittosha=None, prev=prev, birth_unknown=unknown)
        hh.members.append(head)
        hittosha = head.static["氏名"]
        mother_birth = head_birth
        if comp in ("couple", "family", "three_gen", "extended"):
            sp_sex = "2" if head_sex == "1" else "1"
            sp_birth = self.birth_between(years_before(head_birth, 6), years_before(head_birth, -6))
            sp_birth = min(sp_birth, years_before(d0, 18))
            mother_birth = sp_birth if sp_sex == "2" else head_birth
            rel = ("妻" if sp_sex == "2" else "夫")
            if d.chance(0.03):
                spouse = self._persons.japanese(
                    hh.number, rel=rel + "（未届）", sex=sp_sex, birth=sp_birth,
                    surname=d.pick(N.JP_SURNAMES), start=Event(d0, start.code),
                    honseki=self._addresses.elsewhere(lot=True), hittosha=None, prev=prev)
            elif sp_sex == "2" and comp in ("couple", "family") and d.chance(0.05):
                spouse = self._foreign_spouse(hh, sp_birth, d0)
            else:
                spouse = self._persons.japanese(
                    hh.number, rel=rel, sex=sp_sex, birth=sp_birth, surname=surname,
                    start=Event(d0, start.code), honseki=honseki, hittosha=hittosha, prev=prev)
                if sp_sex == "2" and d.chance(0.25):
                    maiden = d.pick(N.JP_SURNAMES)[0]
                    if maiden != surname[0]:
                        if d.chance(0.5):
                            spouse.static["旧氏"] = maiden
                        else:
                            day = d.day(d0 + timedelta(days=60), END - timedelta(days=60))
                            spouse.extra.append(Event(day, "65", {"旧氏": maiden}))
            hh.members.append(spouse)
        if comp in ("family", "single_parent", "three_gen", "extended"):
            for _ in range(d.randint(1, 3 if comp == "family" else 2)):
                self._child(hh, mother_birth, surname, honseki, hittosha, d0, start, prev)
        if comp == "three_gen":
            for sex in d.sample(["1", "2"], d.randint(1, 2)):
                pb = self.birth_between(years_before(head_birth, 38), years_before(head_birth, 22))
                hh.members.append(self._persons.japanese(
                    hh.number, rel="父" if sex == "1" else "母", sex=sex, birth=pb, surname=surname,
                    start=Event(d0, start.code), honseki=honseki, hittosha=None, prev=prev,
                    birth_unknown=pb.year < 1945 and d.chance(0.02)))
        if comp == "extended":
            son_birth = self.birth_between(years_before(head_birth, -34), years_before(head_birth, -22))
            son_birth = min(son_birth, years_before(d0, 20))
            hh.members.append(self._persons.japanese(
                hh.number, rel="子", sex="1", birth=son_birth, surname=surname, start=Event(d0, start.code),
                honseki=honseki, hittosha=hittosha, prev=prev))
            wife_birth = self.birth_between(years_before(son_birth, 4), min(years_before(son_birth, -4),
                                                                            years_before(d0, 18)))
            hh.members.append(self._persons.japanese(
                hh.number, rel="子の妻", sex="2", birth=wife_birth, surname=surname,
                start=Event(d0, start.code), honseki=honseki, hittosha=hittosha, prev=prev))
            self._child(hh, wife_birth, surname, honseki, hittosha, d0, start, prev, rel="子の子",
                        mother_age_max=40)
        if comp == "cohabit":
            rel = "同居人" if d.chance(0.8) else "縁故者"
            cb = self.birth_between(years_before(d0, 80), years_before(d0, 18))
            hh.members.append(self._persons.japanese(
                hh.number, rel=rel, sex=d.pick(("1", "2")), birth=cb, surname=d.pick(N.JP_SURNAMES),
                start=Event(d0, "11"), honseki=self._addresses.elsewhere(lot=True), hittosha=None,
                prev=self._addresses.elsewhere()))
        if d.chance(0.003) and not unknown:
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
        m.static["生年月日和暦"] = self._wareki(y, 2, 29)
        m.birth = None  # skipped by date comparisons, like the validator does

    def _child(self, hh: Household, mother_birth: date, surname: tuple[str, str], honseki: str,
               hittosha: str | None, d0: date, start: Event, prev: str | None, *, rel: str = "子",
               mother_age_max: int = 43) -> None:
        """A child born to a mother aged 20 to ``mother_age_max``: here (出生) or before the move in.

        No child when the mother is too young for one before the register's end.
        """
        d = self._draw
        lo = years_before(mother_birth, -20)
        hi = min(years_before(mother_birth, -mother_age_max), END - timedelta(days=120))
        if hi <= lo:
            return
        b = d.day(lo, hi)
        born_here = b > d0
        hh.members.append(self._persons.japanese(
            hh.number, rel=rel, sex=d.pick(("1", "2")), birth=b, surname=surname,
            start=Event(b, "13") if born_here else Event(d0, start.code), honseki=honseki,
            hittosha=hittosha, prev=None if born_here else prev))

    def _foreign_spouse(self, hh: Household, birth: date, d0: date) -> Member:
        d = self._draw
        nat = d.pick(("156", "608", "410", "704", "076"))
        since_lo = max(ENFORCEMENT, birth + timedelta(days=1), d0 - timedelta(days=3000))
        abroad = d.chance(0.5) or since_lo >= d0
        since = d0 if abroad else d.day(since_lo, d0)
        d0_event = Event(d0, "12" if abroad else "11")
        if d0 < ENFORCEMENT:  # a foreign spouse cannot be a 外国人住民 before the 施行日: arrive later
            day = d.day(ENFORCEMENT, END - timedelta(days=60))
            d0_event, since = Event(day, "12"), day
            abroad = True
        prev = N.COUNTRY_NAME[nat] if abroad else self._addresses.elsewhere()
        return self._persons.foreign(hh.number, rel="妻", sex="2", birth=birth, nationality=nat,
                                     start=d0_event, status="1", visa="33", since=since, prev=prev)

    def _plan_foreign(self, hh: Household, composition: str | None) -> None:
        d = self._draw
        comp = composition or d.weighted((("single", 60), ("couple", 22), ("family", 18)))
        nat = d.weighted(N.NATIONALITY_WEIGHTS)
        special = nat in ("410", "901", "158") and d.chance(0.3)
        d0 = d.day(ENFORCEMENT + timedelta(days=1), END - timedelta(days=90))
        hh.addresses.append((d0, self._addresses.local(apartment=d.chance(0.7))))
        abroad = not special and d.chance(0.7)
        prev = N.COUNTRY_NAME[nat] if abroad else self._addresses.elsewhere()
        start = Event(d0, "12" if abroad else "11")
        head_sex = "1" if d.chance(0.6) else "2"
        if special:
            hb = self.birth_between(date(1935, 1, 1), date(1995, 12, 31))
            hb = min(hb, years_before(d0, 18))
            visa: str | None = None
            status = "2"
        else:
            visa = d.weighted((("14", 30), ("28", 15), ("19", 12), ("23", 10), ("32", 12), ("35", 5),
                               ("09", 4), ("16", 4), ("01", 2), ("08", 1), ("31", 3), ("33", 2)))
            status = "1"
            lo, hi = (18, 30) if visa in ("28", "23") else (22, 65)
            hb = self.birth_between(years_before(d0, hi), years_before(d0, lo))
            if d.chance(0.01):  # 一時庇護許可者 / 仮滞在者 / 経過滞在者: no 在留資格 or card
                status, visa = d.pick(("3", "4", "5")), None
        since = self._since(hb, d0, abroad, special)
        tsusho = None
        if special and d.chance(0.7):
            tsusho = jp_name(d, head_sex)
        sur = d.pick(N.FOREIGN[nat]["sur"])
        head = self._persons.foreign(hh.number, rel="世帯主", sex=head_sex, birth=hb, nationality=nat,
                                     start=start, status=status, visa=visa, since=since, prev=prev,
                                     surname=sur, tsusho=tsusho)
        if not special and tsusho is None and d.chance(0.03):
            day = d.day(d0 + timedelta(days=60), END - timedelta(days=60))
            head.extra.append(Event(day, "68", {"通称": jp_name(d, head_sex)}))
        hh.members.append(head)
        if comp in ("couple", "family"):
            sp_sex = "2" if head_sex == "1" else "1"
            sb = min(self.birth_between(years_before(hb, 5), years_before(hb, -5)), years_before(d0, 18))
            sp_visa = None if status != "1" else ("34" if visa == "32" else "30" if visa not in ("33", "35")
                                                  else "35")
            hh.members.append(self._persons.foreign(
                hh.number, rel="妻" if sp_sex == "2" else "夫", sex=sp_sex, birth=sb, nationality=nat,
                start=Event(d0, start.code), status=status, visa=sp_visa,
                since=self._since(sb, d0, abroad, special), prev=prev, surname=sur))
        if comp == "family":
            mother = hb if head_sex == "2" else hh.members[-1].birth or hb
            for _ in range(d.randint(1, 2)):
                first = max(years_before(mother, -20), date(1995, 1, 1))
                last = min(years_before(mother, -42), END - timedelta(days=120))
                if last <= first:
                    continue
                b = d.day(first, last)
                born_here = b > d0
                cvisa = None if status != "1" else ("34" if visa == "32" else "30")
                hh.members.append(self._persons.foreign(
                    hh.number, rel="子", sex=d.pick(("1", "2")), birth=b, nationality=nat,
                    start=Event(b, "13") if born_here else Event(d0, start.code), status=status, visa=cvisa,
                    since=b if born_here else self._since(b, d0, abroad, special),
                    prev=None if born_here else prev, surname=sur))

    def _since(self, birth: date, d0: date, abroad: bool, special: bool) -> date:
        """外国人住民となった年月日: ≥ 施行日 (X19), ≥ 生年月日 (X10), ≤ arrival."""
        d = self._draw
        if abroad:
            return d0
        lo = max(ENFORCEMENT, birth)
        if special and birth < ENFORCEMENT:
            return ENFORCEMENT
        return d.day(lo, d0)

    def _finish(self, hh: Household) -> None:
        """Household move, personal events, endings; then 世帯主氏名 on every member."""
        d = self._draw
        d0 = hh.addresses[0][0]
        if d.chance(0.2) and d0 + timedelta(days=180) < END - timedelta(days=120):
            hh.move_day = d.day(d0 + timedelta(days=180), END - timedelta(days=120))
            new = self._addresses.local()
            hh.addresses.append((hh.move_day, new))
        head = hh.members[0]
        single = len(hh.members) == 1
        for m in hh.members:
            days = sorted([m.start.day] + ([hh.move_day] if hh.move_day and hh.move_day > m.start.day else [])
                          + [e.day for e in m.extra])
            if d.chance(0.04):
                change = d.day(m.start.day + timedelta(days=40), END - timedelta(days=60))
                if all(abs((change - x).days) >= 30 for x in days):
                    m.extra.append(Event(change, "52"))
                    days.append(change)
                    days.sort()
            m.extra = [e for e in m.extra if e.day > m.start.day + timedelta(days=30)
                       and not (hh.move_day and abs((e.day - hh.move_day).days) < 30)]
            last = max([m.start.day] + [e.day for e in m.extra]
                       + ([hh.move_day] if hh.move_day and hh.move_day > m.start.day else []))
            lo, hi = last + timedelta(days=40), END - timedelta(days=25)
            if hi <= lo or (m is head and not single):
                continue
            age_end = age_on(m.birth, END) if m.birth else 90
            if age_end >= 78 and d.chance(0.3):
                m.ending = Ending(d.day(lo, hi), "33", "3", "3")
            elif m.rel == "子" and age_end >= 20 and d.chance(0.25):
                m.ending = Ending(d.day(lo, hi), "31", "2", "1")
            elif single and d.chance(0.12):
                if m.foreign:
                    m.ending = Ending(d.day(lo, hi), "32", "2", "2") if d.chance(0.9) \
                        else Ending(d.day(lo, hi), "34", "4", "6")
                else:
                    m.ending = Ending(d.day(lo, hi), "31", "2", "1") if d.chance(0.95) \
                        else Ending(d.day(lo, hi), "36", "4", "5")
        name = head.display_name
        for m in hh.members:
            m.static["世帯主氏名"] = name

    def birth_between(self, lo: date, hi: date) -> date:
        """A birth day in [lo, hi], never before 1915 (the register holds no one older)."""
        return self._draw.day(max(lo, date(1915, 1, 1)), hi)

