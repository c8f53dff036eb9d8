"""Row-scope X rules: each looks at one record and several of its items (§8)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from conformance.rules.cross.base import Hit, RowRule, RowView, register
from conformance.types.wareki import wareki_ymd


def _d(d: dt.date) -> str:
    return d.isoformat()


@register
class X7TransferDateNotAfterProcessing(RowRule):
    id = "X7"
    items = ("異動日", "処理日", "異動事由")

    def check(self, row: RowView) -> Iterable[Hit]:
        reason = row.known("異動事由")
        if reason is None or reason in self.params.get("exempt_異動事由", ("31", "32")):
            return ()
        moved, processed = row.date("異動日"), row.date("処理日")
        if moved and processed and moved > processed:
            return (
                Hit(
                    row.line,
                    "異動日",
                    f"異動日 {_d(moved)} が処理日 {_d(processed)} より後です（転出以外）",
                    f"異動日 {_d(moved)} is after 処理日 {_d(processed)} (not a 転出)",
                ),
            )
        return ()


@register
class X8NotificationNotAfterProcessing(RowRule):
    id = "X8"
    items = ("届出年月日", "処理日")

    def check(self, row: RowView) -> Iterable[Hit]:
        notified, processed = row.date("届出年月日"), row.date("処理日")
        if notified and processed and notified > processed:
            return (
                Hit(
                    row.line,
                    "届出年月日",
                    f"届出年月日 {_d(notified)} が処理日 {_d(processed)} より後です",
                    f"届出年月日 {_d(notified)} is after 処理日 {_d(processed)}",
                ),
            )
        return ()


@register
class X9NotificationAfterMove(RowRule):
    id = "X9"
    items = ("異動日", "届出年月日", "異動事由")

    def check(self, row: RowView) -> Iterable[Hit]:
        if row.known("異動事由") not in self.params.get("異動事由", ("11", "12", "51")):
            return ()
        moved, notified = row.date("異動日"), row.date("届出年月日")
        if moved and notified and moved > notified:
            return (
                Hit(
                    row.line,
                    "届出年月日",
                    f"届出年月日 {_d(notified)} が異動日 {_d(moved)} より前です（転入・転居）",
                    f"届出年月日 {_d(notified)} is before 異動日 {_d(moved)} (転入/転居 are notified after the move)",
                ),
            )
        return ()


@register
class X10BirthFirst(RowRule):
    id = "X10"
    items = ("生年月日",)
    _LATER = ("処理日", "住民となった年月日", "住所を定めた年月日", "外国人住民となった年月日")

    def check(self, row: RowView) -> Iterable[Hit]:
        born = row.date("生年月日")
        if born is None:
            return ()
        for other in self._LATER:
            d = row.date(other)
            if d is not None and born > d:
                return (
                    Hit(
                        row.line,
                        "生年月日",
                        f"生年月日 {_d(born)} が{other} {_d(d)} より後です",
                        f"生年月日 {_d(born)} is after {other} {_d(d)}",
                    ),
                )
        return ()


@register
class X11WarekiMatchesBirth(RowRule):
    id = "X11"
    items = ("生年月日", "生年月日和暦")

    def check(self, row: RowView) -> Iterable[Hit]:
        g, w = row.known("生年月日"), row.known("生年月日和暦")
        if g is None or w is None or row.raw.get("生年月日不詳表記") is not None:
            return ()
        ymd = wareki_ymd(w, self.ctx.schema.eras)
        try:
            greg = (int(g[0:4]), int(g[5:7]), int(g[8:10]))
        except ValueError:
            return ()
        if ymd is not None and ymd != greg:
            shown = "{:04d}-{:02d}-{:02d}".format(*ymd)
            return (
                Hit(
                    row.line,
                    "生年月日和暦",
                    f"生年月日和暦（西暦 {shown}）が生年月日と一致しません",
                    f"生年月日和暦 (= {shown}) does not denote the same day as 生年月日",
                ),
            )
        return ()


class _NullWhen(RowRule):
    """Items that must be NULL when a selector item has a given value (X12, X15, X34)."""

    selector: str
    table_key: str

    def table(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = self.params.get(self.table_key, {})
        return table

    def check(self, row: RowView) -> Iterable[Hit]:
        sel = row.known(self.selector)
        if sel is None:
            return ()
        hits = []
        for name in self.table().get(sel, ()):
            if name in row.raw and not row.is_null(name):
                hits.append(
                    Hit(
                        row.line,
                        name,
                        f"{self.selector}={sel} の行では{name}は空欄であるべきです",
                        f"{name} must be NULL when {self.selector}={sel}",
                        row.raw.get(name),
                    )
                )
        return hits


@register
class X12ItemsByResidentKind(_NullWhen):
    id = "X12"
    items = ("住民種別",)
    selector = "住民種別"
    table_key = "住民種別"


@register
class X13WarekiBirthMissing(RowRule):
    id = "X13"
    items = ("住民種別", "生年月日", "生年月日和暦")

    def check(self, row: RowView) -> Iterable[Hit]:
        if row.known("住民種別") != self.params.get("日本人", "1"):
            return ()
        if row.known("生年月日") is not None and row.is_null("生年月日和暦"):
            return (
                Hit(
                    row.line,
                    "生年月日和暦",
                    "日本人住民の生年月日和暦が空欄です（生年月日は和暦で管理）",
                    "生年月日和暦 is NULL for a 日本人住民 (their birth date is managed in 和暦)",
                ),
            )
        return ()


@register
class X15NoRemovalForResidents(RowRule):
    id = "X15"
    items = ("住民状態", "消除事由", "消除日")

    def check(self, row: RowView) -> Iterable[Hit]:
        if row.known("住民状態") != self.params.get("住民", "1"):
            return ()
        return [
            Hit(
                row.line,
                n,
                f"住民状態=1（住民）の行に{n}があります",
                f"{n} is set on a row with 住民状態=1 (resident)",
                row.raw.get(n),
            )
            for n in ("消除事由", "消除日")
            if not row.is_null(n)
        ]


@register
class X16RemovalMatchesState(RowRule):
    id = "X16"
    items = ("住民状態", "消除事由")

    def check(self, row: RowView) -> Iterable[Hit]:
        state, reason = row.known("住民状態"), row.known("消除事由")
        if state is None or reason is None:
            return ()
        allowed = self.params.get("住民状態→消除事由", {}).get(state)
        if allowed is not None and reason not in allowed:
            return (
                Hit(
                    row.line,
                    "消除事由",
                    f"住民状態 {state} に消除事由 {reason} は対応しません（{'・'.join(allowed)} のいずれか）",
                    f"消除事由 {reason} does not match 住民状態 {state} (expected one of {', '.join(allowed)})",
                    reason,
                ),
            )
        return ()


@register
class X18ReasonByResidentKind(RowRule):
    id = "X18"
    items = ("住民種別", "異動事由")

    def check(self, row: RowView) -> Iterable[Hit]:
        kind, reason = row.known("住民種別"), row.known("異動事由")
        if kind is None or reason is None:
            return ()
        only = self.params.get("only_for_住民種別", {}).get(reason)
        if only is not None and only != kind:
            return (
                Hit(
                    row.line,
                    "異動事由",
                    f"異動事由 {reason} は住民種別 {only} のみに使えます（この行は {kind}）",
                    f"異動事由 {reason} is only for 住民種別 {only} (this row: {kind})",
                    reason,
                ),
            )
        return ()


@register
class X19ForeignResidentSince(RowRule):
    id = "X19"
    items = ("外国人住民となった年月日",)

    def check(self, row: RowView) -> Iterable[Hit]:
        d = row.date("外国人住民となった年月日")
        earliest = dt.date.fromisoformat(self.params.get("earliest", "2012-07-09"))
        if d is not None and d < earliest:
            return (
                Hit(
                    row.line,
                    "外国人住民となった年月日",
                    f"外国人住民となった年月日 {_d(d)} が改正法施行日 {_d(earliest)} より前です",
                    f"外国人住民となった年月日 {_d(d)} is before {_d(earliest)} (the amended act's effective date)",
                ),
            )
        return ()


@register
class X23AnnualTaxSum(RowRule):
    id = "X23"
    items = ("年税額", "所得割額", "均等割額")

    def check(self, row: RowView) -> Iterable[Hit]:
        total, income, flat = row.number("年税額"), row.number("所得割額"), row.number("均等割額")
        if total is None or income is None or flat is None or total == income + flat:
            return ()
        return (
            Hit(
                row.line,
                "年税額",
                f"年税額 {total} が所得割額 {income} ＋ 均等割額 {flat} ＝ {income + flat} と一致しません",
                f"年税額 {total} ≠ 所得割額 {income} + 均等割額 {flat} = {income + flat}",
            ),
        )


@register
class X24TaxClassAmounts(RowRule):
    id = "X24"
    items = ("課税区分", "所得割額", "均等割額")

    def check(self, row: RowView) -> Iterable[Hit]:
        cls = row.known("課税区分")
        income, flat = row.number("所得割額"), row.number("均等割額")
        p = self.params
        bad = False
        if cls == p.get("課税", "1") and income is not None:
            bad = income <= 0
            want_ja, want_en = "所得割額 > 0", "所得割額 > 0"
        elif cls == p.get("均等割のみ", "2") and income is not None and flat is not None:
            bad = not (income == 0 and flat > 0)
            want_ja, want_en = "所得割額 = 0 かつ 均等割額 > 0", "所得割額 = 0 and 均等割額 > 0"
        elif cls == p.get("非課税", "3") and income is not None and flat is not None:
            bad = not (income == 0 and flat == 0)
            want_ja, want_en = "所得割額・均等割額とも 0", "所得割額 and 均等割額 both 0"
        if not bad:
            return ()
        return (
            Hit(
                row.line,
                "課税区分",
                f"課税区分 {cls} では {want_ja} のはずです",
                f"課税区分 {cls} requires {want_en}",
                cls,
            ),
        )


@register
class X26StandardNotAboveValue(RowRule):
    id = "X26"
    items = ("課税標準額", "評価額")

    def check(self, row: RowView) -> Iterable[Hit]:
        base, value = row.number("課税標準額"), row.number("評価額")
        if base is not None and value is not None and base > value:
            return (
                Hit(
                    row.line,
                    "課税標準額",
                    f"課税標準額 {base} が評価額 {value} を超えています",
                    f"課税標準額 {base} exceeds 評価額 {value}",
                ),
            )
        return ()


@register
class X27RegisteredAreaFraction(RowRule):
    id = "X27"
    items = ("登記地積", "登記地目")

    def check(self, row: RowView) -> Iterable[Hit]:
        kind, area = row.known("登記地目"), row.decimal("登記地積")
        if kind is None or area is None or kind in self.params.get("exempt_地目", ("03", "07")):
            return ()
        whole, frac = area
        threshold = int(self.params.get("threshold", "10"))
        if frac != 0 and (whole > threshold or (whole == threshold and frac > 0)):
            return (
                Hit(
                    row.line,
                    "登記地積",
                    f"登記地目 {kind} で {threshold}㎡を超える登記地積に1㎡未満の端数があります",
                    f"登記地積 over {threshold} m² has a fraction below 1 m² for 登記地目 {kind} (不動産登記規則100条)",
                ),
            )
        return ()


@register
class X28BuiltBeforeTaxYear(RowRule):
    id = "X28"
    items = ("建築年", "課税年度")

    def check(self, row: RowView) -> Iterable[Hit]:
        built, year = row.number("建築年"), row.number("課税年度")
        if built is not None and year is not None and built >= year:
            return (
                Hit(
                    row.line,
                    "建築年",
                    f"建築年 {built} が課税年度 {year} より前ではありません",
                    f"建築年 {built} is not before 課税年度 {year}",
                ),
            )
        return ()


@register
class X29AcquiredByAssessmentDate(RowRule):
    id = "X29"
    items = ("取得日", "課税年度")

    def check(self, row: RowView) -> Iterable[Hit]:
        got, year = row.date("取得日"), row.number("課税年度")
        if got is None or year is None:
            return ()
        month, day = (int(x) for x in self.params.get("assessment_month_day", "04-01").split("-"))
        try:
            deadline = dt.date(year, month, day)
        except ValueError:
            return ()
        if got > deadline:
            return (
                Hit(
                    row.line,
                    "取得日",
                    f"取得日 {_d(got)} が賦課期日 {_d(deadline)} より後です",
                    f"取得日 {_d(got)} is after the assessment date {_d(deadline)}",
                ),
            )
        return ()


@register
class X30StandardLightVehicleRate(RowRule):
    id = "X30"
    items = ("年税額", "車両区分", "税率区分")

    def check(self, row: RowView) -> Iterable[Hit]:
        vehicle, rate_class, tax = row.known("車両区分"), row.known("税率区分"), row.number("年税額")
        if vehicle is None or rate_class is None or tax is None:
            return ()
        standard = self.params.get("rates", {}).get(vehicle, {}).get(rate_class)
        if standard is not None and tax != standard:
            return (
                Hit(
                    row.line,
                    "年税額",
                    f"年税額 {tax} 円が標準税率 {standard} 円（車両区分 {vehicle}・税率区分 {rate_class}）と異なります",
                    f"年税額 {tax} yen differs from the standard rate {standard} yen (車両区分 {vehicle}, 税率区分 {rate_class})",
                ),
            )
        return ()


def _add_one_year(d: dt.date) -> dt.date:
    """d + 1 year; 02-29 becomes 03-01 of the next year (§12.9)."""
    try:
        return d.replace(year=d.year + 1)
    except ValueError:
        return dt.date(d.year + 1, 3, 1)


@register
class X31FiscalYearOrder(RowRule):
    id = "X31"
    items = ("事業年度開始日", "事業年度終了日")

    def check(self, row: RowView) -> Iterable[Hit]:
        start, end = row.date("事業年度開始日"), row.date("事業年度終了日")
        if start and end and not end > start:
            return (
                Hit(
                    row.line,
                    "事業年度終了日",
                    f"事業年度終了日 {_d(end)} が開始日 {_d(start)} より後ではありません",
                    f"事業年度終了日 {_d(end)} is not after 事業年度開始日 {_d(start)}",
                ),
            )
        return ()


@register
class X32FiscalYearLength(RowRule):
    id = "X32"
    items = ("事業年度開始日", "事業年度終了日")

    def check(self, row: RowView) -> Iterable[Hit]:
        start, end = row.date("事業年度開始日"), row.date("事業年度終了日")
        if start and end and not end < _add_one_year(start):
            return (
                Hit(
                    row.line,
                    "事業年度終了日",
                    f"事業年度（{_d(start)}〜{_d(end)}）が1年を超えています",
                    f"the business year {_d(start)} to {_d(end)} is longer than one year",
                ),
            )
        return ()


@register
class X33ReturnDate(RowRule):
    id = "X33"
    items = ("申告年月日", "事業年度開始日", "事業年度終了日", "申告区分")

    def check(self, row: RowView) -> Iterable[Hit]:
        filed, start, end = row.date("申告年月日"), row.date("事業年度開始日"), row.date("事業年度終了日")
        if filed is None:
            return ()
        if start is not None and filed < start:
            return (
                Hit(
                    row.line,
                    "申告年月日",
                    f"申告年月日 {_d(filed)} が事業年度開始日 {_d(start)} より前です",
                    f"申告年月日 {_d(filed)} is before 事業年度開始日 {_d(start)}",
                ),
            )
        kind = row.known("申告区分")
        if kind in self.params.get("final_申告区分", ("1", "4")) and end is not None and not filed > end:
            return (
                Hit(
                    row.line,
                    "申告年月日",
                    f"申告区分 {kind} の申告年月日 {_d(filed)} が事業年度終了日 {_d(end)} より後ではありません",
                    f"申告年月日 {_d(filed)} of a 申告区分 {kind} return is not after 事業年度終了日 {_d(end)}",
                ),
            )
        return ()


@register
class X34ItemsByPersonKind(_NullWhen):
    id = "X34"
    items = ("個人法人区分",)
    selector = "個人法人区分"
    table_key = "個人法人区分"
