"""Masking at report time, and the options every writer takes.

Findings keep raw values; what a report may show is decided here, once, so that no writer can leak an
identifying value by forgetting to mask it. Reports are routinely mailed to vendors and attached to tickets,
so the default is to show the *shape* of an identifying value (its punctuation and spaces, one ``*`` per
character) and never its content.

Masking by column name alone fails when the file is not what its header says: columns shifted by one put a
個人番号 under 性別, and a file without its header line has a person's row read as the header. So a value is
masked when its item is identifying, when it stands under no known item (a header cell that is not a layout
item, a value under such a column), and whenever it *looks* identifying whatever its item: a 12-digit number
whose 個人番号 check digit is right, or an 11-digit number (the shape of a 住民票コード). Item names that are
not layout items are masked the same way, since they may be a data row read as a header.

Nothing shown carries raw control characters: C0/C1 controls and DEL are written as ``\\xNN``, so a value
cannot move a terminal's cursor or break a log line.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

from conformance.core.findings import Finding
from conformance.core.messages import Lang, Localized, Quoted
from conformance.schema.model import SchemaSet

__all__ = ["Lang", "ReportOptions", "cap", "clean", "looks_identifying", "mask", "mask_text"]

MAX_SHOWN = 200  # code points; longer values are cut to MAX_SHOWN - 1 and get "…"
ELLIPSIS = "…"

# Kept as they are when masking: they show a value's shape (date separators, the space between 氏 and 名)
# but carry no identifying content. Everything else (letters, digits, kana, ideographs, symbols, controls,
# non-ASCII punctuation) becomes one "*".
_KEEP = frozenset(string.punctuation) | {"\u0020", "\u3000"}


def _is_selector(cp: int) -> bool:
    """Variation selectors are not characters of their own: IVS (U+E0100–E01EF) and standard (U+FE00–FE0F)."""
    return 0xE0100 <= cp <= 0xE01EF or 0xFE00 <= cp <= 0xFE0F


_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_DIGITS = re.compile("[0-9０-９]+")
_NUMBER_LIKE = re.compile("[0-9０-９ \u3000\\-‐－ー]+")
_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)  # 個人番号 check digit (§7.1)


def clean(text: str) -> str:
    """Text safe to show: lone surrogates (undecodable bytes) become U+FFFD so it encodes as UTF-8, and
    control characters become ``\\xNN``."""
    if _CONTROLS.search(text) is not None:
        text = _CONTROLS.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return text


def looks_identifying(value: str) -> bool:
    """A number shaped like a personal identifier, whatever column it stands in: 12 digits whose 個人番号
    check digit is right, or 11 digits (a 住民票コード). Separators (spaces, hyphens) and full-width digits
    are allowed around the digits."""
    if len(value) > 24 or _NUMBER_LIKE.fullmatch(value) is None:
        return False
    digits = "".join(_DIGITS.findall(value)).translate(_FULL_WIDTH)
    if len(digits) == 11:
        return True
    if len(digits) != 12:
        return False
    r = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=False)) % 11
    return int(digits[11]) == (0 if r <= 1 else 11 - r)


_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


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


def mask(
    value: str | None,
    item: str | None,
    identifying: frozenset[str],
    show_values: bool,
    known: frozenset[str] | None = None,
) -> str | None:
    """The value as a report may show it.

    Unless ``show_values``, a value is masked when its item is identifying, when it has no item (a record
    finding carrying raw text), when its item is not one of the ``known`` layout items (when they are
    given), and when it looks identifying (:func:`looks_identifying`). Every shown value is capped at
    ``MAX_SHOWN`` code points and made safe (:func:`clean`).
    """
    if value is None:
        return None
    if not show_values and (
        item is None
        or item in identifying
        or (known is not None and item not in known)
        or looks_identifying(value)
    ):
        return cap(clean(mask_text(value)))
    return cap(clean(value))


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How a report renders: message language and which values it may show."""

    lang: Lang = "ja"
    show_values: bool = False
    identifying: frozenset[str] = frozenset()
    text_limit: int = 50  # the text summary lists at most this many findings
    known_items: frozenset[str] | None = None  # every layout item of the schema set; None: not known

    @classmethod
    def of(cls, schema: SchemaSet, *, lang: Lang = "ja", show_values: bool = False) -> ReportOptions:
        """Options for a report about a run against ``schema``: its identifying and its known items."""
        known = frozenset(n for spec in schema.files.values() for n in spec.layout.item_names)
        ids = schema.identifying_items
        return cls(lang=lang, show_values=show_values, identifying=ids, known_items=known)

    def shown(self, value: str | None, item: str | None) -> str | None:
        return mask(value, item, self.identifying, self.show_values, self.known_items)

    def quoted(self, q: Quoted) -> str:
        """A message parameter quoted from the input, shown exactly as ``shown`` shows a value."""
        return mask(q.text, q.item, self.identifying, self.show_values, self.known_items) or ""

    def item(self, name: str | None) -> str | None:
        """An item name as a report may show it: a name that is not a layout item may be data (a row read
        as the header), so it is masked like a value unless ``show_values``."""
        if name is None:
            return None
        if self.show_values or self.known_items is None or name in self.known_items:
            return clean(name)
        return cap(mask_text(clean(name)))

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
