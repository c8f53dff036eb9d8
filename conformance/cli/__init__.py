"""Command line: a thin layer over the package.

Each sub-command lives in its own ``*_cmd`` module and registers itself on ``main``.
"""

from __future__ import annotations

import click

from conformance import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="conformance")
def main() -> None:
    """データ要件・連携要件標準仕様書の移行データ適合性検査.

    Conformance checks for migration data of the standard.
    """


def _register() -> None:
    """Import the sub-command modules; each adds itself to ``main``."""
    import importlib
    import pkgutil

    for mod in pkgutil.iter_modules(__path__):
        if mod.name.endswith("_cmd"):
            importlib.import_module(f"{__name__}.{mod.name}")


_register()
