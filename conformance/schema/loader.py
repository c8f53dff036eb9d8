"""Load a schema set (dataset.json, layout JSON files, code-table CSVs, optional config) into the model.

Everything is validated before anything is used: each JSON file against its meta-schema
(``conformance/schema/metaschema/``), then every cross-reference (layout files, code tables, conditions, keys,
rule ids, era codes). A schema set that cannot be used raises ``SchemaError`` with the file, the JSON path (or
CSV line) and the problem, so a user who edits a schema set is told exactly where it is wrong — never a
traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from conformance.schema.conditions import ConditionSyntaxError
from conformance.schema.conditions import parse as parse_condition
from conformance.schema.model import (
    CONDITIONAL,
    REQUIRED,
    Code,
    CodeTable,
    DatasetRule,
    Era,
    FileSpec,
    ForeignKey,
    Group,
    History,
    Item,
    Layout,
    Reference,
    SchemaSet,
    Settings,
)

LAYOUT_FORMAT = "conformance.layout/1"
DATASET_FORMAT = "conformance.dataset/1"

# The 14 columns of a 基本データリスト-like sheet in spec §3.1 order (also the key order of layout JSON).
COLUMNS: tuple[str, ...] = (
    "項目番号",
    "項目名",
    "データ型",
    "最大桁数",
    "最小桁数",
    "必須",
    "コード表",
    "書式",
    "不詳可",
    "暦外可",
    "条件",
    "備考",
    "確度",
    "根拠",
)
DATA_TYPES: tuple[str, ...] = (
    "文字列",
    "全角文字列",
    "半角文字列",
    "カナ",
    "英字氏名",
    "数字",
    "整数",
    "小数",
    "日付",
    "和暦日付",
    "日時",
    "年",
    "コード",
)
CERTAINTIES: tuple[str, ...] = ("VERIFIED", "INFERRED")
CHECK_DIGIT_FORMATS: frozenset[str] = frozenset({"個人番号CD", "法人番号CD", "団体コードCD", "M11"})
DATE_TYPES: frozenset[str] = frozenset({"日付", "和暦日付"})
UNKNOWN_COMPANION_SUFFIX = "不詳表記"  # 不詳可 item X needs the item X不詳表記 (§6)
DECIMAL_FORMAT = re.compile(r"[1-9][0-9]*\.[1-9][0-9]*")  # 書式 p.s of 小数 (§3.2)
CODE_TABLE_HEADERS: tuple[tuple[str, ...], ...] = (("コード", "名称", "備考"), ("コード", "名称"))
PUA_MAP_HEADER: tuple[str, ...] = ("コードポイント", "対応")
METASCHEMA_DIR = Path(__file__).resolve().parent / "metaschema"

_CODE_POINT = re.compile(r"U\+([0-9A-Fa-f]{4,6})")
_PUA_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class SchemaError(Exception):
    """A schema set that cannot be used; str() is a located message: file, JSON path, what is wrong."""

    file: str
    path: str
    problem: str

    def __init__(self, file: str | Path, path: str, problem: str) -> None:
        self.file = str(file)
        self.path = path
        self.problem = re.sub(r"\s*[\r\n]+\s*", " ", problem)  # one line, whatever the source message was
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.problem}"


def _known_rules() -> frozenset[str]:
    """Transitional until the rule ids come from the meta-schema (the schema layer must not import rules)."""
    from conformance.rules.catalogue import RULES

    return frozenset(RULES)


def json_path(*parts: str | int) -> str:
    """The dotted JSON path of every SchemaError (``$.items[3].最大桁数``), also for meta-schema errors."""
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


# ------------------------------------------------------------------------------------------------------------
# Locations


def bundled_schema_root() -> Path:
    """The installed copy (wheel force-include) if present, else the repository's ``schemas/reference``."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "_bundled" / "schemas" / "reference"
    if installed.is_dir():
        return installed
    return package.parent / "schemas" / "reference"


def _locate(root: Path | None) -> tuple[Path, Path]:
    """(schema-set folder, dataset.json) from a folder or a dataset file path."""
    target = bundled_schema_root() if root is None else Path(root)
    if target.is_dir():
        dataset = target / "dataset.json"
        if not dataset.is_file():
            raise SchemaError(target, "", "not a schema set: dataset.json not found in this folder")
        return target, dataset
    if target.is_file():
        return target.parent, target
    raise SchemaError(
        target, "", "schema set not found (expected a folder holding dataset.json, or its path)"
    )


