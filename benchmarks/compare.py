"""Compare conformance with the polars read floor and with peer validators on one generated dataset.

Usage (from the repository root)::

    python3 benchmarks/compare.py --rows 1000000 [--runs 3] [--data DIR] [--only fast,polars]
        [--skip reference] [--reference-rows N] [--frictionless-rows N] [--out benchmarks/RESULTS.md]
        [--moji TABLE ...]

Why subprocesses: peak RSS must be per tool, so every measurement runs in a fresh interpreter and the parent
reads ``ru_maxrss`` from ``os.wait4``. The worker imports its tool first and times only the work (for
conformance: schema load + validation; for a peer: building its schema from the subset + read + checks), so
interpreter start-up and imports are not in the wall time but are in the peak RSS. Each tool runs ``--runs``
times, interleaved (run 1 of every tool, then run 2, ...), so noise on this shared machine falls on all
tools alike; the table shows the median wall time and the largest peak RSS.

``--moji TABLE`` (repeatable) runs conformance with the MJ文字情報一覧表, so F12 judges by jisx0213+mj; the
table is loaded inside the timed work (the first run may build its cache, later runs read it).

Slow tools can run on the first N rows (``--reference-rows``, ``--frictionless-rows``): their rows/s is
measured there and their wall time for the whole file is extrapolated (and marked so) for the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script: make `conformance` and `benchmarks` importable
    sys.path.insert(0, str(REPO))

TOOLS = ("read", "polars", "fast", "reference", "frictionless", "pandera", "duckdb",
         "parquet-read", "parquet", "jsonl-read", "jsonl", "xml-read", "xml")
#: Tools that measure the same file converted to another input format (§13): its floor, and conformance fast.
FORMAT_TOOLS = {"parquet-read": "parquet", "parquet": "parquet", "jsonl-read": "jsonl", "jsonl": "jsonl",
                "xml-read": "xml", "xml": "xml"}
PEERS = ("frictionless", "pandera", "duckdb")
DEFAULT_FILE = "住民記録_住民"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "conformance-bench"
MIB = 1024 * 1024
GIB = 1024 * MIB
CHUNK = MIB  # bare read floor: 1 MiB chunks

# Targets of the issue (stated for the 住民記録_住民 file, median of >= 3 runs).
FAST_VS_POLARS = 2.5  # issue 3: fast wall <= 2.5 x polars read_csv wall
FAST_VS_POLARS_WITH_WORKERS = 3.0  # issue 14: the same at 1M rows, medians of interleaved runs
FAST_VS_FRICTIONLESS = 50.0  # fast rows/s >= 50 x frictionless rows/s
RSS_LIMITS = ((1_000_000, 1.2 * GIB), (5_000_000, 1.5 * GIB), (20_000_000, 1.5 * GIB))


class BenchError(Exception):
    """A usage problem of the script (bad option, unreadable data folder); printed as one line."""


# ------------------------------------------------------------------------------------------ the workers


@dataclass(frozen=True, slots=True)
class WorkResult:
    """What one worker run reports to the parent (one JSON line on stdout)."""

    seconds: float
    rows: int
    violations: int | None = None
    detail: dict[str, int] = field(default_factory=dict)
    checks: str = ""


def _work_read(path: Path) -> Callable[[], WorkResult]:
    def work() -> WorkResult:
        t0 = time.perf_counter()
        lines = 0
        with path.open("rb", buffering=0) as f:
            while chunk := f.read(CHUNK):
                lines += chunk.count(b"\n")
        return WorkResult(time.perf_counter() - t0, max(lines - 1, 0), checks="none: read bytes, count LF")

    return work


def _work_polars(path: Path) -> Callable[[], WorkResult]:
    import polars as pl

    def work() -> WorkResult:
        t0 = time.perf_counter()
        frame = pl.read_csv(path, infer_schema=False)
        return WorkResult(time.perf_counter() - t0, frame.height, checks="parse only (all strings)")

    return work


def _work_floor(path: Path, fmt: str) -> Callable[[], WorkResult]:
    """The bare read of another format: polars read_parquet / read_ndjson, lxml iterparse doing nothing."""
    import polars as pl
    from lxml import etree

    def work() -> WorkResult:
        t0 = time.perf_counter()
        if fmt == "parquet":
            rows, checks = pl.read_parquet(path).height, "polars read_parquet"
        elif fmt == "jsonl":
            rows, checks = pl.read_ndjson(path, infer_schema_length=None).height, "polars read_ndjson"
        else:
            rows, checks = 0, "lxml iterparse, records cleared, nothing checked"
            for _, el in etree.iterparse(str(path), events=("end",), resolve_entities=False, no_network=True):
                if el.getparent() is not None and el.getparent().getparent() is None:
                    rows += 1
                    el.clear()
                    while el.getprevious() is not None:
                        del el.getparent()[0]
        return WorkResult(time.perf_counter() - t0, rows, checks=checks)

    return work


def _work_conformance(
    path: Path, engine: str, max_per_rule: int, moji: Sequence[Path] = (), workers: int = 1,
    layout: str | None = None,
) -> Callable[[], WorkResult]:
    from conformance.api import EngineOptions, validate
    from conformance.schema.loader import load_schema_set

    if engine == "fast":
        import conformance.engines.fast  # noqa: F401  (ImportError here means "n/a", not "failed")

    def work() -> WorkResult:
        t0 = time.perf_counter()
        schema = load_schema_set(moji=moji) if moji else None  # the MJ table load is part of the work
        result = validate([path], schema=schema, engine=engine, max_per_rule=max_per_rule, layout=layout,
                          options=EngineOptions(workers=workers))
        seconds = time.perf_counter() - t0
        rows = sum(f.rows for f in result.files)
        by_rule = {rule: total.count for rule, total in result.totals.by_rule.items()}
        checks = "every rule (F, C, X) on"
        mj = schema.settings.moji if schema is not None else None
        if schema is not None and mj is not None:
            checks += f"; F12 by {schema.settings.effective_repertoire} ({len(mj):,} MJ rows)"
        return WorkResult(seconds, rows, result.totals.total, by_rule, checks)

    return work


def _work_peer(path: Path, peer: str, file: str) -> Callable[[], WorkResult]:
    import importlib

    from benchmarks.peers import MODULES
    from benchmarks.peers.subset import derive_subset, describe
    from conformance.schema.loader import load_schema_set

    module_name, dist = MODULES[peer]
    importlib.import_module(dist)  # ImportError: the peer is not installed ("n/a")
    module = importlib.import_module(module_name)
    subset = derive_subset(load_schema_set(), file)
    checks = "subset: " + describe(subset, {"foreign_key": False})

    def work() -> WorkResult:
        t0 = time.perf_counter()
        result = module.run(path, subset)
        return WorkResult(time.perf_counter() - t0, result.rows, result.violations, dict(result.by_check),
                          checks)

    return work


def worker(tool: str, path: Path, file: str, max_per_rule: int, moji: Sequence[Path] = (), workers: int = 1,
           layout: str | None = None) -> int:
    """Run one measurement and print its JSON line; the exit code tells n/a (3) from failure (1)."""
    try:
        if tool == "read":
            work = _work_read(path)
        elif tool == "polars":
            work = _work_polars(path)
        elif tool in ("fast", "reference", "auto"):
            work = _work_conformance(path, tool, max_per_rule, moji, workers, layout)
        elif tool in FORMAT_TOOLS and tool.endswith("-read"):
            work = _work_floor(path, FORMAT_TOOLS[tool])
        elif tool in FORMAT_TOOLS:
            work = _work_conformance(path, "fast", max_per_rule, moji, workers, layout)
        elif tool in PEERS:
            work = _work_peer(path, tool, file)
        else:
            raise BenchError(f"unknown tool {tool!r}")
    except ImportError as e:
        print(json.dumps({"na": f"{type(e).__name__}: {e}"}, ensure_ascii=False))
        return 3
    r = work()
    print(json.dumps({"seconds": r.seconds, "rows": r.rows, "violations": r.violations, "detail": r.detail,
                      "checks": r.checks}, ensure_ascii=False))
    return 0


# ------------------------------------------------------------------------------------------ measuring


@dataclass(slots=True)
class Measurement:
    """All runs of one tool."""

    tool: str
    path: Path
    seconds: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # bytes
    rows: int = 0
    violations: int | None = None
    detail: dict[str, int] = field(default_factory=dict)
    checks: str = ""
    status: str = "ok"  # ok | n/a | failed
    note: str = ""

    @property
    def wall(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def peak_rss(self) -> int | None:
        return max(self.rss) if self.rss else None

    @property
    def rows_per_second(self) -> float | None:
        wall = self.wall
        return self.rows / wall if wall and self.rows else None


class TreePeak:
    """The largest sum of the RSS of a process and all its descendants, sampled every ``interval`` seconds
    on a thread (psutil): with workers, ``ru_maxrss`` is only the largest single process. ``peak`` stays
    0 without psutil."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.peak = 0
        self._pid, self._interval = pid, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, name="tree-rss", daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self._pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                return
            for proc in procs:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(self._interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def tree_measured() -> bool:
    """Whether ``TreePeak`` can sample (psutil importable)."""
    try:
        import psutil  # noqa: F401
    except ImportError:
        return False
    return True


def run_once(tool: str, path: Path, file: str, max_per_rule: int, moji: Sequence[Path] = (), *,
             workers: int = 1, cpus: str | None = None, layout: str | None = None,
             ) -> tuple[dict[str, Any], int, str]:
    """One worker subprocess: (its JSON result, peak RSS in bytes, the tail of its stderr).

    ``cpus`` ("0", "0,1"): run under ``taskset -c`` (the scaling table). The peak RSS is ``ru_maxrss`` of
    the child; with ``workers`` above 1, the larger of that and the tree's sampled sum (``TreePeak``), since
    the main process and each worker are counted apart by ``ru_maxrss``."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", tool, "--path", str(path),
           "--file", file, "--max-per-rule", str(max_per_rule), "--workers", str(workers)]
    if layout is not None:
        cmd += ["--layout", layout]
    if cpus is not None:
        cmd = ["taskset", "-c", cpus, *cmd]
    for table in moji:
        cmd += ["--moji", str(Path(table).resolve())]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err, env=env)
        tree = TreePeak(proc.pid) if workers > 1 else None
        assert proc.stdout is not None
        out = proc.stdout.read().decode("utf-8", "replace")
        proc.stdout.close()
        tree_peak = tree.stop() if tree is not None else 0  # before the reap: the pid must still be the child
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    lines = [line for line in out.splitlines() if line.startswith("{")]
    data: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    if proc.returncode not in (0, 3) or not data:
        tail = [line for line in stderr.strip().splitlines() if line.strip()]
        data = {"failed": tail[-1] if tail else f"exit code {proc.returncode}"}
    return data, max(usage.ru_maxrss * 1024, tree_peak), stderr  # ru_maxrss is in KiB on Linux


@dataclass(frozen=True)
class Job:
    """One tool's runs: what ``run_once`` is given each time."""

    tool: str
    path: Path
    workers: int = 1
    cpus: str | None = None
    layout: str | None = None


def measure_interleaved(jobs: Sequence[Job], file: str, runs: int, max_per_rule: int,
                        log: Callable[[str], None], moji: Sequence[Path] = ()) -> list[Measurement]:
    """Run 1 of every job, then run 2 of every job, ...: a slow spell on this shared machine then
    falls on all tools alike instead of on whichever tool happened to be running, so the ratios
    between medians stay meaningful. A job that fails or is n/a is not run again."""
    ms = [Measurement(j.tool, j.path) for j in jobs]
    for i in range(runs):
        for job, m in zip(jobs, ms, strict=True):
            if m.status != "ok":
                continue
            data, rss, _ = run_once(job.tool, job.path, file, max_per_rule, moji, workers=job.workers,
                                    cpus=job.cpus, layout=job.layout)
            if "na" in data:
                m.status, m.note = "n/a", str(data["na"])
            elif "failed" in data:
                m.status, m.note = "failed", str(data["failed"])
            else:
                m.seconds.append(float(data["seconds"]))
                m.rss.append(rss)
                m.rows = int(data["rows"])
                m.violations = data.get("violations")
                m.detail = dict(data.get("detail") or {})
                m.checks = str(data.get("checks") or "")
                log(f"  {job.tool} run {i + 1}/{runs}: {data['seconds']:.3f} s, peak RSS {rss / MIB:.0f} MiB")
                continue
            log(f"  {job.tool}: {m.status} ({m.note})")
    return ms


# ------------------------------------------------------------------------------------------ data


def count_rows(path: Path) -> int:
    lines = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0)


