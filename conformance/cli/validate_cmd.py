"""`conformance validate`: the main job. Thin: parse options, call the API, write reports, map exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from conformance.cli import main
from conformance.reports.writers import FORMATS, ReportOptions, get_writer

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3, 4


def fail(code: int, message: str) -> NoReturn:
    click.echo(f"conformance: {message}", err=True)
    sys.exit(code)


def load_schema(schema: Path | None, codes: Path | None, config: Path | None):  # type: ignore[no-untyped-def]
    """Load the user's or the bundled schema set; any schema problem is exit 2 with its located message."""
    from conformance.schema.loader import SchemaError, load_schema_set

    try:
        return load_schema_set(schema, codes_dir=codes, config=config)
    except SchemaError as e:
        fail(EXIT_USAGE, f"スキーマの誤り / schema error: {e}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--layout", help="Force this layout (dataset file name, e.g. 住民記録_住民) for every input file."
)
@click.option(
    "--schema",
    "schema_path",
    type=click.Path(path_type=Path),
    help="A schema set folder or its dataset.json (default: the bundled reference set).",
)
@click.option(
    "--codes",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of (official) code tables replacing the schema set's tables of the same name.",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="JSON settings: m11_remainder1, severity, disabled_rules, pua_map, repertoire, …",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
@click.option(
    "--summary",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the JSON summary (exact totals) here; default beside --output for jsonl/csv.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "never"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding at or above this severity exists.",
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--encoding", help="Declare the files' encoding (e.g. cp932) and transcode it instead of F1.")
@click.option(
    "--max-per-rule",
    type=int,
    default=1000,
    show_default=True,
    help="List at most this many findings per rule (totals stay exact); -1 lists all.",
)
@click.option("--show-values", is_flag=True, help="Show identifying values (個人番号, 氏名, …) unmasked.")
@click.option("-q", "--quiet", is_flag=True, help="No verdict line on stderr.")
def validate(
    paths: tuple[Path, ...],
    layout: str | None,
    schema_path: Path | None,
    codes: Path | None,
    config: Path | None,
    fmt: str,
    output: Path | None,
    summary: Path | None,
    fail_on: str,
    lang: str,
    encoding: str | None,
    max_per_rule: int,
    show_values: bool,
    quiet: bool,
) -> None:
    """Check migration files or a dataset folder against the schema set.

    \b
    Exit codes: 0 conforms, 1 findings at or above --fail-on, 2 usage or schema error,
    3 unreadable input, 4 internal error.
    """
    from conformance.api import InputError
    from conformance.api import validate as run_validation
    from conformance.readers.csv_reader import ReaderError
    from conformance.reports import json_report

    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            fail(EXIT_USAGE, f"unknown encoding {encoding!r}")
    schema = load_schema(schema_path, codes, config)
    try:
        result = run_validation(
            list(paths),
            schema=schema,
            layout=layout,
            encoding=encoding,
            max_per_rule=None if max_per_rule < 0 else max_per_rule,
        )
    except InputError as e:
        fail(EXIT_UNREADABLE if e.unreadable else EXIT_USAGE, str(e))
    except ReaderError as e:
        fail(EXIT_UNREADABLE, str(e))
    except Exception as e:  # a bug of ours: say so plainly, keep the traceback for debugging only
        if os.environ.get("CONFORMANCE_DEBUG"):
            raise
        fail(
            EXIT_INTERNAL,
            f"内部エラー / internal error: {type(e).__name__}: {e} (CONFORMANCE_DEBUG=1 shows details)",
        )

    opts = ReportOptions(lang=lang, show_values=show_values, identifying=schema.identifying_items)  # type: ignore[arg-type]
    writer = get_writer(fmt)
    try:
        if output is None:
            writer(result, sys.stdout, opts)
        else:
            with output.open("wb") as fh:
                writer(result, fh, opts)
        if summary is None and output is not None and fmt in ("jsonl", "csv"):
            summary = output.with_name(output.stem + ".summary.json")
        if summary is not None:
            with summary.open("wb") as fh:
                json_report.write_summary(result, fh, opts)
    except OSError as e:
        fail(EXIT_USAGE, f"レポートを書けません / cannot write the report: {e}")

    if not quiet and (fmt != "text" or output is not None):
        sev = result.totals.by_severity
        counts = ", ".join(f"{s.value} {n}" for s, n in sev.items())
        verdict = "適合 / conforms" if result.verdict == "conforms" else "不適合 / does not conform"
        click.echo(f"判定 / verdict: {verdict} ({counts})", err=True)
    sys.exit(EXIT_FINDINGS if result.exceeds(fail_on) else EXIT_OK)
