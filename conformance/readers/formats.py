"""Which reader reads a file: its extension decides (§13.1), ``--input-format`` forces one."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from conformance.readers.csv_reader import read_csv
from conformance.readers.fast_scan import ScannedCsvFile
from conformance.readers.source import FORMATS, InputReader, ReaderError

__all__ = ["EXTENSIONS", "format_of", "open_input"]

#: File name extension (lower case) -> format.
EXTENSIONS: dict[str, str] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".xml": "xml",
    ".parquet": "parquet",
}


def format_of(path: Path) -> str | None:
    """The format the file's extension names, or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def open_input(
    fmt: str, path: Path, display_name: str, *, encoding: str | None = None, names: Sequence[str] = ()
) -> InputReader:
    """Open ``path`` with the reader of ``fmt``; ``names``: the layout's 項目名 (records keyed by name).

    ``encoding`` applies to CSV only (the other text formats are UTF-8 by definition, §13.4 F1).
    """
    if fmt == "csv":
        csv = read_csv(path, display_name, encoding, ScannedCsvFile)
        assert isinstance(csv, ScannedCsvFile)
        return csv
    if fmt == "jsonl":
        from conformance.readers.jsonl import read_jsonl

        return read_jsonl(path, display_name, list(names))
    if fmt == "json":
        from conformance.readers.json_reader import read_json

        return read_json(path, display_name, list(names))
    if fmt == "xml":
        from conformance.readers.xml_reader import read_xml

        return read_xml(path, display_name, list(names))
    if fmt == "parquet":
        from conformance.readers.parquet_reader import read_parquet

        return read_parquet(path, display_name)
    raise ReaderError(f"{path}: unknown input format {fmt!r} (known: {', '.join(FORMATS)})")