def prepare_data(data: Path | None, rows: int, seed: int, file: str, log: Callable[[str], None]) -> Path:
    """The file to measure: reuse ``data`` when it holds it, else generate a dataset there (or in a cache)."""
    folder = data if data is not None else DEFAULT_CACHE / f"rows{rows}-seed{seed}"
    target = folder / f"{file}.csv"
    marker = folder / ".complete"
    if target.is_file() and (data is not None or marker.is_file()):
        log(f"reusing {target}")
        return target
    if folder.exists() and not folder.is_dir():
        raise BenchError(f"{folder}: exists and is not a directory")
    from conformance.sample.generator import generate

    log(f"generating {rows:,} rows (seed {seed}) into {folder} …")
    t0 = time.perf_counter()
    generate(folder, rows=rows, seed=seed)
    marker.write_text(f"{rows} {seed}\n", encoding="utf-8")
    log(f"  generated in {time.perf_counter() - t0:.0f} s")
    if not target.is_file():
        raise BenchError(f"{target}: the generated dataset has no such file")
    return target


def converted(path: Path, fmt: str, log: Callable[[str], None]) -> Path:
    """``path`` written as ``fmt`` in a sibling folder (converted once, in a child process, and reused)."""
    from conformance.sample.outputs import EXTENSIONS

    out = path.parent / f".{fmt}" / (path.stem + EXTENSIONS[fmt])
    if out.is_file():
        return out
    out.parent.mkdir(exist_ok=True)
    log(f"converting {path.name} to {fmt} …")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    code = ("import sys; from pathlib import Path; from conformance.sample.outputs import convert_file; "
            "convert_file(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])")
    tmp = out.with_name(out.name + ".tmp")
    subprocess.run([sys.executable, "-c", code, str(path), str(tmp), fmt], check=True, env=env)
    tmp.replace(out)
    return out


