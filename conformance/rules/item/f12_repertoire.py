"""F12 文字の範囲（JIS X 0213） — Character repertoire (JIS X 0213)."""

from __future__ import annotations

from conformance.core.messages import Message, params_of
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.types.base import ValueFault
from conformance.types.chars import CharFaults, describe_chars

META = RuleMeta(
    id="F12",
    severity=Severity.ERROR,
    scope="item",
    title_ja="文字の範囲（JIS X 0213）",
    title_en="Character repertoire (JIS X 0213)",
    source="§2 F12; 文字ガイド, 実行計画 VERIFIED; codec and IVS rule INFERRED",
    explanation_ja=(
        "各文字はJIS X 0213の図形文字であること。範囲外の漢字（異体字セレクタなし）は警告、その他の範囲外文字は誤り。"
    ),
    explanation_en=(
        "Each character must be a JIS X 0213 graphic character. An ideograph outside it is a warning; any other character outside it is an error."
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
    "JIS X 0213の範囲外の漢字を含みます（異体字セレクタなし）: {chars}。MJ文字であれば追加文字一覧（repertoire）の指定で解消します。",
    "Contains ideographs outside JIS X 0213 without a variation selector: {chars}. If they are MJ characters, supply the "
    "extra repertoire list.",
)


def fault(found: CharFaults) -> ValueFault | None:
    """An error for characters outside the repertoire (listing stray ideographs too), else a warning."""
    if found.outside:
        params = {"chars": describe_chars(found.outside)}
        if found.ideographs:
            params["ideographs"] = describe_chars(found.ideographs)
        message = OUTSIDE[(bool(found.ideographs), found.misplaced)]
        return ValueFault("F12", Severity.ERROR, message, params_of(params))
    if found.ideographs:
        return ValueFault(
            "F12", Severity.WARNING, IDEOGRAPHS, params_of({"chars": describe_chars(found.ideographs)})
        )
    return None
