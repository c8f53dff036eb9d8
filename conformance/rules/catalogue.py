"""The rule catalogue: every rule of the spec, gathered from the rule units (one file per rule).

A rule unit declares its ``META`` (id, severity, scope, titles, source, explanation, parameters); this module
only lists the units, one line each, and nothing else here says what a rule is. ``conformance rules`` and
docs/rules.md are generated from the catalogue.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from conformance.core.messages import Message
from conformance.core.rules import RuleMeta
from conformance.rules.cross.base import CrossRule

#: Rule id -> the module (under conformance.rules) that defines it. One line per rule.
UNITS: dict[str, str] = {
    "F1": "file.f1_encoding",
    "F2": "file.f2_bom",
    "F3": "file.f3_dialect",
    "F4": "file.f4_header",
    "F5": "file.f5_one_line",
    "F6": "file.f6_line_endings",
    "F16": "file.f16_record_syntax",
    "F17": "file.f17_xml_external",
    "F18": "file.f18_not_text",
    "F7": "item.f7_null",
    "F8": "item.f8_numbers",
    "F9": "item.f9_dates",
    "F10": "item.f10_datetimes",
    "F11": "item.f11_platform_dependent",
    "F12": "item.f12_repertoire",
    "F13": "item.f13_private_use",
    "F14": "item.f14_length",
    "F15": "item.f15_spaces",
    "C1": "item.c1_required",
    "C2": "item.c2_conditionally_required",
    "C3": "item.c3_text_type",
    "C4": "item.c4_max_length",
    "C5": "item.c5_min_length",
    "C6": "item.c6_code_table",
    "C7": "item.c7_format",
    "C8": "item.c8_check_digit",
    "C9": "item.c9_wareki",
    "X1": "cross.x1_primary_key",
    "X2": "cross.x2_history_sequence",
    "X3": "cross.x3_one_head",
    "X4": "cross.x4_head_missing",
    "X5": "cross.x5_household_address",
    "X6": "cross.x6_head_name",
    "X7": "cross.x7_move_not_after_processing",
    "X8": "cross.x8_notice_not_after_processing",
    "X9": "cross.x9_notice_after_move",
    "X10": "cross.x10_birth_first",
    "X11": "cross.x11_wareki_matches_birth",
    "X12": "cross.x12_items_by_resident_kind",
    "X13": "cross.x13_wareki_birth_missing",
    "X14": "cross.x14_identifier_owner",
    "X15": "cross.x15_no_removal_for_residents",
    "X16": "cross.x16_removal_matches_state",
    "X17": "cross.x17_after_death",
    "X18": "cross.x18_reason_by_resident_kind",
    "X19": "cross.x19_foreign_resident_since",
    "X20": "cross.x20_residence_period",
    "X21": "cross.x21_reference_exists",
    "X22": "cross.x22_resident_and_nonresident",
    "X23": "cross.x23_annual_tax_sum",
    "X24": "cross.x24_tax_class_amounts",
    "X25": "cross.x25_taxpayer_number",
    "X26": "cross.x26_standard_not_above_value",
    "X27": "cross.x27_registered_area_fraction",
    "X28": "cross.x28_built_before_tax_year",
    "X29": "cross.x29_acquired_by_assessment_date",
    "X30": "cross.x30_standard_vehicle_rate",
    "X31": "cross.x31_fiscal_year_order",
    "X32": "cross.x32_fiscal_year_length",
    "X33": "cross.x33_return_date",
    "X34": "cross.x34_items_by_person_kind",
    "X35": "cross.x35_nonresident_number_owner",
    "D1": "dataset.d1_no_records",
    "D2": "dataset.d2_incomplete",
}


def _unit(rule_id: str, module: str) -> ModuleType:
    unit = importlib.import_module(f"conformance.rules.{module}")
    if unit.META.id != rule_id:
        raise RuntimeError(f"conformance.rules.{module} declares {unit.META.id}, registered as {rule_id}")
    return unit


_MODULES = {rule_id: _unit(rule_id, module) for rule_id, module in UNITS.items()}

#: Every rule's metadata, by id.
RULES: dict[str, RuleMeta] = {rule_id: unit.META for rule_id, unit in _MODULES.items()}
#: The cross-record rule classes X1–X35, by id (each unit's ``RULE``).
CROSS_RULES: dict[str, type[CrossRule]] = {
    rule_id: unit.RULE for rule_id, unit in _MODULES.items() if hasattr(unit, "RULE")
}


def _messages() -> dict[str, list[Message]]:
    """Every message template of the rules and types, by the rule id its id starts with (``F8.digits``)."""
    import conformance.rules
    import conformance.types

    found: dict[str, list[Message]] = {}
    seen: set[str] = set()
    for package in (conformance.rules, conformance.types):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            module = importlib.import_module(info.name)
            values = list(vars(module).values())
            for v in list(values):
                if isinstance(v, type) and v.__module__ == info.name:
                    values.extend(vars(v).values())
            hook = getattr(module, "templates", None)  # templates made per registry entry (C8)
            if callable(hook):
                values.extend(hook())
            for v in values:
                inner = list(v.values()) if isinstance(v, dict) else list(v) if isinstance(v, list | tuple) else [v]
                # registry entries (the データ型 instances) hold their templates as attributes
                inner += [a for o in inner if not isinstance(o, type) and hasattr(o, "__dict__") for a in vars(o).values()]
                for m in inner:
                    if isinstance(m, Message) and m.id not in seen:
                        seen.add(m.id)
                        found.setdefault(m.id.split(".", 1)[0], []).append(m)
    return found


def messages_of(rule_id: str) -> list[Message]:
    """The message templates findings of ``rule_id`` can carry, in definition order."""
    global _MESSAGES
    if _MESSAGES is None:
        _MESSAGES = _messages()
    return list(_MESSAGES.get(rule_id, ()))


_MESSAGES: dict[str, list[Message]] | None = None


def unit_path(rule_id: str) -> str:
    """The file that defines the rule, relative to the repository (``conformance/rules/cross/x7_….py``)."""
    return "conformance/rules/" + UNITS[rule_id].replace(".", "/") + ".py"


def rule_ids() -> list[str]:
    """All ids in spec order (F, C, X, then our own D; numeric within each)."""
    order = {"F": 0, "C": 1, "X": 2, "D": 3}
    return sorted(RULES, key=lambda r: (order[r[0]], int(r[1:])))