def head_file(path: Path, rows: int) -> Path:
    """A copy of the header and the first ``rows`` records (same file name, in a sibling folder)."""
    folder = path.parent / f".head{rows}"
    out = folder / path.name
    if out.is_file():
        return out
    folder.mkdir(exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with path.open("rb") as src, tmp.open("wb") as dst:
        for i, line in enumerate(src):
            if i > rows:
                break
            dst.write(line)
    tmp.replace(out)
    return out


# ------------------------------------------------------------------------------------------ reporting


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    info: dict[str, str] = {"nproc": str(len(os.sched_getaffinity(0)))}
    try:
        meminfo = Path("/proc/meminfo").read_text(encoding="utf-8")
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo)[1])  # type: ignore[index]
        info["memory"] = f"{kib / MIB:.1f} GiB"
    except (OSError, TypeError):
        info["memory"] = "unknown"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
        model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
        info["cpu"] = model[1].strip() if model else platform.processor() or "unknown"
    except OSError:
        info["cpu"] = platform.processor() or "unknown"
    info["python"] = platform.python_version()
    for dist in ("polars", "duckdb", "pandera", "frictionless"):
        info[dist] = _version(dist)
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        info["conformance"] = commit + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        info["conformance"] = "unknown"
    info["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return info


@dataclass(frozen=True, slots=True)
class Row:
    tool: str
    checks: str
    wall: str
    rows_per_s: str
    mb_per_s: str
    rss: str
    ratio: str
    violations: str


LABELS = {
    "read": "bare read floor",
    "polars": "polars read_csv",
    "fast": "conformance fast",
    "reference": "conformance reference",
    "frictionless": "frictionless",
    "pandera": "pandera-polars",
    "duckdb": "DuckDB",
    "parquet-read": "polars read_parquet (Parquet)",
    "parquet": "conformance fast (Parquet)",
    "jsonl-read": "polars read_ndjson (JSON Lines)",
    "jsonl": "conformance fast (JSON Lines)",
    "xml-read": "lxml iterparse (XML)",
    "xml": "conformance fast (XML)",
}


def full_wall(m: Measurement, total_rows: int) -> float | None:
    """Wall time for the whole file: measured, or extrapolated from rows/s when run on the first N rows."""
    if m.wall is None:
        return None
    if m.rows and m.rows < total_rows:
        rps = m.rows_per_second
        return total_rows / rps if rps else None
    return m.wall


def table_rows(ms: Sequence[Measurement], total_rows: int, size: int) -> list[Row]:
    polars = next((m for m in ms if m.tool == "polars" and m.wall), None)
    out: list[Row] = []
    for m in ms:
        label = LABELS[m.tool]
        if m.status != "ok" or m.wall is None:
            out.append(Row(label, m.note[:80] or m.status, m.status, "", "", "", "", ""))
            continue
        partial = m.rows < total_rows
        checks = m.checks + (f" — first {m.rows:,} rows, rows/s scaled †" if partial else "")
        rps = m.rows_per_second or 0.0
        mbps = size * (m.rows / total_rows if total_rows else 1) / m.wall / 1e6
        wall_full = full_wall(m, total_rows)
        ratio = ""
        if polars is not None and polars.wall and wall_full is not None:
            ratio = f"{wall_full / polars.wall:.2f}" + (" †" if partial else "")
        wall = f"{m.wall:.3f}" + (f" (≈ {wall_full:.1f} for all †)" if partial and wall_full else "")
        out.append(Row(label, checks, wall, f"{rps:,.0f}", f"{mbps:.1f}", f"{(m.peak_rss or 0) / MIB:,.0f}",
                       ratio, "" if m.violations is None else f"{m.violations:,}"))
    return out


def targets(ms: Sequence[Measurement], total_rows: int) -> list[tuple[str, str, str]]:
    """(target, measured, verdict) for each target of the issue that this run can judge."""
    by = {m.tool: m for m in ms if m.status == "ok" and m.wall is not None}
    fast = by.get("fast")
    at = f" (measured at {total_rows:,} rows)"
    out: list[tuple[str, str, str]] = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    if fast is None:
        reason = next((f"fast engine {m.status}: {m.note[:60]}" for m in ms if m.tool == "fast"),
                      "fast engine not run")
        return [("all targets", reason, "n/a")]
    fast_wall = full_wall(fast, total_rows) or fast.wall or 0.0
    polars = by.get("polars")
    if polars is not None and polars.wall:
        ratio = fast_wall / polars.wall
        out.append((f"fast wall ≤ {FAST_VS_POLARS} × polars read_csv", f"{ratio:.2f} ×{at}",
                    verdict(ratio <= FAST_VS_POLARS)))
        out.append((f"fast wall ≤ {FAST_VS_POLARS_WITH_WORKERS} × polars read_csv (issue 14)",
                    f"{ratio:.2f} ×{at}", verdict(ratio <= FAST_VS_POLARS_WITH_WORKERS)))
    fr = by.get("frictionless")
    if fr is not None and fr.rows_per_second and fast.rows_per_second:
        speedup = fast.rows_per_second / fr.rows_per_second
        out.append((f"fast ≥ {FAST_VS_FRICTIONLESS:.0f} × faster than frictionless (rows/s)",
                    f"{speedup:.1f} ×{at}", verdict(speedup >= FAST_VS_FRICTIONLESS)))
    for peer in ("pandera", "duckdb"):
        p = by.get(peer)
        pw = full_wall(p, total_rows) if p is not None else None
        if p is not None and pw:
            out.append((f"fast no slower than {LABELS[peer]}", f"{fast_wall:.2f} s vs {pw:.2f} s{at}",
                        verdict(fast_wall <= pw)))
    rss = fast.peak_rss or 0
    for rows, limit in RSS_LIMITS:
        if total_rows == rows or (rows == RSS_LIMITS[0][0] and total_rows < rows):
            note = "" if total_rows == rows else f" (target is for {rows:,} rows)"
            out.append((f"fast peak RSS ≤ {limit / GIB:.1f} GiB at {rows:,} rows",
                        f"{rss / MIB:,.0f} MiB{at}{note}", verdict(rss <= limit)))
            break
    return out


def render_table(rows: Sequence[Row]) -> str:
    head = ("tool", "what it checks", "wall s (median)", "rows/s", "MB/s", "peak RSS MiB",
            "× polars read_csv", "violations")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * len(head)) + "|"]
    for r in rows:
        cells = (r.tool, r.checks, r.wall, r.rows_per_s, r.mb_per_s, r.rss, r.ratio, r.violations)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def render_section(ms: Sequence[Measurement], total_rows: int, size: int, path: Path, runs: int,
                   info: dict[str, str], workers: int = 1) -> str:
    parts = [
        f"## {total_rows:,} rows of {path.name} ({size / 1e6:,.1f} MB), {runs} run(s) per tool",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), {info['memory']} RAM; Python {info['python']}; "
        f"polars {info['polars']}, duckdb {info['duckdb']}, pandera {info['pandera']}, "
        f"frictionless {info['frictionless']}; conformance {info['conformance']}; {info['date']}.",
        "",
        f"conformance fast ran with --workers {workers}" + (_tree_note() if workers > 1 else "."),
        "",
        render_table(table_rows(ms, total_rows, size)),
        "",
        "† run on the first N rows only; rows/s measured there, whole-file wall time extrapolated.",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
        *(f"| {t} | {v} | {ok} |" for t, v, ok in targets(ms, total_rows)),
    ]
    details = [m for m in ms if m.detail]
    if details:
        parts += ["", "Violations found per check (peers) or per rule (conformance):", ""]
        for m in details:
            shown = ", ".join(f"{k} {v:,}" for k, v in sorted(m.detail.items()))
            parts.append(f"- {LABELS[m.tool]}: {shown or 'none'}")
    return "\n".join(parts) + "\n"


