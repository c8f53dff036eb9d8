"""F4 見出し行 — Header row."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F4",
    severity=Severity.ERROR,
    scope="file",
    title_ja="見出し行",
    title_en="Header row",
    source="§2 F4, §12.1; L3-01, L2-03 VERIFIED; exact match INFERRED",
    explanation_ja=(
        "1行目は見出し行で、レイアウトの項目名と同じ文字列・同じ順序であること。欠落・不明・重複・順序違いの列を報告する。"
    ),
    explanation_en=(
        "Line 1 must list the layout's 項目名 exactly, in order. Missing, unknown, duplicated and misordered columns are reported."
    ),
)
