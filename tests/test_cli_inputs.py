"""The command line with non-CSV inputs: ``sample --format`` writes a dataset whose answer key (in that
format's lines) the validator finds, ``validate --input-format`` forces a reader, and the reports say how
each file was read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli import main


@pytest.mark.parametrize("fmt", ["jsonl", "json", "xml", "parquet"])
def test_sample_in_a_format_gives_its_answer_key(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / fmt
    r = CliRunner().invoke(main, ["sample", str(out), "--rows", "40", "--seed", "2", "--inject-violations",
                                  "--format", fmt], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    ext = ".jsonl" if fmt == "jsonl" else f".{fmt}"
    assert sorted(p.suffix for p in out.iterdir()) == sorted([ext] * 7 + [".jsonl"])
    key = [json.loads(line) for line in (out / "answer_key.jsonl").read_text(encoding="utf-8").splitlines()]
    assert key and all(str(e["file"]).endswith(ext) for e in key)
    report = tmp_path / "r.json"
    r = CliRunner().invoke(main, ["validate", str(out), "--format", "json", "-o", str(report),
                                  "--max-per-rule", "-1"], catch_exceptions=False)
    assert r.exit_code == 1, r.output
    doc = json.loads(report.read_text(encoding="utf-8"))
    got = {(Path(f["file"]).name, f["line"], f["item"], f["rule"]) for f in doc["findings"]}
    missing = [e for e in key if (e["file"], e["line"], e["item"], e["rule"]) not in got]
    assert missing == []
    assert {f["evidence"]["format"] for f in doc["summary"]["files"]} == {fmt}


def test_input_format_forces_a_reader_and_reports_name_it(tmp_path: Path) -> None:
    path = tmp_path / "住民記録_住民.csv"
    path.write_text('{"団体コード": "12345X"}\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["validate", str(path), "--input-format", "jsonl", "--lang", "en",
                                  "--max-per-rule", "-1"], catch_exceptions=False)
    assert r.exit_code == 1
    assert "JSON Lines UTF-8" in r.output
    r = CliRunner().invoke(main, ["validate", str(path), "--input-format", "yaml"])
    assert r.exit_code == 2