def _tree_note() -> str:
    if tree_measured():
        return " (its peak RSS: the process tree summed, main process and workers, sampled every 0.05 s)."
    return " (its peak RSS: the largest single process; psutil is not installed to sum the tree)."


RESULTS_HEAD = """# Benchmark results

Written by `python3 benchmarks/compare.py` (see `benchmarks/README.md`): one section per row count; a new run
at the same row count replaces its section. Wall time is the median of the runs, peak RSS the largest
(`ru_maxrss` of the worker process, interpreter and imports included). MB = 10^6 bytes.

Targets (issue 3): on a 1,000,000-row 住民記録_住民 file, fast wall ≤ 2.5 × polars `read_csv` (same run);
≥ 50 × faster than frictionless and no slower than pandera-polars and DuckDB on the subset each expresses;
peak RSS ≤ 1.2 GiB at 1M rows, ≤ 1.5 GiB at 5M rows, and a 20M-row run completes within 1.5 GiB.
"""

_SECTION = re.compile(r"<!-- rows=(\d+) -->\n(.*?)<!-- /rows -->\n", re.S)


def write_results(out: Path, total_rows: int, section: str) -> None:
    """Replace (or add) the section for this row count, keeping the others, sorted by rows."""
    sections: dict[int, str] = {}
    if out.is_file():
        sections = {int(m[1]): m[2] for m in _SECTION.finditer(out.read_text(encoding="utf-8"))}
    sections[total_rows] = section
    body = "".join(f"\n<!-- rows={n} -->\n{s}<!-- /rows -->\n" for n, s in sorted(sections.items()))
    out.write_text(RESULTS_HEAD + body, encoding="utf-8")