# ------------------------------------------------------------------------------------------------------------
# JSON reading and meta-schema validation


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json object hook: a repeated key would silently win, which hides editing mistakes."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def read_json(path: Path) -> Any:
    """Parse a JSON file; any problem (missing, not UTF-8, syntax, duplicate key) is a located SchemaError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SchemaError(path, "", "file not found") from None
    except OSError as exc:
        raise SchemaError(path, "", f"cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SchemaError(path, f"line {line}", "not valid UTF-8") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise SchemaError(
            path, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}"
        ) from None
    except _DuplicateKey as exc:
        line, column = _find_key(text, str(exc))
        raise SchemaError(
            path, f"line {line}, column {column}", f"duplicate key {str(exc)!r} in an object"
        ) from None


def _find_key(text: str, key: str) -> tuple[int, int]:
    """Line and column of the second occurrence of ``"key":`` (good enough to point at a duplicate)."""
    needle = json.dumps(key, ensure_ascii=False)
    positions = [m.start() for m in re.finditer(re.escape(needle) + r"\s*:", text)]
    pos = positions[1] if len(positions) > 1 else (positions[0] if positions else 0)
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


@cache
def metaschema(name: str) -> Draft202012Validator:
    """The validator of ``metaschema/<name>.schema.json`` (layout, dataset, config)."""
    schema = json.loads((METASCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number"}


def _describe(error: ValidationError) -> tuple[str, str]:
    """(JSON path, problem) of a meta-schema violation, phrased for a person editing the file."""
    path = json_path(*error.absolute_path)
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        properties: dict[str, Any] = schema.get("properties", {})
        unknown = sorted(k for k in error.instance if k not in properties)
        if unknown:
            known = ", ".join(properties)
            return f"{path}.{unknown[0]}", f"unknown key {unknown[0]!r} (allowed: {known})"
    if error.validator == "type":
        value = error.validator_value
        expected = value if isinstance(value, list) else [value]
        got = "null" if error.instance is None else _JSON_TYPES.get(type(error.instance), "value")
        return path, f"expected {' or '.join(map(str, expected))}, got {got} {_short(error.instance)}"
    if error.validator == "enum":
        options = ", ".join(str(option) for option in schema.get("enum", []))
        return path, f"{_short(error.instance)} is not one of: {options}"
    if error.validator == "const":
        return path, f"expected {_short(error.validator_value)}, got {_short(error.instance)}"
    message = error.message if len(error.message) <= 300 else error.message[:297] + "..."
    return path, message


def validate_document(doc: Any, kind: str, file: Path, prefix: str = "$") -> None:
    """Raise the most relevant meta-schema violation of ``doc`` (kind = layout | dataset | config)."""
    error = best_match(metaschema(kind).iter_errors(doc))
    if error is not None:
        path, problem = _describe(error)
        raise SchemaError(file, prefix + path[1:], problem)


# ------------------------------------------------------------------------------------------------------------
# Conditions (§3.3)


def condition_names(text: str) -> frozenset[str]:
    """Item names used by a condition; ``ConditionSyntaxError`` (a ValueError) when it does not parse.

    The one parser of conditions (``conformance.schema.conditions``) is used, so the loader accepts exactly
    what the item checker can evaluate.
    """
    return parse_condition(text).names


# ------------------------------------------------------------------------------------------------------------
# Layout-internal checks (shared with the importer, which maps them to sheet rows)


class ItemProblem(NamedTuple):
    position: int  # index in the items list
    column: str  # one of COLUMNS
    problem: str


def layout_problems(items: Sequence[Mapping[str, Any]]) -> list[ItemProblem]:
    """Problems of a layout that a single item row cannot show; items are already type-correct."""
    problems: list[ItemProblem] = []
    names = {str(item["項目名"]) for item in items}
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        name = str(item["項目名"])
        dtype = item["データ型"]

        def add(column: str, problem: str, index: int = index) -> None:
            problems.append(ItemProblem(index, column, problem))

        if item["項目番号"] != index + 1:
            add("項目番号", f"expected {index + 1}: 項目番号 is the column position, numbered 1..n in order")
        if name in seen:
            add("項目名", f"duplicate 項目名 {name!r} (also item {seen[name]})")
        seen.setdefault(name, index + 1)
        low, high = item["最小桁数"], item["最大桁数"]
        if low is not None and high is not None and low > high:
            add("最小桁数", f"最小桁数 {low} is greater than 最大桁数 {high}")
        if dtype == "コード" and item["コード表"] is None:
            add("コード表", "an item of type コード needs a コード表")
        fmt = item["書式"]
        if dtype == "小数":
            if fmt is None or not DECIMAL_FORMAT.fullmatch(fmt):
                add("書式", "an item of type 小数 needs 書式 p.s (integer and fraction digits, e.g. 10.2)")
        elif fmt is not None and fmt not in CHECK_DIGIT_FORMATS:
            try:
                re.compile(fmt)
            except re.error as exc:
                add(
                    "書式",
                    f"not a check-digit name ({', '.join(sorted(CHECK_DIGIT_FORMATS))}) "
                    f"nor a valid regular expression: {exc}",
                )
        required, condition = item["必須"], item["条件"]
        if required == CONDITIONAL and condition is None:
            add("条件", "a △ (conditionally required) item needs a 条件")
        if condition is not None and required != CONDITIONAL:
            add("条件", f"a 条件 is only meaningful on a △ item (必須 is {required or 'blank'})")
        if item["暦外可"] is not None and dtype not in DATE_TYPES:
            add("暦外可", f"暦外可 applies only to 日付 and 和暦日付, not {dtype}")
        if item["不詳可"] is not None and name + UNKNOWN_COMPANION_SUFFIX not in names:
            add(
                "不詳可",
                f"不詳可 needs the companion item {name + UNKNOWN_COMPANION_SUFFIX!r} in the same layout",
            )
        for column in ("条件", "不詳可", "暦外可"):
            text = item[column]
            if text is None or (column != "条件" and text == REQUIRED):
                continue
            problem = condition_problem(text, names)
            if problem:
                add(column, problem)
    return problems


def condition_problem(text: str, names: Iterable[str]) -> str | None:
    """Why a condition cannot be used in a layout with these item names, or None."""
    try:
        used = condition_names(text)
    except ConditionSyntaxError as exc:
        return f"does not parse: {exc}"
    unknown = sorted(set(used) - set(names))
    if unknown:
        return f"condition {text!r} names {', '.join(map(repr, unknown))}, not an item of this layout"
    return None


# ------------------------------------------------------------------------------------------------------------
# CSV inputs: code tables, 機種依存文字, PUA map, repertoire


def _read_csv(path: Path) -> list[tuple[int, list[str]]]:
    """(first physical line, fields) of every non-blank record; UTF-8 with or without BOM."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SchemaError(path, "", f"cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SchemaError(path, f"line {line}", "not valid UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            if fields:
                rows.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SchemaError(path, f"line {start}", f"malformed CSV: {exc}") from None
    return rows


def _display(path: Path, root: Path) -> str:
    """A code table's source: relative to the schema set when inside it, else the path as given."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def read_code_table(path: Path, *, source: str | None = None) -> CodeTable:
    """A ``コード,名称[,備考]`` CSV; codes are exact strings (leading zeros kept), unique, without spaces."""
    rows = _read_csv(path)
    if not rows:
        raise SchemaError(path, "line 1", "empty file: expected the header コード,名称,備考")
    header_line, header = rows[0]
    if tuple(header) not in CODE_TABLE_HEADERS:
        raise SchemaError(
            path,
            f"line {header_line}",
            f"header must be コード,名称,備考 (or コード,名称), got {','.join(header)}",
        )
    codes: list[Code] = []
    seen: dict[str, int] = {}
    for line, fields in rows[1:]:
        if len(fields) != len(header):
            raise SchemaError(path, f"line {line}", f"{len(fields)} fields, the header has {len(header)}")
        code = fields[0]
        if not code:
            raise SchemaError(path, f"line {line}", "empty コード")
        if code != code.strip():
            raise SchemaError(path, f"line {line}", f"コード {code!r} has surrounding spaces")
        if code in seen:
            raise SchemaError(path, f"line {line}", f"duplicate コード {code!r} (also line {seen[code]})")
        seen[code] = line
        codes.append(Code(code, fields[1], fields[2] if len(fields) > 2 else ""))
    if not codes:
        raise SchemaError(path, f"line {header_line}", "the table has no codes")
    return CodeTable(path.stem, tuple(codes), source if source is not None else str(path))


def read_code_dir(folder: Path, root: Path | None = None) -> dict[str, CodeTable]:
    """Every ``*.csv`` of a folder, keyed by table name (file stem)."""
    if not folder.is_dir():
        raise SchemaError(folder, "", "code-table folder not found")
    tables: dict[str, CodeTable] = {}
    for path in sorted(folder.glob("*.csv")):
        source = _display(path, root) if root is not None else str(path)
        tables[path.stem] = read_code_table(path, source=source)
    return tables


def parse_code_point(text: str) -> int | None:
    """``U+XXXX`` (4–6 hex digits, a Unicode scalar value) → int, else None."""
    match = _CODE_POINT.fullmatch(text)
    if match is None:
        return None
    value = int(match.group(1), 16)
    if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
        return None
    return value


def _platform_dependent(path: Path) -> frozenset[int]:
    """The code points of the 機種依存文字 table (already read as a code table, so well-formed CSV)."""
    points: set[int] = set()
    for line, fields in _read_csv(path)[1:]:
        value = parse_code_point(fields[0])
        if value is None:
            raise SchemaError(path, f"line {line}", f"コード {fields[0]!r} is not a code point U+XXXX")
        points.add(value)
    return frozenset(points)


def read_pua_map(path: Path) -> dict[int, str]:
    """``コードポイント,対応`` CSV: private-use code point → MJ name or UCS sequence (F13)."""
    rows = _read_csv(path)
    if not rows or tuple(rows[0][1]) != PUA_MAP_HEADER:
        raise SchemaError(path, "line 1", "header must be コードポイント,対応")
    mapping: dict[int, str] = {}
    for line, fields in rows[1:]:
        if len(fields) != 2:
            raise SchemaError(path, f"line {line}", f"{len(fields)} fields, expected 2")
        point = parse_code_point(fields[0].strip())
        if point is None:
            raise SchemaError(path, f"line {line}", f"{fields[0]!r} is not a code point U+XXXX")
        if not any(lo <= point <= hi for lo, hi in _PUA_RANGES):
            raise SchemaError(path, f"line {line}", f"{fields[0]} is not a private-use code point")
        if point in mapping:
            raise SchemaError(path, f"line {line}", f"{fields[0]} is mapped twice")
        target = fields[1].strip()
        if not target:
            raise SchemaError(path, f"line {line}", "empty 対応")
        mapping[point] = target
    return mapping


def read_repertoire(path: Path) -> frozenset[int]:
    """Extra accepted code points, one ``U+XXXX`` per line; blank lines and ``#`` comments are ignored."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise SchemaError(path, "", f"cannot read the file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SchemaError(path, "", "not valid UTF-8") from None
    points: set[int] = set()
    for number, line in enumerate(lines, start=1):
        token = line.split("#", 1)[0].strip()
        if not token:
            continue
        point = parse_code_point(token)
        if point is None:
            raise SchemaError(path, f"line {number}", f"{token!r} is not a code point U+XXXX")
        points.add(point)
    return frozenset(points)


# ------------------------------------------------------------------------------------------------------------
# Settings and config


def _iso_date(text: str) -> dt.date | None:
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _apply_settings(
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
        for rule_id in obj["severity"]:
            if rule_id not in _known_rules():
                raise SchemaError(file, f"{prefix}.severity.{rule_id}", f"unknown rule id {rule_id!r}")
        changes["severity_overrides"] = {**settings.severity_overrides, **obj["severity"]}
    if "disabled_rules" in obj:
        for index, rule_id in enumerate(obj["disabled_rules"]):
            if rule_id not in _known_rules():
                raise SchemaError(file, f"{prefix}.disabled_rules[{index}]", f"unknown rule id {rule_id!r}")
        changes["disabled_rules"] = frozenset(obj["disabled_rules"])
    if "byte_length_items" in obj:
        if item_scopes is not None:
            for index, entry in enumerate(obj["byte_length_items"]):
                problem = _byte_item_problem(entry, item_scopes)
                if problem:
                    raise SchemaError(file, f"{prefix}.byte_length_items[{index}]", problem)
        changes["byte_length_items"] = frozenset(obj["byte_length_items"])
    if "pua_map" in obj:
        changes["pua_map"] = (
            {} if obj["pua_map"] is None else read_pua_map(_existing(base, obj, "pua_map", file, prefix))
        )
    if "repertoire" in obj:
        changes["extra_repertoire"] = (
            frozenset()
            if obj["repertoire"] is None
            else read_repertoire(_existing(base, obj, "repertoire", file, prefix))
        )
    if "processing_date" in obj:
        value = obj["processing_date"]
        if value is not None and _iso_date(value) is None:
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


def load_config(path: Path, settings: Settings) -> Settings:
    """Settings overridden by a JSON config file (keys of ``metaschema/config.schema.json``)."""
    path = Path(path)
    return _apply_settings(read_json(path), settings, file=path, prefix="$", base=path.parent)


# ------------------------------------------------------------------------------------------------------------
# Layouts and the dataset


def load_layout(path: Path, code_tables: Iterable[str] | None = None) -> Layout:
    """One layout JSON file, validated; ``code_tables`` (names) enables the コード表 check."""
    doc = read_json(path)
    validate_document(doc, "layout", path)
    items_doc: list[dict[str, Any]] = doc["items"]
    for index, column, problem in layout_problems(items_doc):
        raise SchemaError(path, json_path("items", index, column), problem)
    if code_tables is not None:
        known = set(code_tables)
        for index, item in enumerate(items_doc):
            table = item["コード表"]
            if table is not None and table not in known:
                raise SchemaError(
                    path,
                    json_path("items", index, "コード表"),
                    f"code table {table!r} is not loaded (known: {', '.join(sorted(known))})",
                )
    items = tuple(
        Item(
            number=int(item["項目番号"]),
            name=item["項目名"],
            data_type=item["データ型"],
            max_length=None if item["最大桁数"] is None else int(item["最大桁数"]),
            min_length=None if item["最小桁数"] is None else int(item["最小桁数"]),
            required=item["必須"],
            code_table=item["コード表"],
            format=item["書式"],
            unknown_allowed=item["不詳可"],
            non_calendar_allowed=item["暦外可"],
            condition=item["条件"],
            note=item["備考"],
            certainty=item["確度"],
            basis=tuple(item["根拠"]),
        )
        for item in items_doc
    )
    return Layout(doc["name"], items, doc["source"])


def _names_in(names: Sequence[str], layout: Layout, file: Path, *path: str | int) -> tuple[str, ...]:
    for index, name in enumerate(names):
        if not layout.has(name):
            raise SchemaError(
                file, json_path(*path, index), f"{name!r} is not an item of layout {layout.name}"
            )
    return tuple(names)


def _date_tuple(text: str, file: Path, *path: str | int) -> tuple[int, int, int]:
    value = _iso_date(text)
    if value is None:
        raise SchemaError(file, json_path(*path), f"{text!r} is not a real date YYYY-MM-DD")
    return (value.year, value.month, value.day)


def _eras(doc: Mapping[str, Any], tables: Mapping[str, CodeTable], file: Path) -> tuple[Era, ...]:
    """The era table of §5.1 as data, checked for internal consistency and against the 年号 code table."""
    eras_doc: list[dict[str, Any]] = doc["eras"]
    if not eras_doc:
        return ()
    table_name: str = doc.get("era_table", "年号")
    if table_name not in tables:
        raise SchemaError(file, json_path("era_table"), f"era code table {table_name!r} is not loaded")
    table = tables[table_name]
    eras: list[Era] = []
    seen: set[str] = set()
    for index, era in enumerate(eras_doc):
        code = era["code"]
        if code not in table:
            raise SchemaError(
                file, json_path("eras", index, "code"), f"era code {code!r} is not in the {table_name} table"
            )
        if code in seen:
            raise SchemaError(file, json_path("eras", index, "code"), f"era code {code!r} appears twice")
        seen.add(code)
        first = _date_tuple(era["first_day"], file, "eras", index, "first_day")
        last = (
            None if era["last_day"] is None else _date_tuple(era["last_day"], file, "eras", index, "last_day")
        )
        last_year: int | None = era["last_year"]
        first_year: int = era["first_year"]
        if (last is None) != (last_year is None):
            raise SchemaError(
                file,
                json_path("eras", index, "last_year"),
                "last_day and last_year are both given (closed era) or both null (open era)",
            )
        if last is None and index != len(eras_doc) - 1:
            raise SchemaError(file, json_path("eras", index, "last_day"), "only the last era may be open")
        if last is not None and last < first:
            raise SchemaError(file, json_path("eras", index, "last_day"), "last_day is before first_day")
        if last is not None and last_year is not None and last[0] != first_year + last_year - 1:
            raise SchemaError(
                file,
                json_path("eras", index, "last_year"),
                f"year {last_year} of an era starting in {first_year} is {first_year + last_year - 1}, "
                f"but last_day is in {last[0]}",
            )
        if first[0] < first_year:
            raise SchemaError(
                file, json_path("eras", index, "first_day"), f"first_day is before 元年 ({first_year})"
            )
        eras.append(Era(code, era["name"], first, last, last_year, first_year))
    return tuple(eras)


def load_schema_set(
    root: Path | None = None, *, codes_dir: Path | None = None, config: Path | None = None
) -> SchemaSet:
    """Load and validate a schema set (default: the bundled reference set).

    ``root`` is a schema-set folder or its ``dataset.json``. ``codes_dir`` holds user (e.g. official) code
    tables: a file there replaces the same-named table and may add tables. ``config`` is a JSON file
    overriding settings.
    """
    root_dir, dataset_file = _locate(root)
    doc = read_json(dataset_file)
    validate_document(doc, "dataset", dataset_file)

    set_codes = root_dir / doc["codes_dir"]
    tables = read_code_dir(set_codes, root_dir)
    if codes_dir is not None:
        tables.update(read_code_dir(Path(codes_dir)))
    pd_name: str = doc["platform_dependent_table"]
    if pd_name not in tables:
        raise SchemaError(
            dataset_file, json_path("platform_dependent_table"), f"code table {pd_name!r} is not loaded"
        )
    del tables[pd_name]  # a list of characters, not a code table any item may name
    user_pd = None if codes_dir is None else Path(codes_dir) / f"{pd_name}.csv"
    platform = _platform_dependent(
        user_pd if user_pd is not None and user_pd.is_file() else set_codes / f"{pd_name}.csv"
    )
    eras = _eras(doc, tables, dataset_file)

    pattern: str = doc["file_name_pattern"]
    try:
        if "{file}" not in pattern:
            raise ValueError
        pattern.format(file="x")
    except (ValueError, KeyError, IndexError):
        raise SchemaError(
            dataset_file,
            json_path("file_name_pattern"),
            f"{pattern!r} must contain {{file}} and no other placeholder",
        ) from None

    files_doc: dict[str, dict[str, Any]] = doc["files"]
    layouts: dict[Path, Layout] = {}
    file_layouts: dict[str, Layout] = {}
    for name, spec in files_doc.items():
        path = (root_dir / spec["layout"]).resolve()
        if not path.is_file():
            raise SchemaError(
                dataset_file,
                json_path("files", name, "layout"),
                f"layout file not found: {root_dir / spec['layout']}",
            )
        if path not in layouts:
            layouts[path] = load_layout(root_dir / spec["layout"], tables)
        file_layouts[name] = layouts[path]

    def rule_ids(ids: Sequence[str], *path: str | int) -> tuple[str, ...]:
        for index, rule_id in enumerate(ids):
            if rule_id not in _known_rules():
                raise SchemaError(dataset_file, json_path(*path, index), f"unknown rule id {rule_id!r}")
        return tuple(ids)

    def file_names(names: Sequence[str], *path: str | int) -> tuple[str, ...]:
        for index, file_name in enumerate(names):
            if file_name not in files_doc:
                raise SchemaError(
                    dataset_file, json_path(*path, index), f"{file_name!r} is not a file of this dataset"
                )
        return tuple(names)

    files: dict[str, FileSpec] = {}
    for name, spec in files_doc.items():
        layout = file_layouts[name]
        key = _names_in(spec["primary_key"], layout, dataset_file, "files", name, "primary_key")
        history = None
        if "history" in spec:
            h = spec["history"]
            entity = _names_in(h["entity_key"], layout, dataset_file, "files", name, "history", "entity_key")
            if not layout.has(h["sequence"]):
                raise SchemaError(
                    dataset_file,
                    json_path("files", name, "history", "sequence"),
                    f"{h['sequence']!r} is not an item of layout {layout.name}",
                )
            history = History(entity, h["sequence"])
        groups: list[Group] = []
        for g_index, g in enumerate(spec.get("groups", [])):
            g_key = _names_in(g["key"], layout, dataset_file, "files", name, "groups", g_index, "key")
            if g["rows"] == "current" and history is None:
                raise SchemaError(
                    dataset_file,
                    json_path("files", name, "groups", g_index, "rows"),
                    "rows 'current' needs a history (which row of an entity is current)",
                )
            g_filter = g.get("filter")
            if g_filter is not None:
                problem = condition_problem(g_filter, layout.item_names)
                if problem:
                    raise SchemaError(
                        dataset_file, json_path("files", name, "groups", g_index, "filter"), problem
                    )
            groups.append(Group(g["name"], g_key, g["rows"], g_filter))
        foreign_keys: list[ForeignKey] = []
        for f_index, fk in enumerate(spec.get("foreign_keys", [])):
            at = ("files", name, "foreign_keys", f_index)
            columns = _names_in(fk["columns"], layout, dataset_file, *at, "columns")
            refs: list[Reference] = []
            for r_index, ref in enumerate(fk["references_any"]):
                if ref["file"] not in files_doc:
                    raise SchemaError(
                        dataset_file,
                        json_path(*at, "references_any", r_index, "file"),
                        f"{ref['file']!r} is not a file of this dataset",
                    )
                ref_columns = _names_in(
                    ref["columns"],
                    file_layouts[ref["file"]],
                    dataset_file,
                    *at,
                    "references_any",
                    r_index,
                    "columns",
                )
                if len(ref_columns) != len(columns):
                    raise SchemaError(
                        dataset_file,
                        json_path(*at, "references_any", r_index, "columns"),
                        f"{len(ref_columns)} columns, the foreign key has {len(columns)}",
                    )
                refs.append(Reference(ref["file"], ref_columns))
            if fk["rule"] not in _known_rules():
                raise SchemaError(dataset_file, json_path(*at, "rule"), f"unknown rule id {fk['rule']!r}")
            foreign_keys.append(ForeignKey(columns, tuple(refs), fk["rule"]))
        rules = rule_ids(spec.get("rules", []), "files", name, "rules")
        files[name] = FileSpec(name, layout, key, history, tuple(groups), tuple(foreign_keys), rules)

    dataset_rules: list[DatasetRule] = []
    for d_index, d in enumerate(doc["dataset_rules"]):
        if d["rule"] not in _known_rules():
            raise SchemaError(
                dataset_file, json_path("dataset_rules", d_index, "rule"), f"unknown rule id {d['rule']!r}"
            )
        dataset_rules.append(
            DatasetRule(
                d["rule"],
                file_names(d["files"], "dataset_rules", d_index, "files"),
                file_names(d["needs"], "dataset_rules", d_index, "needs"),
            )
        )

    all_items = {n for layout in file_layouts.values() for n in layout.item_names}
    for index, item_name in enumerate(doc["identifying_items"]):
        if item_name not in all_items:
            raise SchemaError(
                dataset_file,
                json_path("identifying_items", index),
                f"{item_name!r} is not an item of any layout (a misspelt name would leave values unmasked)",
            )

    scopes = {name: frozenset(layout.item_names) for name, layout in file_layouts.items()}
    scopes.update({layout.name: frozenset(layout.item_names) for layout in file_layouts.values()})
    settings = _apply_settings(
        doc.get("settings", {}),
        Settings(),
        file=dataset_file,
        prefix="$.settings",
        base=root_dir,
        item_scopes=scopes,
    )
    if config is not None:
        config = Path(config)
        settings = _apply_settings(
            read_json(config), settings, file=config, prefix="$", base=config.parent, item_scopes=scopes
        )

    return SchemaSet(
        name=doc["name"],
        standard=dict(doc["standard"]),
        files=files,
        dataset_rules=tuple(dataset_rules),
        code_tables=tables,
        eras=eras,
        platform_dependent=platform,
        identifying_items=frozenset(doc["identifying_items"]),
        settings=settings,
        file_name_pattern=pattern,
        root=root_dir,
    )


__all__ = [
    "COLUMNS",
    "DATASET_FORMAT",
    "DATA_TYPES",
    "LAYOUT_FORMAT",
    "ItemProblem",
    "SchemaError",
    "bundled_schema_root",
    "condition_names",
    "layout_problems",
    "load_config",
    "load_layout",
    "load_schema_set",
    "read_code_table",
    "read_json",
]
