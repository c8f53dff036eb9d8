"""Load a schema set (dataset.json, layout JSON files, code-table CSVs, optional config) into the model.

Everything is validated before anything is used: each JSON file against its meta-schema (``documents``),
the layouts (``layout_checks``), the tables (``tables``), the settings (``settings``), then every
cross-reference here (layout files, code tables, conditions, keys, files, era codes). A schema set that
cannot be used raises ``SchemaError`` with the file, the JSON path (or CSV line) and the problem, so a user
who edits a schema set is told exactly where it is wrong — never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from conformance.schema.documents import SchemaError, json_path, read_json, validate_document
from conformance.schema.layout_checks import condition_problem, layout_problems
from conformance.schema.model import (
    CodeTable,
    DatasetRule,
    FileSpec,
    ForeignKey,
    FormatDescription,
    Group,
    History,
    Item,
    Layout,
    Reference,
    SchemaSet,
    Settings,
)
from conformance.schema.settings import (
    apply_settings,
    check_repertoire,
    iso_date,
    read_config,
    with_character_inputs,
)
from conformance.schema.tables import read_code_dir, read_platform_dependent
from conformance.types.wareki import Era

__all__ = ["DATASET_FORMAT", "LAYOUT_FORMAT", "bundled_schema_root", "load_layout", "load_schema_set"]

LAYOUT_FORMAT: Final = "conformance.layout/1"
DATASET_FORMAT: Final = "conformance.dataset/1"


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
            section=item.get("区分"),
            extra=tuple(item.get("追加属性", {}).items()),
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
    value = iso_date(text)
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


FORMATS_FILE = "formats.json"


def _format_descriptions(root: Path) -> dict[str, FormatDescription]:
    """The schema set's ``formats.json`` (optional): 書式 → its name and description in both languages."""
    path = root / FORMATS_FILE
    if not path.is_file():
        return {}
    doc = read_json(path)
    validate_document(doc, "formats", path)
    out: dict[str, FormatDescription] = {}
    for index, entry in enumerate(doc["formats"]):
        if entry["書式"] in out:
            raise SchemaError(path, json_path("formats", index, "書式"), "this 書式 is described twice")
        out[entry["書式"]] = FormatDescription(
            entry["名称"], entry["説明"], entry["name_en"], entry["description_en"]
        )
    return out


def load_schema_set(
    root: Path | None = None,
    *,
    codes_dir: Path | None = None,
    config: Path | None = None,
    config_docs: Sequence[tuple[Mapping[str, Any], Path, str]] = (),
    moji: Sequence[Path] = (),
    gaiji_map: Path | None = None,
) -> SchemaSet:
    """Load and validate a schema set (default: the bundled reference set).

    ``root`` is a schema-set folder or its ``dataset.json``. ``codes_dir`` holds user (e.g. official) code
    tables: a file there replaces the same-named table and may add tables. ``config`` is a JSON file
    overriding settings. ``moji`` adds MJ tables (``--moji``) and ``gaiji_map`` a 外字 map (``--gaiji-map``)
    over the config's.
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
    platform = read_platform_dependent(
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
            foreign_keys.append(ForeignKey(columns, tuple(refs), fk["rule"]))
        rules = tuple(spec.get("rules", []))  # rule ids: checked by the meta-schema's generated enum
        files[name] = FileSpec(
            name,
            layout,
            key,
            history,
            tuple(groups),
            tuple(foreign_keys),
            rules,
            bool(spec.get("required", False)),
        )

    dataset_rules: list[DatasetRule] = []
    for d_index, d in enumerate(doc["dataset_rules"]):
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
    settings = apply_settings(
        doc.get("settings", {}),
        Settings(),
        file=dataset_file,
        prefix="$.settings",
        base=root_dir,
        item_scopes=scopes,
    )
    # settings found beside the user's project (pyproject.toml, .conformance.toml) first, then --config
    for obj, file, prefix in config_docs:
        settings = apply_settings(
            obj, settings, file=file, prefix=prefix, base=file.parent, item_scopes=scopes
        )
    if config is not None:
        config = Path(config)
        settings = apply_settings(
            read_config(config), settings, file=config, prefix="$", base=config.parent, item_scopes=scopes
        )
    settings = with_character_inputs(settings, moji=moji, gaiji_map=gaiji_map)
    check_repertoire(settings, config if config is not None else dataset_file)

    return SchemaSet(
        format_descriptions=_format_descriptions(root_dir),
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
