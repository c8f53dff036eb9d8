"""Small builders shared by the report tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conformance.core.findings import Finding, Severity
from conformance.core.messages import fixed_text
from conformance.schema.model import SchemaSet, Settings


def make_finding(
    file: str,
    line: int | None,
    item: str | None,
    rule: str,
    severity: Severity,
    ja: str,
    en: str,
    value: str | None = None,
) -> Finding:
    """A finding whose message is fixed text (report tests care about placement, not wording)."""
    return Finding(file, line, item, rule, severity, fixed_text(f"{rule}.test", ja, en), (), value)


def make_schema(identifying: frozenset[str] = frozenset(), settings: Settings | None = None) -> SchemaSet:
    """A schema set with no layouts (report tests need its name, standard and identifying items only)."""
    return SchemaSet(
        name="reference",
        standard={"title": "標準", "version": "0.1"},
        files={},
        dataset_rules=(),
        code_tables={},
        eras=(),
        platform_dependent=frozenset(),
        identifying_items=identifying,
        settings=settings or Settings(),
    )


def xlsx_text(data: bytes) -> str:
    """Everything a workbook holds, as one text: every part of its ZIP (the XML as written, entities and
    all) and then every cell value as openpyxl reads it, so that a test can look for a value anywhere."""
    import io
    import zipfile

    import openpyxl

    parts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts.extend(archive.read(name).decode("utf-8") for name in archive.namelist())
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            parts.extend(str(v) for v in row if v is not None)
    return "\n".join(parts)


def rendered(writer: Callable[[Any, Any, Any], None], result: object, opts: object) -> str:
    """What a report writer writes, as text: a text format as written, a workbook (bytes that start a ZIP)
    as :func:`xlsx_text` reads it, so a leak test can loop over text and binary formats alike."""
    import io

    buffer = io.BytesIO()
    writer(result, buffer, opts)
    data = buffer.getvalue()
    return xlsx_text(data) if data.startswith(b"PK") else data.decode("utf-8")
