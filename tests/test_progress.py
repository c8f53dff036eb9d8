"""Progress: reported by both engines through one callback, drawn only on a terminal."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text

from conformance.api import validate
from conformance.cli.progress import TerminalProgress, wanted
from conformance.schema.model import SchemaSet
from tests.conftest import REPO

RESIDENTS = REPO / "samples" / "valid" / "住民記録_住民.csv"


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_engines_report_bytes_and_rows(schema: SchemaSet, engine: str) -> None:
    calls: list[tuple[str, int, int, int]] = []
    result = validate([RESIDENTS], schema=schema, engine=engine, progress=lambda *a: calls.append(a))
    assert calls, "no progress reported"
    file, done, total, rows = calls[-1]
    assert file == str(RESIDENTS)
    assert done == total == RESIDENTS.stat().st_size
    assert rows == result.files[0].rows
    assert all(a[1] <= b[1] for a, b in itertools.pairwise(calls))


def test_terminal_progress_draws_file_rows_and_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setenv("COLUMNS", "80")
    with TerminalProgress(out, force_terminal=True) as progress:
        progress("dir/住民記録_住民.csv", 50_000_000, 100_000_000, 1234)
        progress("dir/住民記録_住民.csv", 100_000_000, 100_000_000, 2468)
        progress._progress.refresh()
        drawn = out.getvalue()
    text = out.getvalue()
    assert "住民記録_住" in drawn and "2,468 rows" in drawn and " MB/s" in drawn
    assert "? " not in Text.from_ansi(drawn).plain  # a real rate, never rich's "?"
    lines = [ln for ln in drawn.replace("\r", "\n").splitlines() if "rows" in ln]

    assert max(cell_len(Text.from_ansi(ln).plain) for ln in lines) <= 80
    assert text.endswith("\x1b[2K")  # transient: the bar's line is cleared when the run ends


def test_silent_when_not_a_terminal_or_quiet() -> None:
    assert not wanted(False, io.StringIO())

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert wanted(False, Tty())
    assert not wanted(True, Tty())


def test_cli_prints_no_progress_into_pipes(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from conformance.cli import main

    r = CliRunner().invoke(
        main, ["validate", str(RESIDENTS), "--format", "jsonl", "-o", str(tmp_path / "f.jsonl")]
    )
    assert r.exit_code == 0
    assert "rows" not in r.stderr
