"""`conformance validate`: the main job. Thin: parse options, call the API, write reports, map exit codes.

One format keeps the historical behaviour (stdout or ``-o``); several go to ``--output-dir`` under fixed
names, so CI jobs can point at them. Inside GitHub Actions the run also prints annotations and a step summary
(``conformance.reports.github``): annotations are written to stdout *before* any report there, and are left
out when a machine-readable report goes to stdout, since interleaving would corrupt it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import BinaryIO, NoReturn, TextIO, cast

import click

from conformance.cli import main
from conformance.cli.safety import Interrupted, atomic_output, interruptible
from conformance.engines.context import EngineOptions
from conformance.reports.collector import FailOn, ValidationResult
from conformance.reports.masking import Lang
from conformance.reports.writers import FORMATS, ReportOptions, Writer, get_writer
from conformance.schema.model import SchemaSet

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3, 4

# File names written under --output-dir, per format; the JSON summary is always written beside them.
OUTPUT_NAMES: dict[str, str] = {
    "text": "findings.txt",
    "jsonl": "findings.jsonl",
    "json": "findings.json",
    "csv": "findings.csv",
    "html": "findings.html",
    "junit": "findings.junit.xml",
    "sarif": "findings.sarif",
}
SUMMARY_NAME = "findings.summary.json"


def output_name(fmt: str) -> str:
    """The file a format is written to under --output-dir (a future format gets findings.<name>)."""
    return OUTPUT_NAMES.get(fmt, f"findings.{fmt}")


def parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    """``--format jsonl,sarif``: registered format names, comma-separated, kept in order, once each.

    A callback rather than a parameter type so that it works with every supported click version.
    """
    names: list[str] = []
    for part in value.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in FORMATS:
            raise click.BadParameter(f"unknown report format {name!r}: expected one of {', '.join(FORMATS)}")
        if name not in names:
            names.append(name)
    if not names:
        raise click.BadParameter(f"no report format given: expected one or more of {', '.join(FORMATS)}")
    return tuple(names)


_FORMAT_HELP = (
    "Report format, or several comma-separated (they need --output-dir): " + ", ".join(FORMATS) + "."
)
_OUTPUT_DIR_HELP = (
    "Write every --format to this folder (created if missing): "
    + ", ".join(f"{f} → {output_name(f)}" for f in FORMATS)
    + f", and the JSON summary → {SUMMARY_NAME}."
)


def fail(code: int, message: str) -> NoReturn:
    click.echo(f"conformance: {message}", err=True)
    sys.exit(code)


def load_schema(
    schema: Path | None,
    codes: Path | None,
    config: Path | None,
    *,
    moji: tuple[Path, ...] = (),
    gaiji_map: Path | None = None,
) -> SchemaSet:
    """Load the user's or the bundled schema set; any schema problem is exit 2 with its located message
    (a malformed MJ table or 外字 map too)."""
    from conformance.schema.documents import SchemaError
    from conformance.schema.loader import load_schema_set

    try:
        return load_schema_set(schema, codes_dir=codes, config=config, moji=moji, gaiji_map=gaiji_map)
    except SchemaError as e:
        if e.file in {str(p) for p in moji}:
            fail(EXIT_USAGE, f"MJ文字情報一覧表の誤り / MJ table error: {e}")
        if gaiji_map is not None and e.file == str(gaiji_map):
            fail(EXIT_USAGE, f"外字対応表の誤り / 外字 map error: {e}")
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
    help="JSON settings: m11_remainder1, severity, disabled_rules, pua_map, repertoire, moji, …",
)
@click.option(
    "--moji",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="MJ文字情報一覧表 (CSV or XLSX as published), or a table of its shape for the Digital Agency's "
    "additions; repeatable, added to the config's moji. F12 then defaults to repertoire jisx0213+mj.",
)
@click.option(
    "--gaiji-map",
    type=click.Path(path_type=Path, dir_okay=False),
    help="外字 decisions: a filled 同定 worksheet (CSV or XLSX) or a コードポイント,対応 table; mapped "
    "private-use code points pass F13.",
)
@click.option(
    "--format",
    "fmts",
    default="text",
    show_default=True,
    metavar="FORMAT[,FORMAT…]",
    callback=parse_formats,
    help=_FORMAT_HELP,
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
@click.option("--output-dir", type=click.Path(path_type=Path, file_okay=False), help=_OUTPUT_DIR_HELP)
@click.option(
    "--summary",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the JSON summary (exact totals) here; default beside --output for jsonl/csv, "
    f"and {SUMMARY_NAME} in --output-dir.",
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
@click.option(
    "--require-complete",
    is_flag=True,
    help="A dataset rule that cannot run because a file it needs is absent is an error (D2), not only "
    "'partially checked'.",
)
@click.option(
    "--spill-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the fast engine's temporary files, which hold resident data (default: $TMPDIR). "
    "They are private (0700/0600) and removed on exit; SIGKILL leaves them, and the next run removes them.",
)
@click.option("-q", "--quiet", is_flag=True, help="No verdict line on stderr.")
@click.option(
    "--engine",
    type=click.Choice(["fast", "reference"]),
    default="fast",
    show_default=True,
    help="fast: polars prefilters over the same rules; reference: row by row. Both give the same findings.",
)
@click.option(
    "--github/--no-github",
    default=None,
    help="GitHub Actions: annotations (::error …) on stdout before any report there, and a Markdown "
    "summary appended to $GITHUB_STEP_SUMMARY. Default: on when GITHUB_ACTIONS=true; annotations are "
    "then left out when a report other than text goes to stdout (use -o or --output-dir).",
)
def validate(
    paths: tuple[Path, ...],
    layout: str | None,
    schema_path: Path | None,
    codes: Path | None,
    config: Path | None,
    moji: tuple[Path, ...],
    gaiji_map: Path | None,
    fmts: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    summary: Path | None,
    fail_on: str,
    lang: str,
    encoding: str | None,
    max_per_rule: int,
    show_values: bool,
    require_complete: bool,
    spill_dir: Path | None,
    quiet: bool,
    engine: str,
    github: bool | None,
) -> None:
    """Check migration files or a dataset folder against the schema set.

    \b
    Exit codes: 0 conforms, 1 findings at or above --fail-on, 2 usage or schema error,
    3 unreadable input, 4 internal error.
    \b
    One format is written to stdout or -o (jsonl/csv: plus NAME.summary.json beside -o);
    several, e.g. --format jsonl,junit,sarif, need --output-dir DIR and are written as
    DIR/findings.<ext> (see --output-dir) plus DIR/findings.summary.json.
    """
    from conformance.reports import github as gh

    if len(fmts) > 1 and output_dir is None:
        raise click.UsageError(f"several formats ({', '.join(fmts)}) need --output-dir DIR")
    if output is not None and output_dir is not None:
        raise click.UsageError("use either -o/--output or --output-dir, not both")
    on_github = gh.is_github_actions(os.environ) if github is None else github
    report_on_stdout = output is None and output_dir is None
    annotate = on_github
    if on_github and report_on_stdout and fmts != ("text",):
        if github:
            raise click.UsageError(
                f"--github prints annotations on stdout, where the {fmts[0]} report would go: "
                "write the report with -o or --output-dir"
            )
        annotate = False
        if not quiet:
            click.echo(
                "conformance: GitHub の注釈は出力しない（レポートが標準出力のため）/ GitHub annotations left "
                "out: the report goes to stdout (use -o or --output-dir)",
                err=True,
            )
    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            fail(EXIT_USAGE, f"unknown encoding {encoding!r}")
    schema = load_schema(schema_path, codes, config, moji=moji, gaiji_map=gaiji_map)
    try:
        with interruptible():
            _run(
                paths,
                schema,
                layout=layout,
                fmts=fmts,
                output=output,
                output_dir=output_dir,
                summary=summary,
                fail_on=fail_on,
                lang=lang,
                encoding=encoding,
                max_per_rule=max_per_rule,
                show_values=show_values,
                options=EngineOptions(require_complete=require_complete, spill_dir=spill_dir),
                quiet=quiet,
                engine=engine,
                on_github=on_github,
                annotate=annotate,
                report_on_stdout=report_on_stdout,
            )
    except Interrupted as e:
        fail(
            e.code,
            f"{e.name} で中断しました。判定はありません（一時ファイルは削除しました）/ "
            f"interrupted by {e.name}: no verdict (temporary files removed)",
        )


def _run(
    paths: tuple[Path, ...],
    schema: SchemaSet,
    *,
    layout: str | None,
    fmts: tuple[str, ...],
    output: Path | None,
    output_dir: Path | None,
    summary: Path | None,
    fail_on: str,
    lang: str,
    encoding: str | None,
    max_per_rule: int,
    show_values: bool,
    options: EngineOptions,
    quiet: bool,
    engine: str,
    on_github: bool,
    annotate: bool,
    report_on_stdout: bool,
) -> NoReturn:
    """The run and its reports; every way out is one of the documented exit codes."""
    from conformance.api import InputError
    from conformance.api import validate as run_validation
    from conformance.cli.progress import TerminalProgress, wanted
    from conformance.engines.spill import SpillFull
    from conformance.readers.csv_reader import ReaderError
    from conformance.reports import github as gh
    from conformance.reports import json_report

    try:
        with contextlib.ExitStack() as stack:
            progress = stack.enter_context(TerminalProgress()) if wanted(quiet) else None
            result = run_validation(
                list(paths),
                schema=schema,
                layout=layout,
                encoding=encoding,
                max_per_rule=None if max_per_rule < 0 else max_per_rule,
                engine=engine,
                progress=progress,
                options=options,
            )
    except InputError as e:
        fail(EXIT_UNREADABLE if e.unreadable else EXIT_USAGE, str(e))
    except ReaderError as e:
        fail(EXIT_UNREADABLE, str(e))
    except SpillFull as e:
        fail(
            EXIT_USAGE, f"一時ファイルの領域が一杯です（--spill-dir で別の場所を指定できます）/ {e.strerror}"
        )
    except Exception as e:  # a bug of ours: say so plainly, keep the traceback for debugging only
        internal_error(e)
    if not quiet:
        for stale in result.settings_summary.get("stale_spill_removed", []):
            click.echo(
                "conformance: 以前の実行が残した一時フォルダを削除しました / removed a spill folder left by "
                f"an earlier run (pid {stale['pid']}): {stale['folder']}",
                err=True,
            )

    opts = ReportOptions.of(schema, lang=cast(Lang, lang), show_values=show_values)
    written: list[Path] = []
    try:
        if annotate:  # first, so that a text report on stdout follows them instead of interleaving
            gh.write_annotations(result, sys.stdout, opts)
        if output_dir is not None:
            output_dir.mkdir(parents=True, exist_ok=True)
            for fmt in fmts:
                target = output_dir / output_name(fmt)
                with atomic_output(target) as fh:
                    writer_for(fmt, fail_on)(result, fh, opts)
                written.append(target)
            if summary is None:
                summary = output_dir / SUMMARY_NAME
        else:
            fmt = fmts[0]
            writer = writer_for(fmt, fail_on)
            if output is None:
                writer(result, sys.stdout, opts)
            else:
                with atomic_output(output) as fh:
                    writer(result, fh, opts)
                written.append(output)
            if summary is None and output is not None and fmt in ("jsonl", "csv"):
                summary = output.with_name(output.stem + ".summary.json")
        if summary is not None:
            with atomic_output(summary) as fh:
                json_report.write_summary(result, fh, opts)
            written.append(summary)
    except OSError as e:
        fail(EXIT_USAGE, f"レポートを書けません / cannot write the report: {e}")
    except Exception as e:
        internal_error(e)

    if on_github:
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            try:
                gh.append_step_summary(result, Path(step_summary), opts)
            except OSError as e:  # the checks ran and the reports exist: warn, keep the exit code
                click.echo(
                    f"conformance: GITHUB_STEP_SUMMARY に書けません / cannot write the step summary: {e}",
                    err=True,
                )

    if not quiet and (fmts != ("text",) or not report_on_stdout):
        from conformance.reports.text import verdict_line

        click.echo(verdict_line(result, lang), err=True)
        for path in written:
            click.echo(f"書き出しました / written: {path}", err=True)
    sys.exit(EXIT_FINDINGS if result.exceeds(fail_on) else EXIT_OK)


def writer_for(fmt: str, fail_on: str) -> Writer:
    """The registry's writer; SARIF also records the exit code that ``fail_on`` gives."""
    writer = get_writer(fmt)
    if fmt == "sarif":
        from conformance.reports import sarif

        level = cast(FailOn, fail_on)

        def write_sarif(result: ValidationResult, out: TextIO | BinaryIO, opts: ReportOptions) -> None:
            sarif.write(result, out, opts, fail_on=level)

        return write_sarif
    return writer


def internal_error(e: Exception) -> NoReturn:
    """A bug of ours: one plain line and exit 4; CONFORMANCE_DEBUG=1 re-raises for the traceback."""
    if os.environ.get("CONFORMANCE_DEBUG"):
        raise e
    fail(
        EXIT_INTERNAL,
        f"内部エラー / internal error: {type(e).__name__}: {e} (CONFORMANCE_DEBUG=1 shows details)",
    )
