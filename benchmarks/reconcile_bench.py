"""Reconcile at scale: ``conformance reconcile`` against a plain polars full outer join of the two files.

Usage (from the repository root)::

    python3 benchmarks/reconcile_bench.py --rows 1000000 [--runs 3] [--data DIR] [--file 住民記録_住民]

The BEFORE file is the generator's (``conformance.sample``, seed 7, cached under ``$TMPDIR``); AFTER is a
copy with 3 records removed, 2 added and 5 values changed, so both tools must find the same 10 differences
(the script checks it). Each measurement runs in a fresh interpreter and the parent reads its peak RSS from
``os.wait4``; the wall time is the work only (schema load + reconcile; read + join + compare for polars).
The yardstick holds both files in memory at once; reconcile spills them and joins hash pieces.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

CACHE = Path(tempfile.gettempdir()) / "conformance-reconcile-bench"
MIB = 1024 * 1024
DROPPED, ADDED, CHANGED = 3, 2, 5


def _dataset(rows: int, data: Path | None, file: str) -> tuple[Path, Path]:
    """(BEFORE file, AFTER file): the generated file and its edited copy, made once per size."""
    from conformance.sample.generator import generate

    folder = data or CACHE / f"rows{rows}"
    before = folder / "before" / f"{file}.csv"
    after = folder / "after" / f"{file}.csv"
    if not before.exists():
        generate(before.parent, rows=rows, seed=7)
    if not after.exists():
        after.parent.mkdir(parents=True, exist_ok=True)
        _edit(before, after)
    return before, after


def _edit(before: Path, after: Path) -> None:
    """Stream a copy: lines 3, 5, 7 dropped; the 5 lines after them have their last item changed; two
    records added at the end with new keys (copies of line 2 with a changed first key item)."""
    with before.open("rb") as src, after.open("wb") as dst:
        header = src.readline()
        dst.write(header)
        first = b""
        for n, line in enumerate(src, start=2):
            if n == 2:
                first = line
            if n in (3, 5, 7):
                continue
            if n in (10, 11, 12, 13, 14):
                body, _, _ = line.rstrip(b"\n").rpartition(b",")
                line = body + b",2099-01-01T00:00:00+09:00\n"
            dst.write(line)
        for i in range(ADDED):
            fields = first.rstrip(b"\n").split(b",")
            fields[1] = f"99999999{i:02d}".encode()
            dst.write(b",".join(fields) + b"\n")


def _work_reconcile(before: Path, after: Path) -> dict[str, object]:
    from conformance.reconcile.run import reconcile
    from conformance.schema.loader import load_schema_set

    t0 = time.perf_counter()
    schema = load_schema_set()
    result = reconcile(before, after, schema)
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "differences": result.total}


def _work_polars(before: Path, after: Path, file: str) -> dict[str, object]:
    import polars as pl

    from conformance.schema.loader import load_schema_set

    key = list(load_schema_set().files[file].primary_key)
    t0 = time.perf_counter()
    b = pl.read_csv(before, infer_schema=False).with_columns(pl.lit(True).alias("__in_b"))
    a = pl.read_csv(after, infer_schema=False).with_columns(pl.lit(True).alias("__in_a"))
    j = b.join(a, on=key, how="full", coalesce=True, suffix="__a", nulls_equal=True)
    missing, added = j["__in_a"].null_count(), j["__in_b"].null_count()
    both = j.filter(pl.col("__in_a") & pl.col("__in_b"))
    items = [c for c in b.columns if c not in key and c != "__in_b"]
    differs = pl.sum_horizontal(pl.col(c).ne_missing(pl.col(f"{c}__a")) for c in items)
    changed = both.select(differs).sum().item()
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "differences": missing + added + changed}


def _child(tool: str, before: Path, after: Path, file: str) -> None:
    out = _work_reconcile(before, after) if tool == "reconcile" else _work_polars(before, after, file)
    print(json.dumps(out))


def _measure(tool: str, before: Path, after: Path, file: str) -> tuple[dict[str, object], int]:
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", tool, str(before), str(after), file],
        stdout=subprocess.PIPE, cwd=REPO,
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"{tool} failed ({status})")
    return json.loads(output), usage.ru_maxrss * 1024


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--data", type=Path)
    p.add_argument("--file", default="住民記録_住民")
    p.add_argument("--only", default="reconcile,polars")
    p.add_argument("--child", nargs=4, metavar=("TOOL", "BEFORE", "AFTER", "FILE"))
    args = p.parse_args(argv)
    if args.child:
        tool, b, a, f = args.child
        _child(tool, Path(b), Path(a), f)
        return
    before, after = _dataset(args.rows, args.data, args.file)
    size = before.stat().st_size / MIB
    print(f"{args.file}: {args.rows:,} rows, {size:,.0f} MiB per side")
    for tool in args.only.split(","):
        runs = [_measure(tool, before, after, args.file) for _ in range(args.runs)]
        wall = statistics.median(float(r[0]["seconds"]) for r in runs)  # type: ignore[arg-type]
        rss = max(r[1] for r in runs) / MIB
        print(f"{tool:10s} median {wall:7.1f} s  peak RSS {rss:7.0f} MiB  ({args.runs} runs)  {runs[0][0]}")


if __name__ == "__main__":
    main()
