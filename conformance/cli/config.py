"""Configuration beside the user's project: ``.conformance.toml`` or ``pyproject.toml [tool.conformance]``.

The nearest of the two in the current folder or a parent wins (``.conformance.toml`` before
``pyproject.toml`` in the same folder). Its top-level keys are defaults of ``validate``'s options (``schema``,
``format``, ``lang`` …, dashes or underscores), relative paths taken from the file's folder; its
``[settings]`` table holds the schema settings that ``--config`` files hold (``m11_remainder1``,
``severity``, ``disabled_rules`` …). Command-line options override the file; ``--config`` settings override
its settings. ``--show-values`` cannot be set here: unmasking personal data is decided per run.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.cli.i18n import did_you_mean

__all__ = ["ConfigFileError", "FoundConfig", "discover"]

#: validate's options a configuration file may set, with the kind of value each takes.
OPTION_KEYS: dict[str, type | tuple[type, ...]] = {
    "schema": str,
    "codes": str,
    "config": str,
    "layout": str,
    "format": str,
    "output_dir": str,
    "fail_on": str,
    "lang": str,
    "encoding": str,
    "max_per_rule": int,
    "engine": str,
    "require_complete": bool,
    "spill_dir": str,
}
_PATH_KEYS = frozenset({"schema", "codes", "config", "output_dir", "spill_dir"})
#: option name in the file -> the parameter name of the click command
_PARAM = {"schema": "schema_path", "format": "fmts"}
MAX_BYTES = 1 << 20


class ConfigFileError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class FoundConfig:
    path: Path
    prefix: str  # JSON-path-like prefix of its settings table, for located messages
    defaults: dict[str, Any] = field(default_factory=dict)  # click parameter name -> default
    settings: dict[str, Any] | None = None


def _table(path: Path) -> tuple[Mapping[str, Any], str] | None:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ConfigFileError(f"{path}: cannot read the file ({e.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise ConfigFileError(f"{path}: larger than {MAX_BYTES:,} bytes")
    try:
        doc = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as e:
        raise ConfigFileError(f"{path}: invalid TOML ({e})") from None
    if path.name == "pyproject.toml":
        tool = doc.get("tool", {})
        section = tool.get("conformance") if isinstance(tool, dict) else None
        if section is None:
            return None
        if not isinstance(section, dict):
            raise ConfigFileError(f"{path}: [tool.conformance] must be a table")
        return section, "$.tool.conformance"
    return doc, "$"


def _parse(path: Path, table: Mapping[str, Any], prefix: str) -> FoundConfig:
    defaults: dict[str, Any] = {}
    settings = None
    for key, value in table.items():
        name = key.replace("-", "_")
        if name == "settings":
            if not isinstance(value, dict):
                raise ConfigFileError(f"{path}: {prefix}.settings must be a table")
            settings = dict(value)
            continue
        kind = OPTION_KEYS.get(name)
        if kind is None:
            hint = did_you_mean(name, [*OPTION_KEYS, "settings"], "en")
            known = ", ".join([*OPTION_KEYS, "settings"])
            raise ConfigFileError(f"{path}: {prefix}.{key}: 不明なキー / unknown key{hint} (known: {known})")
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            expected = getattr(kind, "__name__", str(kind))
            raise ConfigFileError(f"{path}: {prefix}.{key}: expected {expected}, got {value!r}")
        if name in _PATH_KEYS:
            value = str((path.parent / str(value)).resolve())
        defaults[_PARAM.get(name, name)] = value
    return FoundConfig(path, f"{prefix}.settings", defaults, settings)


def discover(start: Path) -> FoundConfig | None:
    """The nearest configuration file from ``start`` upwards, or None."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        for name in (".conformance.toml", "pyproject.toml"):
            path = candidate / name
            if path.is_file():
                found = _table(path)
                if found is not None:
                    return _parse(path, *found)
    return None
