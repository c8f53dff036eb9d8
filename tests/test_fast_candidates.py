"""The fast engine's spilled state and candidate filters against the reference engine, on dense data.

Generated samples rarely repeat a key or break a household, so here every key, household and reference
value is drawn from a tiny pool: duplicates (X1), shared identifiers (X14, X35), gaps and deaths in
histories (X2, X17), households with 0, 1 or 2 heads and differing addresses or head names (X3–X6),
foreign residents around the processing date (X20), and tax and 住登外者 rows pointing at residents or at
nobody (X21, X22, X25) all occur in nearly every example. Values come from the valid sample, so most rows
are item-clean and go through the bulk path. Each example runs once with one spill partition and once with
partitions of 3 rows, so the partitioned searches meet the same rows as the whole-file ones.
"""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conformance.api import EngineOptions
from conformance.engines import spill
from conformance.schema.model import SchemaSet
from tests.conftest import REPO
from tests.test_fast_engine import findings

VALID = REPO / "samples" / "valid"


def _table(name: str) -> tuple[list[str], list[list[str]]]:
    with (VALID / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


RES_HEADER, RES_ROWS = _table("住民記録_住民")
NON_HEADER, NON_ROWS = _table("住民記録_住登外者")
TAX_HEADER, TAX_ROWS = _table("個人住民税_課税")


def _pool(header: list[str], rows: list[list[str]], name: str, n: int) -> list[str]:
    i = header.index(name)
    return list(dict.fromkeys(r[i] for r in rows if r[i]))[:n]


PERSONS = _pool(RES_HEADER, RES_ROWS, "宛名番号", 4) + _pool(NON_HEADER, NON_ROWS, "宛名番号", 1)
NUMBERS = [*_pool(RES_HEADER, RES_ROWS, "個人番号", 3), ""]
CODES = [*_pool(RES_HEADER, RES_ROWS, "住民票コード", 2), ""]
HOUSEHOLDS = _pool(RES_HEADER, RES_ROWS, "世帯番号", 3)
ADDRESSES = _pool(RES_HEADER, RES_ROWS, "住所", 2)
NAMES = _pool(RES_HEADER, RES_ROWS, "氏名", 2)
RESIDENT_FIELDS = {
    "宛名番号": st.sampled_from(PERSONS),
    "履歴番号": st.sampled_from(["1", "2", "3", "5", "01", "99999999999999999999"]),  # last: > Int64
    "世帯番号": st.sampled_from(HOUSEHOLDS),
    "住民状態": st.sampled_from(["1", "1", "2"]),
    "続柄": st.sampled_from(["世帯主", "世帯主", "妻", "子"]),
    "住所": st.sampled_from(ADDRESSES),
    "世帯主氏名": st.sampled_from(NAMES),
    "氏名": st.sampled_from(NAMES),
    "個人番号": st.sampled_from(NUMBERS),
    "住民票コード": st.sampled_from(CODES),
    "異動事由": st.sampled_from(["11", "33", "33", "12", "65"]),
    "在留期間満了日": st.sampled_from(["", "1990-01-01", "2099-12-31"]),
}


@st.composite
def _rows(
    draw: st.DrawFn,
    header: list[str],
    rows: list[list[str]],
    fields: dict[str, st.SearchStrategy[str]],
    most: int,
) -> list[list[str]]:
    out: list[list[str]] = []
    for _ in range(draw(st.integers(0, most))):
        row = list(draw(st.sampled_from(rows)))
        for name, values in fields.items():
            if draw(st.booleans()):
                row[header.index(name)] = draw(values)
        out.append(row)
    return out


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


RESIDENTS = _rows(RES_HEADER, RES_ROWS, RESIDENT_FIELDS, 24)
OTHERS = _rows(
    NON_HEADER, NON_ROWS, {"宛名番号": st.sampled_from(PERSONS), "個人番号": st.sampled_from(NUMBERS)}, 5
)
TAXES = _rows(
    TAX_HEADER,
    TAX_ROWS,
    {"宛名番号": st.sampled_from([*PERSONS, "0000999996"]), "個人番号": st.sampled_from(NUMBERS)},
    6,
)


def _write_dataset(
    folder: Path, residents: list[list[str]], others: list[list[str]], taxes: list[list[str]]
) -> None:
    _write(folder / "住民記録_住民.csv", RES_HEADER, residents)
    _write(folder / "住民記録_住登外者.csv", NON_HEADER, others)
    _write(folder / "個人住民税_課税.csv", TAX_HEADER, taxes)


@pytest.mark.parametrize("partition_rows", [spill.PARTITION_ROWS, 3])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(residents=RESIDENTS, others=OTHERS, taxes=TAXES)
def test_dense_keys_agree(
    schema: SchemaSet,
    tmp_path_factory: pytest.TempPathFactory,
    partition_rows: int,
    residents: list[list[str]],
    others: list[list[str]],
    taxes: list[list[str]],
) -> None:
    folder = tmp_path_factory.mktemp("dense")
    _write_dataset(folder, residents, others, taxes)
    options = EngineOptions(partition_rows=partition_rows)
    assert findings([folder], schema, "fast", options) == findings([folder], schema, "reference")


SPILLED_RULES = ["X1", "X2", "X3", "X4", "X5", "X6", "X14", "X17", "X20", "X21", "X22", "X25", "X35"]


def _only(schema: SchemaSet, rule: str) -> SchemaSet:
    """The schema with every X rule but ``rule`` disabled: its filter alone decides what its code sees."""
    others = frozenset(r for r in SPILLED_RULES if r != rule) | schema.settings.disabled_rules
    return dataclasses.replace(schema, settings=dataclasses.replace(schema.settings, disabled_rules=others))


@pytest.mark.parametrize("rule", SPILLED_RULES)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(residents=RESIDENTS, others=OTHERS, taxes=TAXES)
def test_each_filter_alone_agrees(
    schema: SchemaSet,
    tmp_path_factory: pytest.TempPathFactory,
    rule: str,
    residents: list[list[str]],
    others: list[list[str]],
    taxes: list[list[str]],
) -> None:
    """One X rule at a time (partitions of 3 rows): another rule's candidates cannot hide a loose filter."""
    one = _only(schema, rule)
    folder = tmp_path_factory.mktemp("alone")
    _write_dataset(folder, residents, others, taxes)
    options = EngineOptions(partition_rows=3)
    assert findings([folder], one, "fast", options) == findings([folder], one, "reference")


def test_dense_pools_reach_the_rules(schema: SchemaSet, tmp_path: Path) -> None:
    """The pools above do make the key and household rules fire (else the property test proves little)."""
    rows = []
    for i, (person, seq, relation) in enumerate(
        [(PERSONS[0], "1", "世帯主"), (PERSONS[0], "1", "世帯主"), (PERSONS[1], "3", "世帯主"),
         (PERSONS[2], "1", "妻"), (PERSONS[2], "2", "子")]
    ):
        row = list(RES_ROWS[i])
        for name, value in (("宛名番号", person), ("履歴番号", seq), ("続柄", relation),
                            ("世帯番号", HOUSEHOLDS[0]), ("住民状態", "1"), ("異動事由", "11"),
                            ("個人番号", NUMBERS[0])):
            row[RES_HEADER.index(name)] = value
        rows.append(row)
    _write(tmp_path / "住民記録_住民.csv", RES_HEADER, rows)
    got = findings([tmp_path], schema, "fast")
    assert got == findings([tmp_path], schema, "reference")
    fired = {r[3] for r in got}
    assert {"X1", "X2", "X3", "X14"} <= fired