# ------------------------------------------------------------------------------------------ main


def _tools(only: str | None, skip: str | None) -> list[str]:
    def names(text: str) -> list[str]:
        found = [t.strip() for t in text.split(",") if t.strip()]
        unknown = [t for t in found if t not in TOOLS]
        if unknown:
            raise BenchError(f"unknown tool(s) {', '.join(unknown)}: expected some of {', '.join(TOOLS)}")
        return found

    chosen = names(only) if only else list(TOOLS)
    dropped = set(names(skip)) if skip else set()
    return [t for t in TOOLS if t in chosen and t not in dropped]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--rows", type=int, default=100_000, help="住民記録_住民 rows to generate (default 1e5)")
    p.add_argument("--runs", type=int, default=3, help="runs per tool; the median wall time is shown")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--data", type=Path, help="dataset folder to reuse (generated there if it lacks the file)")
    p.add_argument("--file", default=DEFAULT_FILE, help="dataset file to measure (default 住民記録_住民)")
    p.add_argument("--only", help=f"comma-separated tools to run, of {','.join(TOOLS)}")
    p.add_argument("--skip", help="comma-separated tools not to run")
    p.add_argument("--reference-rows", type=int, help="run the reference engine on the first N rows only")
    p.add_argument("--frictionless-rows", type=int, help="run frictionless on the first N rows only")
    p.add_argument("--max-per-rule", type=int, default=1000, help="conformance listing cap (default 1000)")
    p.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md",
                   help="results file (Markdown); '-' writes none")
    p.add_argument("--moji", type=Path, action="append", default=[],
                   help="MJ文字情報一覧表 for the conformance runs (repeatable): F12 by jisx0213+mj")
    p.add_argument("--workers", type=int, default=1,
                   help="conformance worker processes (EngineOptions.workers; default 1: in-process)")
    p.add_argument("--small-files", type=int, default=0, metavar="N",
                   help="also time N five-row files of the layout: --engine reference against auto")
    p.add_argument("--scaling", action="store_true",
                   help="also time polars and the fast engine under taskset -c 0 and -c 0,1")
    p.add_argument("--layout", help=argparse.SUPPRESS)
    p.add_argument("--worker", choices=(*TOOLS, "auto"), help=argparse.SUPPRESS)
    p.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.worker:
        return worker(args.worker, args.path, args.file, args.max_per_rule, args.moji, args.workers,
                      args.layout)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        if args.rows < 1 or args.runs < 1:
            raise BenchError("--rows and --runs must be at least 1")
        tools = _tools(args.only, args.skip)
        missing = [str(t) for t in args.moji if not Path(t).is_file()]
        if missing:
            raise BenchError(f"--moji: no such file {', '.join(missing)}")
        path = prepare_data(args.data, args.rows, args.seed, args.file, log)
    except (BenchError, OSError) as e:
        print(f"compare.py: {e}", file=sys.stderr)
        return 2
    total_rows = count_rows(path)
    size = path.stat().st_size
    log(f"{path}: {total_rows:,} rows, {size / 1e6:,.1f} MB; tools: {', '.join(tools)}")
    limits = {"reference": args.reference_rows, "frictionless": args.frictionless_rows}
    jobs: list[Job] = []
    for tool in tools:
        limit = limits.get(tool)
        target = head_file(path, limit) if limit and limit < total_rows else path
        if tool in FORMAT_TOOLS:
            target = converted(path, FORMAT_TOOLS[tool], log)
        log(f"{tool}: {target}")
        jobs.append(Job(tool, target, workers=args.workers if tool == "fast" else 1))
    results = measure_interleaved(jobs, args.file, args.runs, args.max_per_rule, log, args.moji)
    info = machine()
    section = render_section(results, total_rows, size, path, args.runs, info, args.workers)
    if args.scaling:
        section += "\n" + scaling_table(path, args, log)
    if args.small_files:
        section += "\n" + small_files_table(path, args, log)
    print(section)
    if str(args.out) != "-":
        write_results(args.out, total_rows, section)
        log(f"wrote {args.out}")
    return 0


