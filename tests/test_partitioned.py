"""Local workers: a file cut into byte-range chunks gives exactly the findings of one sequential scan.

The cuts are checked without processes first (``chunk_starts``, ``RangeScan`` chained range by range,
redone from where the previous range really ended), then through the process pool against the reference
engine on a dataset whose records span cuts (quoted newlines), with bad values, CRs and duplicates.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.api import EngineOptions
from conformance.engines import partitioned
from conformance.engines.partitioned import chunk_starts
from conformance.readers.csv_reader import read_csv
from conformance.readers.fast_scan import Batch, RangeScan, scan
from conformance.readers.parquet_reader import ParquetFile
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


@pytest.fixture(scope="module")
def json_lines_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated, injected JSON Lines dataset whose largest file also has, spread over its chunks: an
    unknown name in many records (one F4, at its first line), an item in no record (F4 at line 1), an item
    present only near the end (no F4), repeated keys, broken and blank lines, bytes that are not UTF-8 in a
    value and in a name, and a number where text belongs (F18)."""
    out = tmp_path_factory.mktemp("jsonl-chunks")
    generate(out, rows=300, seed=5, inject=True, fmt="jsonl")
    target = out / "住民記録_住民.jsonl"
    body = target.read_bytes().splitlines()
    edited: list[bytes] = []
    for n, raw in enumerate(body):
        try:
            record = json.loads(raw)
        except ValueError:  # an injected fault: kept as it is
            edited.append(raw)
            continue
        record.pop("方書", None)  # in no record
        if n < len(body) - 40:
            record.pop("転入前住所", None)  # only in the records of the last chunk
        if n % 37 == 11:
            record = {"余計な項目": "x", **record}
        text = json.dumps(record, ensure_ascii=False).encode()
        if n % 53 == 20:
            text = text.replace(b"{", b'{"\xff\xfename": "y", ', 1)
        edited.append(text)
        if n % 61 == 30:
            edited += [b"", b'{"broken": ', json.dumps({"団体コード": 1}).encode(),
                       '{"a": "1", "a": "2", "余計な項目": null}'.encode(),
                       text.replace('"氏名": "'.encode(), '"氏名": "'.encode() + b"\xff", 1)]
    tail = [b""]
    target.write_bytes(b"\n".join(edited + tail))
    return out


def _counting_cuts(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[int]:
    """Wrap ``owner.name`` (a function giving a file's chunk starts): the list it fills with their counts."""
    counts: list[int] = []
    starts = getattr(owner, name)

    def counted(*args: object) -> list[tuple[int, int]]:
        found: list[tuple[int, int]] = starts(*args)
        counts.append(len(found))
        return found

    monkeypatch.setattr(owner, name, counted)
    return counts


def test_json_lines_chunks_agree_with_reference(schema: SchemaSet, json_lines_dataset: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A JSON Lines file cut into chunks: each chunk's F4 name state merged in file order gives the findings
    of one read (an unknown name once, at its first line; F4 "missing" only for the item in no record)."""
    cuts = _counting_cuts(monkeypatch, partitioned, "chunk_starts")
    reference = findings([json_lines_dataset], schema, "reference")
    two = findings([json_lines_dataset], schema, "fast", EngineOptions(workers=2, chunk_bytes=4096))
    assert two == reference
    assert max(cuts) > 20  # the file really was read in many chunks
    f4 = [(r[1], r[2], r[5]) for r in reference if r[0] == "住民記録_住民.jsonl" and r[3] == "F4"]
    assert [r for r in f4 if r[1] == "余計な項目"] == [
        (12, "余計な項目", "'余計な項目' is not an item of the layout (first line where it occurs)")
    ]
    assert [r[1] for r in f4 if r[0] == 1] == ["方書"]
    assert {r[3] for r in reference if r[0] == "住民記録_住民.jsonl"} >= {"F1", "F4", "F16", "F18"}


@pytest.mark.parametrize("typed_column", [False, True])
def test_parquet_row_ranges_agree_with_reference(schema: SchemaSet, tmp_path: Path, typed_column: bool,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A Parquet file read by the workers in row ranges: the reference engine's findings, with the lines of
    every range right (also when a column is not text, F18, and every row goes the reference way)."""
    generate(tmp_path, rows=300, seed=5, inject=True, fmt="parquet")
    target = tmp_path / "住民記録_住民.parquet"
    if typed_column:
        frame = pl.read_parquet(target)
        frame.with_columns(pl.int_range(0, frame.height).alias("履歴番号")).write_parquet(target)
    ranges = _counting_cuts(monkeypatch, ParquetFile, "range_starts")
    reference = findings([tmp_path], schema, "reference")
    two = findings([tmp_path], schema, "fast", EngineOptions(workers=2, chunk_bytes=1024))
    assert two == reference
    assert max(ranges) > 10  # the file really was read in many ranges
    lines = {r[1] for r in reference if r[0] == "住民記録_住民.parquet" and r[1] is not None}
    assert max(lines) > 250  # findings on late rows: the ranges' lines count from the right row
    assert any(r[3] == "F18" for r in reference) == typed_column


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_dask_local_cluster_agrees(schema: SchemaSet, tmp_path: Path, fmt: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The same chunk tasks on a Dask LocalCluster of two worker processes: the default executor's
    findings."""
    distributed = pytest.importorskip("distributed")
    generate(tmp_path, rows=200, seed=5, inject=True, fmt=fmt)
    default = findings([tmp_path], schema, "fast")
    if fmt == "parquet":
        cuts = _counting_cuts(monkeypatch, ParquetFile, "range_starts")
    else:
        cuts = _counting_cuts(monkeypatch, partitioned, "chunk_starts")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        options = EngineOptions(executor="dask", scheduler=cluster.scheduler_address, chunk_bytes=8192)
        on_dask = findings([tmp_path], schema, "fast", options)
    assert on_dask == default
    assert len(default) > 20
    assert max(cuts) > 2  # the largest file went to the cluster in chunks


def test_the_cli_starts_no_local_pool_below_four_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """On 2 cores 2 workers were slower than one process (polars already uses both): the default is 1 there,
    the cores from 4 on, and always the cores for a Dask cluster."""
    from conformance.engines import partitioned

    for cores, local, dask in ((1, 1, 1), (2, 1, 2), (3, 1, 3), (4, 4, 4), (16, 16, 16)):
        monkeypatch.setattr(partitioned, "available_cores", lambda n=cores: n)
        assert (partitioned.default_workers("local"), partitioned.default_workers("dask")) == (local, dask)
