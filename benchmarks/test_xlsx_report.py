"""The Excel report of 100,000 listed findings (4 rules, one file): :func:`conformance.reports.xlsx.render`
alone, the result already built. Peak memory is printed by ``/usr/bin/time -v`` around the same run.

Run: ``python3 -m pytest benchmarks/test_xlsx_report.py --benchmark-enable``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from conformance.core.findings import Finding, Severity
from conformance.core.messages import fixed_text
from conformance.reports import xlsx
from conformance.reports.collector import Collector, ValidationResult
from conformance.reports.masking import ReportOptions
from conformance.schema.loader import load_schema_set

FILE = "住民記録_住民.csv"
N = 100_000
_RULES = (
    ("C1", "氏名", Severity.ERROR),
    ("C7", "続柄", Severity.ERROR),
    ("F15", "方書", Severity.WARNING),
    ("C8", "団体コード", Severity.ERROR),
)


def listed_result(n: int = N) -> ValidationResult:
    """``n`` findings with distinct messages and values, all listed (no cap)."""
    schema = load_schema_set()
    c = Collector(max_per_rule=None)
    c.start_file(FILE, "住民記録_住民")
    c.add_rows(FILE, n)
    for i in range(n):
        rule, item, severity = _RULES[i % len(_RULES)]
        message = fixed_text(
            f"{rule}.bench", f"「値{i}」は続柄の表記の書式に合いません: 世帯主・縁故者・同居人", "bad"
        )
        c.add(Finding(FILE, 2 + i, item, rule, severity, message, (), f"山田{i}"))
    when = datetime(2024, 1, 1, tzinfo=UTC)
    return c.finish(schema=schema, started=when, finished=when, inputs=["d/"], settings_summary={})


def test_xlsx_100k_listed_findings(benchmark: Any) -> None:
    result = listed_result()
    opts = ReportOptions.of(load_schema_set())
    data = benchmark.pedantic(lambda: xlsx.render(result, opts), rounds=3, iterations=1)
    assert data.startswith(b"PK")
    benchmark.extra_info["findings"] = len(result.findings)