# ------------------------------------------------------------------------------------------ issue 14


def _median(m: Measurement) -> float | None:
    return m.wall if m.status == "ok" else None


def scaling_table(path: Path, args: argparse.Namespace, log: Callable[[str], None]) -> str:
    """polars' bare read and the fast engine (``--workers`` = the cores given) on 1 and on 2 cores, runs
    interleaved per core count; the target: conformance's speedup at least 0.9 x polars' own."""
    walls: dict[tuple[str, str], float | None] = {}
    for cpus in ("0", "0,1"):
        n = len(cpus.split(","))
        log(f"scaling: polars and fast on cpus {cpus}")
        jobs = [Job("polars", path, cpus=cpus), Job("fast", path, workers=n, cpus=cpus)]
        for job, m in zip(jobs, measure_interleaved(jobs, args.file, args.runs, args.max_per_rule, log,
                                                    args.moji), strict=True):
            walls[job.tool, cpus] = _median(m)
    lines = ["### Scaling (taskset; fast engine with --workers = cores)", "",
             "| tool | 1 core | 2 cores | speedup |", "|---|---|---|---|"]
    speed: dict[str, float | None] = {}
    for tool in ("polars", "fast"):
        one, two = walls[tool, "0"], walls[tool, "0,1"]
        speed[tool] = one / two if one and two else None
        cells = [f"{w:.2f} s" if w else "n/a" for w in (one, two)]
        lines.append(f"| {tool} | {cells[0]} | {cells[1]} | {speed[tool]:.2f}x |" if speed[tool] else
                     f"| {tool} | {cells[0]} | {cells[1]} | n/a |")
    if speed["polars"] and speed["fast"]:
        ratio = speed["fast"] / speed["polars"]
        lines += ["", f"conformance's speedup / polars' speedup: {ratio:.2f} (target >= 0.9: "
                  f"{'met' if ratio >= 0.9 else 'not met'})"]
    return "\n".join(lines) + "\n"


