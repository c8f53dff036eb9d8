"""``conformance gaiji``: the 文字同定 work on a run's 外字 inventory.

``gaiji worksheet`` turns the inventory of a ``validate --output-dir`` run into a worksheet (XLSX or CSV)
with candidates; the user fills ``採用``; ``validate --gaiji-map`` reads the filled sheet back and
``gaiji apply`` writes corrected copies of the data with a change log. Thin: the work is in
``conformance.reports.worksheet`` and ``conformance.engines.gaiji_apply``.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from conformance.cli import main
from conformance.cli.safety import atomic_output

if TYPE_CHECKING:
    from conformance.engines.gaiji_apply import Change
    from conformance.schema.moji import MojiTable

EXIT_OK, EXIT_USAGE, EXIT_UNREADABLE = 0, 2, 3
SUMMARY_NAME = "findings.summary.json"  # as validate --output-dir writes it
LOG_SUFFIX = ".gaiji-changes.csv"  # beside OUTPUT_DIR, so that the folder holds the dataset only
_MOJI_HELP = "MJ文字情報一覧表 (CSV or XLSX); repeatable."


def _fail(code: int, message: str) -> NoReturn:
    click.echo(f"conformance: {message}", err=True)
    sys.exit(code)


def _table(moji: tuple[Path, ...]) -> MojiTable | None:
    """The MJ tables, or exit 2 with the located problem."""
    from conformance.schema.documents import SchemaError
    from conformance.schema.moji import read_moji_tables

    try:
        return read_moji_tables(moji)
    except SchemaError as e:
        _fail(EXIT_USAGE, f"MJ文字情報一覧表の誤り / MJ table error: {e}")


@main.group("gaiji")
def gaiji() -> None:
    """文字同定 / 外字 identification: worksheet from a run's inventory, decisions applied to copies."""


@gaiji.command("worksheet")
@click.argument("report", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The worksheet: FILE.xlsx or FILE.csv (UTF-8 with BOM).",
)
@click.option("--moji", multiple=True, type=click.Path(path_type=Path, dir_okay=False), help=_MOJI_HELP)
@click.option(
    "--moji-shrink",
    type=click.Path(path_type=Path, dir_okay=False),
    help="MJ縮退マップ candidates (columns MJ文字図形名, 縮退候補).",
)
def worksheet(report: Path, output: Path, moji: tuple[Path, ...], moji_shrink: Path | None) -> None:
    """同定ワークシート / One row per character outside the repertoire, with candidates.

    \b
    REPORT is a `validate --output-dir` folder or its findings.summary.json.
    Exit codes: 0 written, 2 bad input or unwritable output.
    """
    from conformance.reports import worksheet as ws
    from conformance.reports.load import ReportLoadError, read_inventory
    from conformance.schema.documents import SchemaError
    from conformance.schema.moji import read_moji_shrink

    suffix = output.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise click.UsageError("-o must name a .xlsx or a .csv file")
    summary = report / SUMMARY_NAME if report.is_dir() else report
    try:
        entries, settings = read_inventory(summary)
    except ReportLoadError as e:
        _fail(EXIT_USAGE, str(e))
    table = _table(moji)
    shrink = None
    if moji_shrink is not None:
        try:
            shrink = read_moji_shrink(moji_shrink)
        except SchemaError as e:
            _fail(EXIT_USAGE, f"MJ縮退マップの誤り / MJ shrink map error: {e}")
    rows = ws.worksheet_rows(entries, table=table, shrink=shrink, settings=settings)
    try:
        with atomic_output(output) as fh:
            (ws.write_xlsx if suffix == ".xlsx" else ws.write_csv)(rows, fh)
    except OSError as e:
        _fail(EXIT_USAGE, f"ワークシートを書けません / cannot write the worksheet: {e}")
    click.echo(f"書き出しました / written: {output} ({len(rows)} 行 / rows)", err=True)
    sys.exit(EXIT_OK)


