"""Every way out keeps its promises: signals end a run with 128+signal after removing the spill folder, a
spill folder left by a killed run is removed by the next, spilled resident data is private, reports appear
whole or not at all, incomplete datasets fail when asked to, and reports read back what they wrote."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conformance.api import EngineOptions, validate
from conformance.cli import main
from conformance.engines import spill
from conformance.schema.model import SchemaSet
from tests.conftest import DATA, REPO

EXAMPLES = DATA / "spec_examples"
RESIDENTS = "住民記録_住民.csv"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def big_residents(folder: Path, rows: int) -> Path:
    """A 住民記録_住民 file of ``rows`` copies of the example's first row (every copy a duplicate key)."""
    lines = (EXAMPLES / RESIDENTS).read_text(encoding="utf-8").splitlines()
    path = folder / RESIDENTS
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(lines[0] + "\n")
        for _ in range(rows):
            f.write(lines[1] + "\n")
    return path


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)])
def test_a_signal_ends_the_run_with_its_code_and_removes_the_spill(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    data = big_residents(tmp_path, 400_000)
    spill_dir = tmp_path / "spill"
    spill_dir.mkdir()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "conformance",
            "validate",
            str(data),
            "--spill-dir",
            str(spill_dir),
            "--silent",
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(spill_dir.iterdir()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before a spill folder appeared"
    time.sleep(0.3)  # let it write some resident data
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert "no verdict" in err and "Traceback" not in err
    assert list(spill_dir.iterdir()) == []


def test_a_spill_folder_of_a_dead_process_is_removed_and_said(tmp_path: Path) -> None:
    spill_dir = tmp_path / "spill"
    stale = spill_dir / f"{spill.SPILL_PREFIX}999999999-abcd"
    stale.mkdir(parents=True)
    (stale / "f0-000000.arrow").write_bytes(b"resident data")
    alive = spill_dir / f"{spill.SPILL_PREFIX}{os.getpid()}-live"  # ours (as if another run of this process)
    alive.mkdir()
    unrelated = spill_dir / "other"
    unrelated.mkdir()
    r = run("validate", EXAMPLES / RESIDENTS, "--spill-dir", spill_dir)
    assert r.exit_code == 0
    assert "removed a spill folder left by an earlier run (pid 999999999)" in r.output
    assert not stale.exists() and alive.exists() and unrelated.exists()


def test_spilled_resident_data_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[int, int]] = []
    real = spill.StateSpill.close

    def close(self: spill.StateSpill) -> None:
        real(self)
        for path in self.paths:
            seen.append((stat.S_IMODE(path.parent.stat().st_mode), stat.S_IMODE(path.stat().st_mode)))

    monkeypatch.setattr(spill.StateSpill, "close", close)
    validate([EXAMPLES], engine="fast", options=EngineOptions(spill_dir=tmp_path))
    assert seen and set(seen) == {(0o700, 0o600)}
    assert list(tmp_path.iterdir()) == []


def test_a_report_is_written_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "findings.csv"
    target.write_text("the previous report\n", encoding="utf-8")
    from conformance.reports import csv_report

    def broken(result: object, out: object, opts: object) -> None:
        out.write(b"half a rep")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv_report, "write", broken)
    r = run("validate", EXAMPLES / RESIDENTS, "--format", "csv", "-o", target)
    assert r.exit_code == 2 and "cannot write the report" in r.output
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["findings.csv"]  # no temporary file left


def _dataset(tmp_path: Path, *names: str) -> Path:
    d = tmp_path / "d"
    d.mkdir()
    for name in names:
        shutil.copy(EXAMPLES / name, d / name)
    return d


def test_require_complete_turns_a_rule_that_cannot_run_into_an_error(tmp_path: Path) -> None:
    d = _dataset(tmp_path, "個人住民税_課税.csv")
    assert run("validate", d).exit_code == 0  # partially checked: not a pass, not a failure
    r = run("validate", d, "--require-complete", "--format", "jsonl", "-o", tmp_path / "f.jsonl")
    assert r.exit_code == 1
    rows = [json.loads(x) for x in (tmp_path / "f.jsonl").read_text(encoding="utf-8").splitlines()]
    d2 = sorted((x["message_id"], x["params"]["rule"]) for x in rows if x["rule"] == "D2")
    assert d2 == [("D2.rule_not_run", "X21"), ("D2.rule_not_run", "X25")]


def test_a_required_file_that_is_absent_is_an_error(tmp_path: Path, schema: SchemaSet) -> None:
    files = dict(schema.files)
    files["住民記録_住民"] = dataclasses.replace(files["住民記録_住民"], required=True)
    strict = dataclasses.replace(schema, files=files)
    d = _dataset(tmp_path, "住民記録_住登外者.csv")
    result = validate([d], schema=strict)
    d2 = [(f.file, f.message.id) for f in result.findings if f.rule == "D2"]
    assert d2 == [("住民記録_住民.csv", "D2.file_absent")]
    assert result.verdict == "does_not_conform"


def test_report_reads_back_values_and_names_holding_line_separators(tmp_path: Path) -> None:
    src = (EXAMPLES / RESIDENTS).read_text(encoding="utf-8").splitlines()
    header, row = src[0].split(","), src[1].split(",")
    row[header.index("備考") if "備考" in header else -1] = "前\u2028後\u2029 \x85"
    d = tmp_path / "d\u2028x"
    d.mkdir()
    (d / RESIDENTS).write_text("\n".join([src[0], ",".join(row)]) + "\n", encoding="utf-8")
    out = tmp_path / "f.jsonl"
    assert run("validate", d / RESIDENTS, "--format", "jsonl", "-o", out, "--show-values").exit_code in (0, 1)
    again = tmp_path / "again.jsonl"
    r = run("report", out, "--format", "jsonl", "-o", again)
    assert r.exit_code == 0, r.output
    assert again.read_bytes() == out.read_bytes()
