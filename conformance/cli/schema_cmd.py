"""``conformance schema``: start a set, import workbooks into it, compare and check sets, rebuild the bundle.

Schema problems are user errors: they print located lines on stderr (in the ``--lang`` language) and exit 2,
never a traceback. ``schema import WORKBOOK... --into DIR`` is all or nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar

import click

from conformance.cli import main
from conformance.cli.i18n import resolve_lang
from conformance.schema.codes_import import import_codes, render_codes
from conformance.schema.diff import diff_sets, render_diff
from conformance.schema.documents import SchemaError
from conformance.schema.export import FORMATS, export_set
from conformance.schema.import_report import render_import
from conformance.schema.importer import build_bundled, import_sheet, layout_json
from conformance.schema.loader import bundled_schema_root, load_schema_set
from conformance.schema.located import ImportProblem, ImportProblems
from conformance.schema.schema_set import import_into, init_set
from conformance.schema.vocabulary import load_vocabulary

EXIT_SCHEMA_ERROR = 2

P = ParamSpec("P")
R = TypeVar("R")


def _located_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn SchemaError / ImportProblem(s) into ``error: <located message>`` lines on stderr and exit 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        lang = resolve_lang(kwargs.get("lang") if isinstance(kwargs.get("lang"), str) else None)  # type: ignore[arg-type]
        label = "エラー" if lang == "ja" else "error"
        try:
            return func(*args, **kwargs)
        except SchemaError as exc:
            click.echo(f"error: {exc}", err=True)
        except ImportProblem as exc:
            click.echo(f"{label}: {exc.message(lang)}", err=True)
        except ImportProblems as exc:
            for problem in exc.problems:
                click.echo(f"{label}: {problem.message(lang)}", err=True)
            click.echo("何も書き込んでいません。" if lang == "ja" else "nothing was written.", err=True)
        raise SystemExit(EXIT_SCHEMA_ERROR)

    return wrapper


_FILE = click.Path(path_type=Path, dir_okay=False)
_DIR = click.Path(path_type=Path, file_okay=False)


@main.group("schema")
def schema_group() -> None:
    """スキーマ（レイアウト・コード表）の取込みと検査 / Import and check schema sets."""


_LANG = click.option(
    "--lang", type=click.Choice(["ja", "en"]), default=None, help="Report language (default: ja)."
)
_SYNONYMS = click.option(
    "--synonyms",
    type=_FILE,
    help="JSON or TOML file adding header synonyms and value spellings (データ型, 必須, 可否).",
)


@schema_group.command("init")
@click.argument("directory", type=_DIR)
@_LANG
@_located_errors
def init_cmd(directory: Path, lang: str | None) -> None:
    """同梱のスキーマセットを複製して新しいセットを作る / Start a schema set as a copy of the bundled one."""
    files = init_set(directory)
    ja = resolve_lang(lang) == "ja"
    click.echo(
        f"{directory} を作成しました（{len(files)} ファイル）。"
        f"次: conformance schema import WORKBOOK --into {directory}"
        if ja
        else f"created {directory} ({len(files)} files); "
        f"next: conformance schema import WORKBOOK --into {directory}"
    )


@schema_group.command("import")
@click.argument("workbooks", nargs=-1, required=True, type=_FILE)
@click.option("--into", "into", type=_DIR, help="Schema set to import every sheet of every workbook into.")
@click.option("-o", "--output", "output", type=_FILE, help="Without --into: write the layout JSON here.")
@click.option("--name", help="Without --into: layout name (default: the sheet or file name).")
@click.option(
    "--name-from",
    "name_from",
    default="sheet",
    show_default=True,
    help="With --into: name each layout after the sheet, the file, or a cell (cell:B2).",
)
@_SYNONYMS
@click.option("--sheet", "sheet_name", help="Without --into: the worksheet of an .xlsx (default: the first).")
@click.option("--strict", is_flag=True, help="An unknown column is an error instead of an extra attribute.")
@_LANG
@_located_errors
def import_cmd(
    workbooks: tuple[Path, ...],
    into: Path | None,
    output: Path | None,
    name: str | None,
    name_from: str,
    synonyms: Path | None,
    sheet_name: str | None,
    strict: bool,
    lang: str | None,
) -> None:
    """基本データリストのブックをスキーマセットに取込み / Import 基本データリスト workbooks into a set.

    With --into DIR every sheet of every workbook becomes a layout of the set (all or nothing) and a report
    says what was imported, skipped and mapped. Without it, one sheet becomes layout JSON on stdout or -o.
    """
    vocabulary = load_vocabulary(synonyms)
    if into is not None:
        summary = import_into(list(workbooks), into, vocabulary, name_from=name_from, strict=strict)
        click.echo(render_import(summary, resolve_lang(lang)), nl=False)
        return
    if len(workbooks) != 1:
        raise click.UsageError("several files need --into DIR (a schema set: see `conformance schema init`)")
    doc = import_sheet(workbooks[0], name=name, vocabulary=vocabulary, sheet=sheet_name, strict=strict)
    text = layout_json(doc)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8", newline="\n")
        count = len(doc["items"])
        click.echo(f"wrote {output} ({count} item{'' if count == 1 else 's'})", err=True)


@schema_group.command("import-codes")
@click.argument("files", nargs=-1, required=True, type=_FILE)
@click.option("--into", "into", required=True, type=_DIR, help="Schema set to write the code tables into.")
@_SYNONYMS
@_LANG
@_located_errors
def import_codes_cmd(files: tuple[Path, ...], into: Path, synonyms: Path | None, lang: str | None) -> None:
    """コード表（ブック・CSV）をスキーマセットに取込み / Import code tables into a schema set.

    A workbook gives one table per sheet (or one per コード表名 value); a CSV gives one. All or nothing.
    """
    result = import_codes(list(files), into, load_vocabulary(synonyms))
    click.echo(render_codes(result, resolve_lang(lang)), nl=False)


@schema_group.command("diff")
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@_LANG
@_located_errors
def diff_cmd(old: Path, new: Path, lang: str | None) -> None:
    """2つのスキーマセットの差分 / Items added, removed, renamed, changed or moved between two sets.

    Exit code 0 when the sets are equal, 1 when they differ, 2 when one does not load.
    """
    result = diff_sets(load_schema_set(old), load_schema_set(new))
    click.echo(render_diff(result, resolve_lang(lang)), nl=False)
    raise SystemExit(0 if result.equal else 1)


@schema_group.command("export")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(FORMATS), help="What to write.")
@click.option("-o", "--output", "output", required=True, type=_DIR, help="Folder to write into.")
@_LANG
@_located_errors
def export_cmd(directory: Path | None, fmt: str, output: Path, lang: str | None) -> None:
    """スキーマセットを他の形式で書き出す / Export a set as Frictionless, JSON Schema or CSVW metadata.

    Every value is a string under its §3.2 pattern; what a format cannot express (check digits, character
    rules, cross-record rules) is said in the descriptions.
    """
    schema = load_schema_set(directory)
    for path in export_set(schema, fmt, output):  # type: ignore[arg-type]
        click.echo(str(path))


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
