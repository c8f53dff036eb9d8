"""The rule catalogue: every rule id of the spec with its default severity, scope, messages and source.

This is the one registry of rule *identities*. Checks (readers, item checks, cross-record rules) name a rule
by id and look up its metadata here; ``conformance rules`` and docs/rules.md are generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.findings import Severity

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO


@dataclass(frozen=True, slots=True)
class RuleInfo:
    id: str
    severity: Severity  # default severity (C8 M11 and F12 ideographs are reported as warnings)
    scope: str  # file | record | item | row | dataset
    title_ja: str
    title_en: str
    source: str  # spec section and the standard's source keys, with VERIFIED/INFERRED status
    explanation_ja: str = ""
    explanation_en: str = ""


def _r(id: str, sev: Severity, scope: str, ja: str, en: str, source: str, xja: str = "", xen: str = "") -> RuleInfo:
    return RuleInfo(id, sev, scope, ja, en, source, xja, xen)


_ALL = [
    # --- F: file rules (§2) ---
    _r("F1", E, "file", "文字コード（UTF-8）", "Encoding: UTF-8", "§2 F1; 機械可読ルール L3-08 VERIFIED; UTF-8 INFERRED",
       "ファイルはUTF-8で符号化すること。不正なバイト列はその項目で報告し、CP932と判定されたファイルやUTF-16のBOMはファイル単位で報告する。",
       "The file must be UTF-8. Invalid byte sequences are reported per field; a CP932 file or a UTF-16 BOM is reported once for the file."),
    _r("F2", W, "file", "BOM付きUTF-8", "UTF-8 byte order mark", "§2 F2; L3-08 VERIFIED; warning INFERRED",
       "UTF-8のBOM（EF BB BF）は警告とし、無視して検査を続ける。", "A UTF-8 BOM is a warning; it is then ignored."),
    _r("F3", E, "record", "CSV形式（RFC 4180）", "CSV dialect (RFC 4180)", "§2 F3; 機械可読ルール L1-15 VERIFIED",
       "区切りはカンマ、引用符は二重引用符。引用されていない項目中の「\"」、閉じていない引用、閉じ引用符の後の文字、見出し行と異なる項目数は誤り。",
       "Comma separated, double-quote enclosed; a quote inside an unquoted field, an unterminated quote, text after a closing quote or a wrong field count is an error."),
    _r("F4", E, "file", "見出し行", "Header row", "§2 F4, §12.1; L3-01, L2-03 VERIFIED; exact match INFERRED",
       "1行目は見出し行で、レイアウトの項目名と同じ文字列・同じ順序であること。欠落・不明・重複・順序違いの列を報告する。",
       "Line 1 must list the layout's 項目名 exactly, in order. Missing, unknown, duplicated and misordered columns are reported."),
    _r("F5", E, "record", "1レコード1行", "One record per physical line", "§2 F5; 機械可読ルール L1-14 VERIFIED",
       "引用された項目の中に改行（CR・LF）を含めてはならない。", "A quoted field must not contain CR or LF."),
    _r("F6", E, "record", "改行コード", "Line endings", "§2 F6, §12.4; INFERRED",
       "改行はCRLFかLFのいずれかに統一する。見出し行の改行が基準。単独のCRは誤り。",
       "Records end with CRLF or LF, the same as the header throughout; a bare CR is an error."),
    _r("F7", I, "item", "NULLの表現", "NULL representation", "§2 F7; 機械可読ルール L1-09 VERIFIED",
       "空の項目がNULL。0は値でありNULLではない。F7自体は指摘を出さない（必須はC1・C2）。",
       "An empty field is NULL; 0 is a value. F7 reports nothing itself (required items: C1/C2)."),
    _r("F8", E, "item", "数値の形式", "Number syntax", "§2 F8, §3.2; 機械可読ルール L2-01 VERIFIED",
       "数字・整数・小数・年は半角数字のみ（小数は小数点1つ）。桁区切り・単位・符号・全角数字は不可。",
       "数字/整数/小数/年 hold ASCII digits only (one '.' for 小数): no separators, units, signs or full-width digits."),
    _r("F9", E, "item", "日付の形式", "Date syntax", "§2 F9; 日付モデル VERIFIED",
       "日付はYYYY-MM-DDの実在する日であること（暦外可の項目は閏年の日数まで可）。",
       "Dates are YYYY-MM-DD real calendar days (暦外可 items: up to the month's length in a leap year)."),
    _r("F10", E, "item", "日時の形式", "Datetime syntax", "§2 F10; 日付モデル VERIFIED; offset optional INFERRED",
       "日時はYYYY-MM-DDTHH:MM:SS（+09:00は任意）。", "Datetimes are YYYY-MM-DDTHH:MM:SS with an optional +09:00."),
    _r("F11", W, "item", "機種依存文字", "Platform-dependent character", "§2 F11; 機械可読ルール L1-08 VERIFIED; list partly INFERRED",
       "機種依存文字（丸数字、ローマ数字、単位記号、㈱など）は原則として使用しない。",
       "Platform-dependent characters (circled numbers, Roman numerals, squared units, ㈱ …) should not be used."),
    _r("F12", E, "item", "文字の範囲（JIS X 0213）", "Character repertoire (JIS X 0213)", "§2 F12; 文字ガイド, 実行計画 VERIFIED; codec and IVS rule INFERRED",
       "各文字はJIS X 0213の図形文字であること。範囲外の漢字（異体字セレクタなし）は警告、その他の範囲外文字は誤り。",
       "Each character must be a JIS X 0213 graphic character. An ideograph outside it is a warning; any other character outside it is an error."),
    _r("F13", E, "item", "外字（私用領域）", "外字 (private use area)", "§2 F13; MJ+ VERIFIED; treatment INFERRED",
       "私用領域（PUA）の文字は外字として誤り。対応表が与えられた場合は対応する文字として扱う。",
       "Private-use code points are 外字 errors unless a mapping table maps them."),
    _r("F14", E, "item", "長さの数え方", "Length counting", "§2 F14; INFERRED",
       "文字列の長さは異体字セレクタを除くコードポイント数、数値は桁数（C4・C5で報告）。",
       "Text length counts code points without IVS selectors; numbers count digits (reported by C4/C5)."),
    _r("F15", W, "item", "前後の空白", "Surrounding spaces", "§2 F15; 機械可読ルール L1-06 VERIFIED",
       "値の先頭・末尾に半角・全角の空白を置かない。", "A value must not start or end with a space (U+0020 or U+3000)."),
    # --- C: item checks (§3.4) ---
    _r("C1", E, "item", "必須項目が空", "Required item is NULL", "§3.4 C1; INFERRED",
       "必須（○）の項目が空。不詳可の項目は不詳表記も空の場合。", "A required (○) item is NULL (for 不詳可 items: and its 不詳表記 too)."),
    _r("C2", E, "item", "条件付き必須項目が空", "Conditionally required item is NULL", "§3.4 C2, §3.3; INFERRED",
       "条件付き必須（△）の項目が、条件を満たすのに空。", "A conditionally required (△) item is NULL while its 条件 holds."),
    _r("C3", E, "item", "文字種", "Text type", "§3.2, §3.4 C3; INFERRED",
       "全角文字列・半角文字列・カナ・英字氏名の文字種に合わない。", "The value does not match its text type (全角文字列, 半角文字列, カナ, 英字氏名)."),
    _r("C4", E, "item", "最大桁数超過", "Longer than 最大桁数", "§3.4 C4, §2 F14; INFERRED", "長さが最大桁数を超える。", "Length exceeds 最大桁数."),
    _r("C5", E, "item", "最小桁数未満", "Shorter than 最小桁数", "§3.4 C5, §2 F14; INFERRED", "長さが最小桁数に満たない。", "Length is below 最小桁数."),
    _r("C6", E, "item", "コード表にない値", "Value not in the code table", "§3.4 C6, §9; codes INFERRED",
       "コード表に存在しない値。", "The value is not a code of its コード表."),
    _r("C7", E, "item", "書式不一致", "Format mismatch", "§3.4 C7; INFERRED", "書式（正規表現）に一致しない。", "The value does not match the 書式 regular expression."),
    _r("C8", E, "item", "検査数字", "Check digit", "§7; 個人番号省令5条, 法人番号CD, 団体コードCD, 住基標準1.1.13 VERIFIED",
       "検査数字が一致しない（個人番号・法人番号・団体コードは誤り、M11は付番済み番号があるため警告）。",
       "Wrong check digit (個人番号, 法人番号, 団体コード: error; M11: warning, since numbers assigned before the standard need not comply)."),
    _r("C9", E, "item", "和暦日付", "Japanese era date", "§5; 元号表 VERIFIED; codes INFERRED",
       "GYYMMDD形式の和暦日付として正しくない（年号コード、年の範囲、実在日、元号の期間）。",
       "Not a valid GYYMMDD era date (era code, year range, calendar day, inside the era)."),
]

_X = [
    ("X1", E, "file", "主キーの重複", "Duplicate primary key", "§8; 住基標準1.2.1 VERIFIED for 住民; other keys INFERRED"),
    ("X2", E, "file", "履歴番号の連番", "履歴番号 not 1..n", "§8, §12.7; 住基標準1.2.1 VERIFIED"),
    ("X3", E, "file", "世帯主が複数", "More than one 世帯主 in a household", "§8; 住基標準1.1.10/1.1.11 INFERRED"),
    ("X4", I, "file", "世帯主のいない世帯", "Household without 世帯主", "§8; 住基標準1.1.10, 4.0.4 VERIFIED"),
    ("X5", W, "file", "世帯の住所の不一致", "Household address differs", "§8; INFERRED from 住基標準1.2.1"),
    ("X6", W, "file", "世帯主氏名の不一致", "世帯主氏名 differs from the head's name", "§8; INFERRED"),
    ("X7", E, "row", "異動日が処理日より後", "異動日 after 処理日", "§8; 住基標準4.0.3 VERIFIED"),
    ("X8", E, "row", "届出年月日が処理日より後", "届出年月日 after 処理日", "§8; 住基標準4.1.0.2 VERIFIED"),
    ("X9", W, "row", "届出年月日が異動日より前", "届出年月日 before 異動日", "§8; INFERRED"),
    ("X10", E, "row", "生年月日が他の日付より後", "生年月日 after another date", "§8; INFERRED"),
    ("X11", E, "row", "生年月日和暦と生年月日の不一致", "生年月日和暦 differs from 生年月日", "§8, §12.12; INFERRED"),
    ("X12", W, "row", "住民種別に合わない項目", "Item not allowed for this 住民種別", "§8; 住基標準1.1.1/1.1.2 VERIFIED; rule INFERRED"),
    ("X13", I, "row", "日本人住民の生年月日和暦が空", "生年月日和暦 missing for a 日本人住民", "§8; 住基標準1.1.1 VERIFIED; rule INFERRED"),
    ("X14", E, "file", "個人番号・住民票コードの重複", "個人番号 or 住民票コード shared by two 宛名番号", "§8; INFERRED"),
    ("X15", W, "row", "住民なのに消除事由・消除日がある", "消除事由/消除日 on a current resident", "§8; INFERRED"),
    ("X16", W, "row", "住民状態と消除事由の不一致", "住民状態 and 消除事由 disagree", "§8; INFERRED"),
    ("X17", W, "file", "死亡後の異動", "Change after death", "§8; INFERRED"),
    ("X18", W, "row", "異動事由と住民種別の不一致", "異動事由 not allowed for this 住民種別", "§8; 住基標準1.2.2 VERIFIED (14/15/34/35); 65–69 INFERRED"),
    ("X19", W, "row", "外国人住民となった年月日が施行日前", "外国人住民となった年月日 before 2012-07-09", "§8; INFERRED"),
    ("X20", I, "file", "在留期間満了日の経過", "在留期間満了日 has passed", "§8; INFERRED"),
    ("X21", E, "dataset", "宛名番号の参照先がない", "宛名番号 not found in 住民記録", "§8; INFERRED"),
    ("X22", W, "dataset", "住民と住登外者の両方にある宛名番号", "宛名番号 in both 住民 and 住登外者", "§8; INFERRED"),
    ("X23", E, "row", "年税額＝所得割額＋均等割額", "年税額 ≠ 所得割額 + 均等割額", "§8; INFERRED"),
    ("X24", W, "row", "課税区分と税額の不一致", "課税区分 and amounts disagree", "§8; INFERRED"),
    ("X25", W, "dataset", "個人番号の不一致", "個人番号 differs from the resident's", "§8, §12.6; INFERRED"),
    ("X26", E, "row", "課税標準額が評価額を超える", "課税標準額 exceeds 評価額", "§8; INFERRED"),
    ("X27", I, "row", "登記地積の端数", "Fraction in 登記地積", "§8; 不動産登記規則100条 INFERRED"),
    ("X28", W, "row", "建築年が課税年度以後", "建築年 not before 課税年度", "§8; INFERRED"),
    ("X29", W, "row", "取得日が賦課期日より後", "取得日 after 賦課期日 (4月1日)", "§8; INFERRED"),
    ("X30", I, "row", "標準税率と異なる年税額", "年税額 differs from the standard rate", "§8.1, §12.8; 地方税法 INFERRED"),
    ("X31", E, "row", "事業年度終了日が開始日以前", "事業年度終了日 not after 開始日", "§8; INFERRED"),
    ("X32", W, "row", "事業年度が1年を超える", "事業年度 longer than one year", "§8, §12.9; INFERRED"),
    ("X33", W, "row", "申告年月日が事業年度と合わない", "申告年月日 inconsistent with the 事業年度", "§8; INFERRED"),
    ("X34", W, "row", "個人法人区分に合わない項目", "Item not allowed for this 個人法人区分", "§8; INFERRED"),
    ("X35", W, "dataset", "住登外者の個人番号が住民の別人と重複", "住登外者 個人番号 belongs to another resident", "§8; INFERRED"),
]

RULES: dict[str, RuleInfo] = {r.id: r for r in _ALL}
for _id, _sev, _scope, _ja, _en, _src in _X:
    RULES[_id] = RuleInfo(_id, _sev, _scope, _ja, _en, _src)


def rule(rule_id: str) -> RuleInfo:
    return RULES[rule_id]


def rule_ids() -> list[str]:
    """All ids in spec order (F, C, X; numeric within each)."""
    order = {"F": 0, "C": 1, "X": 2}
    return sorted(RULES, key=lambda r: (order[r[0]], int(r[1:])))
