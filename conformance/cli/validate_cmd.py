"""`conformance validate`: the main job. Thin: parse options into a request, call the API, write reports,
map exit codes.

One format keeps the historical behaviour (stdout or ``-o``); several go to ``--output-dir`` under fixed
names, so CI jobs can point at them. Inside GitHub Actions the run also prints annotations and a step summary
(``conformance.reports.github``): annotations are written to stdout *before* any report there, and are left
out when a machine-readable report goes to stdout, since interleaving would corrupt it. Defaults may come
from ``.conformance.toml`` / ``pyproject.toml [tool.conformance]`` (``conformance.cli.config``).
"""

from __future__ import annotations

import contextlib
import glob
import io
import os
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, NoReturn, TextIO, cast

import click

from conformance.cli import main
from conformance.cli.config import FoundConfig
from conformance.cli.i18n import LocalizedCommand, did_you_mean, resolve_lang
from conformance.cli.safety import Interrupted, atomic_output, interruptible
from conformance.core.messages import Lang
from conformance.engines.context import EngineOptions
from conformance.reports.collector import FailOn, ValidationResult
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
    "xlsx": "findings.xlsx",
}
SUMMARY_NAME = "findings.summary.json"
#: Formats that make no sense on a terminal: refused there without -o (a file or a pipe is fine).
NOT_FOR_TERMINALS = frozenset({"html", "xlsx"})
_GLOB = frozenset("*?[")


def output_name(fmt: str) -> str:
    """The file a format is written to under --output-dir (a future format gets findings.<name>)."""
    return OUTPUT_NAMES.get(fmt, f"findings.{fmt}")


def parse_formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    """``--format jsonl,sarif``: registered format names, comma-separated, kept in order, once each."""
    names: list[str] = []
    for part in value.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in FORMATS:
            hint = did_you_mean(name, FORMATS, "en")
            known = ", ".join(FORMATS)
            raise click.BadParameter(f"unknown report format {name!r}{hint}: expected one of {known}")
        if name not in names:
            names.append(name)
    if not names:
        raise click.BadParameter(f"no report format given: expected one or more of {', '.join(FORMATS)}")
    return tuple(names)


def fail(code: int, message: str) -> NoReturn:
    click.echo(f"conformance: {message}", err=True)
    sys.exit(code)


def load_schema(
    schema: Path | None,
    codes: Path | None,
    config: Path | None,
    found: FoundConfig | None = None,
    *,
    moji: tuple[Path, ...] = (),
    gaiji_map: Path | None = None,
) -> SchemaSet:
    """The user's or the bundled schema set with the settings of the configuration files; a problem is exit 2
    with its located message, labelled a configuration error when it is in a configuration file."""
    from conformance.rules.catalogue import RULES
    from conformance.rules.cross.params import load_parameters
    from conformance.schema.documents import SchemaError
    from conformance.schema.loader import load_schema_set

    docs = [] if found is None or found.settings is None else [(found.settings, found.path, found.prefix)]
    configs = {str(p) for p in (config, found.path if found else None) if p is not None}
    try:
        loaded = load_schema_set(
            schema, codes_dir=codes, config=config, config_docs=docs, moji=moji, gaiji_map=gaiji_map
        )
        load_parameters(loaded, RULES.values())  # rule_parameters.json: its errors are schema errors too
        return loaded
    except SchemaError as e:
        if e.file in configs:
            fail(EXIT_USAGE, f"設定の誤り / configuration error: {e}")
        if e.file in {str(p) for p in moji}:
            fail(EXIT_USAGE, f"MJ文字情報一覧表の誤り / MJ table error: {e}")
        if gaiji_map is not None and e.file == str(gaiji_map):
            fail(EXIT_USAGE, f"外字対応表の誤り / 外字 map error: {e}")
        fail(EXIT_USAGE, f"スキーマの誤り / schema error: {e}")


@dataclass(slots=True)
class Request:
    """Everything one ``validate`` run was asked to do, as parsed from the command line and configuration."""

    paths: list[Path]
    schema: SchemaSet
    fmts: tuple[str, ...]
    lang: Lang
    fail_on: str
    max_per_rule: int
    show_values: bool
    engine: str
    options: EngineOptions
    layout: str | None = None
    encoding: str | None = None
    input_format: str | None = None
    output: Path | None = None
    output_dir: Path | None = None
    summary: Path | None = None
    quiet: bool = False
    silent: bool = False
    on_github: bool = False
    annotate: bool = False
    stdin_name: str | None = None  # the name standard input is checked under ("-" given)
    batch: bool = False  # each path is a dataset of its own (--batch, --manifest)
    aliases: dict[Path, str] = field(default_factory=dict)

    @property
    def report_on_stdout(self) -> bool:
        return self.output is None and self.output_dir is None

    def note(self, message: str) -> None:
        """A remark on stderr, unless --quiet or --silent."""
        if not (self.quiet or self.silent):
            click.echo(message, err=True)


