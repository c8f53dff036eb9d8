"""The rule catalogue: every rule of the spec, gathered from the rule units (one file per rule).

A rule unit declares its ``META`` (id, severity, scope, titles, source, explanation, parameters); this module
only lists the units, one line each, and nothing else here says what a rule is. ``conformance rules`` and
docs/rules.md are generated from the catalogue.
"""

from __future__ import annotations

import importlib

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Rule id -> the module (under conformance.rules) that defines it. One line per rule.
UNITS: dict[str, str] = {
    "F1": "file.f1_encoding",
    "F2": "file.f2_bom",
    "F3": "file.f3_dialect",
    "F4": "file.f4_header",
    "F5": "file.f5_one_line",
    "F6": "file.f6_line_endings",
    "F7": "item.f7_null",
    "F8": "item.f8_numbers",
    "F9": "item.f9_dates",
    "F10": "item.f10_datetimes",
    "F11": "item.f11_platform_dependent",
    "F12": "item.f12_repertoire",
    "F13": "item.f13_private_use",
    "F14": "item.f14_length",
    "F15": "item.f15_spaces",
    "C1": "item.c1_required",
    "C2": "item.c2_conditionally_required",
    "C3": "item.c3_text_type",
    "C4": "item.c4_max_length",
    "C5": "item.c5_min_length",
    "C6": "item.c6_code_table",
    "C7": "item.c7_format",
    "C8": "item.c8_check_digit",
    "C9": "item.c9_wareki",
}


def _load(rule_id: str, module: str) -> RuleMeta:
    meta: RuleMeta = importlib.import_module(f"conformance.rules.{module}").META
    if meta.id != rule_id:
        raise RuntimeError(f"conformance.rules.{module} declares {meta.id}, registered as {rule_id}")
    return meta


_X = [
    ("X1", ERR, "file", "主キーの重複", "Duplicate primary key", "§8; 住基標準1.2.1 VERIFIED for 住民; other keys INFERRED"),
    ("X2", ERR, "file", "履歴番号の連番", "履歴番号 not 1..n", "§8, §12.7; 住基標準1.2.1 VERIFIED"),
    ("X3", ERR, "file", "世帯主が複数", "More than one 世帯主 in a household", "§8; 住基標準1.1.10/1.1.11 INFERRED"),
    ("X4", INFO, "file", "世帯主のいない世帯", "Household without 世帯主", "§8; 住基標準1.1.10, 4.0.4 VERIFIED"),
    ("X5", WARN, "file", "世帯の住所の不一致", "Household address differs", "§8; INFERRED from 住基標準1.2.1"),
    ("X6", WARN, "file", "世帯主氏名の不一致", "世帯主氏名 differs from the head's name", "§8; INFERRED"),
    ("X7", ERR, "row", "異動日が処理日より後", "異動日 after 処理日", "§8; 住基標準4.0.3 VERIFIED"),
    ("X8", ERR, "row", "届出年月日が処理日より後", "届出年月日 after 処理日", "§8; 住基標準4.1.0.2 VERIFIED"),
    ("X9", WARN, "row", "届出年月日が異動日より前", "届出年月日 before 異動日", "§8; INFERRED"),
    ("X10", ERR, "row", "生年月日が他の日付より後", "生年月日 after another date", "§8; INFERRED"),
    ("X11", ERR, "row", "生年月日和暦と生年月日の不一致", "生年月日和暦 differs from 生年月日", "§8, §12.12; INFERRED"),
    ("X12", WARN, "row", "住民種別に合わない項目", "Item not allowed for this 住民種別", "§8; 住基標準1.1.1/1.1.2 VERIFIED; rule INFERRED"),
    ("X13", INFO, "row", "日本人住民の生年月日和暦が空", "生年月日和暦 missing for a 日本人住民", "§8; 住基標準1.1.1 VERIFIED; rule INFERRED"),
    ("X14", ERR, "file", "個人番号・住民票コードの重複", "個人番号 or 住民票コード shared by two 宛名番号", "§8; INFERRED"),
    ("X15", WARN, "row", "住民なのに消除事由・消除日がある", "消除事由/消除日 on a current resident", "§8; INFERRED"),
    ("X16", WARN, "row", "住民状態と消除事由の不一致", "住民状態 and 消除事由 disagree", "§8; INFERRED"),
    ("X17", WARN, "file", "死亡後の異動", "Change after death", "§8; INFERRED"),
    ("X18", WARN, "row", "異動事由と住民種別の不一致", "異動事由 not allowed for this 住民種別", "§8; 住基標準1.2.2 VERIFIED (14/15/34/35); 65–69 INFERRED"),
    ("X19", WARN, "row", "外国人住民となった年月日が施行日前", "外国人住民となった年月日 before 2012-07-09", "§8; INFERRED"),
    ("X20", INFO, "file", "在留期間満了日の経過", "在留期間満了日 has passed", "§8; INFERRED"),
    ("X21", ERR, "dataset", "宛名番号の参照先がない", "宛名番号 not found in 住民記録", "§8; INFERRED"),
    ("X22", WARN, "dataset", "住民と住登外者の両方にある宛名番号", "宛名番号 in both 住民 and 住登外者", "§8; INFERRED"),
    ("X23", ERR, "row", "年税額＝所得割額＋均等割額", "年税額 ≠ 所得割額 + 均等割額", "§8; INFERRED"),
    ("X24", WARN, "row", "課税区分と税額の不一致", "課税区分 and amounts disagree", "§8; INFERRED"),
    ("X25", WARN, "dataset", "個人番号の不一致", "個人番号 differs from the resident's", "§8, §12.6; INFERRED"),
    ("X26", ERR, "row", "課税標準額が評価額を超える", "課税標準額 exceeds 評価額", "§8; INFERRED"),
    ("X27", INFO, "row", "登記地積の端数", "Fraction in 登記地積", "§8; 不動産登記規則100条 INFERRED"),
    ("X28", WARN, "row", "建築年が課税年度以後", "建築年 not before 課税年度", "§8; INFERRED"),
    ("X29", WARN, "row", "取得日が賦課期日より後", "取得日 after 賦課期日 (4月1日)", "§8; INFERRED"),
    ("X30", INFO, "row", "標準税率と異なる年税額", "年税額 differs from the standard rate", "§8.1, §12.8; 地方税法 INFERRED"),
    ("X31", ERR, "row", "事業年度終了日が開始日以前", "事業年度終了日 not after 開始日", "§8; INFERRED"),
    ("X32", WARN, "row", "事業年度が1年を超える", "事業年度 longer than one year", "§8, §12.9; INFERRED"),
    ("X33", WARN, "row", "申告年月日が事業年度と合わない", "申告年月日 inconsistent with the 事業年度", "§8; INFERRED"),
    ("X34", WARN, "row", "個人法人区分に合わない項目", "Item not allowed for this 個人法人区分", "§8; INFERRED"),
    ("X35", WARN, "dataset", "住登外者の個人番号が住民の別人と重複", "住登外者 個人番号 belongs to another resident", "§8; INFERRED"),
]

