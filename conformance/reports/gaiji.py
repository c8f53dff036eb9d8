"""The 外字 inventory: every distinct offending character of a run, so that 文字同定 work can start from it.

Municipal staff who receive migration data must identify each character the data holds outside the
repertoire or in private use (F12, F13). The listing of findings is capped, so the inventory is accumulated
from *every* F12 and F13 finding's raw value while the run goes on (in memory only) and keeps, per distinct
character (or sequence, see below), exact counts, the items it occurs in and the first few locations.
Memory grows with the number of distinct characters, never with the number of findings, and no whole value
is kept.

Which characters offend is decided by the character scanner itself (``CharScanner.offences`` of
:mod:`conformance.types.chars`) under the run's configuration (JIS X 0213 or the MJ tables, 外字 map,
extra repertoire), never by a table of our own. :meth:`GaijiInventory.entries` also drops what the run's
settings accept (for an inventory collected under another configuration) and applies severity overrides.

Keys are single code points, except a variation selector or U+309A that is not accepted where it stands
(kept with the character before it: the pair is what the data meant, e.g. a 外字 with an IVS) and an IVS
sequence the MJ tables judge (kept whole).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, cast

from conformance.core.findings import Finding, Severity
from conformance.reports.masking import clean
from conformance.schema.model import Settings
from conformance.types.chars import DEFAULT_CHARS, CharConfig, CharScanner, scanner

__all__ = [
    "KINDS",
    "MAX_LOCATIONS",
    "GaijiEntry",
    "GaijiError",
    "GaijiInventory",
    "GaijiLocation",
    "Kind",
    "code_point_label",
    "entry_from_json",
    "entry_to_json",
    "offending",
]

Kind = Literal["pua", "outside", "ideograph", "ivs", "selector", "combining"]
# pua: F13 外字 (private use, not mapped); outside: F12 error (not an ideograph); ideograph: F12 (an
# ideograph, or the base of a sequence, outside the repertoire: a warning, an error under repertoire mj);
# ivs: F12 warning (an IVS sequence whose base is in the repertoire and whose selector the MJ tables do not
# list); selector: an IVS not right after an ideograph; combining: U+309A that does not compose with the
# character before it.
KINDS: tuple[Kind, ...] = ("pua", "outside", "ideograph", "ivs", "selector", "combining")
_RULE_OF: dict[Kind, str] = {
    "pua": "F13",
    "outside": "F12",
    "ideograph": "F12",
    "ivs": "F12",
    "selector": "F12",
    "combining": "F12",
}
_RULES = frozenset(_RULE_OF.values())

MAX_LOCATIONS = 5  # first locations kept per character, in report order
MAX_ITEMS = 20  # distinct items kept per character
_VALUE_CACHE_LIMIT = 4096  # distinct values remembered with their offending keys (names repeat a lot)


class GaijiError(ValueError):
    """An inventory entry read back from a summary document is malformed."""


@dataclass(frozen=True, slots=True)
class GaijiLocation:
    file: str
    line: int | None
    item: str | None

    def label(self, shown_item: Callable[[str | None], str | None] | None = None) -> str:
        """``file:line item`` as a report shows it; ``shown_item`` masks the item name (default: as is)."""
        item = self.item if shown_item is None else shown_item(self.item)
        line = "" if self.line is None else f":{self.line}"
        return f"{clean(self.file)}{line}{'' if item is None else ' ' + clean(item)}"


@dataclass(frozen=True, slots=True)
class GaijiEntry:
    """One distinct offending character (or pair) of a run, with exact counts."""

    code_points: tuple[int, ...]
    kind: Kind
    rule: str  # F12 or F13
    severity: Severity
    values: int  # values (findings) that contain it
    occurrences: int  # times it occurs in them
    locations: tuple[GaijiLocation, ...]  # the first MAX_LOCATIONS, in report order
    items: tuple[str, ...] = ()  # the items it occurs in (at most MAX_ITEMS), in order of arrival

    @property
    def text(self) -> str:
        """The character(s) themselves, encodable as UTF-8."""
        return clean("".join(chr(cp) for cp in self.code_points))

    @property
    def glyph(self) -> str:
        """The entry as a report draws it: a mark standing alone gets a dotted circle to sit on; controls
        and spaces show nothing. A private-use character is shown as itself: a municipality's own 外字 font
        may draw it, which is what 文字同定 needs."""
        text = self.text
        if self.kind == "pua":
            return text
        if len(self.code_points) == 1 and (text.isspace() or not text.isprintable()):
            return ""
        if self.kind in ("selector", "combining") and len(self.code_points) == 1:
            return "◌" + text
        return text

    @property
    def codes(self) -> str:
        """``U+20BB7`` or ``U+30AB U+309A`` for a pair."""
        return " ".join(f"U+{cp:04X}" for cp in self.code_points)

    @property
    def name(self) -> str:
        """Unicode names joined by `` + `` (code point labels such as ``<private-use-E000>`` when unnamed)."""
        return " + ".join(code_point_label(cp) for cp in self.code_points)


def code_point_label(cp: int) -> str:
    """The Unicode name, or the standard code point label for characters that have none."""
    name = unicodedata.name(chr(cp), "")
    if name:
        return name
    category = unicodedata.category(chr(cp))
    label = {"Co": "private-use", "Cc": "control", "Cs": "surrogate"}.get(category)
    if label is None:
        label = "noncharacter" if (cp & 0xFFFE) == 0xFFFE or 0xFDD0 <= cp <= 0xFDEF else "unassigned"
    return f"<{label}-{cp:04X}>"


def offending(value: str, config: CharConfig = DEFAULT_CHARS) -> list[tuple[tuple[int, ...], Kind]]:
    """The offending characters of ``value`` in order, one entry per occurrence, under ``config``.

    An ideograph followed by an IVS is accepted under JIS X 0213 (§2 F12), so it is not listed there.
    """
    return _offending(scanner(config), value)


def _offending(chars: CharScanner, value: str) -> list[tuple[tuple[int, ...], Kind]]:
    return [(key, kind) for kind, key in chars.offences(value) if kind != "platform"]


class _Acc:
    """Running counts of one key."""

    __slots__ = ("items", "kind", "locations", "occurrences", "values")

    def __init__(self, kind: Kind) -> None:
        self.kind: Kind = kind
        self.values = 0
        self.occurrences = 0
        self.items: list[str] = []  # distinct items in order of arrival, at most MAX_ITEMS
        # (file order, line or -1, item or "", location), sorted, at most MAX_LOCATIONS
        self.locations: list[tuple[int, int, str, GaijiLocation]] = []


class GaijiInventory:
    """Accumulates the inventory from findings; the Collector feeds it every F12/F13 finding with a value."""

    __slots__ = ("_accs", "_cache", "_chars", "_max_locations", "_strict")

    def __init__(self, config: CharConfig = DEFAULT_CHARS, *, max_locations: int = MAX_LOCATIONS) -> None:
        self._accs: dict[tuple[int, ...], _Acc] = {}
        self._cache: dict[str, tuple[tuple[tuple[int, ...], Kind], ...]] = {}
        self._max_locations = max(max_locations, 0)
        self._chars = scanner(config)
        self._strict = config.repertoire == "mj"  # an ideograph outside MJ is an error there

    def add(self, finding: Finding, file_order: int = 0) -> None:
        """Count the offending characters of an F12 or F13 finding's value (other findings are ignored).

        ``file_order`` is the file's place in the run, so that "first locations" follow report order.
        """
        rule, value = finding.rule, finding.value
        if rule not in _RULES or not value:
            return
        keys = self._cache.get(value)
        if keys is None:
            keys = tuple(_offending(self._chars, value))
            if len(self._cache) < _VALUE_CACHE_LIMIT:
                self._cache[value] = keys
        if not keys:
            return
        seen: set[tuple[int, ...]] = set()
        for key, kind in keys:
            if _RULE_OF[kind] != rule:
                continue  # the other rule's finding for the same value counts it
            acc = self._accs.get(key)
            if acc is None:
                acc = self._accs[key] = _Acc(kind)
            acc.occurrences += 1
            if key in seen:
                continue
            seen.add(key)
            acc.values += 1
            item = finding.item
            if item is not None and item not in acc.items and len(acc.items) < MAX_ITEMS:
                acc.items.append(item)
            self._locate(acc, finding, file_order)

    def _locate(self, acc: _Acc, finding: Finding, file_order: int) -> None:
        cap = self._max_locations
        sort = (file_order, -1 if finding.line is None else finding.line, finding.item or "")
        locs = acc.locations
        if len(locs) >= cap and (cap == 0 or sort >= locs[-1][:3]):
            return
        locs.append((*sort, GaijiLocation(finding.file, finding.line, finding.item)))
        locs.sort(key=lambda e: e[:3])
        del locs[cap:]

    def __len__(self) -> int:
        return len(self._accs)

    def entries(self, settings: Settings | None = None) -> list[GaijiEntry]:
        """The inventory in code point order, filtered and graded by the run's settings (see module doc)."""
        pua_map = settings.pua_map if settings is not None else {}
        extra = settings.extra_repertoire if settings is not None else frozenset()
        overrides = settings.severity_overrides if settings is not None else {}
        disabled = settings.disabled_rules if settings is not None else frozenset()
        out: list[GaijiEntry] = []
        for key in sorted(self._accs):
            acc = self._accs[key]
            rule = _RULE_OF[acc.kind]
            if rule in disabled:
                continue
            if acc.kind == "pua" and key[0] in pua_map:
                continue
            if acc.kind in ("outside", "ideograph") and key[0] in extra:
                continue
            warns = acc.kind == "ivs" or (acc.kind == "ideograph" and not self._strict)
            natural = Severity.WARNING if warns else Severity.ERROR
            try:
                severity = Severity(overrides[rule]) if rule in overrides else natural
            except ValueError:
                severity = natural
            out.append(
                GaijiEntry(
                    code_points=key,
                    kind=acc.kind,
                    rule=rule,
                    severity=severity,
                    values=acc.values,
                    occurrences=acc.occurrences,
                    locations=tuple(loc for *_, loc in acc.locations),
                    items=tuple(acc.items),
                )
            )
        return out


