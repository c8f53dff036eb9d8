"""F2 BOM付きUTF-8 — UTF-8 byte order mark."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="F2",
    severity=Severity.WARNING,
    scope="file",
    title_ja="BOM付きUTF-8",
    title_en="UTF-8 byte order mark",
    source="§2 F2; L3-08 VERIFIED; warning INFERRED",
    explanation_ja=(
        "UTF-8のBOM（EF BB BF）は警告とし、無視して検査を続ける。"
    ),
    explanation_en=(
        "A UTF-8 BOM is a warning; it is then ignored."
    ),
)


BOM = Message(
    "F2.bom",
    "UTF-8のBOM（EF BB BF）があります（無視して検査を続けます）",
    "UTF-8 byte order mark (EF BB BF); ignored",
)
