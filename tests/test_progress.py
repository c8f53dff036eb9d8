"""Progress: reported by both engines through one callback, drawn only on a terminal."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest

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


def test_terminal_progress_draws_file_rows_and_speed() -> None:
    out = io.StringIO()
    with TerminalProgress(out, force_terminal=True) as progress:
        progress("住民記録_住民.csv", 50, 100, 1234)
        progress("住民記録_住民.csv", 100, 100, 2468)
    text = out.getvalue()
    assert "住民記録_住民.csv" in text and "2,468 rows" in text


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
