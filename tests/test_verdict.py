"""A verdict you can sign: nothing checked is never a pass, every skipped entry is named with its reason,
a dataset missing a file its rules read is only partially checked, and the summary carries the evidence of
what was read (size, sha256, encoding, line endings)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from conformance.api import validate
from conformance.cli import main
from conformance.engines import evidence
from conformance.schema.model import SchemaSet
from tests.conftest import DATA

EXAMPLES = DATA / "spec_examples"
RESIDENTS = "住民記録_住民.csv"


def run(*args: str | Path) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def dataset(tmp_path: Path, *names: str) -> Path:
    """A folder with the named valid example files (all seven when none are named)."""
    d = tmp_path / "dataset"
    d.mkdir()
    for p in sorted(EXAMPLES.glob("*.csv")):
        if ".invalid" not in p.name and (not names or p.name in names):
            shutil.copy(p, d / p.name)
    return d


# --- nothing checked is never a pass ------------------------------------------------------------------


def test_an_empty_folder_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    r = run("validate", tmp_path / "empty")
    assert r.exit_code == 2
    assert "検査できるファイルがありません / nothing to check" in r.output
    assert "the folder is empty" in r.output


def test_a_folder_of_unmatched_entries_is_exit_2_and_lists_each_with_its_reason(tmp_path: Path) -> None:
    d = tmp_path / "delivery"
    d.mkdir()
    (d / "jumin.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (d / "住民記録_住民.xlsx").write_bytes(b"PK\x03\x04")
    (d / "readme.txt").write_text("x", encoding="utf-8")
    (d / "sub").mkdir()
    (d / "gone.csv").symlink_to(d / "nowhere.csv")
    (d / "loop.csv").symlink_to(d / "loop.csv")
    os.mkfifo(d / "住民記録_住民.csv")
    r = run("validate", d)
    assert r.exit_code == 2
    lines = {line.split(": ", 1)[0].strip(): line for line in r.output.splitlines() if ": " in line}
    assert "the file name matches no layout" in lines[str(d / "jumin.csv")]
    assert "not a format the tool reads" in lines[str(d / "住民記録_住民.xlsx")]
    assert "not a format the tool reads" in lines[str(d / "readme.txt")]
    assert "a folder inside the folder is not searched" in lines[str(d / "sub")]
    assert "a symbolic link to nothing" in lines[str(d / "gone.csv")]
    assert "a symbolic link that loops" in lines[str(d / "loop.csv")]
    assert "not a regular file (a named pipe (FIFO))" in lines[str(d / "住民記録_住民.csv")]


def test_a_fifo_named_on_the_command_line_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / RESIDENTS
    os.mkfifo(fifo)  # opening it for reading would block forever: the run must not try
    r = run("validate", fifo)
    assert r.exit_code == 3
    assert "not a regular file" in r.output


def test_a_device_with_layout_is_refused(tmp_path: Path) -> None:
    r = run("validate", "/dev/zero", "--layout", "住民記録_住民")
    assert r.exit_code == 3
    assert "a character device" in r.output


def test_skipped_entries_are_named_in_every_report_and_the_verdict_is_partial(tmp_path: Path) -> None:
    d = dataset(tmp_path)
    (d / "住民記録_住民_修正版.csv").write_text("x\n", encoding="utf-8")
    out = tmp_path / "out"
    r = run("validate", d, "--format", "text,html,json", "--output-dir", out)
    assert r.exit_code == 0  # no error: a partial verdict fails only with --require-complete
    summary = json.loads((out / "findings.summary.json").read_text(encoding="utf-8"))
    assert summary["verdict"] == "partially_checked" and summary["verdict_ja"] == "一部未検査"
    assert summary["complete"] is False
    assert [(s["path"], s["reason"]) for s in summary["skipped_inputs"]] == [
        (str(d / "住民記録_住民_修正版.csv"), "no_layout")
    ]
    text = (out / "findings.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("判定: 一部未検査（")
    assert "検査しなかったファイル（1件）" in text and "住民記録_住民_修正版.csv" in text
    html = (out / "findings.html").read_text(encoding="utf-8")
    assert "住民記録_住民_修正版.csv" in html and "一部未検査" in html


def test_a_dataset_without_residents_is_partially_checked_and_names_the_rules(tmp_path: Path) -> None:
    d = dataset(tmp_path, "個人住民税_課税.csv", "固定資産税_土地.csv")
    result = validate([d])
    assert result.verdict == "partially_checked"
    assert {(nc.rule, Path(nc.file).name) for nc in result.not_checked} == {
        ("X21", "個人住民税_課税.csv"), ("X25", "個人住民税_課税.csv")
    }


def test_the_whole_dataset_conforms(tmp_path: Path) -> None:
    result = validate([dataset(tmp_path)])
    assert (result.verdict, result.complete, result.totals.total) == ("conforms", True, 0)


def test_a_header_only_file_is_an_info_finding(tmp_path: Path) -> None:
    src = (EXAMPLES / RESIDENTS).read_text(encoding="utf-8")
    f = tmp_path / RESIDENTS
    f.write_text(src.splitlines()[0] + "\n", encoding="utf-8")
    for engine in ("reference", "fast"):
        result = validate([f], engine=engine)
        assert [(x.rule, x.line, x.item, x.severity.value) for x in result.findings] == [
            ("D1", None, None, "info")
        ], engine


# --- evidence -----------------------------------------------------------------------------------------


def test_the_summary_holds_size_hash_encoding_and_line_endings(tmp_path: Path) -> None:
    d = dataset(tmp_path, RESIDENTS)
    crlf = d / "法人住民税_申告.csv"
    source = (EXAMPLES / "法人住民税_申告.csv").read_bytes()
    crlf.write_bytes(b"\xef\xbb\xbf" + source.replace(b"\n", b"\r\n"))
    out = tmp_path / "s.json"
    run("validate", d, "--format", "jsonl", "-o", tmp_path / "f.jsonl", "--summary", out)
    files = {Path(f["file"]).name: f for f in json.loads(out.read_text(encoding="utf-8"))["files"]}
    for name in (RESIDENTS, "法人住民税_申告.csv"):
        raw = (d / name).read_bytes()
        ev = files[name]["evidence"]
        assert (ev["size"], ev["sha256"]) == (len(raw), hashlib.sha256(raw).hexdigest())
        assert ev["format"] == "csv" and ev["encoding_declared"] is False
    plain = files[RESIDENTS]["evidence"]
    assert (plain["encoding"], plain["line_endings"]) == ("UTF-8", "LF")
    bom = files["法人住民税_申告.csv"]["evidence"]
    assert (bom["encoding"], bom["line_endings"]) == ("UTF-8 (BOM)", "CRLF")


def test_the_report_says_whether_the_schema_set_is_the_bundled_reconstruction(
    tmp_path: Path, schema: SchemaSet
) -> None:
    d = dataset(tmp_path, RESIDENTS)
    text = run("validate", d).output
    assert "同梱の参照レイアウト（公式の基本データリストではありません）" in text
    own = tmp_path / "own"
    shutil.copytree(schema.root or "", own)
    assert "利用者のスキーマセット" in run("validate", d, "--schema", own).output


def test_a_file_that_changes_while_it_is_read_gets_no_verdict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = dataset(tmp_path, RESIDENTS)
    real = evidence.Witness.finish

    def append_then_finish(self: evidence.Witness) -> tuple[int, str, str]:
        with open(self.path, "ab") as f:  # the delivery is still being written while we read it
            f.write(b"more\n")
        return real(self)

    monkeypatch.setattr(evidence.Witness, "finish", append_then_finish)
    r = run("validate", d)
    assert r.exit_code == 3
    assert "検査中にファイルが変更されました" in r.output and "no verdict" in r.output
    assert "判定" not in r.output.replace("判定できません", "")
