"""C7 書式不一致 — Format mismatch."""

from __future__ import annotations

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity

META = RuleMeta(
    id="C7",
    severity=Severity.ERROR,
    scope="item",
    title_ja="書式不一致",
    title_en="Format mismatch",
    source="§3.4 C7; INFERRED",
    explanation_ja=(
        "書式（正規表現）に一致しない。"
    ),
    explanation_en=(
        "The value does not match the 書式 regular expression."
    ),
)

MAX_SHOWN = 60  # characters of the 書式 shown in the message
NO_MATCH = Message(
    "C7",
    "書式（正規表現 {pattern}）に一致しません。",
    "Does not match the 書式 regular expression {pattern}.",
)


def shown(pattern: str) -> str:
    """The 書式 as the message shows it (a long one cut)."""
    return pattern if len(pattern) <= MAX_SHOWN else pattern[:MAX_SHOWN] + "…"
