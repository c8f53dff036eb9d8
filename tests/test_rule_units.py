"""The rule units and the catalogue agree: one file per rule, one registry line per file, the metadata and
the class of each unit consistent, every message template unique, every parameter given a value."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conformance.core.messages import Message
from conformance.rules.catalogue import CROSS_RULES, RULES, UNITS
from conformance.rules.cross.base import CrossRule, DatasetRule, FileRule, RowRule
from conformance.rules.cross.history import HistoryRule
from conformance.rules.cross.params import load_parameters, parameters_metaschema
from conformance.schema.documents import SchemaError
from conformance.schema.loader import bundled_schema_root
from conformance.schema.model import SchemaSet
from tests.conftest import REPO

RULES_DIR = REPO / "conformance" / "rules"
UNIT_FILE = re.compile(r"^([fcxd])(\d+)_[a-z0-9_]+\.py$")


def _unit_files() -> dict[str, str]:
    """Rule id → module path under conformance.rules, from the files present."""
    found: dict[str, str] = {}
    for sub in ("file", "item", "cross", "dataset"):
        for path in sorted((RULES_DIR / sub).glob("*.py")):
            m = UNIT_FILE.match(path.name)
            if m:
                found[f"{m[1].upper()}{m[2]}"] = f"{sub}.{path.stem}"
    return found


def test_the_registry_lists_exactly_the_unit_files() -> None:
    assert _unit_files() == UNITS


def test_every_family_is_numbered_without_gaps() -> None:
    for family in "FCXD":
        numbers = sorted(int(r[1:]) for r in RULES if r[0] == family)
        assert numbers == list(range(1, len(numbers) + 1)), family


@pytest.mark.parametrize("rule_id", sorted(CROSS_RULES, key=lambda r: int(r[1:])))
def test_cross_unit_class_matches_its_metadata(rule_id: str) -> None:
    cls = CROSS_RULES[rule_id]
    assert cls.meta is RULES[rule_id]
    expected: type[CrossRule] = {"row": RowRule, "file": FileRule, "dataset": DatasetRule}[cls.meta.scope]
    assert issubclass(cls, expected), f"{rule_id} is scope {cls.meta.scope} but a {cls.__mro__[1].__name__}"
    if issubclass(cls, HistoryRule):  # at most one kind of history flag
        kinds = [n for n in ("entity_flag", "household_flag", "current_flag") if n in vars(cls)]
        assert len(kinds) <= 1, kinds


def _has_filter(cls: type[CrossRule]) -> bool:
    if issubclass(cls, HistoryRule):
        return cls.has_flag()
    if issubclass(cls, RowRule):
        return cls.may_fire is not RowRule.may_fire
    if issubclass(cls, FileRule):
        return cls.candidates is not FileRule.candidates
    assert issubclass(cls, DatasetRule)
    return cls.candidates is not DatasetRule.candidates


def test_every_x_rule_has_a_fast_path_filter() -> None:
    """A rule without one would run on every row of the fast path: allowed, but none is like that today."""
    assert [r for r, cls in CROSS_RULES.items() if not _has_filter(cls)] == []


def _messages() -> list[tuple[str, Message]]:
    """Every Message defined at module or class level anywhere in the package."""
    out: list[tuple[str, Message]] = []
    for path in sorted((REPO / "conformance").rglob("*.py")):
        name = ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        if ".devtools" in name or name.endswith("__main__"):
            continue
        module = importlib.import_module(name)
        seen: set[int] = set()
        for value in list(vars(module).values()):
            candidates = [value]
            if isinstance(value, type) and value.__module__ == name:
                candidates = list(vars(value).values())
            for v in candidates:
                if isinstance(v, Message) and id(v) not in seen:
                    seen.add(id(v))
                    out.append((name, v))
    return out


def test_message_ids_are_unique_and_name_their_rule() -> None:
    by_id: dict[str, str] = {}
    for module, message in _messages():
        assert message.id not in by_id, f"{message.id} in {module} and {by_id[message.id]}"
        by_id[message.id] = module
        prefix = message.id.split(".", 1)[0]
        assert prefix in RULES or prefix in {"engine"}, f"{message.id}: prefix is not a rule id"


def test_bundled_parameters_fit_the_declarations_and_give_every_value(schema: SchemaSet) -> None:
    values = load_parameters(schema, RULES.values())
    for meta in RULES.values():
        assert set(values.get(meta.id, {})) == {p.name for p in meta.parameters}, meta.id
    doc = json.loads((bundled_schema_root() / "rule_parameters.json").read_text(encoding="utf-8"))
    Draft202012Validator(parameters_metaschema(RULES.values())).validate(doc)


def _with_parameters(tmp_path: Path, schema: SchemaSet, doc: object) -> SchemaSet:
    (tmp_path / "rule_parameters.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    from dataclasses import replace

    return replace(schema, root=tmp_path)


def test_a_schema_set_overrides_one_parameter_and_keeps_the_rest(schema: SchemaSet, tmp_path: Path) -> None:
    own = _with_parameters(
        tmp_path, schema, {"format": "conformance.rule-parameters/1", "X19": {"earliest": "2013-01-01"}}
    )
    values = load_parameters(own, RULES.values())
    assert values["X19"]["earliest"] == "2013-01-01"
    assert values["X7"]["exempt_異動事由"] == ["31", "32"]


@pytest.mark.parametrize(
    ("doc", "where", "problem"),
    [
        ({"format": "conformance.rule-parameters/1", "X99": {}}, "$.X99", "unknown rule or parameter 'X99'"),
        ({"format": "conformance.rule-parameters/1", "X7": {"exempt": []}}, "$.X7.exempt", "'exempt'"),
        ({"format": "conformance.rule-parameters/1", "X19": {"earliest": "2013"}}, "$.X19.earliest", "2013"),
        ({"format": "conformance.rule-parameters/1", "X30": {"rates": {"11": {"1": "2000"}}}},
         "$.X30.rates.11.1", "'2000'"),
    ],
)
def test_a_wrong_parameter_file_is_a_located_schema_error(
    schema: SchemaSet, tmp_path: Path, doc: object, where: str, problem: str
) -> None:
    own = _with_parameters(tmp_path, schema, doc)
    with pytest.raises(SchemaError) as e:
        load_parameters(own, RULES.values())
    assert e.value.path == where
    assert problem in e.value.problem
