"""Settings: the ``settings`` object of dataset.json and a ``--config`` file, applied over the defaults.

Both follow ``metaschema/config.schema.json`` (rule ids in ``severity`` and ``disabled_rules`` are checked
there); what JSON Schema cannot say (files exist, items exist, real dates) is checked here, located.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from conformance.schema.documents import SchemaError, read_json, validate_document
from conformance.schema.gaiji_map import read_gaiji_map
from conformance.schema.model import Settings
from conformance.schema.moji import read_moji_tables
from conformance.schema.tables import read_repertoire
from conformance.types.moji import REPERTOIRES

__all__ = ["apply_settings", "check_repertoire", "iso_date", "load_config", "with_character_inputs"]

_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def apply_settings(
    obj: Any,
    settings: Settings,
    *,
    file: Path,
    prefix: str,
    base: Path,
    item_scopes: Mapping[str, frozenset[str]] | None = None,
) -> Settings:
    """Settings with the fields of ``obj`` (config schema) applied; relative paths resolve from ``base``."""
    validate_document(obj, "config", file, prefix)
    changes: dict[str, Any] = {}
    if "m11_remainder1" in obj:
        changes["m11_remainder1"] = obj["m11_remainder1"]
    if "severity" in obj:
        changes["severity_overrides"] = {**settings.severity_overrides, **obj["severity"]}
    if "disabled_rules" in obj:
        changes["disabled_rules"] = frozenset(obj["disabled_rules"])
    if "byte_length_items" in obj:
        if item_scopes is not None:
            for index, entry in enumerate(obj["byte_length_items"]):
                problem = _byte_item_problem(entry, item_scopes)
                if problem:
                    raise SchemaError(file, f"{prefix}.byte_length_items[{index}]", problem)
        changes["byte_length_items"] = frozenset(obj["byte_length_items"])
    if "pua_map" in obj:  # the コードポイント,対応 table or a filled 同定 worksheet
        changes["pua_map"] = (
            {}
            if obj["pua_map"] is None
            else read_gaiji_map(_existing(base, obj, "pua_map", file, prefix)).pua_map
        )
    if "repertoire" in obj:
        value = obj["repertoire"]
        if value is None or value in REPERTOIRES:
            changes["repertoire"] = value
        else:  # before the MJ modes, "repertoire" named the file of extra code points: still read so
            changes["extra_repertoire"] = read_repertoire(_existing(base, obj, "repertoire", file, prefix))
    if "extra_repertoire" in obj:
        changes["extra_repertoire"] = (
            frozenset()
            if obj["extra_repertoire"] is None
            else read_repertoire(_existing(base, obj, "extra_repertoire", file, prefix))
        )
    if "moji" in obj:
        value = obj["moji"]
        names = [] if value is None else [value] if isinstance(value, str) else list(value)
        paths = [_existing(base, {"moji": n}, "moji", file, f"{prefix}") for n in names]
        changes["moji"] = read_moji_tables(paths)
    if "processing_date" in obj:
        value = obj["processing_date"]
        if value is not None and iso_date(value) is None:
            raise SchemaError(file, f"{prefix}.processing_date", f"{value!r} is not a real date YYYY-MM-DD")
        changes["processing_date"] = value
    return replace(settings, **changes)


def _existing(base: Path, obj: Mapping[str, Any], key: str, file: Path, prefix: str) -> Path:
    path = base / str(obj[key])
    if not path.is_file():
        raise SchemaError(file, f"{prefix}.{key}", f"file not found: {path}")
    return path


def _byte_item_problem(entry: str, scopes: Mapping[str, frozenset[str]]) -> str | None:
    """``項目名`` must be an item of some layout; ``<file>:<項目名>`` an item of that file's layout."""
    if ":" in entry:
        scope, name = entry.split(":", 1)
        if scope not in scopes:
            return f"{entry!r}: {scope!r} is not a file of the schema set"
        return None if name in scopes[scope] else f"{entry!r}: {name!r} is not an item of {scope}"
    if any(entry in names for names in scopes.values()):
        return None
    return f"{entry!r} is not an item of any layout"


#: A configuration file larger than this is refused (a settings file is a few lines).
MAX_CONFIG_BYTES = 1 << 20


def read_config(path: Path) -> Any:
    """A settings file: TOML (``.toml``, what Python users write) or JSON; a located SchemaError otherwise."""
    path = Path(path)
    if path.suffix.lower() != ".toml":
        return read_json(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SchemaError(path, "", f"cannot read the file ({exc.strerror})") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise SchemaError(
            path, "", f"{len(raw):,} bytes: a configuration file may hold at most {MAX_CONFIG_BYTES:,}"
        )
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SchemaError(path, "", "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise SchemaError(path, "", f"invalid TOML: {exc}") from None
    except RecursionError:
        raise SchemaError(path, "", "nested too deeply") from None


def load_config(path: Path, settings: Settings) -> Settings:
    """Settings overridden by a config file, TOML or JSON (keys of ``metaschema/config.schema.json``)."""
    path = Path(path)
    return apply_settings(read_config(path), settings, file=path, prefix="$", base=path.parent)


def with_character_inputs(
    settings: Settings, *, moji: Sequence[Path] = (), gaiji_map: Path | None = None
) -> Settings:
    """Settings with command-line MJ tables (added to the config's, a table given twice counts once) and a
    外字 map (its private-use decisions over the config's ``pua_map``)."""
    changes: dict[str, Any] = {}
    if moji:
        changes["moji"] = read_moji_tables([Path(p) for p in moji], settings.moji)
    if gaiji_map is not None:
        changes["pua_map"] = {**settings.pua_map, **read_gaiji_map(Path(gaiji_map)).pua_map}
    return replace(settings, **changes) if changes else settings


def check_repertoire(settings: Settings, file: Path | str) -> None:
    """``mj`` and ``jisx0213+mj`` judge by the MJ tables, so they need one (``moji`` or ``--moji``)."""
    if settings.repertoire not in (None, "jisx0213") and settings.moji is None:
        raise SchemaError(
            file,
            "$.repertoire",
            f"repertoire {settings.repertoire!r} needs the MJ文字情報一覧表: "
            "give --moji TABLE or the config key moji",
        )
