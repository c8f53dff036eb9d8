"""C8 検査数字 — Check digit."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="C8",
    severity=Severity.ERROR,
    scope="item",
    title_ja="検査数字",
    title_en="Check digit",
    source="§7; 個人番号省令5条, 法人番号CD, 団体コードCD, 住基標準1.1.13 VERIFIED",
    explanation_ja=(
        "検査数字が一致しない（個人番号・法人番号・団体コードは誤り、M11は付番済み番号があるため警告）。"
    ),
    explanation_en=(
        "Wrong check digit (個人番号, 法人番号, 団体コード: error; M11: warning, since numbers assigned before the standard need not comply)."
    ),
)
