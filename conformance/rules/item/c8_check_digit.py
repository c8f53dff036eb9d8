"""C8 検査数字 — Check digit."""

from __future__ import annotations

from functools import cache

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.core.severity import Severity
from conformance.types.checkdigits import CHECK_DIGITS, CheckDigit

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


@cache
def wrong(check_digit: CheckDigit) -> Message:
    """The template of a wrong check digit of this algorithm (its labels name it); field: format."""
    if check_digit.warning:
        return Message(
            f"C8.{check_digit.name}",
            f"{check_digit.label_ja}が一致しません（書式 {{format}}）。付番済みの番号は対象外のため警告です。",
            f"Wrong {check_digit.label_en} (書式 {{format}}); a warning, since numbers assigned before the "
            "standard need not comply.",
        )
    return Message(
        f"C8.{check_digit.name}",
        f"{check_digit.label_ja}が一致しません（書式 {{format}}）。",
        f"Wrong {check_digit.label_en} (書式 {{format}}).",
    )


def templates() -> list[Message]:
    """Every C8 template: one per check-digit algorithm of the registry (for the rule catalogue)."""
    return [wrong(cd) for cd in CHECK_DIGITS.values()]
