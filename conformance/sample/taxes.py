"""Rows of the tax files: 個人住民税_課税, 固定資産税_土地/家屋, 軽自動車税_車両 and 法人住民税_申告.

Amounts are computed, not drawn independently, so that the sums and rates the X rules check hold
(年税額 = 所得割額 + 均等割額, 課税標準額 ≤ 評価額, the standard 軽自動車税 rates).
"""

from __future__ import annotations

from datetime import date, timedelta

from conformance.sample import names as N
from conformance.sample.addresses import Addresses
from conformance.sample.corporations import Corporations
from conformance.sample.csv_out import Row
from conformance.sample.dates import END, age_on, iso, month_end
from conformance.sample.draw import Draw
from conformance.sample.numbers import Issuer
from conformance.sample.people import Addressee

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
INSPECTED = frozenset({"22", "41", "51", "52", "61", "62"})  # classes with a 初度検査年月


class TaxRows:
    def __init__(self, draw: Draw, ids: Issuer, addresses: Addresses, corporations: Corporations) -> None:
        self._draw = draw
        self._ids = ids
        self._addresses = addresses
        self._corporations = corporations
        self._parcels = 0
        self._buildings = 0
        self._plates: dict[str, int] = {}

    def individual(self, who: Addressee, category: str | None = None) -> Row:
        """A 個人住民税_課税 row whose amounts add up (X23) and fit its 課税区分 (X24)."""
        d = self._draw
        row: Row = {"団体コード": N.LG_CODE, "課税年度": str(TAX_YEAR), "宛名番号": who.aname,
                    "個人番号": who.my_number}
        elderly = who.birth is not None and age_on(who.birth, date(TAX_YEAR, 1, 1)) >= 65
        if who.kind == "outsider" and category is None:
            # 家屋敷課税-like: 均等割のみ, income unknown
            row.update({"課税区分": "2", "徴収方法": "1", "所得割額": "0", "均等割額": str(EQUAL_SHARE),
                        "年税額": str(EQUAL_SHARE)})
        else:
            cat = category or d.weighted((("1", 70), ("2", 10), ("3", 15), ("4", 5)))
            row["課税区分"] = cat
            if cat == "1":
                income = d.randrange(1_500_000, 12_000_000, 1000)
                base = income - d.randrange(430_000, min(income - 100_000, 3_000_000), 1000)
                pct = base // 1000 * 100
                row.update({"総所得金額": str(income), "課税標準額": str(base), "所得割額": str(pct),
                            "均等割額": str(EQUAL_SHARE), "年税額": str(pct + EQUAL_SHARE)})
            elif cat == "2":
                income = d.randrange(1_000_000, 1_350_000, 1000)
                row.update({"総所得金額": str(income), "課税標準額": "0", "所得割額": "0",
                            "均等割額": str(EQUAL_SHARE), "年税額": str(EQUAL_SHARE)})
            elif cat == "3":
                row.update({"総所得金額": str(d.randrange(0, 1_000_000, 1000)), "課税標準額": "0",
                            "所得割額": "0", "均等割額": "0", "年税額": "0"})
            if cat in ("1", "2"):
                method = "3" if elderly and d.chance(0.4) else ("2" if d.chance(0.6) else "1")
                row["徴収方法"] = method
                if method == "2":
                    self._employer(row)
        row["更新日時"] = d.stamp(d.day(date(TAX_YEAR, 5, 15), date(TAX_YEAR, 7, 31)))
        return row

    def _employer(self, row: Row) -> None:
        """特別徴収義務者 of a 特別徴収 row: a corporation (85 %) or an individual employer."""
        d = self._draw
        if d.chance(0.85):
            row.update({"特別徴収義務者種別": "2", "特別徴収義務者法人番号": self._corporations.employer()})
        else:
            row["特別徴収義務者種別"] = "1"
        row["特別徴収義務者指定番号"] = d.digits(8)

    def land(self, owner: str) -> Row:
        """A 固定資産税_土地 parcel: 地目, 地積 and values of one of six kinds of land (X26, X27 hold)."""
        d = self._draw
        self._parcels += 1
        ti = d.randrange(len(N.TOWNS))
        ban = d.randint(1, 2500)
        lot = f"{N.fullwidth(ban)}番"
        if d.chance(0.7):
            lot += N.fullwidth(d.randint(1, 30))
        kind = d.weighted((("res", 70), ("farm", 10), ("forest", 5), ("misc", 10), ("unreg", 2),
                              ("road", 3)))
        reg: str | None
        if kind == "res":
            reg = cur = "03"
            area = f"{d.randint(60, 400)}.{d.randrange(100):02d}"
            reg_area: str | None = area
            cur_area = area
            value = int(float(area) * d.randrange(80_000, 250_000, 1000))
            base = value // 6 if d.chance(0.8) else (value * 7 // 10 if d.chance(0.5) else value)
        elif kind == "farm":
            reg = d.pick(("01", "02"))
            cur = reg if d.chance(0.85) else "23"
            reg_area = cur_area = str(d.randint(100, 5000))
            value = int(reg_area) * d.randint(50, 600)
            base = value
        elif kind == "forest":
            reg = cur = "09"
            reg_area = cur_area = str(d.randint(500, 30000))
            value = int(reg_area) * d.randint(20, 120)
            base = value
        elif kind == "misc":
            reg = d.pick(("23", "02"))
            cur = "23"
            reg_area = str(d.randint(50, 2000))
            cur_area = f"{int(reg_area) - 1}.{d.randint(10, 99)}"
            value = int(float(cur_area) * d.randrange(20_000, 120_000, 1000))
            base = value * 7 // 10
        elif kind == "road":
            reg = cur = "21"
            reg_area = cur_area = f"{d.randint(2, 9)}.{d.randint(10, 99)}"
            value = base = 0
        else:  # 未登記地
            reg, reg_area, cur = None, None, "23"
            cur_area = f"{d.randint(20, 300)}.{d.randrange(100):02d}"
            value = int(float(cur_area) * 30_000)
            base = value
        return {"団体コード": N.LG_CODE, "課税年度": str(TAX_YEAR), "物件番号": f"T{self._parcels:08d}",
                "所在地": f"{N.CITY}{N.TOWNS[ti]}{N.kanji_number(d.randint(1, 6))}丁目", "地番": lot,
                "登記地目": reg, "現況地目": cur, "登記地積": reg_area, "現況地積": cur_area,
                "評価額": str(value), "課税標準額": str(base), "納税義務者宛名番号": owner,
                "共有区分": "2" if d.chance(0.12) else "1",
                "更新日時": d.stamp(d.day(date(TAX_YEAR, 1, 10), date(TAX_YEAR, 4, 30)))}

    def house(self, owner: str) -> Row:
        """A 固定資産税_家屋 building, built before the 課税年度 (X28)."""
        d = self._draw
        n = self._buildings
        self._buildings += 1
        number = f"{N.fullwidth(n // 9 + 1)}番{N.fullwidth(n % 9 + 1)}"
        kind, struct = d.pick((("01", "01"), ("01", "01"), ("01", "01"), ("01", "06"), ("01", "07"),
                                  ("04", "07"), ("04", "08"), ("02", "06"), ("05", "08"), ("10", "06"),
                                  ("09", "06"), ("99", "99")))
        big = kind in ("04", "05")
        whole = d.randint(300, 3000) if big else d.randint(20, 250)
        floor = f"{whole}.{d.randrange(100):02d}"
        built = d.randint(1960, TAX_YEAR - 1)
        unit = d.randrange(40_000, 180_000, 1000)
        value = int(float(floor) * unit * max(0.2, 1 - (TAX_YEAR - built) / 60))
        return {"団体コード": N.LG_CODE, "課税年度": str(TAX_YEAR), "家屋番号": number,
                "所在地": f"{N.CITY}{d.pick(N.TOWNS)}{N.kanji_number(d.randint(1, 6))}丁目",
                "家屋種類": kind, "構造": struct, "床面積": floor, "建築年": str(built), "評価額": str(value),
                "課税標準額": str(value), "納税義務者宛名番号": owner,
                "更新日時": d.stamp(d.day(date(TAX_YEAR, 1, 10), date(TAX_YEAR, 4, 30)))}

    _KANA = "あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるろれわを"

    def _plate(self, family: str) -> str:
        """A 標識番号 unique within the dataset: a per-family counter in mixed radix."""
        n = self._plates.get(family, 0)
        self._plates[family] = n + 1
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

    def vehicle(self, owner: str, cls: str | None = None) -> Row:
        """A 軽自動車税_車両 row whose 年税額 is the standard rate of its class and 税率区分 (X30)."""
        d = self._draw
        cls = cls or d.weighted((("52", 40), ("62", 20), ("11", 12), ("12", 5), ("13", 5), ("21", 8),
                                 ("22", 3), ("61", 2), ("51", 2), ("41", 1), ("14", 1), ("31", 1), ("32", 1)))
        family = ("moped" if cls in ("11", "12", "13", "14") else "special" if cls in ("31", "32")
                  else "bike" if cls in ("21", "22") else "passenger" if cls in ("51", "52")
                  else "cargo" if cls in ("61", "62") else "three")
        model = {"moped": ("AF68", "AF74", "CE50", "JF81"), "special": ("KL21", "TB15"),
                 "bike": ("MC41", "ML12", "KF35", "RH02"), "passenger": ("HA36S", "MH55S", "LA650S", "B44W"),
                 "cargo": ("DA17V", "S700V", "DA16T"), "three": ("TR3", "TX1")}[family]
        chassis = f"{d.pick(model)}-{d.randrange(100000, 9999999)}"
        april = date(TAX_YEAR, 4, 1)
        first: str | None = None
        rate = "1"
        acquired: date
        if cls in INSPECTED:
            fy, fm = d.randint(2005, 2024), d.randint(1, 12)
            if (fy, fm) > (2024, 3):
                fy, fm = 2024, d.randint(1, 3)
            first = f"{fy}-{fm:02d}"
            if cls != "22":
                rate = "1" if (fy, fm) >= (2015, 4) else ("3" if (fy, fm) <= (2011, 3) else "2")
            acquired = d.day(date(fy, fm, 1), april)
        else:
            acquired = d.day(date(2005, 1, 1), april)
        tax = VEHICLE_RATES[cls][rate]
        if cls == "52" and first is not None and first >= "2023-04" and d.chance(0.3):
            rate, tax = "4", 2700  # グリーン化特例 (軽課): not checked by X30
        return {"団体コード": N.LG_CODE, "課税年度": str(TAX_YEAR), "標識番号": self._plate(family),
                "車台番号": chassis, "車両区分": cls, "所有者宛名番号": owner,
                "取得日": iso(acquired) if d.chance(0.9) else None, "初度検査年月": first,
                "税率区分": rate, "年税額": str(tax),
                "更新日時": d.stamp(d.day(april, date(TAX_YEAR, 5, 31)))}

    def corporate_returns(self) -> list[Row]:
        """The 法人住民税_申告 returns of one new corporation: previous year, interim, final, amended."""
        d = self._draw
        # a new corporation each time: the same one twice could repeat a primary key (X1)
        num = self._ids.corporate_number()
        name, _ = self._corporations.name()
        where = self._addresses.local(apartment=False).jusho if d.chance(0.7) else self._addresses.elsewhere()
        m = d.pick((4, 4, 4, 1, 10, 7, 3))
        start = date(2023, m, 1)
        end = date(2024, m, 1) - timedelta(days=1)
        share = d.pick((50_000, 50_000, 130_000, 160_000, 410_000, 1_750_000))
        out: list[Row] = []

        def ret(kind: str, s: date, e: date, filed: date, income_tax: int) -> Row:
            return {"団体コード": N.LG_CODE, "法人番号": num, "法人名称": name, "所在地": where,
                    "事業年度開始日": iso(s), "事業年度終了日": iso(e), "申告区分": kind,
                    "均等割額": str(share), "法人税割額": str(income_tax), "申告年月日": iso(filed),
                    "更新日時": d.stamp(min(filed + timedelta(days=d.randint(1, 10)), END))}

        profit = d.randrange(0, 5_000_000, 100) if d.chance(0.7) else 0
        if d.chance(0.2):
            prev_s, prev_e = date(2022, m, 1), start - timedelta(days=1)
            out.append(ret("1", prev_s, prev_e, month_end(prev_e, 2), d.randrange(0, 5_000_000, 100)))
        if d.chance(0.25):
            interim = month_end(start, 7)
            out.append(ret(d.pick(("2", "3")), start, end, interim, profit // 2 // 100 * 100))
        final = month_end(end, 2)
        out.append(ret("1", start, end, final, profit))
        if d.chance(0.05):
            amended = final + timedelta(days=d.randint(30, 50))
            if amended <= END:
                out.append(ret("4", start, end, amended, profit + d.randrange(0, 200_000, 100)))
        return out
