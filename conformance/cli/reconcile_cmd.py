"""`conformance reconcile BEFORE AFTER`: prove that nothing was lost or changed between two dumps.

Thin, like ``validate``: options → ``reconcile.run.reconcile`` → reports (``reports/reconcile_report.py``)
→ exit code: 0 identical (after the declared ignores and normalisations), 1 differences, 2 usage or schema
error, 3 unreadable input, 4 internal error; 128 + N when interrupted by a signal (spill removed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from conformance.cli import main, validate_cmd
from conformance.cli.i18n import LocalizedCommand, resolve_lang
from conformance.cli.safety import Interrupted, atomic_output, interruptible
from conformance.cli.validate_cmd import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    NOT_FOR_TERMINALS,
    fail,
    internal_error,
    load_schema,
)
from conformance.core.messages import Lang
from conformance.reports.reconcile_formats import RECONCILE_FORMATS
from conformance.reports.writers import ReportOptions
from conformance.schema.model import SchemaSet

#: Names under --output-dir, per format; the summary is always written beside them.
OUTPUT_NAMES = {
    "text": "reconcile.txt",
    "jsonl": "reconcile.jsonl",
    "json": "reconcile.json",
    "csv": "reconcile.csv",
    "html": "reconcile.html",
    "xlsx": "reconcile.xlsx",
}
SUMMARY_NAME = "reconcile.summary.json"

_HELP_JA = """移行前（BEFORE）と移行後（AFTER）のデータセット（フォルダまたはファイル）を、レイアウトごとに
主キー（dataset.json）でレコードを対応づけて突合します: 移行後にないレコード、増えたレコード、値の相違
（項目ごと）、主キーの重複、片方にしかない項目、件数と金額（整数・小数の項目）の合計、コード別件数。