# Explanations of the X rules (§8's table), in Japanese and English: id -> (ja, en).
_X_EXPLANATIONS: dict[str, tuple[str, str]] = {
    "X1": ("dataset.jsonの主キーはファイル内で一意であること。"
           "2件目以降の重複行を主キーの最後の項目で報告する。",
           "The primary key of dataset.json is unique in the file; second and later occurrences are "
           "reported on the last key item."),
    "X2": ("宛名番号ごとに、履歴番号の異なり値がちょうど1からnまでであること。"
           "履歴番号が異なり値の数を超える行を報告する（1・3・4なら4の行）。",
           "For each 宛名番号 the distinct 履歴番号 are exactly 1..n; each row whose 履歴番号 exceeds the "
           "number of distinct values is reported (history 1, 3, 4 flags the row with 4)."),
    "X3": ("世帯（住民状態=1の現在行で世帯番号が同じもの）に続柄=世帯主は1人まで。"
           "2人目以降の世帯主を続柄で報告する。",
           "At most one 続柄=世帯主 per household (current rows with 住民状態=1 and the same 世帯番号); "
           "second and later heads are reported on 続柄."),
    "X4": ("世帯主のいない世帯は許容される（「世帯主未設定を許容すること」）が、"
           "残った世帯員を職権で世帯主とするか世帯主変更が想定されるため、"
           "最初の世帯員の続柄で情報として報告する。",
           "A household without 世帯主 is allowed, but 4.0.4 expects the sole remaining member to be made "
           "head 職権 or a 世帯主変更; reported as info on the first member's 続柄."),
    "X5": ("住所・方書・郵便番号・住所コードは世帯の全行で同じであること。世帯の最初の行と異なる行を、"
           "異なる項目で報告する。",
           "住所, 方書, 郵便番号 and 住所コード are identical on all rows of a household; rows that "
           "differ from the first row are reported on the differing item."),
    "X6": ("世帯主がちょうど1人で、その氏名（空なら氏名アルファベット）が空でなければ、"
           "世帯員全員の世帯主氏名はそれと等しいこと。",
           "If a household has exactly one 世帯主 whose 氏名 (or, if NULL, 氏名アルファベット) is "
           "non-NULL, every member's 世帯主氏名 equals it."),
    "X7": ("異動日は処理日以前であること。ただし異動事由31・"
           "32（転出）は転出予定日のため未来日でもよい（「異動日は、転出を除き、"
           "処理当日以前の日のみを入力できること。」）。",
           "異動日 ≤ 処理日, except for 異動事由 31/32 (転出: the planned move-out date may be in the "
           "future)."),
    "X8": ("届出年月日は処理日以前であること（「届出日は、処理当日以前の日のみを入力できること。」）。",
           "届出年月日 ≤ 処理日 (a notification cannot be dated after the processing day)."),
    "X9": ("異動事由が11・12・51（転入・転居）の場合、届出は異動の後に行われるため、"
           "異動日は届出年月日以前であること。",
           "When 異動事由 is 11, 12 or 51 (転入, 転居: notified after the move), 異動日 ≤ 届出年月日; "
           "reported on 届出年月日."),
    "X10": ("生年月日は処理日・住民となった年月日・住所を定めた年月日・"
            "外国人住民となった年月日のいずれよりも後でないこと（1行につき指摘は1件まで）。",
            "生年月日 ≤ each of 処理日, 住民となった年月日, 住所を定めた年月日 and "
            "外国人住民となった年月日 (at most one finding per row)."),
    "X11": ("生年月日和暦と生年月日は同じ年月日を表すこと（§5の換算のみで比較し、実在日の検査はしない。"
            "暦外の組も比較する）。",
            "生年月日和暦 and 生年月日 denote the same (year, month, day) by the §5 arithmetic, without a "
            "calendar test (暦外 pairs are compared too)."),
    "X12": ("住民種別=1（日本人）では氏名アルファベット・通称・「国籍・地域」・法第30条の45区分・在留資格・"
            "在留期間満了日・在留カード等番号・外国人住民となった年月日が空、"
            "住民種別=2（外国人）では旧氏・本籍・筆頭者・住民となった年月日・生年月日和暦が空であること。"
            "空でない項目ごとに報告する。",
            "住民種別=1 (日本人): 氏名アルファベット, 通称, 国籍・地域, 法第30条の45区分, 在留資格, "
            "在留期間満了日, 在留カード等番号 and 外国人住民となった年月日 are NULL; 住民種別=2 (外国人): "
            "旧氏, 本籍, 筆頭者, 住民となった年月日 and 生年月日和暦 are NULL. Each non-NULL item is "
            "reported."),
    "X13": ("住民種別=1で生年月日が正しく、生年月日和暦が空の行を情報として報告する（日本人住民の生年月日"
            "は和暦で管理される）。",
            "住民種別=1 with a valid 生年月日 and a NULL 生年月日和暦 is reported as info (a 日本人住民's "
            "生年月日 is managed in 和暦)."),
    "X14": ("同じ個人番号または住民票コードが、異なる宛名番号に使われていないこと（全行が対象）。"
            "後の行を報告する。",
            "A 個人番号 or 住民票コード value is not used by two different 宛名番号 (any rows); the later "
            "row is reported."),
    "X15": ("住民状態=1なら消除事由と消除日は空であること（逆向きは△の条件「住民状態!=1」で検査する）。"
            "空でない項目を報告する。",
            "住民状態=1 ⇒ 消除事由 and 消除日 are NULL (the converse is the △ condition 住民状態!=1); the "
            "non-NULL item is reported."),
    "X16": ("住民状態と消除事由の対応：2なら1または2、3なら3または4、4なら5から9。",
            "住民状態 and 消除事由 agree: 2 ⇒ 1 or 2; 3 ⇒ 3 or 4; 4 ⇒ 5 to 9."),
    "X17": ("異動事由33（死亡）の行より後の、同じ宛名番号の行の異動事由は19・39・71（異動の取消し）・"
            "53（職権修正）・54（誤記修正）のみ。",
            "After a row with 異動事由 33 (死亡), later rows of the same 宛名番号 carry only 19, 39, 71 "
            "(異動の取消し), 53 (職権修正) or 54 (誤記修正)."),
    "X18": ("異動事由と住民種別：14・35は日本人（1）のみ、15・34は外国人（2）のみ、"
            "65から67（旧氏）は日本人のみ、68・69（通称）は外国人のみ。",
            "異動事由 vs 住民種別: 14 and 35 only for 日本人 (1), 15 and 34 only for 外国人 (2); 65 to 67 "
            "(旧氏) only for 日本人; 68 and 69 (通称) only for 外国人."),
    "X19": ("外国人住民となった年月日は2012-07-09（改正住民基本台帳法の施行日）以後であること。",
            "外国人住民となった年月日 ≥ 2012-07-09 (the day the amended 住民基本台帳法 took effect)."),
    "X20": ("住民種別=2・住民状態=1の現在行で、在留期間満了日が処理日より前なら情報として報告する。",
            "On a current row with 住民種別=2 and 住民状態=1, a 在留期間満了日 before 処理日 is reported "
            "as info."),
    "X21": ("宛名番号の参照（個人住民税_課税の宛名番号、土地・家屋の納税義務者宛名番号、"
            "軽自動車税_車両の所有者宛名番号）は、住民記録_住民または住民記録_住登外者の宛名番号に存在する"
            "こと。",
            "宛名番号 references (個人住民税_課税.宛名番号, 土地/家屋.納税義務者宛名番号, "
            "軽自動車税_車両.所有者宛名番号) exist in 住民記録_住民 or 住民記録_住登外者."),
    "X22": ("同じ宛名番号が住民記録_住民と住民記録_住登外者の両方にないこと。住登外者の行を報告する。",
            "A 宛名番号 is not in both 住民記録_住民 and 住民記録_住登外者; the 住登外者 row is reported."),
    "X23": ("年税額＝所得割額＋均等割額であること。",
            "年税額 = 所得割額 + 均等割額."),
    "X24": ("課税区分と税額の対応：1なら所得割額が0より大きい、2なら所得割額が0で均等割額が0より大きい、"
            "3ならどちらも0。",
            "課税区分 vs amounts: 1 ⇒ 所得割額 > 0; 2 ⇒ 所得割額 = 0 and 均等割額 > 0; 3 ⇒ both are 0."),
    "X25": ("個人番号が空でなく、参照先の者（最新行）の個人番号も空でなければ、両者が等しいこと。"
            "宛名番号が住民と住登外者の両方にある場合は住民記録_住民の現在行を参照先とする。",
            "A non-NULL 個人番号 equals the 個人番号 of the referenced person (latest row) when that is "
            "non-NULL; a 宛名番号 in both files refers to the 住民記録_住民 current row."),
    "X26": ("課税標準額は評価額以下であること。",
            "課税標準額 ≤ 評価額."),
    "X27": ("登記地目が宅地（03）・鉱泉地（07）以外で登記地積が10を超えるなら、"
            "登記地積に小数部はない（不動産登記規則100条）。",
            "登記地積 has no fractional part when 登記地目 is not 宅地 (03) or 鉱泉地 (07) and 登記地積 > "
            "10 (不動産登記規則 article 100)."),
    "X28": ("建築年は課税年度より前であること（賦課期日は1月1日。1月1日当日に完成した家屋はまれな例外）。",
            "建築年 < 課税年度 (賦課期日 is 1 January; a building completed on 1 January itself is the "
            "rare exception)."),
    "X29": ("取得日は課税年度の4月1日（賦課期日）以前であること。",
            "取得日 ≤ 課税年度-04-01 (賦課期日 is 1 April)."),
    "X30": ("年税額が§8.1の（車両区分、税率区分）の標準税率と等しいこと（市町村は別の税率を定めうるため情"
            "報）。表で「—」の組と税率区分4・9は検査しない。",
            "年税額 equals the standard rate of (車両区分, 税率区分) in §8.1 (municipalities may set "
            "other rates, hence info); pairs shown as — and 税率区分 4 and 9 are not checked."),
    "X31": ("事業年度終了日は事業年度開始日より後であること。",
            "事業年度終了日 > 事業年度開始日."),
    "X32": ("事業年度は1年以内：事業年度終了日は事業年度開始日の1年後より前（02-29の1年後は翌年の03-01）。",
            "事業年度 ≤ 1 year: 事業年度終了日 < 事業年度開始日 + 1 year (02-29 plus one year is 03-01 of "
            "the next year)."),
    "X33": ("申告年月日は事業年度開始日以後で、申告区分が1（確定）または4（修正）なら事業年度終了日より後"
            "であること。",
            "申告年月日 ≥ 事業年度開始日, and > 事業年度終了日 when 申告区分 is 1 (確定) or 4 (修正)."),
    "X34": ("個人法人区分=1（個人）なら法人番号が空、=2（法人）なら個人番号・生年月日・"
            "性別が空であること。空でない項目ごとに報告する。",
            "個人法人区分=1 ⇒ 法人番号 is NULL; =2 ⇒ 個人番号, 生年月日 and 性別 are NULL. Each non-NULL "
            "item is reported."),
    "X35": ("住民記録_住登外者の個人番号が、住民記録_住民の別の宛名番号の個人番号でないこと。",
            "A 個人番号 in 住民記録_住登外者 is not the 個人番号 of a different 宛名番号 in 住民記録_住民."),
}

RULES: dict[str, RuleMeta] = {rule_id: _load(rule_id, module) for rule_id, module in UNITS.items()}
for _id, _sev, _scope, _ja, _en, _src in _X:
    RULES[_id] = RuleMeta(_id, _sev, _scope, _ja, _en, _src, *_X_EXPLANATIONS[_id])  # type: ignore[arg-type]


def rule_ids() -> list[str]:
    """All ids in spec order (F, C, X; numeric within each)."""
    order = {"F": 0, "C": 1, "X": 2}
    return sorted(RULES, key=lambda r: (order[r[0]], int(r[1:])))
