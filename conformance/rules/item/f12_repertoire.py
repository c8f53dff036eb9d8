"""F12 文字の範囲（JIS X 0213・行政事務標準文字） — Character repertoire (JIS X 0213, 行政事務標準文字)."""

from __future__ import annotations

from conformance.core.messages import Message, params_of
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.types.base import ValueFault
from conformance.types.chars import CharFaults, describe_chars, describe_sequences

META = RuleMeta(
    id="F12",
    severity=Severity.ERROR,
    scope="item",
    title_ja="文字の範囲（JIS X 0213・行政事務標準文字）",
    title_en="Character repertoire (JIS X 0213, 行政事務標準文字)",
    source="§2 F12, §1.3; 文字ガイド, 実行計画, MJ VERIFIED; codec, IVS rule and MJ readings INFERRED",
    explanation_ja=(
        "各文字は文字の範囲（設定 repertoire）にあること。jisx0213（MJ文字情報一覧表がないときの既定）: JIS X 0213の図形文字。範囲外の漢字（異体字セレクタなし）は警告、その他の範囲外文字は誤り、漢字＋異体字セレクタは受け付ける。"
        "--moji でMJ文字情報一覧表（とデジタル庁の追加文字の表）を与えると既定は jisx0213+mj: 表にある文字・IVSシーケンスは範囲内、基底の漢字は範囲内だが異体字セレクタが表にないIVSシーケンスは警告（基底の漢字を示す）、どちらにもない漢字は警告。"
        "mj: 漢字は表だけで判定し、表にない漢字は誤り（JIS X 0213の漢字でも表になければ範囲外）。漢字以外の文字はどの設定でもJIS X 0213で判定する。私用領域の文字はF13（追加文字の表か外字対応表にあれば範囲内）。"
    ),
    explanation_en=(
        "Each character must be in the repertoire (setting repertoire). jisx0213 (the default without an MJ table): JIS X 0213 graphic characters; an ideograph outside it without a variation selector is a warning, any other character outside it an error, and an ideograph followed by an IVS selector is accepted. "
        "With --moji (the MJ文字情報一覧表, and tables of the same shape for the Digital Agency's additions) the default is jisx0213+mj: a character or IVS sequence in the tables passes; an IVS sequence whose base is in the repertoire but whose selector the tables do not list is a warning naming the base; an ideograph in neither is a warning. "
        "mj: ideographs are judged by the tables only and one not in them is an error (also a JIS X 0213 ideograph the tables lack). Characters that are not ideographs are judged by JIS X 0213 under every setting. Private-use code points are F13 (in the repertoire when the additions table or a 外字 map covers them)."
    ),
)

_OUTSIDE_JA, _OUTSIDE_EN = (
    "JIS X 0213の範囲外の文字を含みます: {chars}",
    "Contains characters outside JIS X 0213: {chars}",
)
_ALSO_JA, _ALSO_EN = "（範囲外の漢字: {ideographs}）", " (ideographs outside the range: {ideographs})"
_PLACED_JA = "。異体字セレクタは漢字の直後、U+309Aは合成できるかなの直後に限り使えます"
_PLACED_EN = "; a variation selector is accepted only right after an ideograph, U+309A only after a kana it composes with"
#: (ideographs too, a selector or U+309A misplaced) -> the error template.
OUTSIDE = {
    (also, placed): Message(
        "F12" + (".ideographs" if also else "") + (".placement" if placed else ""),
        _OUTSIDE_JA + (_ALSO_JA if also else "") + (_PLACED_JA if placed else "") + "。",
        _OUTSIDE_EN + (_ALSO_EN if also else "") + (_PLACED_EN if placed else "") + ".",
    )
    for also in (False, True)
    for placed in (False, True)
}
IDEOGRAPHS = Message(
    "F12.warning",
    "JIS X 0213の範囲外の漢字を含みます（異体字セレクタなし）: {chars}。MJ文字であれば --moji でMJ文字情報一覧表を指定すると解消します。",
    "Contains ideographs outside JIS X 0213 without a variation selector: {chars}. If they are MJ characters, "
    "supply the MJ文字情報一覧表 with --moji.",
)
_SEQ_JA, _SEQ_EN = (
    "（異体字セレクタが表にないIVSシーケンス: {sequences}）",
    " (IVS sequences whose selector the tables do not list: {sequences})",
)


def _with_sequences(id: str, ja: str, en: str) -> dict[bool, Message]:
    """A template, and its variant that also lists IVS sequences whose selector the tables lack."""
    return {seq: Message(id + (".ivs" if seq else ""), ja + (_SEQ_JA if seq else "") + "。",
                         en + (_SEQ_EN if seq else "") + ".") for seq in (False, True)}


#: repertoire mj: an ideograph not in the tables is an error.
NOT_MJ = _with_sequences(
    "F12.mj",
    "MJ文字情報一覧表にない漢字を含みます: {chars}",
    "Contains ideographs that are not in the MJ tables: {chars}",
)
#: repertoire jisx0213+mj: an ideograph in neither set is a warning.
UNLISTED = _with_sequences(
    "F12.unlisted",
    "JIS X 0213にもMJ文字情報一覧表にもない漢字を含みます: {chars}",
    "Contains ideographs in neither JIS X 0213 nor the MJ tables: {chars}",
)
IVS = Message(
    "F12.ivs",
    "異体字セレクタがMJ文字情報一覧表にないIVSシーケンスを含みます: {sequences}。基底の漢字（{bases}）は範囲内です。",
    "Contains IVS sequences whose selector the MJ tables do not list: {sequences}; the base ideographs "
    "({bases}) are in the repertoire.",
)


def fault(found: CharFaults) -> ValueFault | None:
    """One fault per value: an error when any character is one, else a warning (see META)."""
    if found.outside:
        params = {"chars": describe_chars(found.outside)}
        stray = describe_chars(found.ideographs) if found.ideographs else ""
        if found.ivs:
            stray = ", ".join(p for p in (stray, describe_sequences(found.ivs)) if p)
        if stray:
            params["ideographs"] = stray
        message = OUTSIDE[(bool(stray), found.misplaced)]
        return ValueFault("F12", Severity.ERROR, message, params_of(params))
    if found.ideographs:
        chars: dict[str, str] = {"chars": describe_chars(found.ideographs)}
        if found.ivs:
            chars["sequences"] = describe_sequences(found.ivs)
        if found.repertoire == "mj":
            return ValueFault("F12", Severity.ERROR, NOT_MJ[bool(found.ivs)], params_of(chars))
        if found.repertoire == "jisx0213+mj":
            return ValueFault("F12", Severity.WARNING, UNLISTED[bool(found.ivs)], params_of(chars))
        return ValueFault("F12", Severity.WARNING, IDEOGRAPHS, params_of(chars))
    if found.ivs:
        params = {
            "sequences": describe_sequences(found.ivs),
            "bases": describe_chars(base for base, _ in found.ivs),
        }
        return ValueFault("F12", Severity.WARNING, IVS, params_of(params))
    return None