_HELP_JA = """移行データのファイル、またはデータセットのフォルダを、スキーマセットに照らして検査します。

\b
終了コード: 0 適合（または一部未検査）、1 --fail-on 以上の指摘あり、2 使い方・スキーマ・設定の誤り、
3 入力を読めない、4 内部エラー。
\b
形式が1つなら標準出力か -o へ（jsonl・csv は -o の横に NAME.summary.json も）。
複数（例: --format jsonl,junit,sarif）は --output-dir DIR が必要で、DIR/findings.<拡張子> と
DIR/findings.summary.json に書き出します。PATH に - を指定すると標準入力を読みます（--stdin-filename）。
"""
_OPTIONS_JA = {
    "layout": "すべての入力ファイルにこのレイアウト（データセットのファイル名。例: 住民記録_住民）を使う。",
    "schema_path": "スキーマセットのフォルダ、またはその dataset.json（既定: 同梱の参照セット）。",
    "codes": "同じ名前のコード表を置き換える（公式の）コード表のフォルダ。",
    "config": "設定ファイル（TOML または JSON）: m11_remainder1、severity、disabled_rules、pua_map、moji "
    "など。",
    "moji": "MJ文字情報一覧表（公表の CSV または XLSX）。デジタル庁の追加文字の同じ形の表も可。複数指定可。",
    "gaiji_map": "外字の対応: 記入済みの同定ワークシート（CSV・XLSX）または コードポイント,対応 の表。",
    "fmts": "レポートの形式。カンマ区切りで複数可（その場合 --output-dir が必要）: "
    + ", ".join(FORMATS)
    + "。",
    "output": "レポートをこのファイルに書き出す。",
    "output_dir": "各 --format をこのフォルダに書き出す（なければ作る）。要約 JSON は "
    "findings.summary.json。",
    "summary": "要約 JSON（正確な件数）をここに書き出す。",
    "fail_on": "この重大度以上の指摘があれば終了コード 1。",
    "lang": "出力の言語（既定: 環境の LANG が英語なら en、それ以外は ja）。",
    "encoding": "ファイルの文字コードを宣言する（例: cp932）。F1 の代わりに変換して読む（警告は残る）。",
    "input_format": "すべてのファイルをこの形式として読む（既定: 拡張子で決める）。",
    "max_per_rule": "規則ごとに一覧に載せる指摘の上限（件数はつねに正確）。-1 ですべて。",
    "show_values": "個人を識別する値（個人番号、氏名など）を伏せ字にせず表示する。",
    "require_complete": "必要なファイルがなく実行できない規則を誤り（D2）とする。",
    "spill_dir": "高速エンジンの一時ファイル（住民データを含む）の置き場所（既定: $TMPDIR）。",
    "workers": "高速エンジンのワーカープロセス数: 64MiB 以上のファイルを 32MiB ずつ並行して検査する"
    "（既定: このプロセスが使えるコアが4つ以上ならその数、3つ以下なら1。1 ならすべてこのプロセスで検査。"
    "--executor dask では既定はコア数）。",
    "executor": "高速エンジンの分割単位を実行する場所: local（このマシンのワーカープロセス）または dask"
    "（Dask クラスタ。[distributed] の追加インストールが必要。ワーカーから入力ファイルが同じパスで"
    "見えること）。",
    "scheduler": "--executor dask の Dask スケジューラのアドレス（既定: $DASK_SCHEDULER_ADDRESS、"
    "なければ --workers 個のプロセスのローカルクラスタ）。",
    "batch": "PATH ごとに別のデータセットとして検査する（指定しなければ複数の PATH で1つのデータセット）。"
    "レポートは --output-dir/NNN-名前/ に、一括の要約を batch.txt・batch.json・batch.csv・batch.html に"
    "書き出す。終了コードはデータセットのうち最も悪いもの。",
    "manifest": "--batch で検査するデータセットの一覧ファイル（1行に1つのパス。# 以降は注釈。相対パスは"
    "このファイルのフォルダから）。--batch を含む。",
    "quiet": "判定の1行だけを表示する。",
    "silent": "何も表示しない（終了コードのみ。誤りの説明は表示する）。",
    "engine": "fast: polars による事前絞り込み、reference: 1行ずつ（どちらも同じ指摘になる）。"
    "auto: 入力が16MiB未満なら reference、以上なら fast。",
    "github": "GitHub Actions の注釈と $GITHUB_STEP_SUMMARY への要約（GITHUB_ACTIONS=true なら既定で有効）。",
    "stdin_filename": "標準入力（-）をこのファイル名として扱う（レイアウトの判定に使う）。",
}


