"""Character rules F11–F15 (spec §1.3, §2): repertoire, 外字, platform-dependent characters, spaces, length.

The JIS X 0213 repertoire is *defined* by Python's ``euc_jis_2004`` codec (spec §2 F12), so the codec is
the reference and nothing here is a hand-made table. These checks run on every field of every row, so a
:class:`CharScanner` precomputes one set of "always fine" characters and a typical value costs a single
C-level ``issuperset`` call; only values with unusual characters take the per-character slow path.
Values are never normalised (NFC would rewrite CJK compatibility ideographs that JIS X 0213 encodes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from conformance.core.findings import Severity
from conformance.core.messages import Message, Params, fixed_text

__all__ = [
    "IVS_FIRST",
    "IVS_LAST",
    "CharScanner",
    "ValueFault",
    "byte_length",
    "describe_chars",
    "in_repertoire",
    "is_ideograph",
    "is_ivs",
    "is_pua",
    "length",
    "scan",
    "scanner",
]

IVS_FIRST, IVS_LAST = 0xE0100, 0xE01EF  # ideographic variation selectors (Moji_Joho IVD)
COMBINING_SEMI_VOICED = 0x309A  # accepted only as the second half of a JIS X 0213 composed pair

# §2 F12: the ideograph ranges (CJK unified, extension A–I, compatibility, compatibility supplement).
_IDEOGRAPH_RANGES: tuple[tuple[int, int], ...] = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x2F800, 0x2FA1F),
    (0x30000, 0x323AF),
)
# §2 F13: private use areas (BMP PUA, plane 15, plane 16).
_PUA_RANGES: tuple[tuple[int, int], ...] = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_SPACES = (" ", "\u3000")  # F15: U+0020 and U+3000
_IVS_RE = re.compile("[\U000e0100-\U000e01ef]")
_MAX_LISTED = 8  # characters named in one message; the rest are counted


@dataclass(frozen=True, slots=True)
class ValueFault:
    """One fault of one value: a rule id, its severity and a bilingual message that never quotes the value.

    Defined here, in the lowest module of the value rules, so that ``item_checks`` (which re-exports it)
    and the character scanner share one type without an import cycle.
    """

    rule: str
    severity: Severity
    message_ja: str
    message_en: str

    @property
    def message(self) -> Message:
        return fixed_text(f"{self.rule}.untemplated", self.message_ja, self.message_en)

    @property
    def params(self) -> Params:
        return ()


def is_ideograph(cp: int) -> bool:
    """True for a code point in one of the §2 F12 ideograph ranges."""
    return cp >= 0x3400 and any(lo <= cp <= hi for lo, hi in _IDEOGRAPH_RANGES)


def is_ivs(cp: int) -> bool:
    return IVS_FIRST <= cp <= IVS_LAST


def is_pua(cp: int) -> bool:
    """True for a private-use code point (F13 外字)."""
    return cp >= 0xE000 and any(lo <= cp <= hi for lo, hi in _PUA_RANGES)


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
    """List distinct code points as ``U+XXXX (c)``, at most a few, for messages (never the whole value)."""
    seen: list[int] = []
    for cp in cps:
        if cp not in seen:
            seen.append(cp)
    shown = ", ".join(_show(cp) for cp in seen[:_MAX_LISTED])
    if len(seen) > _MAX_LISTED:
        shown += f", … (+{len(seen) - _MAX_LISTED})"
    return shown


def _f15(value: str) -> ValueFault | None:
    where_ja: list[str] = []
    where_en: list[str] = []
    if value[0] in _SPACES:
        where_ja.append(f"先頭（{_show(ord(value[0]))}）")
        where_en.append(f"leading {_show(ord(value[0]))}")
    if value[-1] in _SPACES:
        where_ja.append(f"末尾（{_show(ord(value[-1]))}）")
        where_en.append(f"trailing {_show(ord(value[-1]))}")
    if not where_ja:
        return None
    return ValueFault(
        "F15",
        Severity.WARNING,
        f"値の{'と'.join(where_ja)}に空白があります。体裁のための空白は削除してください。",
        f"The value has a {' and a '.join(where_en)} space; remove spaces added for layout.",
    )


class CharScanner:
    """F11, F12, F13 and F15 for one configuration (機種依存文字 list, 外字 map, extra repertoire).

    Build one per schema set and reuse it: construction precomputes the fast-path set.
    """

    __slots__ = ("_ascii_fast", "_extra", "_fast", "_pd", "_pua_map")

    def __init__(
        self,
        *,
        platform_dependent: frozenset[int] = frozenset(),
        pua_map: Mapping[int, str] | None = None,
        extra: frozenset[int] = frozenset(),
    ) -> None:
        self._pd = frozenset(platform_dependent)
        self._pua_map = frozenset(pua_map or ())
        self._extra = frozenset(extra)
        # The fast set holds characters that can never produce a fault on their own (the edges still
        # get the F15 test). Platform-dependent characters are left out so that they reach F11.
        fast = set(base_repertoire())
        fast.update(chr(cp) for cp in self._pua_map)
        fast.update(chr(cp) for cp in self._extra if not is_pua(cp) and not is_ivs(cp))
        fast.discard("\u309a")
        fast.difference_update(chr(cp) for cp in self._pd)
        self._fast = frozenset(fast)
        self._ascii_fast = not any(cp < 0x80 for cp in self._pd)

    def scan(self, value: str) -> tuple[ValueFault, ...]:
        """The step-1 faults of a value, in the order F11, F12, F13, F15; ``()`` for a clean value."""
        if not value:
            return ()
        if (value.isascii() and value.isprintable() and self._ascii_fast) or self._fast.issuperset(value):
            if value[0] in _SPACES or value[-1] in _SPACES:
                f15 = _f15(value)
                return (f15,) if f15 is not None else ()
            return ()
        return self._slow(value)

    def _slow(self, value: str) -> tuple[ValueFault, ...]:
        fast = self._fast
        platform: list[int] = []
        errors: list[int] = []
        ideographs: list[int] = []
        pua: list[int] = []
        n = len(value)
        for i, ch in enumerate(value):
            cp = ord(ch)
            if cp in self._pd:
                platform.append(cp)
            if ch in fast:
                continue
            if IVS_FIRST <= cp <= IVS_LAST:
                if i == 0 or not is_ideograph(ord(value[i - 1])):
                    errors.append(cp)
                continue
            if cp == COMBINING_SEMI_VOICED:
                if i == 0 or not pair_encodes(value[i - 1]):
                    errors.append(cp)
                continue
            if is_pua(cp):
                if cp not in self._pua_map:
                    pua.append(cp)
                continue
            if cp in self._extra or in_repertoire(cp):
                continue
            if is_ideograph(cp):
                if not (i + 1 < n and is_ivs(ord(value[i + 1]))):
                    ideographs.append(cp)
                continue
            errors.append(cp)

        faults: list[ValueFault] = []
        if platform:
            listed = describe_chars(platform)
            faults.append(
                ValueFault(
                    "F11",
                    Severity.WARNING,
                    f"機種依存文字を含みます: {listed}。原則として使用しないでください。",
                    f"Contains platform-dependent characters: {listed}; avoid them in principle.",
                )
            )
        if errors:
            listed = describe_chars(errors)
            also_ja = also_en = ""
            if ideographs:
                also_ja = f"（範囲外の漢字: {describe_chars(ideographs)}）"
                also_en = f" (ideographs outside the range: {describe_chars(ideographs)})"
            if any(is_ivs(cp) or cp == COMBINING_SEMI_VOICED for cp in errors):
                also_ja += "。異体字セレクタは漢字の直後、U+309Aは合成できるかなの直後に限り使えます"
                also_en += "; a variation selector is accepted only right after an ideograph, U+309A only "
                also_en += "after a kana it composes with"
            faults.append(
                ValueFault(
                    "F12",
                    Severity.ERROR,
                    f"JIS X 0213の範囲外の文字を含みます: {listed}{also_ja}。",
                    f"Contains characters outside JIS X 0213: {listed}{also_en}.",
                )
            )
        elif ideographs:
            listed = describe_chars(ideographs)
            faults.append(
                ValueFault(
                    "F12",
                    Severity.WARNING,
                    f"JIS X 0213の範囲外の漢字を含みます（異体字セレクタなし）: {listed}。"
                    "MJ文字であれば追加文字一覧（repertoire）の指定で解消します。",
                    f"Contains ideographs outside JIS X 0213 without a variation selector: {listed}. "
                    "If they are MJ characters, supply the extra repertoire list.",
                )
            )
        if pua:
            listed = describe_chars(pua)
            faults.append(
                ValueFault(
                    "F13",
                    Severity.ERROR,
                    f"外字（私用領域）の文字を含みます: {listed}。"
                    "外字対応表（pua_map）で対応付けてください。",
                    f"Contains 外字 (private-use) code points: {listed}; map them with a PUA mapping table.",
                )
            )
        f15 = _f15(value)
        if f15 is not None:
            faults.append(f15)
        return tuple(faults)


@lru_cache(maxsize=16)
def _cached_scanner(
    platform_dependent: frozenset[int], pua: frozenset[int], extra: frozenset[int]
) -> CharScanner:
    return CharScanner(platform_dependent=platform_dependent, pua_map=dict.fromkeys(pua, ""), extra=extra)


def scanner(
    *,
    platform_dependent: frozenset[int] = frozenset(),
    pua_map: Mapping[int, str] | None = None,
    extra: frozenset[int] = frozenset(),
) -> CharScanner:
    """A shared :class:`CharScanner` for this configuration (only the PUA map's keys matter)."""
    return _cached_scanner(frozenset(platform_dependent), frozenset(pua_map or ()), frozenset(extra))


def scan(
    value: str,
    *,
    platform_dependent: frozenset[int],
    pua_map: Mapping[int, str],
    extra: frozenset[int],
) -> tuple[ValueFault, ...]:
    """F11/F12/F13/F15 faults of ``value`` (at most one per rule). Hot loops should hold a scanner."""
    return scanner(platform_dependent=platform_dependent, pua_map=pua_map, extra=extra).scan(value)
