"""Masking of finding values at report time, and the options every writer takes.

Findings keep raw values (``conformance.findings``); what a report may show is decided here, once, so that
no writer can leak an identifying value by forgetting to mask it. Reports are routinely mailed to vendors
and attached to tickets, so the default is to show the *shape* of an identifying value (its punctuation and
spaces, one ``*`` per character) and never its content.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from conformance.core.findings import Finding
from conformance.core.messages import Lang, Localized, Quoted

__all__ = ["Lang", "ReportOptions", "cap", "clean", "mask", "mask_text"]

MAX_SHOWN = 200  # code points; longer values are cut to MAX_SHOWN - 1 and get "…"
ELLIPSIS = "…"

# Kept as they are when masking: they show a value's shape (date separators, the space between 氏 and 名)
# but carry no identifying content. Everything else (letters, digits, kana, ideographs, symbols, controls,
# non-ASCII punctuation) becomes one "*".
_KEEP = frozenset(string.punctuation) | {"\u0020", "\u3000"}


def _is_selector(cp: int) -> bool:
    """Variation selectors are not characters of their own: IVS (U+E0100–E01EF) and standard (U+FE00–FE0F)."""
    return 0xE0100 <= cp <= 0xE01EF or 0xFE00 <= cp <= 0xFE0F


def clean(text: str) -> str:
    """Replace lone surrogates (undecodable file names or bytes) by U+FFFD so the text encodes as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


def cap(text: str, limit: int = MAX_SHOWN) -> str:
    """Cut a shown value to at most ``limit`` code points; a cut value ends with "…"."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def mask_text(value: str) -> str:
    """One ``*`` per character except kept punctuation and spaces; variation selectors are dropped."""
    out: list[str] = []
    for ch in value:
        if ch in _KEEP:
            out.append(ch)
        elif not _is_selector(ord(ch)):
            out.append("*")
    return "".join(out)


def mask(value: str | None, item: str | None, identifying: frozenset[str], show_values: bool) -> str | None:
    """The value as a report may show it.

    Values of identifying items are masked unless ``show_values``. A value with no item (a record-level
    finding that carries raw text) is masked too, since nothing says what it holds. Every shown value is
    capped at ``MAX_SHOWN`` code points and made encodable.
    """
    if value is None:
        return None
    if not show_values and (item is None or item in identifying):
        return cap(mask_text(value))
    return cap(clean(value))


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How a report renders: message language and which values it may show."""

    lang: Lang = "ja"
    show_values: bool = False
    identifying: frozenset[str] = frozenset()
    text_limit: int = 50  # the text summary lists at most this many findings

    def shown(self, value: str | None, item: str | None) -> str | None:
        return mask(value, item, self.identifying, self.show_values)

    def quoted(self, q: Quoted) -> str:
        """A message parameter quoted from the input, shown exactly as ``shown`` shows a value."""
        return mask(q.text, q.item, self.identifying, self.show_values) or ""

    def params(self, finding: Finding) -> dict[str, str | int | dict[str, str]]:
        """The finding's parameters as a report may show them: quoted input masked like a value."""
        out: dict[str, str | int | dict[str, str]] = {}
        for name, p in finding.params:
            if isinstance(p, Quoted):
                out[name] = self.quoted(p)
            elif isinstance(p, Localized):
                out[name] = {"ja": clean(p.ja), "en": clean(p.en)}
            else:
                out[name] = clean(p) if isinstance(p, str) else p
        return out

    def message(self, finding: Finding, lang: Lang | None = None) -> str:
        """The finding's message in ``lang`` (default: the report's), quoted input masked, encodable."""
        return clean(finding.text(lang or self.lang, self.quoted))