def entry_to_json(entry: GaijiEntry) -> dict[str, Any]:
    """The summary document's form of an entry; ``code_points`` as ``U+XXXX`` strings."""
    return {
        "char": entry.text,
        "code_points": [f"U+{cp:04X}" for cp in entry.code_points],
        "name": entry.name,
        "kind": entry.kind,
        "rule": entry.rule,
        "severity": entry.severity.value,
        "values": entry.values,
        "occurrences": entry.occurrences,
        "locations": [
            {
                "file": clean(loc.file),
                "line": loc.line,
                "item": None if loc.item is None else clean(loc.item),
            }
            for loc in entry.locations
        ],
        "items": [clean(item) for item in entry.items],
    }


def _code_point(text: object) -> int:
    if not isinstance(text, str) or not text.startswith("U+"):
        raise GaijiError(f"code point {text!r} is not of the form U+XXXX")
    try:
        cp = int(text[2:], 16)
    except ValueError:
        raise GaijiError(f"code point {text!r} is not of the form U+XXXX") from None
    if not 0 <= cp <= 0x10FFFF:
        raise GaijiError(f"code point {text!r} is out of range")
    return cp


def _int(obj: dict[str, Any], key: str) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise GaijiError(f"{key!r} must be a non-negative integer")
    return value


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise GaijiError(f"{key!r} must be a string or null")
    return value