@main.command(cls=LocalizedCommand, help_ja=_HELP_JA, options_ja=_OPTIONS_JA)
@click.argument("paths", nargs=-1)
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
    help="Settings file (TOML or JSON): m11_remainder1, severity, disabled_rules, pua_map, repertoire, "
    "moji, …",
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
    "--output-format",
    "fmts",
    default="text",
    show_default=True,
    metavar="FORMAT[,FORMAT…]",
    callback=parse_formats,
    help="Report format, or several comma-separated (they need --output-dir): " + ", ".join(FORMATS) + ".",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write every --format to this folder (created if missing) as findings.<ext>, and the JSON summary "
    f"as {SUMMARY_NAME}.",
)
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
@click.option(
    "--lang", type=click.Choice(["ja", "en"]), default=None,
    help="Language of the output (default: en when LANG is English, else ja).",
)
@click.option("--encoding", help="Declare the files' encoding (e.g. cp932) and transcode it instead of F1.")
@click.option(
    "--input-format", type=click.Choice(["csv", "jsonl", "json", "xml", "parquet"]), default=None,
    help="Read every file with this reader (default: each file's extension decides).",
)
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
    help="A dataset rule that cannot run because a file it needs is absent is an error (D2).",
)
@click.option(
    "--spill-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the fast engine's temporary files, which hold resident data (default: $TMPDIR). "
    "They are private (0700/0600) and removed on exit; SIGKILL leaves them, and the next run removes them.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes for the fast engine: a file of 64 MiB or more is checked in 32 MiB chunks in "
    "parallel (default: the cores this process may use when there are 4 or more, else 1, which checks "
    "everything in this process; with --executor dask the cores).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where the fast engine's chunks run: local worker processes, or a Dask cluster (the [distributed] "
    "extra; the workers must see the input files at the same paths).",
)
@click.option(
    "--scheduler",
    envvar="DASK_SCHEDULER_ADDRESS",
    help="Dask scheduler address for --executor dask (default: $DASK_SCHEDULER_ADDRESS, else a local "
    "cluster of --workers processes).",
)
@click.option(
    "--batch",
    is_flag=True,
    help="Each PATH is a dataset of its own, validated as its own job (without it several PATHs are one "
    "dataset): reports per dataset in --output-dir/NNN-NAME/ and a batch summary there as batch.txt, "
    "batch.json, batch.csv and batch.html; the exit code is the worst of the datasets.",
)
@click.option(
    "--manifest",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="A file naming the datasets of a --batch run, one path a line (# starts a comment; relative "
    "paths are from the file's folder); implies --batch.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the verdict line.")
@click.option(
    "--silent", is_flag=True, help="Print nothing (the exit code says it; errors are still explained)."
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "fast", "reference"]),
    default="auto",
    show_default=True,
    help="fast: polars prefilters over the same rules; reference: row by row (both give the same findings); "
    "auto: reference below 16 MiB of input, fast above.",
)
@click.option(
    "--github/--no-github",
    default=None,
    help="GitHub Actions: annotations (::error …) on stdout before any report there, and a Markdown "
    "summary appended to $GITHUB_STEP_SUMMARY. Default: on when GITHUB_ACTIONS=true.",
)
@click.option("--stdin-filename", help="The file name standard input (-) is checked under (its layout).")
@click.pass_context
def validate(ctx: click.Context, /, **params: Any) -> None:
    """Check migration files or a dataset folder against the schema set.

    \b
    Exit codes: 0 conforms (or partially checked), 1 findings at or above --fail-on,
    2 usage, schema or configuration error, 3 unreadable input, 4 internal error.
    \b
    One format is written to stdout or -o (jsonl/csv: plus NAME.summary.json beside -o);
    several, e.g. --format jsonl,junit,sarif, need --output-dir DIR and are written as
    DIR/findings.<ext> plus DIR/findings.summary.json. A PATH of - reads standard input.
    """
    request = _request(ctx, params)
    try:
        with interruptible(), _stdin(request):
            _run(request)
    except Interrupted as e:
        fail(
            e.code,
            f"{e.name} で中断しました。判定はありません（一時ファイルは削除しました）/ "
            f"interrupted by {e.name}: no verdict (temporary files removed)",
        )


