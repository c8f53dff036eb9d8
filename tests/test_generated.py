"""Committed derived files (the meta-schema enums …) are what the generator writes from their owners."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conformance.devtools.regenerate import GENERATED

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("path", "produce"), GENERATED, ids=[path for path, _ in GENERATED])
def test_committed_file_is_up_to_date(path: str, produce: Callable[[], str]) -> None:
    committed = (REPO / path).read_text(encoding="utf-8")
    assert committed == produce(), f"{path} is stale: run `python3 -m conformance.devtools.regenerate`"


def test_enums_come_from_their_owners() -> None:
    """The generated enums are the catalogue's rule ids and the registry's types, not a copy."""
    from conformance.rules.catalogue import rule_ids
    from conformance.schema.documents import metaschema
    from conformance.types.registry import DATA_TYPES

    layout = metaschema("layout").schema
    assert layout["$defs"]["item"]["properties"]["データ型"]["enum"] == list(DATA_TYPES)
    for name in ("dataset", "config"):
        assert metaschema(name).schema["$defs"]["rule_id"]["enum"] == rule_ids()
