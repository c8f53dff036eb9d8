"""Non-identifying names of characters, for the F8 and C3 messages ("使えない文字: ひらがな、中点").

A type check must say what is wrong without quoting the value (a name or an address), so it names the
*class* of each refused character (半角数字, ひらがな …); only single symbols and control characters are
named by themselves, which identify nobody. The list is a ``Localized`` parameter: Japanese names joined
with 「、」, English names joined with commas.
"""

from __future__ import annotations

from collections.abc import Callable

from conformance.core.messages import Localized
from conformance.types.chars import is_ideograph

__all__ = ["offending_classes"]


def _label(ch: str) -> tuple[str, str]:
    cp = ord(ch)
    if ch == " ":
        return "半角空白（U+0020）", "half-width space (U+0020)"
    if ch == "\u3000":
        return "全角空白（U+3000）", "full-width space (U+3000)"
    if "0" <= ch <= "9":
        return "半角数字", "half-width digits"
    if "A" <= ch <= "Z":
        return "半角英大文字", "half-width capital letters"
    if "a" <= ch <= "z":
        return "半角英小文字", "half-width small letters"
    if cp < 0x20 or cp == 0x7F:
        return f"制御文字（U+{cp:04X}）", f"control character U+{cp:04X}"
    if cp < 0x7F:
        return f"記号「{ch}」", f"symbol '{ch}'"
    if 0xFF10 <= cp <= 0xFF19:
        return "全角数字", "full-width digits"
    if 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:
        return "全角英字", "full-width letters"
    if 0xFF61 <= cp <= 0xFF9F:
        return "半角カナ", "half-width katakana"
    if 0x3041 <= cp <= 0x309F:
        return "ひらがな", "hiragana"
    if cp == 0x30FB:
        return "中点（U+30FB）", "middle dot (U+30FB)"
    if 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF:
        return "その他のカタカナ", "other katakana"
    if is_ideograph(cp):
        return "漢字", "ideographs"
    if 0xFF01 <= cp <= 0xFF5E:
        return f"全角記号「{ch}」", f"full-width symbol '{ch}'"
    return f"その他の文字（U+{cp:04X}）", f"other character U+{cp:04X}"


def offending_classes(value: str, allowed: Callable[[str], bool]) -> Localized:
    """The classes of the characters of ``value`` that ``allowed`` refuses, in order of appearance."""
    labels: list[tuple[str, str]] = []
    for ch in value:
        if not allowed(ch):
            label = _label(ch)
            if label not in labels:
                labels.append(label)
    return Localized("、".join(ja for ja, _ in labels), ", ".join(en for _, en in labels))
