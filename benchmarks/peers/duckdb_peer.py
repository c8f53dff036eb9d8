"""DuckDB peer: the rule subset as SQL over the CSV loaded into an in-memory table.

One aggregate query counts every column check with ``count(*) FILTER (WHERE …)`` (a NULL condition does not
count, so a NULL value gets no check but ``required``): ``IS NULL``, ``regexp_full_match`` (RE2) for each
pattern, ``length`` (code points) for the lengths, ``NOT IN`` for the code table. The key is a ``GROUP BY …
HAVING count(*) > 1`` (rows after the first), and a foreign key is an anti-join against every referenced file
that is given ("in at least one of them" is two ``NOT EXISTS``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from benchmarks.peers import PeerResult
from benchmarks.peers.subset import CHECKS, ColumnRule, FileSubset, portable_regex

NAME = "duckdb"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _read_csv(path: Path, header: tuple[str, ...]) -> str:
    """RFC 4180 as in F3, VARCHAR columns named as in the layout; empty fields (quoted or not) are NULL."""
    columns = ", ".join(f"{_literal(name)}: 'VARCHAR'" for name in header)
    return (
        f"read_csv({_literal(str(path))}, header=true, delim=',', quote='\"', escape='\"', "
        f"auto_detect=false, columns={{{columns}}})"
    )


def column_checks(rule: ColumnRule) -> list[tuple[str, str]]:
    """(check, SQL boolean that is true for a violation) for one column."""
    c = _ident(rule.name)
    out: list[tuple[str, str]] = []
    if rule.required:
        out.append(("required", f"{c} IS NULL"))
    if rule.patterns:
        ok = " AND ".join(f"regexp_full_match({c}, {_literal(portable_regex(p))})" for p in rule.patterns)
        out.append(("pattern", f"NOT ({ok})"))
    if rule.max_length is not None:
        out.append(("max_length", f"length({c}) > {rule.max_length}"))
    if rule.min_length is not None:
        out.append(("min_length", f"length({c}) < {rule.min_length}"))
    if rule.codes is not None:
        out.append(("code", f"{c} NOT IN ({', '.join(_literal(v) for v in rule.codes)})"))
    return out


def check_query(subset: FileSubset, table: str = "t") -> tuple[str, list[str]]:
    """The aggregate query over ``table`` and the check of each of its columns after the first (row count)."""
    selects = ["count(*)"]
    checks: list[str] = []
    for rule in subset.columns:
        for check, violation in column_checks(rule):
            selects.append(f"count(*) FILTER (WHERE {violation})")
            checks.append(check)
    return f"SELECT {', '.join(selects)} FROM {table}", checks


def key_query(subset: FileSubset, table: str = "t") -> str | None:
    if not subset.primary_key:
        return None
    cols = ", ".join(_ident(c) for c in subset.primary_key)
    present = " AND ".join(f"{_ident(c)} IS NOT NULL" for c in subset.primary_key)
    return (
        f"SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM {table} WHERE {present} "
        f"GROUP BY {cols} HAVING count(*) > 1)"
    )


def foreign_key_queries(
    subset: FileSubset, references: Mapping[str, tuple[Path, FileSubset]], table: str = "t"
) -> list[str]:
    """One anti-join count per foreign key whose referenced files are all given."""
    queries: list[str] = []
    for fk in subset.foreign_keys:
        if not fk.references_any or any(file not in references for file, _ in fk.references_any):
            continue
        present = " AND ".join(f"t.{_ident(c)} IS NOT NULL" for c in fk.columns)
        missing = []
        for file, columns in fk.references_any:
            ref_path, ref_subset = references[file]
            ref = _read_csv(ref_path, ref_subset.header)
            match = " AND ".join(f"r.{_ident(rc)} = t.{_ident(c)}" for c, rc in zip(fk.columns, columns,
                                                                                     strict=True))
            missing.append(f"NOT EXISTS (SELECT 1 FROM {ref} AS r WHERE {match})")
        queries.append(f"SELECT count(*) FROM {table} AS t WHERE {present} AND {' AND '.join(missing)}")
    return queries


def run(
    path: Path, subset: FileSubset, references: Mapping[str, tuple[Path, FileSubset]] | None = None
) -> PeerResult:
    """Load ``path`` into DuckDB and count violations per check with SQL."""
    import duckdb

    con: Any = duckdb.connect(":memory:")
    try:
        con.execute(f"CREATE TABLE t AS SELECT * FROM {_read_csv(path, subset.header)}")
        query, checks = check_query(subset)
        row = con.execute(query).fetchone()
        counts = dict.fromkeys(CHECKS, 0)
        for check, n in zip(checks, row[1:], strict=True):
            counts[check] += int(n)
        pk = key_query(subset)
        if pk is not None:
            counts["primary_key"] = int(con.execute(pk).fetchone()[0])
        for fk in foreign_key_queries(subset, references or {}):
            counts["foreign_key"] += int(con.execute(fk).fetchone()[0])
        rows = int(row[0])
    finally:
        con.close()
    return PeerResult(NAME, rows, {k: v for k, v in counts.items() if v})