def _request(ctx: click.Context, p: dict[str, Any]) -> Request:
    """Check the options against each other and build the request (usage errors are exit 2)."""
    from conformance.reports import github as gh

    fmts: tuple[str, ...] = p["fmts"]
    output, output_dir = p["output"], p["output_dir"]
    if output_dir is not None:
        output_dir = Path(output_dir)
    if len(fmts) > 1 and output_dir is None:
        raise click.UsageError(f"several formats ({', '.join(fmts)}) need --output-dir DIR")
    if output is not None and output_dir is not None:
        raise click.UsageError("use either -o/--output or --output-dir, not both")
    lang = resolve_lang(p["lang"])
    quiet, silent = bool(p["quiet"]), bool(p["silent"])
    on_github = gh.is_github_actions(os.environ) if p["github"] is None else bool(p["github"])
    to_stdout = output is None and output_dir is None
    binary = [f for f in fmts if f in NOT_FOR_TERMINALS]
    if to_stdout and binary and _stdout_is_terminal():
        raise click.UsageError(
            f"{binary[0]} はターミナルに表示できません。-o FILE か --output-dir DIR を指定してください / "
            f"a {binary[0]} report cannot go to a terminal: write it with -o FILE or --output-dir DIR"
        )
    annotate = on_github
    if on_github and to_stdout and fmts != ("text",):
        if p["github"]:
            raise click.UsageError(
                f"--github prints annotations on stdout, where the {fmts[0]} report would go: "
                "write the report with -o or --output-dir"
            )
        annotate = False
    encoding = p["encoding"]
    if encoding:
        import codecs

        try:
            codecs.lookup(encoding)
        except LookupError:
            fail(EXIT_USAGE, f"unknown encoding {encoding!r}")
    found: FoundConfig | None = (ctx.obj or {}).get("config")
    schema = load_schema(
        _path(p["schema_path"]), _path(p["codes"]), _path(p["config"]), found,
        moji=tuple(Path(m) for m in p["moji"]), gaiji_map=_path(p["gaiji_map"]),
    )
    from conformance.engines.partitioned import default_workers

    layout = p["layout"]
    if layout is not None and layout not in schema.files:
        hint = did_you_mean(layout, schema.files, lang)
        fail(EXIT_USAGE, f"レイアウト {layout!r} はありません / unknown layout {layout!r}{hint} (known: "
             f"{', '.join(schema.files)})")
    request = Request(
        paths=[], schema=schema, fmts=fmts, lang=lang, fail_on=p["fail_on"], max_per_rule=p["max_per_rule"],
        show_values=p["show_values"], engine=p["engine"],
        options=EngineOptions(
            require_complete=p["require_complete"], spill_dir=_path(p["spill_dir"]),
            workers=p["workers"] or default_workers(p["executor"]),
            executor=p["executor"],
            scheduler=p["scheduler"],
        ),
        layout=layout, encoding=encoding, input_format=p["input_format"], output=_path(output),
        output_dir=output_dir,
        summary=_path(p["summary"]), quiet=quiet, silent=silent, on_github=on_github, annotate=annotate,
        stdin_name=p["stdin_filename"],
    )
    manifest: Path | None = p["manifest"]
    args: tuple[str, ...] = p["paths"]
    if manifest is not None:
        args = (*args, *_manifest(manifest))
        request.batch = True
    else:
        request.batch = bool(p["batch"])
    if not args:
        raise click.UsageError("Missing argument 'PATHS...'.")
    if request.batch:
        if output_dir is None:
            raise click.UsageError("--batch and --manifest write their reports to --output-dir DIR")
        if "-" in args:
            raise click.UsageError("- (standard input) cannot be part of a --batch run")
    request.paths = _expand(args, request)
    if on_github and to_stdout and fmts != ("text",):
        request.note(
            "conformance: GitHub の注釈は出力しない（レポートが標準出力のため）/ GitHub annotations left "
            "out: the report goes to stdout (use -o or --output-dir)"
        )
    return request


