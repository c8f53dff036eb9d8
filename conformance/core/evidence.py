"""What was checked, as evidence: per input file its size, hash, encoding and line endings.

A municipality signs off a delivery on the verdict, so the summary must say exactly which bytes the
verdict is about (sha256), how they were read (the encoding detected, or declared with ``--encoding``) and
that they did not change while they were read.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A format's name for people (reports say how each file was read).
FORMAT_NAMES = {"csv": "CSV", "jsonl": "JSON Lines", "json": "JSON", "xml": "XML", "parquet": "Parquet"}


@dataclass(frozen=True, slots=True)
class FileEvidence:
    size: int  # bytes
    sha256: str  # hex digest of the file's bytes as read
    modified: str  # modification time, ISO 8601 UTC
    format: str  # the reader: "csv"
    encoding: str  # "UTF-8", "UTF-8 (BOM)", "CP932", "UTF-16", or the declared codec
    encoding_declared: bool  # True when the user declared it (--encoding) instead of the standard's UTF-8
    line_endings: str | None  # "LF" or "CRLF" (the header's), None when the file has no header line

    @property
    def read_as(self) -> str:
        """How the file was read, for people: format, encoding, line endings ("CSV UTF-8 LF")."""
        return " ".join(
            p for p in (FORMAT_NAMES.get(self.format, self.format), self.encoding, self.line_endings) if p
        )
