"""Rewrite every committed file that is derived from the code: ``python3 -m conformance.devtools.regenerate``.

The schema layer validates rule ids and データ型 against enums held in its meta-schemas, so that it needs
no import of the rules; those enums are written here from their owners (the rule catalogue, the type
registry, the layout columns). ``tests/test_generated.py`` fails when a committed file differs from what
:data:`GENERATED` produces. To add a derived file, add one (path, producer) pair.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Final

from conformance.reports.rules_doc import render_markdown
from conformance.rules.catalogue import rule_ids
from conformance.schema.documents import RULE_ID_TITLE, metaschema_path
from conformance.schema.layout_checks import CERTAINTIES
from conformance.types.registry import DATA_TYPES

__all__ = ["GENERATED", "dump_json", "main"]

_WIDTH: Final = 110


def dump_json(value: Any, indent: int = 0) -> str:
    """JSON as the meta-schemas are written: a value on one line when it fits, else one member a line."""
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= _WIDTH or not isinstance(value, dict | list) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        inner = [
            f"{pad}{json.dumps(k, ensure_ascii=False)}: {dump_json(v, indent + 2).lstrip()}"
            for k, v in value.items()
        ]
        return "{\n" + ",\n".join(inner) + "\n" + " " * indent + "}"
    if all(not isinstance(v, dict | list) for v in value):  # scalars: as many a line as fit
        lines: list[str] = []
        for v in value:
            item = json.dumps(v, ensure_ascii=False)
            if lines and len(lines[-1]) + len(item) + 2 <= _WIDTH:
                lines[-1] += f" {item},"
            else:
                lines.append(f"{pad}{item},")
        lines[-1] = lines[-1][:-1]
        return "[\n" + "\n".join(lines) + "\n" + " " * indent + "]"
    return "[\n" + ",\n".join(pad + dump_json(v, indent + 2) for v in value) + "\n" + " " * indent + "]"


def _rule_id_def() -> dict[str, Any]:
    return {"title": RULE_ID_TITLE, "description": "Generated from the rule catalogue.", "enum": rule_ids()}


def _metaschema(name: str, edit: Callable[[dict[str, Any]], None]) -> Callable[[], str]:
    def produce() -> str:
        doc: dict[str, Any] = json.loads(metaschema_path(name).read_text(encoding="utf-8"))
        edit(doc)
        return dump_json(doc) + "\n"

    return produce


def _layout(doc: dict[str, Any]) -> None:
    item = doc["$defs"]["item"]["properties"]
    item["データ型"] = {"enum": list(DATA_TYPES), "description": "Generated from the type registry."}
    item["確度"] = {"enum": list(CERTAINTIES)}


def _with_rule_ids(doc: dict[str, Any]) -> None:
    doc.setdefault("$defs", {})["rule_id"] = _rule_id_def()


def _root(path: str) -> Path:
    return Path(__file__).resolve().parents[2] / path


#: (path relative to the repository, producer of its whole text).
GENERATED: Final[Sequence[tuple[str, Callable[[], str]]]] = (
    ("conformance/schema/metaschema/layout.schema.json", _metaschema("layout", _layout)),
    ("conformance/schema/metaschema/dataset.schema.json", _metaschema("dataset", _with_rule_ids)),
    ("conformance/schema/metaschema/config.schema.json", _metaschema("config", _with_rule_ids)),
    ("docs/rules.md", render_markdown),
)


def main() -> int:
    """Write every derived file; print the ones that changed."""
    for path, produce in GENERATED:
        target = _root(path)
        text = produce()
        if target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