def _manifest(path: Path) -> list[str]:
    """The dataset paths of a manifest: one a line, ``#`` comments and blank lines left out, relative paths
    from the manifest's folder."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        fail(EXIT_UNREADABLE, f"{path}: 一覧を読めません / cannot read the manifest: {e}")
    out: list[str] = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(str(path.parent / entry) if not os.path.isabs(entry) else entry)
    return out


def _stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def _path(value: str | Path | None) -> Path | None:
    return None if value is None else Path(value)


def _expand(args: tuple[str, ...], request: Request) -> list[Path]:
    """Paths as given; ``-`` for standard input; a pattern with ``* ? [`` that names no file is expanded by
    the tool (quoted globs in CI scripts, and shells that do not expand them)."""
    out: list[Path] = []
    for arg in args:
        if arg == "-":
            if request.stdin_name is None and request.layout is None:
                raise click.UsageError("- (standard input) needs --stdin-filename NAME or --layout LAYOUT")
            out.append(Path("-"))
        elif not os.path.lexists(arg) and _GLOB & set(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                fail(EXIT_UNREADABLE, f"{arg}: 一致するファイルがありません / no file matches the pattern")
            out.extend(Path(m) for m in matches)
        else:
            out.append(Path(arg))
    return out


@contextlib.contextmanager
def _stdin(request: Request) -> Iterator[None]:
    """Standard input as a private temporary file (the readers seek, and the witness hashes it), named as
    ``--stdin-filename`` says so that its layout is found; removed on every way out."""
    if Path("-") not in request.paths:
        yield
        return
    from conformance.engines.spill import private_spill

    name = Path(request.stdin_name or f"{request.layout}.csv").name
    with private_spill(request.options.spill_dir) as folder:
        target = folder / name
        with target.open("wb") as fh:
            shutil.copyfileobj(sys.stdin.buffer, fh, 1 << 20)
        request.paths = [target if p == Path("-") else p for p in request.paths]
        request.aliases[target] = request.stdin_name or "-"
        yield


def _check(request: Request) -> ValidationResult:
    """The validation itself (InputError, ReaderError and the engines' errors are the caller's)."""
    from conformance.api import validate as run_validation
    from conformance.cli.progress import TerminalProgress, wanted

    with contextlib.ExitStack() as stack:
        quiet = request.quiet or request.silent
        progress = stack.enter_context(TerminalProgress()) if wanted(quiet) else None
        return run_validation(
            request.paths,
            schema=request.schema,
            layout=request.layout,
            encoding=request.encoding,
            max_per_rule=None if request.max_per_rule < 0 else request.max_per_rule,
            engine=request.engine,
            progress=progress,
            options=request.options,
            aliases=request.aliases,
            input_format=request.input_format,
        )


def _run_batch(request: Request) -> NoReturn:
    """Each path as a dataset of its own: its reports in a folder of its own, one summary row; exit code the
    worst of the datasets'. A dataset that cannot be read is a row too (the batch goes on)."""
    from conformance.api import InputError
    from conformance.engines.dask_executor import DaskMissing
    from conformance.engines.spill import SpillFull
    from conformance.readers.csv_reader import ReaderError
    from conformance.reports import batch
    from conformance.reports.text import verdict_line

    assert request.output_dir is not None
    rows: list[batch.BatchRow] = []
    worst = EXIT_OK
    for k, path in enumerate(request.paths, 1):
        name = "".join(c if c.isalnum() or c in "._-" else "_" for c in (path.resolve().name or "dataset"))
        one = replace(request, paths=[path], output_dir=request.output_dir / f"{k:03d}-{name}", summary=None,
                      on_github=False, annotate=False, batch=False)
        try:
            result = _check(one)
        except InputError as e:
            code = EXIT_UNREADABLE if e.unreadable else EXIT_USAGE
            rows.append(batch.unreadable_row(str(path), code, str(e)))
            request.note(f"{path}: {e}")
        except ReaderError as e:
            code = EXIT_UNREADABLE
            rows.append(batch.unreadable_row(str(path), code, str(e)))
            request.note(f"{path}: {e}")
        except DaskMissing as e:
            fail(EXIT_USAGE, str(e))
        except SpillFull as e:
            fail(EXIT_USAGE, f"一時ファイルの領域が一杯です（--spill-dir で別の場所を指定できます）/ {e}")
        except Exception as e:  # a bug of ours
            internal_error(e)
        else:
            written = _write_reports(one, result)
            code = EXIT_FINDINGS if result.exceeds(request.fail_on) else EXIT_OK
            rows.append(batch.row_of(str(path), result, code, [str(w) for w in written]))
            request.note(f"{path}: {verdict_line(result, request.lang)}")
        worst = max(worst, code)
    try:
        request.output_dir.mkdir(parents=True, exist_ok=True)
        for fmt, ext in batch.BATCH_FORMATS.items():
            with atomic_output(request.output_dir / f"batch.{ext}") as fh:
                text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
                batch.write(fmt, rows, text, request.lang, worst)
                text.flush()
                text.detach()
    except OSError as e:
        fail(EXIT_USAGE, f"レポートを書けません / cannot write the report: {e}")
    if not request.silent:
        batch.write("text", rows, sys.stdout, request.lang, worst)
    sys.exit(worst)


def _run(request: Request) -> NoReturn:
    """The run and its reports; every way out is one of the documented exit codes."""
    from conformance.api import InputError
    from conformance.engines.dask_executor import DaskMissing
    from conformance.engines.spill import SpillFull
    from conformance.readers.csv_reader import ReaderError

    if request.batch:
        _run_batch(request)
    try:
        result = _check(request)
    except InputError as e:
        fail(EXIT_UNREADABLE if e.unreadable else EXIT_USAGE, str(e))
    except ReaderError as e:
        fail(EXIT_UNREADABLE, str(e))
    except DaskMissing as e:
        fail(EXIT_USAGE, str(e))
    except SpillFull as e:
        fail(EXIT_USAGE, f"一時ファイルの領域が一杯です（--spill-dir で別の場所を指定できます）/ {e}")
    except Exception as e:  # a bug of ours: say so plainly, keep the traceback for debugging only
        internal_error(e)
    for stale in result.settings_summary.get("stale_spill_removed", []):
        request.note(
            "conformance: 以前の実行が残した一時フォルダを削除しました / removed a spill folder left by "
            f"an earlier run (pid {stale['pid']}): {stale['folder']}"
        )
    written = _write_reports(request, result)
    from conformance.reports.text import verdict_line

    if request.quiet and not request.silent:
        if not request.report_on_stdout or request.fmts == ("text",):
            click.echo(verdict_line(result, request.lang))
    elif not request.silent and (request.fmts != ("text",) or not request.report_on_stdout):
        click.echo(verdict_line(result, request.lang), err=True)
        for path in written:
            click.echo(f"書き出しました / written: {path}", err=True)
    sys.exit(EXIT_FINDINGS if result.exceeds(request.fail_on) else EXIT_OK)


def _write_reports(request: Request, result: ValidationResult) -> list[Path]:
    """Annotations, the reports, the summary and the step summary; the files written, in order."""
    from conformance.reports import github as gh
    from conformance.reports import json_report

    opts = ReportOptions.of(request.schema, lang=request.lang, show_values=request.show_values)
    written: list[Path] = []
    summary = request.summary
    try:
        if request.annotate and not request.silent:  # first, so that a text report on stdout follows them
            gh.write_annotations(result, sys.stdout, opts)
        if request.output_dir is not None:
            request.output_dir.mkdir(parents=True, exist_ok=True)
            for fmt in request.fmts:
                target = request.output_dir / output_name(fmt)
                with atomic_output(target) as fh:
                    writer_for(fmt, request.fail_on)(result, fh, opts)
                written.append(target)
            if summary is None:
                summary = request.output_dir / SUMMARY_NAME
        else:
            fmt = request.fmts[0]
            writer = writer_for(fmt, request.fail_on)
            if request.output is None:
                # --quiet replaces the text report by its verdict line; a machine report stays (it is the
                # output asked for); --silent prints nothing
                if not request.silent and not (request.quiet and fmt == "text"):
                    writer(result, sys.stdout.buffer if fmt in NOT_FOR_TERMINALS else sys.stdout, opts)
            else:
                with atomic_output(request.output) as fh:
                    writer(result, fh, opts)
                written.append(request.output)
            if summary is None and request.output is not None and fmt in ("jsonl", "csv"):
                summary = request.output.with_name(request.output.stem + ".summary.json")
        if summary is not None:
            with atomic_output(summary) as fh:
                json_report.write_summary(result, fh, opts)
            written.append(summary)
    except OSError as e:
        fail(EXIT_USAGE, f"レポートを書けません / cannot write the report: {e}")
    except Exception as e:
        internal_error(e)
    if request.on_github:
        step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if step_summary:
            try:
                gh.append_step_summary(result, Path(step_summary), opts)
            except OSError as e:  # the checks ran and the reports exist: warn, keep the exit code
                click.echo(
                    f"conformance: GITHUB_STEP_SUMMARY に書けません / cannot write the step summary: {e}",
                    err=True,
                )
    return written


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
