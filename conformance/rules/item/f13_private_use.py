"""F13 外字（私用領域） — 外字 (private use area)."""

from __future__ import annotations

from conformance.core.messages import Message, params_of
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.types.base import ValueFault
from conformance.types.chars import CharFaults, describe_chars

META = RuleMeta(
    id="F13",
    severity=Severity.ERROR,
    scope="item",
    title_ja="外字（私用領域）",
    title_en="外字 (private use area)",
    source="§2 F13; MJ+ VERIFIED; treatment INFERRED",
    explanation_ja=(
        "私用領域（PUA）の文字は外字として誤り。外字対応表（pua_map、--gaiji-map: コードポイント,対応 の表か、採用を記入した同定ワークシート）で対応付けた文字と、--moji で与えたデジタル庁の追加文字の表にある文字は範囲内とする。"
    ),
    explanation_en=(
        "Private-use code points are 外字 errors unless a 外字 map maps them (pua_map, --gaiji-map: a コードポイント,対応 table or a filled 同定 worksheet) or an additions' table given with --moji lists them."
    ),
)

FOUND = Message(
    "F13",
    "外字（私用領域）の文字を含みます: {chars}。旧システムの外字です。どのMJ文字にあたるかを決め（文字同定）、"
    "その対応表を --gaiji-map で指定してください。同定の作業表は conformance gaiji worksheet で作れます。",
    "Contains 外字 (private-use) code points: {chars}. These are the legacy system's own characters: decide which MJ "
    "character each one is (文字同定) and pass that mapping with --gaiji-map; conformance gaiji worksheet makes the "
    "worksheet.",
)


def fault(found: CharFaults) -> ValueFault | None:
    if not found.pua:
        return None
    return ValueFault("F13", META.severity, FOUND, params_of({"chars": describe_chars(found.pua)}))