def entry_from_json(obj: object) -> GaijiEntry:
    """Read back an entry written by :func:`entry_to_json`; raises :class:`GaijiError` when malformed."""
    if not isinstance(obj, dict):
        raise GaijiError("an inventory entry must be an object")
    cps = obj.get("code_points")
    if not isinstance(cps, list) or not cps:
        raise GaijiError("'code_points' must be a non-empty list")
    kind = obj.get("kind")
    if kind not in KINDS:
        raise GaijiError(f"'kind' must be one of {', '.join(KINDS)}")
    rule = obj.get("rule")
    if not isinstance(rule, str):
        raise GaijiError("'rule' must be a string")
    try:
        severity = Severity(str(obj.get("severity")))
    except ValueError:
        raise GaijiError("'severity' must be error, warning or info") from None
    locs = obj.get("locations", [])
    if not isinstance(locs, list):
        raise GaijiError("'locations' must be a list")
    locations: list[GaijiLocation] = []
    for loc in locs:
        if not isinstance(loc, dict) or not isinstance(loc.get("file"), str):
            raise GaijiError("a location must be an object with a 'file' string")
        line = loc.get("line")
        if line is not None and (not isinstance(line, int) or isinstance(line, bool)):
            raise GaijiError("a location's 'line' must be an integer or null")
        locations.append(GaijiLocation(loc["file"], line, _opt_str(loc, "item")))
    items = obj.get("items")
    if items is None:  # a summary written before items were kept: the items of the first locations
        items = list(dict.fromkeys(loc.item for loc in locations if loc.item is not None))
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise GaijiError("'items' must be a list of strings")
    return GaijiEntry(
        code_points=tuple(_code_point(c) for c in cps),
        kind=cast(Kind, kind),
        rule=rule,
        severity=severity,
        values=_int(obj, "values"),
        occurrences=_int(obj, "occurrences"),
        locations=tuple(locations),
        items=tuple(items),
    )
