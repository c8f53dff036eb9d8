"""Shared fixtures: the bundled schema set (loaded once), and the repository's paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conformance.schema.loader import load_schema_set
from conformance.schema.model import SchemaSet

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
#: The reference material the copies in ``DATA`` were taken from, only when the run names it
#: (``CONFORMANCE_REFERENCE_DIR``; CI sets it where the material sits beside the clone). The tests never
#: need it: without it, the copies are checked against their recorded hashes alone.
_NAMED = os.environ.get("CONFORMANCE_REFERENCE_DIR")
REFERENCE = Path(_NAMED) if _NAMED else None


@pytest.fixture(scope="session")
def schema() -> SchemaSet:
    return load_schema_set()


@pytest.fixture(autouse=True)
def _not_inside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    """CLI tests must not write annotations or step summaries into a real CI job."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The MJ table cache goes to a folder of the test session, never the user's ~/.cache."""
    monkeypatch.setenv("CONFORMANCE_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
