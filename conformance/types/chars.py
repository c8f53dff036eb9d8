"""The character repertoire (spec §1.3, §2 F11–F15): JIS X 0213, ideographs, 外字, IVS, F14 lengths.

The JIS X 0213 repertoire is *defined* by Python's ``euc_jis_2004`` codec (spec §2 F12), so the codec is
the reference and nothing here is a hand-made table. The ranges below (ideographs, private use, IVS) are
written once; the scanner's predicates, the safe set the polars regexes are built from, the schema
loader's PUA-map check and the 外字 inventory all read them from here.

The scanner runs on every field of every row, so a :class:`CharScanner` precomputes one set of "always
fine" characters and a typical value costs a single C-level ``issuperset`` call; only values with unusual
characters take the per-character slow path. It reports *what* it found (:class:`CharFaults`: which code
points, at which edge); the rules F11, F12, F13 and F15 word it. Values are never normalised (NFC would
rewrite CJK compatibility ideographs that JIS X 0213 encodes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final, Literal

from conformance.types.moji import MojiSet, Repertoire

__all__ = [
    "COMBINING_SEMI_VOICED",
    "DEFAULT_CHARS",
    "IDEOGRAPH_RANGES",
    "IVS_FIRST",
    "IVS_LAST",
    "PUA_RANGES",
    "SPACES",
    "CharConfig",
    "CharFaults",
    "CharScanner",
    "OffenceKind",
    "base_repertoire",
    "byte_length",
    "describe_chars",
    "describe_sequences",
    "in_repertoire",
    "is_ideograph",
    "is_ivs",
    "is_pua",
    "length",
    "pair_encodes",
    "safe_code_points",
    "scanner",
]

IVS_FIRST: Final = 0xE0100  # ideographic variation selectors (Moji_Joho IVD)
IVS_LAST: Final = 0xE01EF
COMBINING_SEMI_VOICED: Final = 0x309A  # accepted only as the second half of a JIS X 0213 composed pair
# §2 F12: the ideograph ranges (CJK unified, extension A–I, compatibility, compatibility supplement).
IDEOGRAPH_RANGES: Final[tuple[tuple[int, int], ...]] = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x2F800, 0x2FA1F),
    (0x30000, 0x323AF),
)
# §2 F13: private use areas (BMP PUA, plane 15, plane 16).
PUA_RANGES: Final[tuple[tuple[int, int], ...]] = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
SPACES: Final = frozenset({0x20, 0x3000})  # F15: U+0020 and U+3000
_SPACE_CHARS: Final = (" ", "\u3000")
_IVS_RE: Final = re.compile(f"[{chr(IVS_FIRST)}-{chr(IVS_LAST)}]")
_MAX_LISTED: Final = 8  # characters named in one list; the rest are counted


def is_ideograph(cp: int) -> bool:
    """True for a code point in one of the §2 F12 ideograph ranges."""
    return cp >= 0x3400 and any(lo <= cp <= hi for lo, hi in IDEOGRAPH_RANGES)


def is_ivs(cp: int) -> bool:
    return IVS_FIRST <= cp <= IVS_LAST


def is_pua(cp: int) -> bool:
    """True for a private-use code point (F13 外字)."""
    return cp >= 0xE000 and any(lo <= cp <= hi for lo, hi in PUA_RANGES)


def _is_control(cp: int) -> bool:
    return cp < 0x20 or 0x7F <= cp <= 0x9F


@cache
def in_repertoire(cp: int) -> bool:
    """JIS X 0213 graphic character: the codec encodes it and it is not a C0/C1 control or DEL (§2 F12)."""
    if _is_control(cp):
        return False
    try:
        chr(cp).encode("euc_jis_2004")
    except UnicodeEncodeError:
        return False
    return True


@cache
def pair_encodes(prev: str) -> bool:
    """U+309A after ``prev`` is fine when the pair encodes as one JIS X 0213 composed character (か゚)."""
    try:
        (prev + "\u309a").encode("euc_jis_2004")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=1)
def base_repertoire() -> frozenset[str]:
    """Every single code point the codec produces, verified by encoding it back.

    Enumerating the ~17,800 EUC-JIS-2004 byte sequences is much cheaper than encoding every Unicode code
    point; a character missing from this set still gets the exact per-code-point test
    (:func:`in_repertoire`) on the slow path, so the set only has to be a subset of the repertoire.
    """
    found: set[str] = set()

    def add(raw: bytes) -> None:
        try:
            text = raw.decode("euc_jis_2004")
        except UnicodeDecodeError:
            return
        if len(text) == 1 and in_repertoire(ord(text)):
            found.add(text)

    for b in range(0x20, 0x7F):
        add(bytes((b,)))
    for b in range(0xA1, 0xE0):
        add(bytes((0x8E, b)))
    for hi in range(0xA1, 0xFF):
        for lo in range(0xA1, 0xFF):
            add(bytes((hi, lo)))
            add(bytes((0x8F, hi, lo)))
    return frozenset(found)


def length(value: str) -> int:
    """F14 length of text: code points, not counting IVS selectors (斉󠄃 = U+6589 U+E0103 counts 1)."""
    n = len(value)
    if value.isascii() or _IVS_RE.search(value) is None:
        return n
    return n - len(_IVS_RE.findall(value))


def byte_length(value: str) -> int:
    """F14 byte mode for legacy byte-defined fields: UTF-8 bytes."""
    return len(value.encode("utf-8"))


def _show(cp: int) -> str:
    """``U+XXXX (c)``; the character itself only when showing it alone makes sense."""
    ch = chr(cp)
    if 0xD800 <= cp <= 0xDFFF or not ch.isprintable() or unicodedata.category(ch) in ("Mn", "Me", "Zs"):
        return f"U+{cp:04X}"
    return f"U+{cp:04X} ({ch})"


def describe_chars(cps: Iterable[int]) -> str:
    """Distinct code points as ``U+XXXX (c)``, at most a few: the parameter messages list characters by."""
    seen: list[int] = []
    for cp in cps:
        if cp not in seen:
            seen.append(cp)
    shown = ", ".join(_show(cp) for cp in seen[:_MAX_LISTED])
    if len(seen) > _MAX_LISTED:
        shown += f", … (+{len(seen) - _MAX_LISTED})"
    return shown


def describe_sequences(pairs: Iterable[tuple[int, int]]) -> str:
    """Distinct (base, selector) pairs as ``U+845B U+E0105 (葛󠄅)``, at most a few (as ``describe_chars``)."""
    seen: list[tuple[int, int]] = []
    for pair in pairs:
        if pair not in seen:
            seen.append(pair)
    shown = ", ".join(f"U+{b:04X} U+{s:04X} ({chr(b)}{chr(s)})" for b, s in seen[:_MAX_LISTED])
    if len(seen) > _MAX_LISTED:
        shown += f", … (+{len(seen) - _MAX_LISTED})"
    return shown


@dataclass(frozen=True, slots=True)
class CharConfig:
    """The configuration the character rules run under: 機種依存文字, mapped 外字, extra repertoire, MJ.

    Only the PUA map's keys matter to a check (the targets are for people), so the config holds those.
    ``repertoire`` says what F12 judges ideographs by (``jisx0213``: the codec; ``mj``: the MJ tables
    only; ``jisx0213+mj``: either); ``moji`` is the tables' :class:`MojiSet`, None exactly when the
    repertoire is ``jisx0213`` (a table given with ``jisx0213`` changes no verdict). Characters that are not
    ideographs are judged by JIS X 0213 in every mode, plus whatever the tables list.
    """

    platform_dependent: frozenset[int] = frozenset()
    pua: frozenset[int] = frozenset()
    extra: frozenset[int] = frozenset()
    moji: MojiSet | None = None
    repertoire: Repertoire = "jisx0213"

    def __post_init__(self) -> None:
        if (self.moji is None) != (self.repertoire == "jisx0213"):
            raise ValueError(f"repertoire {self.repertoire!r} needs an MJ table exactly when it names mj")

    @staticmethod
    def of(
        platform_dependent: Iterable[int] = (),
        pua_map: Mapping[int, str] | Iterable[int] = (),
        extra: Iterable[int] = (),
        moji: MojiSet | None = None,
        repertoire: Repertoire = "jisx0213",
    ) -> CharConfig:
        """A configuration; the tables are dropped under ``jisx0213`` so that equal verdicts share caches."""
        if repertoire == "jisx0213":
            moji = None
        return CharConfig(
            frozenset(platform_dependent), frozenset(pua_map), frozenset(extra), moji, repertoire
        )


def _admitted_alone(cp: int) -> bool:
    """A table entry the fast set may hold: not a selector, U+309A or control (those need their context)."""
    return not (is_ivs(cp) or cp == COMBINING_SEMI_VOICED or _is_control(cp) or 0xD800 <= cp <= 0xDFFF)


@lru_cache(maxsize=16)
def safe_code_points(config: CharConfig) -> frozenset[int]:
    """Code points that never give a fault on their own (only F15 at an edge): the scanner's fast set.

    JIS X 0213 by the codec (under ``mj`` only its characters that are not ideographs), the MJ tables'
    single code points (their PUA additions too), mapped 外字 and the extra repertoire, minus 機種依存文字
    (so that they reach F11) and U+309A (which needs its pair test). The polars prefilters build their
    character classes from this same set, so the two paths cannot disagree on a single character.
    """
    safe = {ord(c) for c in base_repertoire()}
    if config.repertoire == "mj":
        safe = {cp for cp in safe if not is_ideograph(cp)}
    if config.moji is not None:
        safe.update(cp for cp in config.moji.singles if _admitted_alone(cp))
    safe.update(config.pua)
    safe.update(cp for cp in config.extra if not is_pua(cp) and not is_ivs(cp))
    safe.discard(COMBINING_SEMI_VOICED)
    safe.difference_update(config.platform_dependent)
    return frozenset(safe)


#: No 機種依存文字, no 外字 map, no extra repertoire (the 外字 inventory judges characters under it).
DEFAULT_CHARS: Final = CharConfig()


#: What one offending occurrence is (the 外字 inventory's kinds): ``outside`` a character outside the
#: repertoire that is not an ideograph; ``ideograph`` an ideograph (alone, or as the base of a sequence)
#: outside it; ``ivs`` an IVS sequence whose base is in the repertoire but whose selector is not in the
#: MJ tables; ``selector`` a variation selector not right after an ideograph; ``combining`` U+309A that does
#: not compose; ``pua`` a private-use code point no map or table covers; ``platform`` a 機種依存文字 (F11).
OffenceKind = Literal["pua", "outside", "ideograph", "ivs", "selector", "combining", "platform"]


@dataclass(frozen=True, slots=True)
class CharFaults:
    """What the scanner found in one value, each list in order of appearance (with repeats).

    ``outside`` holds code points outside the repertoire that are not ideographs, and variation selectors
    or U+309A that stand where they are not accepted; ``ideographs`` the ideographs outside the repertoire
    (with no IVS after them, or as the base of a sequence the tables do not hold); ``ivs`` the (base,
    selector) sequences whose base is in the repertoire but whose selector the MJ tables do not list;
    ``leading``/``trailing`` the space code point at an edge (F15); ``repertoire`` the mode they were judged
    under (F12 words and grades ideographs by it).
    """

    platform_dependent: tuple[int, ...] = ()
    outside: tuple[int, ...] = ()
    ideographs: tuple[int, ...] = ()
    pua: tuple[int, ...] = ()
    leading: int | None = None
    trailing: int | None = None
    ivs: tuple[tuple[int, int], ...] = ()
    repertoire: Repertoire = "jisx0213"

    @property
    def misplaced(self) -> bool:
        """An outside code point is a selector or U+309A (accepted elsewhere, not where it stands)."""
        return any(is_ivs(cp) or cp == COMBINING_SEMI_VOICED for cp in self.outside)


def _edges(value: str) -> tuple[int | None, int | None]:
    first, last = value[0], value[-1]
    return (ord(first) if first in _SPACE_CHARS else None, ord(last) if last in _SPACE_CHARS else None)


Offence = tuple[OffenceKind, tuple[int, ...]]


class CharScanner:
    """F11, F12, F13 and F15 for one :class:`CharConfig`; build it once (:func:`scanner`) and reuse it."""

    __slots__ = (
        "_ascii_fast",
        "_extra",
        "_fast",
        "_jis_ideographs",
        "_moji",
        "_moji_singles",
        "_pd",
        "_pua",
        "_repertoire",
        "_sequences",
    )

    def __init__(self, config: CharConfig = DEFAULT_CHARS) -> None:
        self._pd = config.platform_dependent
        self._pua = config.pua
        self._extra = config.extra
        self._moji = config.moji
        self._moji_singles = frozenset() if config.moji is None else config.moji.singles
        self._sequences = frozenset() if config.moji is None else config.moji.sequences
        self._jis_ideographs = config.repertoire != "mj"
        self._repertoire = config.repertoire
        self._fast = frozenset(chr(cp) for cp in safe_code_points(config))
        self._ascii_fast = not any(cp < 0x80 for cp in self._pd)

    def scan(self, value: str) -> CharFaults | None:
        """What is wrong with the characters of ``value``, or None when nothing is."""
        if not value:
            return None
        if (value.isascii() and value.isprintable() and self._ascii_fast) or self._fast.issuperset(value):
            if value[0] in _SPACE_CHARS or value[-1] in _SPACE_CHARS:
                leading, trailing = _edges(value)
                return CharFaults(leading=leading, trailing=trailing, repertoire=self._repertoire)
            return None
        return self.scan_slowly(value)

    def _ideograph_ok(self, cp: int) -> bool:
        """An ideograph standing alone is in the repertoire (the mode decides which sets count)."""
        if cp in self._extra or cp in self._moji_singles:
            return True
        return self._jis_ideographs and in_repertoire(cp)

    def offences(self, value: str) -> list[Offence]:
        """Every offending occurrence of ``value`` in order: the definition both the faults and the 外字
        inventory are read from.

        Keys are one code point, except that a selector or U+309A not accepted where it stands is kept with
        the character before it, and an IVS sequence the tables judge is kept whole (the pair is what the
        data meant). The fast set is only a shortcut: a character in it gives no offence here either.
        """
        fast = self._fast
        out: list[Offence] = []
        n = len(value)
        for i, ch in enumerate(value):
            cp = ord(ch)
            if cp in self._pd:
                out.append(("platform", (cp,)))
            if ch in fast:
                continue
            if is_ivs(cp):
                prev = ord(value[i - 1]) if i else -1
                if prev < 0:
                    out.append(("selector", (cp,)))
                elif not is_ideograph(prev):
                    out.append(("selector", (prev, cp)))
                elif self._moji is not None and (prev, cp) not in self._sequences:
                    # jisx0213 accepts any selector after an ideograph (spec §2 F12); MJ judges the pair
                    out.append(("ivs" if self._ideograph_ok(prev) else "ideograph", (prev, cp)))
                continue
            if cp == COMBINING_SEMI_VOICED:
                if i == 0:
                    out.append(("combining", (cp,)))
                elif not pair_encodes(value[i - 1]):
                    out.append(("combining", (ord(value[i - 1]), cp)))
                continue
            if is_pua(cp):
                if cp not in self._pua and cp not in self._moji_singles:
                    out.append(("pua", (cp,)))
                continue
            if is_ideograph(cp):
                if i + 1 < n and is_ivs(ord(value[i + 1])):
                    continue  # decided at the selector, as a sequence
                if not self._ideograph_ok(cp):
                    out.append(("ideograph", (cp,)))
                continue
            if cp in self._extra or cp in self._moji_singles or in_repertoire(cp):
                continue
            out.append(("outside", (cp,)))
        return out

    def scan_slowly(self, value: str) -> CharFaults | None:
        """The per-character path (the fast path's definition; tests compare the two)."""
        if not value:
            return None
        platform: list[int] = []
        outside: list[int] = []
        ideographs: list[int] = []
        pua: list[int] = []
        ivs: list[tuple[int, int]] = []
        for kind, key in self.offences(value):
            if kind == "platform":
                platform.append(key[0])
            elif kind == "pua":
                pua.append(key[0])
            elif kind == "ideograph":
                ideographs.append(key[0])
            elif kind == "ivs":
                ivs.append((key[0], key[1]))
            else:  # outside, or a misplaced selector or U+309A: the code point itself
                outside.append(key[-1])
        leading, trailing = _edges(value)
        if not (platform or outside or ideographs or pua or ivs) and leading is None and trailing is None:
            return None
        return CharFaults(
            tuple(platform),
            tuple(outside),
            tuple(ideographs),
            tuple(pua),
            leading,
            trailing,
            tuple(ivs),
            self._repertoire,
        )


@lru_cache(maxsize=16)
def scanner(config: CharConfig = DEFAULT_CHARS) -> CharScanner:
    """The shared :class:`CharScanner` of a configuration (construction precomputes the fast set)."""
    return CharScanner(config)
