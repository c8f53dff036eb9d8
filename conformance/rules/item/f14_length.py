"""F14 長さの数え方 — Length counting."""

from __future__ import annotations

from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F14",
    severity=Severity.ERROR,
    scope="item",
    title_ja="長さの数え方",
    title_en="Length counting",
    source="§2 F14; INFERRED",
    explanation_ja=(
        "文字列の長さは異体字セレクタを除くコードポイント数、数値は桁数（C4・C5で報告）。"
    ),
    explanation_en=(
        "Text length counts code points without IVS selectors; numbers count digits (reported by C4/C5)."
    ),
)

#: How F14 counted, per length mode (the item's type or the byte-length setting), as C4/C5 name it.
UNITS = {
    "chars": ("文字数・異体字セレクタを除く", "characters, IVS selectors not counted"),
    "digits": ("桁数", "digits"),
    "bytes": ("UTF-8のバイト数", "UTF-8 bytes"),
}
