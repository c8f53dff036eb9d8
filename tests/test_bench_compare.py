"""compare.py's bookkeeping: worker subprocesses, n/a tools, extrapolated rows, verdicts and RESULTS.md.

No timing is asserted: measurements are built by hand, and the one real worker run only counts lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import compare
from benchmarks.compare import GIB, MIB, BenchError, Measurement


def _m(tool: str, seconds: float, rows: int, rss: int = 100 * MIB, **kw: object) -> Measurement:
    m = Measurement(tool, Path("x.csv"), seconds=[seconds, seconds * 2, seconds / 2], rss=[rss, rss // 2],
                    rows=rows, checks=f"{tool} checks")
    for k, v in kw.items():
        setattr(m, k, v)
    return m


def test_worker_subprocess_reports_rows_and_peak_rss(tmp_path: Path) -> None:
    path = tmp_path / "住民記録_住民.csv"
    path.write_bytes(b"a,b\n1,2\n3,4\n5,6")  # the last record has no terminator: 3 LFs, 3 records - 1
    data, rss, _ = compare.run_once("read", path, "住民記録_住民", 1000)
    assert data["rows"] == 2
    assert data["checks"] == "none: read bytes, count LF"
    assert rss > 1 * MIB  # a Python interpreter


def test_moji_tables_reach_the_conformance_worker(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tests.conftest import DATA
    from tests.mojidata import MOJI

    path = DATA / "spec_examples" / "住民記録_住民.csv"
    assert compare.worker("fast", path, "住民記録_住民", 1000, [MOJI]) == 0
    assert "F12 by jisx0213+mj (365 MJ rows)" in json.loads(capsys.readouterr().out)["checks"]
    assert compare.parse_args(["--moji", "a.csv", "--moji", "b.xlsx"]).moji == [Path("a.csv"), Path("b.xlsx")]


def test_tool_selection() -> None:
    assert compare._tools(None, None) == list(compare.TOOLS)
    assert compare._tools("polars,fast", None) == ["polars", "fast"]
    assert compare._tools(None, "reference,frictionless") == [
        "read", "polars", "fast", "pandera", "duckdb", *compare.FORMAT_TOOLS
    ]
    with pytest.raises(BenchError, match="unknown tool"):
        compare._tools("fast,pandas", None)


def test_head_file_keeps_header_and_first_rows(tmp_path: Path) -> None:
    path = tmp_path / "住民記録_住民.csv"
    path.write_text("h1,h2\n" + "".join(f"{i},x\n" for i in range(10)), encoding="utf-8")
    head = compare.head_file(path, 3)
    assert head.name == path.name and head.parent != path.parent
    assert head.read_text(encoding="utf-8") == "h1,h2\n0,x\n1,x\n2,x\n"
    assert compare.count_rows(head) == 3


def test_table_marks_na_and_extrapolates_partial_runs() -> None:
    polars = _m("polars", 2.0, 1000)
    reference = _m("reference", 1.0, 100)  # 100 rows/s on the first 100 rows: 10 s for all 1000
    fast = Measurement("fast", Path("x.csv"), status="n/a", note="ModuleNotFoundError: fast_scan")
    rows = compare.table_rows([polars, fast, reference], 1000, 4_000_000)
    assert rows[0].ratio == "1.00" and rows[0].rows_per_s == "500" and rows[0].mb_per_s == "2.0"
    assert (rows[1].wall, rows[1].checks) == ("n/a", "ModuleNotFoundError: fast_scan")
    assert rows[2].ratio == "5.00 †"
    assert rows[2].wall == "1.000 (≈ 10.0 for all †)"
    assert "first 100 rows" in rows[2].checks
    assert compare.targets([polars, fast, reference], 1000) == [
        ("all targets", "fast engine n/a: ModuleNotFoundError: fast_scan", "n/a")
    ]


def test_targets_verdicts_at_one_million_rows() -> None:
    n = 1_000_000
    ms = [
        _m("polars", 2.0, n),
        _m("fast", 4.0, n, rss=int(1.3 * GIB)),
        _m("frictionless", 10.0, 10_000),  # 1,000 rows/s vs fast 250,000 rows/s
        _m("pandera", 3.0, n),
        _m("duckdb", 5.0, n),
    ]
    verdicts = {t: (v, ok) for t, v, ok in compare.targets(ms, n)}
    assert verdicts["fast wall ≤ 2.5 × polars read_csv"] == ("2.00 × (measured at 1,000,000 rows)", "met")
    assert verdicts["fast ≥ 50 × faster than frictionless (rows/s)"][1] == "met"
    assert verdicts["fast no slower than pandera-polars"][1] == "NOT met"
    assert verdicts["fast no slower than DuckDB"][1] == "met"
    assert verdicts["fast peak RSS ≤ 1.2 GiB at 1,000,000 rows"][1] == "NOT met"


def test_results_file_keeps_one_section_per_row_count(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    compare.write_results(out, 1000, "one thousand, first\n")
    compare.write_results(out, 500, "five hundred\n")
    compare.write_results(out, 1000, "one thousand, second\n")
    text = out.read_text(encoding="utf-8")
    assert text.startswith(compare.RESULTS_HEAD)
    assert text.count("<!-- rows=") == 2
    assert text.index("five hundred") < text.index("one thousand, second")
    assert "first" not in text.replace(compare.RESULTS_HEAD, "")


def test_small_files_and_the_issue14_options(tmp_path: Path) -> None:
    path = tmp_path / "住民記録_住民.csv"
    path.write_text("h1,h2\n" + "".join(f"{i},x\n" for i in range(10)), encoding="utf-8")
    folder = compare.small_files(path, 3)
    assert sorted(p.name for p in folder.glob("*.csv")) == ["f0000.csv", "f0001.csv", "f0002.csv"]
    assert all(compare.count_rows(p) == 5 for p in folder.glob("*.csv"))
    args = compare.parse_args(["--workers", "2", "--scaling", "--small-files", "1000"])
    assert (args.workers, args.scaling, args.small_files) == (2, True, 1000)
    assert compare.parse_args(["--worker", "auto"]).worker == "auto"


def test_runs_are_interleaved_across_tools_and_a_failed_tool_is_not_rerun(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    seconds = {"read": 1.0, "polars": 2.0}

    def fake_run_once(tool: str, *args: object, **kw: object) -> tuple[dict[str, object], int, str]:
        calls.append(tool)
        if tool == "pandera":
            return {"failed": "boom"}, 0, ""
        seconds[tool] += 1
        return {"seconds": seconds[tool], "rows": 10}, 5 * MIB, ""

    monkeypatch.setattr(compare, "run_once", fake_run_once)
    jobs = [compare.Job(t, Path("x.csv")) for t in ("read", "pandera", "polars")]
    ms = compare.measure_interleaved(jobs, "住民記録_住民", 3, 1000, lambda _: None)
    assert calls == ["read", "pandera", "polars", "read", "polars", "read", "polars"]
    assert [m.seconds for m in ms] == [[2.0, 3.0, 4.0], [], [3.0, 4.0, 5.0]]
    assert [m.status for m in ms] == ["ok", "failed", "ok"]
    assert ms[0].wall == 3.0


def test_the_tree_peak_sums_a_process_and_its_descendants() -> None:
    """With workers, ru_maxrss is one process: TreePeak adds the children (here a grandchild holding
    200 MiB while its small parent waits)."""
    pytest.importorskip("psutil")
    child = (
        "import subprocess, sys; subprocess.run([sys.executable, '-c', "
        "'import time; b = bytearray(200 * 1024 * 1024); b[::4096] = b\"x\" * len(b[::4096]); "
        "time.sleep(1.5)'])"
    )
    proc = subprocess.Popen([sys.executable, "-c", child])
    tree = compare.TreePeak(proc.pid, interval=0.02)
    proc.wait()
    peak = tree.stop()
    assert peak >= 200 * MIB
