"""Many datasets at once: ``validate --batch DIR1 DIR2 …`` / ``--manifest FILE`` validates each dataset as
its own job, writes its reports in a folder of its own and a batch summary in four formats, and exits with
the worst of the datasets' codes; without --batch several paths stay one dataset. Also the other options of
issue 14 (--workers, --executor) as the command line takes them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner, Result

from conformance.cli import main
from conformance.schema.model import SchemaSet
from tests.conftest import REPO
from tests.test_no_leak import _identifying_values

VALID, INVALID = REPO / "samples" / "valid", REPO / "samples" / "invalid"


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, ["validate", *map(str, args)], catch_exceptions=False)


def test_batch_validates_each_dataset_alone(schema: SchemaSet, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = run("--batch", VALID, INVALID, "--output-dir", out, "--format", "jsonl,csv", "--lang", "en")
    assert r.exit_code == 1, r.output  # the worst: findings at or above --fail-on in the invalid one
    doc = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    rows = doc["datasets"]
    assert doc["exit_code"] == 1
    assert [(d["dataset"], d["verdict"], d["exit_code"]) for d in rows] == [
        (str(VALID), "conforms", 0), (str(INVALID), "does_not_conform", 1),
    ]
    # each alone gives exactly what a run of that dataset alone gives
    alone = tmp_path / "alone.summary.json"
    assert run(INVALID, "--format", "jsonl", "-o", tmp_path / "alone.jsonl").exit_code == 1
    totals = json.loads(alone.read_text(encoding="utf-8"))["totals"]
    assert rows[1]["total"] == totals["findings"] and rows[1]["errors"] == totals["by_severity"]["error"]
    for d in rows:
        assert d["reports"] and all(Path(p).is_file() for p in d["reports"])
        assert all(Path(p).parent.parent == out for p in d["reports"])
    assert (out / "batch.csv").read_bytes().startswith(b"\xef\xbb\xbfdataset,")  # for Excel, as every CSV
    table = list(csv.DictReader((out / "batch.csv").open(encoding="utf-8-sig", newline="")))
    assert [(t["dataset"], t["verdict"], t["total"]) for t in table] == [
        (d["dataset"], d["verdict"], str(d["total"])) for d in rows
    ]
    page = (out / "batch.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 3 and "does not conform" in page
    assert "does not conform" in (out / "batch.txt").read_text(encoding="utf-8")
    assert "Batch summary" in r.output
    secrets = _identifying_values(schema)
    for name in ("batch.json", "batch.csv", "batch.html", "batch.txt"):
        body = (out / name).read_text(encoding="utf-8")
        assert not [v for v in secrets if v in body], name


def test_manifest_implies_batch_and_an_unreadable_dataset_is_a_row(tmp_path: Path) -> None:
    manifest = tmp_path / "datasets.txt"
    body = f"# two datasets and one that is not there\n{VALID}\n\n{INVALID}  # 不適合\nmissing\n"
    manifest.write_text(body, encoding="utf-8")
    out = tmp_path / "out"
    r = run("--manifest", manifest, "--output-dir", out, "-q")
    assert r.exit_code == 3, r.output  # unreadable (3) is worse than findings (1)
    rows = json.loads((out / "batch.json").read_text(encoding="utf-8"))["datasets"]
    assert [d["verdict"] for d in rows] == ["conforms", "does_not_conform", "unreadable"]
    assert rows[2]["dataset"] == str(tmp_path / "missing") and "no such file" in rows[2]["problem"]


def test_batch_needs_an_output_dir_and_several_paths_stay_one_dataset(tmp_path: Path) -> None:
    r = run("--batch", VALID, INVALID)
    assert r.exit_code == 2 and "--output-dir" in r.output
    assert run("--output-dir", tmp_path).exit_code == 2  # no path at all
    one = tmp_path / "one.summary.json"
    assert run(VALID, INVALID, "--format", "jsonl", "-o", tmp_path / "one.jsonl").exit_code == 1
    files = json.loads(one.read_text(encoding="utf-8"))["files"]
    assert len(files) > 10  # both folders' files in one dataset, as before


def test_workers_and_executor_options(tmp_path: Path) -> None:
    """--workers takes a count of at least 1, --executor local or dask; a small dataset never spawns."""
    assert run("--workers", "0", VALID).exit_code == 2
    assert run("--executor", "spark", VALID).exit_code == 2
    r = run("--engine", "fast", "--workers", "2", "--executor", "local", VALID, "-q")
    assert r.exit_code == 0, r.output
