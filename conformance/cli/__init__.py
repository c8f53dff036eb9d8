"""Command line: a thin layer over the package.

Each sub-command lives in its own ``*_cmd`` module and registers itself on ``main``. The group finds the
user's configuration (``.conformance.toml`` or ``pyproject.toml [tool.conformance]``) before any command
parses its options, so the file's values become the commands' defaults and the command line overrides them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from conformance import __version__
from conformance.cli.config import ConfigFileError, discover
from conformance.cli.i18n import LocalizedGroup

_HELP_JA = """データ要件・連携要件標準仕様書の移行データ適合性検査。

\b
よく使うコマンド:
  conformance validate フォルダ            データセットを検査する
  conformance validate フォルダ --format html -o 報告.html
  conformance rules                       検査規則の一覧
設定は .conformance.toml または pyproject.toml の [tool.conformance] から読みます。
"""


@click.group(
    cls=LocalizedGroup,
    help_ja=_HELP_JA,
    options_ja={"version": "版を表示して終了する。"},
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "-V", "--version", prog_name="conformance")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Conformance checks for migration data of the データ要件・連携要件標準仕様書.

    \b
    Common commands:
      conformance validate FOLDER              check a dataset
      conformance validate FOLDER --format html -o report.html
      conformance rules                        list the rules
    Settings are read from .conformance.toml or pyproject.toml [tool.conformance].
    """
    try:
        found = discover(Path.cwd())
    except ConfigFileError as e:
        click.echo(f"conformance: 設定の誤り / configuration error: {e}", err=True)
        sys.exit(2)
    ctx.obj = {"config": found}
    if found is not None:
        ctx.default_map = {"validate": dict(found.defaults)}


def _register() -> None:
    """Import the sub-command modules; each adds itself to ``main``."""
    import importlib
    import pkgutil

    for mod in pkgutil.iter_modules(__path__):
        if mod.name.endswith("_cmd"):
            importlib.import_module(f"{__name__}.{mod.name}")


_register()