def small_files(path: Path, n: int) -> Path:
    """``n`` files of the header and the first five records of ``path`` (cached beside the dataset)."""
    folder = path.parent / f".small{n}"
    marker = folder / ".complete"
    if marker.is_file():
        return folder
    folder.mkdir(exist_ok=True)
    head = head_file(path, 5).read_bytes()
    for i in range(n):
        (folder / f"f{i:04d}.csv").write_bytes(head)
    marker.write_text(f"{n}\n", encoding="utf-8")
    return folder


def small_files_table(path: Path, args: argparse.Namespace, log: Callable[[str], None]) -> str:
    """N five-row files of one layout: the default engine (auto) against the reference engine; the target
    is auto <= 1.5 x reference."""
    folder = small_files(path, args.small_files)
    walls: dict[str, float | None] = {}
    log("small files: reference and auto")
    jobs = [Job(engine, folder, layout=args.file) for engine in ("reference", "auto")]
    for job, m in zip(jobs, measure_interleaved(jobs, args.file, args.runs, args.max_per_rule, log,
                                                args.moji), strict=True):
        walls[job.tool] = _median(m)
    ref, auto = walls["reference"], walls["auto"]
    lines = [f"### {args.small_files:,} five-row files ({args.file})", "", "| engine | wall |", "|---|---|"]
    lines += [f"| {e} | {w:.2f} s |" if w else f"| {e} | n/a |" for e, w in walls.items()]
    if ref and auto:
        verdict = "met" if auto / ref <= 1.5 else "not met"
        lines += ["", f"auto / reference: {auto / ref:.2f} (target <= 1.5: {verdict})"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
