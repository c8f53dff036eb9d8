"""Step 1 of §3.4 as rule faults: the character scanner's findings worded by F11, F12, F13 and F15.

The scanner (``conformance.types.chars``) says which code points offend; the rule units say what that
means and how it is worded. A value gets at most one fault per rule, in the order F11, F12, F13, F15.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from conformance.rules.item import f11_platform_dependent, f12_repertoire, f13_private_use, f15_spaces
from conformance.types.base import ValueFault
from conformance.types.chars import DEFAULT_CHARS, CharConfig, CharFaults, CharScanner, scanner

__all__ = ["CharRules", "char_rules", "faults_of"]

_RULES: Final = (f11_platform_dependent.fault, f12_repertoire.fault, f13_private_use.fault, f15_spaces.fault)


def faults_of(found: CharFaults) -> tuple[ValueFault, ...]:
    """The rule faults of what the scanner found."""
    return tuple(fault for rule in _RULES if (fault := rule(found)) is not None)


class CharRules:
    """F11, F12, F13 and F15 for one configuration; ``scan`` returns ``()`` for a clean value."""

    __slots__ = ("_scanner",)

    def __init__(self, chars: CharScanner) -> None:
        self._scanner = chars

    def scan(self, value: str) -> tuple[ValueFault, ...]:
        """The step-1 faults of a value; ``()`` for a clean one."""
        found = self._scanner.scan(value)
        return () if found is None else faults_of(found)


@lru_cache(maxsize=16)
def char_rules(config: CharConfig = DEFAULT_CHARS) -> CharRules:
    """The shared :class:`CharRules` of a configuration."""
    return CharRules(scanner(config))
