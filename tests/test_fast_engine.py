"""Differential tests: the fast engine and the reference engine give identical findings.

The fast path's prefilters are only allowed to skip work; any divergence here means a prefilter (or the
structural scanner) is unsound. Inputs: the spec's examples, the committed samples, generated datasets with
injected violations, and hypothesis-driven corruptions of generated data (bytes, quotes, line endings,
values, duplicated and missing rows).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.api import EngineOptions, validate
from conformance.sample.generator import generate
from conformance.schema.model import SchemaSet
from tests.conftest import DATA, REPO

Row = tuple[str, int | None, str | None, str, str, str]


def findings(
    paths: list[Path], schema: SchemaSet, engine: str, options: EngineOptions | None = None
) -> list[Row]:
    result = validate(paths, schema=schema, max_per_rule=None, engine=engine, options=options)
    rows = [
        (Path(f.file).name, f.line, f.item, f.rule, f.severity.value, f.message_en) for f in result.findings
    ]
    return sorted(rows, key=lambda r: (r[0], r[1] or 0, r[2] or "", r[3], r[4], r[5]))


def assert_same(paths: list[Path], schema: SchemaSet, options: EngineOptions | None = None) -> list[Row]:
    ref = findings(paths, schema, "reference")
    fast = findings(paths, schema, "fast", options)
    assert fast == ref
    return ref


def test_spec_examples_agree(schema: SchemaSet) -> None:
    examples = sorted((DATA / "spec_examples").glob("*.csv"))
    valid = [p for p in examples if ".invalid" not in p.name]
    assert assert_same(valid, schema) == []
    assert len(assert_same([DATA / "spec_examples" / "住民記録_住民.invalid.csv"], schema)) == 57


@pytest.mark.parametrize(("name", "workers"), [("valid", 1), ("invalid", 1), ("invalid", 2)])
def test_committed_samples_agree(schema: SchemaSet, name: str, workers: int) -> None:
    """In this process, and through two worker processes with chunks small enough to cut every file
    (``tests/test_partitioned.py`` has the cuts inside records and the Dask executor)."""
    assert_same([REPO / "samples" / name], schema, EngineOptions(workers=workers, chunk_bytes=4096))


@pytest.fixture(scope="module")
def base_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("base")
    generate(out, rows=40, seed=11, inject=True)
    return out


NASTY = [
    "",
    " ",
    "　",
    "0",
    "１",
    "9" * 16,
    "-1",
    "1,000",
    "1.5",
    "2024-02-30",
    "2023-02-29",
    "3640108",
    "4310501",
    "ｱｲｳ",
    "abc",
    "A B",
    "𠮷野",
    "髙橋",
    "斉\U000e0103藤",
    "\ue000",
    "①",
    "〜",
    "\t",
    "x\u309a",
    "ヴ・ー",
    "世帯主",
    "子の子の子の子の子",
    "000000000140",
    "1180301018771",
    "132993",
    "0000100030",
    "99",
    "E3",
    "2019-05-01T00:00:00Z",
    "2019-05-01T24:00:00",
    "<script>alert(1)</script>",
]


@st.composite
def corruption(draw: st.DrawFn) -> tuple[str, int, str, int, str]:
    op = draw(
        st.sampled_from(["value", "quote", "comma", "crlf", "cr", "byte", "dup", "blank", "drop", "newline"])
    )
    return (
        op,
        draw(st.integers(0, 6)),  # which file
        draw(st.sampled_from(NASTY)),
        draw(st.integers(0, 10_000)),  # which line / field (modulo)
        draw(st.sampled_from(["a", "b"])),
    )


def corrupt(path: Path, ops: list[tuple[str, int, str, int, str]], index: int) -> None:
    data = path.read_bytes().split(b"\n")
    for op, which, value, pos, _ in ops:
        if which != index or len(data) < 3:
            continue
        n = 1 + pos % (len(data) - 2)  # a data line (0 is the header)
        fields = data[n].split(b",")
        k = pos % len(fields)
        if op == "value":
            fields[k] = value.encode("utf-8").replace(b",", b"")
        elif op == "quote":
            fields[k] = fields[k][:1] + b'"' + fields[k][1:]
        elif op == "comma":
            fields.insert(k, b"x")
        elif op == "crlf":
            fields[-1] += b"\r"
        elif op == "cr":
            fields[k] += b"\r"
        elif op == "byte":
            fields[k] += b"\xff"
        elif op == "newline":
            fields[k] = b'"' + fields[k] + b'\n"'
        if op == "dup":
            data.insert(n, data[n])
        elif op == "blank":
            data.insert(n, b"")
        elif op == "drop":
            del data[n]
        else:
            data[n] = b",".join(fields)
    path.write_bytes(b"\n".join(data))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(corruption(), min_size=1, max_size=6))
def test_corrupted_datasets_agree(
    schema: SchemaSet,
    base_dataset: Path,
    tmp_path_factory: pytest.TempPathFactory,
    ops: list[tuple[str, int, str, int, str]],
) -> None:
    work = tmp_path_factory.mktemp("corrupt")
    files = sorted(p for p in base_dataset.glob("*.csv"))
    for i, p in enumerate(files):
        shutil.copy(p, work / p.name)
        corrupt(work / p.name, ops, i)
    assert_same([work], schema)


def test_generated_100k_corpus_agrees(schema: SchemaSet, tmp_path: Path) -> None:
    """The issue's corpus size: 100,000 住民 rows plus the scaled tax files, with injected violations."""
    generate(tmp_path, rows=100_000, seed=3, inject=True)
    rows = assert_same([tmp_path], schema)
    assert len(rows) >= 80  # the injected violations at least
