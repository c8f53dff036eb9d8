"""``conformance report``: render an earlier run (JSONL findings + summary) in any report format.

A municipality receives ``findings.jsonl`` and ``findings.summary.json`` from a vendor and renders the HTML
report itself, without the data. Values are rendered exactly as the run wrote them (masked or not then).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import NoReturn, cast

import click

from conformance.cli import main, validate_cmd
from conformance.reports.masking import Lang
from conformance.reports.writers import FORMATS, ReportOptions, get_writer

EXIT_OK, EXIT_USAGE = 0, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"conformance: {message}", err=True)
    sys.exit(EXIT_USAGE)


@main.command("report")
@click.argument("findings", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--summary",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The run's JSON summary (default: <stem>.summary.json beside FINDINGS).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
def report(findings: Path, summary: Path | None, fmt: str, output: Path | None, lang: str) -> None:
    """指摘の再表示 / Render the findings of an earlier run (FINDINGS.jsonl and its summary).

    \b
    Totals come from the summary (exact); the listed findings from the JSONL, values as written there.
    Exit codes: 0 written, 2 missing or invalid input, unwritable output.
    """
    from conformance.reports.load import ReportLoadError, read_result

    try:
        result = read_result(findings, summary)
    except ReportLoadError as e:
        _fail(str(e))
    # The JSONL already holds values as the run chose to show them: render them as they are.
    opts = ReportOptions(lang=cast(Lang, lang), show_values=True)
    writer = get_writer(fmt)
    # HTML and XLSX say how values are shown: here, as the run wrote them
    if fmt == "html":
        from conformance.reports import html

        writer = functools.partial(html.write, values_as_written=True)
    elif fmt == "xlsx":
        from conformance.reports import xlsx

        writer = functools.partial(xlsx.write, values_as_written=True)
    if output is None and fmt in validate_cmd.NOT_FOR_TERMINALS and validate_cmd._stdout_is_terminal():
        _fail(
            f"{fmt} はターミナルに表示できません。-o FILE を指定してください / "
            f"a {fmt} report cannot go to a terminal: write it with -o FILE"
        )
    try:
        if output is None:
            writer(result, sys.stdout, opts)
        else:
            with output.open("wb") as fh:
                writer(result, fh, opts)
    except OSError as e:
        _fail(f"レポートを書けません / cannot write the report: {e}")
    sys.exit(EXIT_OK)
