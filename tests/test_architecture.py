"""docs/architecture.md stays a true map: every repository path it names exists, every package of the code
has a row in its layer table, and the registries it points to are where it says."""

from __future__ import annotations

import re

from tests.conftest import REPO
from tests.test_layers import LAYERS

DOC = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_path_named_exists() -> None:
    paths = set(re.findall(r"`((?:conformance|schemas|tests|docs)/[^`<>*]+?)`", DOC))
    assert paths, "the page names no path"
    missing = sorted(p for p in paths if not (REPO / p).exists())
    assert missing == []


def test_the_layer_table_matches_the_layer_test() -> None:
    rows = re.findall(r"^\| (\d) \| ([^|]+) \|", DOC, flags=re.M)
    documented = {name.strip(" `"): int(layer) for layer, names in rows for name in names.split(",")}
    code = {name: layer for name, layer in LAYERS.items() if name != "__main__"}
    assert documented == code


def test_the_registries_named_are_defined_in_the_files_named() -> None:
    """「one line in `UNITS` of `conformance/rules/catalogue.py`」: the file defines that name."""
    pairs = re.findall(r"`(\w+)` of `([^`]+\.py)`", DOC)
    assert len(pairs) >= 4
    for name, path in pairs:
        source = (REPO / path).read_text(encoding="utf-8")
        assert re.search(rf"^{name}\b.*[:=]", source, flags=re.M), f"{path} does not define {name}"
