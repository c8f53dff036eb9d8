"""Peer validators run on the rule subset of ``benchmarks.peers.subset`` (optional ``[bench]`` extras).

Each peer module has ``NAME`` and ``run(path, subset, references=None, reference_subsets=None) ->
PeerResult``; it imports its tool inside ``run`` so that this package imports without the extras.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass, field

__all__ = ["MODULES", "PeerResult", "installed"]

# peer name -> (module of this package, the distribution's import name)
MODULES: dict[str, tuple[str, str]] = {
    "frictionless": ("benchmarks.peers.frictionless_peer", "frictionless"),
    "pandera": ("benchmarks.peers.pandera_peer", "pandera"),
    "duckdb": ("benchmarks.peers.duckdb_peer", "duckdb"),
}


@dataclass(frozen=True, slots=True)
class PeerResult:
    """What a peer found: data rows read and violations per subset check (``other``: anything else)."""

    tool: str
    rows: int
    by_check: dict[str, int] = field(default_factory=dict)

    @property
    def violations(self) -> int:
        return sum(self.by_check.values())


def installed(peer: str) -> bool:
    """Whether the peer's tool can be imported (the ``[bench]`` extra is installed)."""
    return importlib.util.find_spec(MODULES[peer][1]) is not None
