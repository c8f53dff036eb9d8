"""`conformance sample`: write a seeded synthetic dataset (optionally with one injected fault per rule)."""

from __future__ import annotations

from pathlib import Path

import click

from conformance.cli import main
from conformance.sample.generator import SampleError, generate
from conformance.sample.outputs import OUTPUT_FORMATS


@main.command("sample")
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--rows", type=click.IntRange(min=1), default=1000, show_default=True,
              help="住民記録_住民 rows (clean); the other files scale from it.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True,
              help="Random seed: the same seed gives the same bytes.")
@click.option("--inject-violations", "inject", is_flag=True,
              help="Add one fault per rule and write answer_key.jsonl (the findings they must produce).")
@click.option("--force", is_flag=True,
              help="Write into a non-empty directory (its sample files are replaced).")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default="csv", show_default=True,
              help="Input format to write the dataset in (the answer key uses that format's lines).")
def sample_cmd(out_dir: Path, rows: int, seed: int, inject: bool, force: bool, fmt: str) -> None:
    """Write a synthetic migration dataset (7 files) to OUT_DIR / 合成データセットを出力する."""
    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"{out_dir}: exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
        _fail(f"{out_dir}: directory is not empty (use --force to overwrite) / 出力先が空ではありません")
    stale = out_dir / "answer_key.jsonl"
    try:
        if not inject and stale.exists():
            stale.unlink()  # an old key would describe faults this clean dataset no longer has
        info = generate(out_dir, rows=rows, seed=seed, inject=inject, fmt=fmt)
    except (SampleError, OSError) as e:
        _fail(str(e))
    for name, count in info.files.items():
        click.echo(f"{out_dir / name}\t{count} rows")
    if info.answer_key is not None:
        click.echo(f"{info.answer_key}\t{info.violations} injected violations")


def _fail(message: str) -> None:
    click.echo(f"conformance sample: {message}", err=True)
    raise SystemExit(2)
