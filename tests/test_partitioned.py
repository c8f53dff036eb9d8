"""Local workers: a file cut into byte-range chunks gives exactly the findings of one sequential scan.

The cuts are checked without processes first (``chunk_starts``, ``RangeScan`` chained range by range,
redone from where the previous range really ended), then through the process pool against the reference
engine on a dataset whose records span cuts (quoted newlines), with bad values, CRs and duplicates.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.api import EngineOptions
from conformance.engines import partitioned
from conformance.engines.partitioned import chunk_starts
from conformance.readers.csv_reader import read_csv
from conformance.readers.fast_scan import Batch, RangeScan, scan
from conformance.sample.generator import generate
from conformance.schema.model import SchemaSet
from tests.test_fast_engine import findings

HEADER = b"a,b,c\n"


def _records(batches: Iterable[Batch]) -> list[tuple[int, object]]:
    """(line, what was read) of every record of ``batches``: a frame row's values, or a parsed record's
    fields and finding rules."""
    out: list[tuple[int, object]] = []
    for b in batches:
        out.extend(zip(b.lines.to_list(), b.frame.rows(), strict=True))
        out.extend((r.line, (r.fields, [f.rule for f in r.findings])) for r in b.special)
    return sorted(out, key=lambda r: r[0])


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from([b"1,2,3\n", b'1,"x\ny",3\n', b'"a""b",2,3\n', b"1,2\n", b"1,2,3\r\n",
                         b'1,"\n\n",3\n', b'1,"open\n', b"\xef\xbb\xbf1,2,3\n", b"\n"]),
        min_size=1, max_size=30,
    ),
    chunk=st.integers(1, 40),
    batch=st.integers(1, 64),
)
def test_chained_ranges_equal_one_scan(tmp_path_factory: pytest.TempPathFactory, lines: list[bytes],
                                       chunk: int, batch: int) -> None:
    path = tmp_path_factory.mktemp("range") / "f.csv"
    data = HEADER + b"".join(lines)
    path.write_bytes(data)
    whole = read_csv(path)
    expected = _records(scan(whole, batch_bytes=batch))

    csv = read_csv(path)
    begin = csv.begin_records()
    assert begin is not None
    starts = chunk_starts(path, *begin, csv.bytes_total, chunk)
    for line, pos in starts[1:]:  # each cut is right after a LF, numbered as the physical line it starts
        assert data[pos - 1 : pos] == b"\n" and line == data[:pos].count(b"\n") + 1
    got: list[Batch] = []
    expected_start = begin
    for k, start in enumerate(starts):
        stop = starts[k + 1][1] if k + 1 < len(starts) else None
        if start != expected_start:  # a record ran over the cut: the range is scanned again from its end
            start = expected_start
        rng = RangeScan(csv, *start, stop, batch_bytes=batch)
        got.extend(rng)
        expected_start = rng.end
    assert _records(got) == expected


@pytest.fixture(scope="module")
def spanning_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated, injected dataset, with records that span lines (F5 and quoted newlines), bad values, bare
    CRs and duplicated rows sprinkled over its largest file, so that many cuts fall inside a record."""
    base = tmp_path_factory.mktemp("spanning-base")
    generate(base, rows=300, seed=21, inject=True)
    out = tmp_path_factory.mktemp("spanning")
    for p in sorted(base.glob("*.csv")):
        shutil.copy(p, out / p.name)
    target = out / "住民記録_住民.csv"
    rows = target.read_bytes().split(b"\n")
    for n in range(3, len(rows) - 1, 7):
        fields = rows[n].split(b",")
        k = n % len(fields)
        op = (n // 7) % 5
        if op == 0:
            fields[k] = b'"' + fields[k] + b'\n\n"'
        elif op == 1:
            fields[k] = "ｱｲｳ𠮷\ue000".encode()
        elif op == 2:
            fields[k] += b"\r"
        elif op == 3:
            fields[k] = b'"' + fields[k]  # opens a quote that the next lines may close
        rows[n] = b",".join(fields)
        if op == 4:
            rows[n] = rows[n - 1]
    target.write_bytes(b"\n".join(rows))
    return out


def test_workers_agree_with_reference(schema: SchemaSet, spanning_dataset: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    redone: list[object] = []
    run_chunk = partitioned.run_chunk

    def counted(ctx: object, task: partitioned.ChunkTask) -> partitioned.ChunkResult:
        redone.append(task.start)
        return run_chunk(ctx, task)  # type: ignore[arg-type]

    monkeypatch.setattr(partitioned, "run_chunk", counted)  # the main process's redo of a chunk
    reference = findings([spanning_dataset], schema, "reference")
    two = findings([spanning_dataset], schema, "fast", EngineOptions(workers=2, chunk_bytes=2048))
    assert two == reference
    assert len(reference) > 100
    assert redone  # some cut fell inside a record and its chunk was scanned again


def test_dask_local_cluster_agrees(schema: SchemaSet, tmp_path: Path) -> None:
    """The same chunk tasks on a Dask LocalCluster of two worker processes: the default executor's
    findings."""
    distributed = pytest.importorskip("distributed")
    generate(tmp_path, rows=200, seed=5, inject=True)
    default = findings([tmp_path], schema, "fast")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        options = EngineOptions(executor="dask", scheduler=cluster.scheduler_address, chunk_bytes=8192)
        on_dask = findings([tmp_path], schema, "fast", options)
    assert on_dask == default
    assert len(default) > 20


def test_the_cli_starts_no_local_pool_below_four_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2 cores 2 workers were slower than one process (polars already uses both): the default is 1 there,
    the cores from 4 on, and always the cores for a Dask cluster."""
    from conformance.engines import partitioned

    for cores, local, dask in ((1, 1, 1), (2, 1, 2), (3, 1, 3), (4, 4, 4), (16, 16, 16)):
        monkeypatch.setattr(partitioned, "available_cores", lambda n=cores: n)
        assert (partitioned.default_workers("local"), partitioned.default_workers("dask")) == (local, dask)
