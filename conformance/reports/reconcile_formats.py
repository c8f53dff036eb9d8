"""Registry of the reconciliation's report formats: format name → writer (``write(result, out, opts)``)."""

from __future__ import annotations

from conformance.reports import reconcile_html, reconcile_xlsx
from conformance.reports.reconcile_report import (
    ReconcileWriter,
    write_csv,
    write_json,
    write_jsonl,
    write_text,
)

__all__ = ["RECONCILE_FORMATS"]

RECONCILE_FORMATS: dict[str, ReconcileWriter] = {
    "text": write_text,
    "jsonl": write_jsonl,
    "json": write_json,
    "csv": write_csv,
    "html": reconcile_html.write,
    "xlsx": reconcile_xlsx.write,
}