@gaiji.command("apply")
@click.argument("data", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--gaiji-map",
    "gaiji_map",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The filled worksheet (CSV or XLSX) or a コードポイント,対応 table.",
)
@click.option(
    "-o",
    "--output-dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the corrected copies (never an input's folder); the change log goes beside it.",
)
@click.option(
    "--moji",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help=_MOJI_HELP + " Needed when 採用 names an MJ文字図形名.",
)
@click.option(
    "--encoding", default="utf-8", show_default=True, help="The files' encoding (kept in the copies)."
)
@click.option(
    "--log",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"The change log (default: beside the folder, OUTPUT_DIR{LOG_SUFFIX}).",
)
@click.option("--show-values", is_flag=True, help="Write the values before and after unmasked in the log.")
def apply(
    data: tuple[Path, ...],
    gaiji_map: Path,
    output_dir: Path,
    moji: tuple[Path, ...],
    encoding: str,
    log: Path | None,
    show_values: bool,
) -> None:
    """外字の置換 / Write corrected copies of DATA (files or folders) with every decision applied.

    \b
    Only mapped occurrences change; encoding, line endings and quoting are kept; inputs are never
    overwritten. The change log lists file, line, item, code points before → after; values are masked
    unless --show-values. Exit codes: 0 written, 2 bad map/table/target, 3 unreadable input.
    """
    import codecs

    from conformance.engines.gaiji_apply import ApplyError, apply_to_files, data_files, replacements
    from conformance.schema.documents import SchemaError
    from conformance.schema.gaiji_map import read_gaiji_map

    try:
        codecs.lookup(encoding)
    except LookupError:
        _fail(EXIT_USAGE, f"unknown encoding {encoding!r}")
    try:
        gmap = read_gaiji_map(gaiji_map)
    except SchemaError as e:
        _fail(EXIT_USAGE, f"外字対応表の誤り / 外字 map error: {e}")
    table = _table(moji)
    if log is None:
        folder = output_dir.resolve()
        log = folder.with_name(folder.name + LOG_SUFFIX)
    try:
        if log.exists() and any(log.samefile(f) for f in data_files(list(data))):
            _fail(EXIT_USAGE, f"{log} is an input: the change log must go elsewhere")
        mapping = replacements(gmap, table)
        copies, changes = apply_to_files(list(data), output_dir, mapping, codec=encoding)
    except ApplyError as e:
        _fail(EXIT_USAGE, str(e))
    except UnicodeDecodeError as e:  # only with a codec that has no surrogateescape path
        _fail(EXIT_UNREADABLE, f"cannot decode: {e}")
    except OSError as e:
        _fail(EXIT_UNREADABLE, f"読めない、または書けないファイルです / cannot read or write: {e}")
    try:
        with atomic_output(log) as fh:
            fh.write(_change_log(changes, show_values))
    except OSError as e:
        _fail(EXIT_USAGE, f"変更記録を書けません / cannot write the change log: {e}")
    total = sum(c.replaced for c in copies)
    for copy in copies:
        click.echo(f"{copy.source} → {copy.target}: {copy.replaced} 箇所 / replacements", err=True)
    click.echo(f"置換 {total} 箇所、変更記録 / {total} replacements, change log: {log}", err=True)
    sys.exit(EXIT_OK)


def _change_log(changes: Sequence[Change], show_values: bool) -> bytes:
    """CSV, UTF-8 with BOM: file, line, item, code points before → after, count, the values (masked by
    default: the log may travel further than the data)."""
    from conformance.reports.masking import cap, clean, mask_text
    from conformance.schema.gaiji_map import format_key

    def shown(value: str) -> str:
        return cap(clean(value if show_values else mask_text(value)))

    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(["ファイル", "行", "項目", "変更前", "変更後", "件数", "値（前）", "値（後）"])
    for c in changes:
        after = format_key(tuple(ord(ch) for ch in c.after)) if c.after else ""
        writer.writerow(
            [
                clean(c.file),
                c.line,
                clean(c.item or ""),
                format_key(c.before),
                after,
                c.count,
                shown(c.value_before),
                shown(c.value_after),
            ]
        )
    return b"\xef\xbb\xbf" + text.getvalue().encode("utf-8")
