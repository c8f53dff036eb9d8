"""``conformance rules``: list the rule catalogue (the source of docs/rules.md)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click

from conformance.cli import main
from conformance.reports.masking import Lang
from conformance.reports.rules_doc import DOC_FORMATS, DocFormat, render


@main.command("rules")
@click.option(
    "--format", "fmt", type=click.Choice(DOC_FORMATS), default="text", show_default=True,
    help="text (one language), markdown (bilingual, as docs/rules.md) or json.",
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
              help="Language of the text format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE instead of standard output.")
def rules(fmt: str, lang: str, output: Path | None) -> None:
    """検査規則の一覧 / List every rule: id, severity, scope, title, explanation, source."""
    text = render(cast(DocFormat, fmt), cast(Lang, lang))
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
