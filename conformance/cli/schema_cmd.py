"""``conformance schema``: import sheets into layout JSON, check a schema set, regenerate the bundled layouts.

Schema problems are user errors: they print one located line on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from conformance.cli import main
from conformance.schema.documents import SchemaError
from conformance.schema.importer import (
    SheetImportError,
    build_bundled,
    import_sheet,
    layout_json,
    load_synonyms,
)
from conformance.schema.loader import bundled_schema_root, load_schema_set

EXIT_SCHEMA_ERROR = 2

P = ParamSpec("P")
R = TypeVar("R")


def _located_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn SchemaError / SheetImportError into ``error: <located message>`` on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (SchemaError, SheetImportError) as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(EXIT_SCHEMA_ERROR) from None

    return wrapper


_FILE = click.Path(path_type=Path, dir_okay=False)
_DIR = click.Path(path_type=Path, file_okay=False)


@main.group("schema")
def schema_group() -> None:
    """スキーマ（レイアウト・コード表）の取込みと検査 / Import and check schema sets."""


@schema_group.command("import")
@click.argument("sheet", type=_FILE)
@click.option("-o", "--output", "output", type=_FILE, help="Write the layout JSON here (default: stdout).")
@click.option("--name", help="Layout name (default: the sheet name or the file name without extension).")
@click.option(
    "--synonyms", type=_FILE, help='JSON {"synonyms": {"header text": "column"}} extending the defaults.'
)
@click.option("--sheet", "sheet_name", help="Worksheet of an .xlsx workbook (default: the first).")
@_located_errors
def import_cmd(
    sheet: Path, output: Path | None, name: str | None, synonyms: Path | None, sheet_name: str | None
) -> None:
    """基本データリスト形式のシート（CSV/XLSX）をレイアウトJSONに変換 / Convert a sheet into layout JSON."""
    doc = import_sheet(sheet, name=name, synonyms=load_synonyms(synonyms), sheet=sheet_name)
    text = layout_json(doc)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8", newline="\n")
        count = len(doc["items"])
        click.echo(f"wrote {output} ({count} item{'' if count == 1 else 's'})", err=True)


@schema_group.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--codes", "codes_dir", type=_DIR, help="Folder of code tables replacing the set's tables.")
@click.option("--config", type=_FILE, help="JSON settings file to check with the set.")
@_located_errors
def check_cmd(directory: Path | None, codes_dir: Path | None, config: Path | None) -> None:
    """スキーマセットを検査 / Load a schema set (default: the bundled one); print OK or the located error."""
    schema = load_schema_set(directory, codes_dir=codes_dir, config=config)
    items = sum(len(spec.layout.items) for spec in schema.files.values())
    click.echo(
        f"OK: {schema.name} ({schema.root}): {len(schema.files)} files, {items} items, "
        f"{len(schema.code_tables)} code tables, {len(schema.eras)} eras"
    )


@schema_group.command("build-bundled")
@click.argument("directory", required=False, type=_DIR)
@_located_errors
def build_bundled_cmd(directory: Path | None) -> None:
    """layouts/*.json を再生成 / Regenerate layouts/*.json from sheets/*.csv, then check the set."""
    root = bundled_schema_root() if directory is None else directory
    for path in build_bundled(root):
        click.echo(str(path))
    if (root / "dataset.json").is_file():
        load_schema_set(root)