\b
値は書かれたとおりに比較します（空白・Unicode の正規化なし。外字・IVS もそのまま）。
--normalize trim,zenkaku-digits,newline は明示したときだけ使い、要約に記録します。
\b
終了コード: 0 一致、1 差異あり、2 使い方・スキーマの誤り、3 入力を読めない、4 内部エラー。
"""
_OPTIONS_JA = {
    "layout": "すべての入力ファイルにこのレイアウトを使う。",
    "schema_path": "スキーマセットのフォルダ、またはその dataset.json（既定: 同梱の参照セット）。",
    "codes": "同じ名前のコード表を置き換えるコード表のフォルダ。",
    "config": "設定ファイル（TOML または JSON）。",
    "keys": "主キーを置き換える: レイアウト=項目,項目（複数指定可）。",
    "ignore_items": "比較しない項目（例: 更新日時）。レイアウト:項目 でそのレイアウトだけ。"
    "カンマ区切り、複数指定可。",
    "normalize": "比較の前に適用する正規化（明示したときだけ）: trim, zenkaku-digits, newline。",
    "fmts": "レポートの形式。カンマ区切りで複数可（その場合 --output-dir が必要）: "
    + ", ".join(RECONCILE_FORMATS)
    + "。",
    "output": "レポートをこのファイルに書き出す。",
    "output_dir": f"各 --format をこのフォルダに書き出す。要約 JSON は {SUMMARY_NAME}。",
    "summary": "要約 JSON（正確な件数と合計）をここに書き出す。",
    "max_per_kind": "レイアウト・種類ごとに一覧に載せる差異の上限（件数はつねに正確）。-1 ですべて。",
    "show_values": "個人を識別する値（個人番号、氏名など）を伏せ字にせず表示する。",
    "lang": "出力の言語（既定: 環境の LANG が英語なら en、それ以外は ja）。",
    "encoding": "ファイルの文字コードを宣言する（例: cp932）。",
    "before_encoding": "移行前だけの文字コード（例: 旧システムの cp932）。",
    "after_encoding": "移行後だけの文字コード。",
    "spill_dir": "一時ファイル（住民データを含む）の置き場所（既定: $TMPDIR）。",
    "quiet": "判定の1行だけを表示する。",
}


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    names: list[str] = []
    for part in value.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if name not in RECONCILE_FORMATS:
            raise click.BadParameter(
                f"unknown report format {name!r}: expected one of {', '.join(RECONCILE_FORMATS)}"
            )
        if name not in names:
            names.append(name)
    if not names:
        raise click.BadParameter(f"no report format given: expected one of {', '.join(RECONCILE_FORMATS)}")
    return tuple(names)


def _keys(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for entry in value:
        layout, eq, items = entry.partition("=")
        names = tuple(i.strip() for i in items.split(",") if i.strip())
        if not eq or not layout.strip() or not names:
            raise click.BadParameter(f"{entry!r}: expected LAYOUT=ITEM[,ITEM…]")
        out[layout.strip()] = names
    return out


def _list(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for entry in value:
        out += [p.strip() for p in entry.split(",") if p.strip() and p.strip() not in out]
    return tuple(out)


@main.command("reconcile", cls=LocalizedCommand, help_ja=_HELP_JA, options_ja=_OPTIONS_JA)
@click.argument("before", type=click.Path(path_type=Path))
@click.argument("after", type=click.Path(path_type=Path))
@click.option("--layout", help="Force this layout (dataset file name) for every input file.")
@click.option(
    "--schema",
    "schema_path",
    type=click.Path(path_type=Path),
    help="A schema set folder or its dataset.json (default: the bundled reference set).",
)
@click.option(
    "--codes",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of code tables replacing the schema set's tables of the same name.",
)
@click.option(
    "--config", type=click.Path(path_type=Path, dir_okay=False), help="Settings file (TOML or JSON)."
)
@click.option(
    "--key",
    "keys",
    multiple=True,
    callback=_keys,
    metavar="LAYOUT=ITEM[,ITEM…]",
    help="Match the records of LAYOUT by these items instead of its primary key (repeatable).",
)
@click.option(
    "--ignore-items",
    multiple=True,
    callback=_list,
    metavar="[LAYOUT:]ITEM[,…]",
    help="Items not compared (e.g. 更新日時, which changes on re-export); LAYOUT:ITEM for one layout.",
)
@click.option(
    "--normalize",
    default="",
    callback=lambda c, p, v: _list(c, p, (v,)),
    metavar="NAME[,NAME…]",
    help="Opt-in normalisations before comparing: trim, zenkaku-digits, newline (in the summary).",
)
@click.option(
    "--format",
    "fmts",
    default="text",
    show_default=True,
    callback=_formats,
    metavar="FORMAT[,FORMAT…]",
    help="Report format, or several comma-separated (they need --output-dir): "
    + ", ".join(RECONCILE_FORMATS)
    + ".",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report here."
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help=f"Write every --format to this folder as reconcile.<ext>, and the summary as {SUMMARY_NAME}.",
)
@click.option(
    "--summary",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the JSON summary (exact counts and totals) here; default beside -o for jsonl/csv.",
)
@click.option(
    "--max-per-kind",
    type=int,
    default=1000,
    show_default=True,
    help="List at most this many differences per layout and kind (counts stay exact); -1 lists all.",
)
@click.option("--show-values", is_flag=True, help="Show identifying values (個人番号, 氏名, …) unmasked.")
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default=None,
    help="Language of the output (default: en when LANG is English, else ja).",
)
@click.option("--encoding", help="Declare the files' encoding (e.g. cp932).")
@click.option("--before-encoding", help="Declare BEFORE's encoding only (e.g. cp932 for a legacy export).")
@click.option("--after-encoding", help="Declare AFTER's encoding only.")
@click.option(
    "--spill-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the temporary columns (they hold resident data; private, removed on exit).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the verdict line.")
@click.pass_context
def reconcile_cmd(ctx: click.Context, /, **p: Any) -> None:
    """Reconcile two datasets (folders or files): records matched by each layout's primary key.

    \b
    Lists records only in BEFORE (missing) or only in AFTER (added), changed values (one per item),
    duplicated keys, items on one side only, record counts, exact sums of every 整数/小数 item and
    counts per code. Values are compared exactly as written; --normalize is opt-in.
    \b
    Exit codes: 0 identical, 1 differences, 2 usage or schema error, 3 unreadable input, 4 internal error.
    """
    fmts: tuple[str, ...] = p["fmts"]
    if len(fmts) > 1 and p["output_dir"] is None:
        fail(EXIT_USAGE, "複数の形式には --output-dir が必要です / several formats need --output-dir")
    if p["output"] is not None and p["output_dir"] is not None:
        fail(EXIT_USAGE, "-o と --output-dir は同時に使えません / -o and --output-dir exclude each other")
    if (
        p["output"] is None
        and p["output_dir"] is None
        and fmts[0] in NOT_FOR_TERMINALS
        and validate_cmd._stdout_is_terminal()
    ):
        fail(EXIT_USAGE, f"{fmts[0]} は端末に出力しません。-o で指定してください / {fmts[0]} needs -o")
    lang = resolve_lang(p["lang"])
    found = (ctx.obj or {}).get("config")
    schema = load_schema(p["schema_path"], p["codes"], p["config"], found)
    try:
        with interruptible():
            _run(p, schema, fmts, lang)
    except Interrupted as e:
        fail(
            e.code,
            f"{e.name} で中断しました。判定はありません（一時ファイルは削除しました）/ "
            f"interrupted by {e.name}: no verdict (temporary files removed)",
        )


def _run(p: dict[str, Any], schema: SchemaSet, fmts: tuple[str, ...], lang: Lang) -> None:
    from conformance.reconcile.run import ReconcileError, ReconcileOptions, reconcile
    from conformance.reports.reconcile_report import verdict_text, write_summary

    options = ReconcileOptions(
        keys=p["keys"],
        ignore=p["ignore_items"],
        normalize=p["normalize"],
        max_per_kind=p["max_per_kind"],
        layout=p["layout"],
        encoding=p["encoding"],
        before_encoding=p["before_encoding"],
        after_encoding=p["after_encoding"],
        spill_dir=p["spill_dir"],
    )
    from conformance.engines.spill import remove_stale

    for folder, pid in remove_stale(p["spill_dir"]):
        if not p["quiet"]:
            click.echo(
                f"conformance: 以前の実行が残した一時フォルダを削除しました / removed a spill folder left "
                f"by an earlier run (pid {pid}): {folder}",
                err=True,
            )
    try:
        result = reconcile(p["before"], p["after"], schema, options)
    except ReconcileError as e:
        fail(e.code, str(e))
    except Exception as e:  # a bug of ours
        internal_error(e)
    opts = ReportOptions.of(schema, lang=lang, show_values=p["show_values"])
    written: list[Path] = []
    summary: Path | None = p["summary"]
    try:
        if p["output_dir"] is not None:
            p["output_dir"].mkdir(parents=True, exist_ok=True)
            for fmt in fmts:
                target = p["output_dir"] / OUTPUT_NAMES[fmt]
                with atomic_output(target) as fh:
                    RECONCILE_FORMATS[fmt](result, fh, opts)
                written.append(target)
            summary = summary or p["output_dir"] / SUMMARY_NAME
        elif p["output"] is not None:
            with atomic_output(p["output"]) as fh:
                RECONCILE_FORMATS[fmts[0]](result, fh, opts)
            written.append(p["output"])
            if summary is None and fmts[0] in ("jsonl", "csv"):
                summary = p["output"].with_name(p["output"].stem + ".summary.json")
        elif not (p["quiet"] and fmts[0] == "text"):
            RECONCILE_FORMATS[fmts[0]](result, sys.stdout, opts)
        if summary is not None:
            with atomic_output(summary) as fh:
                write_summary(result, fh, opts)
            written.append(summary)
    except OSError as e:
        fail(EXIT_USAGE, f"レポートを書けません / cannot write the report: {e}")
    except Exception as e:
        internal_error(e)
    if p["quiet"]:
        click.echo(verdict_text(result, lang))
    elif written or fmts[0] != "text":
        click.echo(verdict_text(result, lang), err=True)
        for path in written:
            click.echo(f"書き出しました / written: {path}", err=True)
    sys.exit(EXIT_OK if result.identical else EXIT_FINDINGS)
