"""F12 文字の範囲（JIS X 0213） — Character repertoire (JIS X 0213)."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

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
