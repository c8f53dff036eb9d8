"""F1 文字コード（UTF-8） — Encoding: UTF-8."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F1",
    severity=Severity.ERROR,
    scope="file",
    title_ja="文字コード（UTF-8）",
    title_en="Encoding: UTF-8",
    source="§2 F1; 機械可読ルール L3-08 VERIFIED; UTF-8 INFERRED",
    explanation_ja=(
        "ファイルはUTF-8で符号化すること。不正なバイト列はその項目で報告し、CP932と判定されたファイルやUTF-16のBOMはファイル単位で報告する。"
    ),
    explanation_en=(
        "The file must be UTF-8. Invalid byte sequences are reported per field; a CP932 file or a UTF-16 BOM is reported once for the file."
    ),
)
