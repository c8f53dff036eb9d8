"""Copies of the reference material (tests/data/README.md): each file equals its recorded sha256 always,
and its origin in the reference material byte for byte when CONFORMANCE_REFERENCE_DIR names that folder."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.conftest import DATA, REFERENCE, REPO

COPIES: dict[str, dict[str, str]] = json.loads((DATA / "copies.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted(COPIES))
def test_copy_is_unchanged(path: str) -> None:
    raw = (REPO / path).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == COPIES[path]["sha256"], f"{path} changed: copy it again"
    origin = REFERENCE / COPIES[path]["origin"] if REFERENCE is not None else None
    if origin is not None and origin.is_file():  # named: the copy is still the original
        assert raw == origin.read_bytes(), (
            f"{path} differs from the reference material: {COPIES[path]['origin']}"
        )


def test_every_copied_folder_is_listed() -> None:
    """A file added to a copied folder without recording its origin would escape the check above."""
    folders = {"tests/data/spec_examples", "schemas/reference/sheets", "schemas/reference/codes"}
    present = {str(p.relative_to(REPO)) for f in folders for p in (REPO / f).iterdir()}
    assert present <= set(COPIES)
