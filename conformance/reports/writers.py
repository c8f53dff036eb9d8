"""Registry of report formats: format name → writer, and the stream handling the writers share.

Every writer has the signature ``write(result, out, opts)`` and renders only from the ValidationResult, so
all formats agree on the same listed findings and totals. ``out`` may be a text stream (written as is) or a
binary stream (wrapped as UTF-8 with no newline translation, so CSV keeps its CRLF).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO, cast

from conformance.reports.collector import ValidationResult
from conformance.reports.masking import ReportOptions

__all__ = ["FORMATS", "ReportOptions", "UnknownFormatError", "Writer", "get_writer", "text_stream"]

Writer = Callable[[ValidationResult, TextIO | BinaryIO, ReportOptions], None]

FORMATS: tuple[str, ...] = ("text", "jsonl", "json", "csv")


class UnknownFormatError(ValueError):
    """A report format name that no writer handles; the message names the valid ones."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown report format {name!r}: expected one of {', '.join(FORMATS)}")
        self.name = name


def _is_binary(out: TextIO | BinaryIO) -> bool:
    if isinstance(out, io.TextIOBase):
        return False
    return isinstance(out, io.RawIOBase | io.BufferedIOBase) or "b" in str(getattr(out, "mode", ""))


@contextmanager
def text_stream(out: TextIO | BinaryIO) -> Iterator[TextIO]:
    """Yield a text view of ``out``: itself if it is text, else a UTF-8 wrapper, detached afterwards."""
    if not _is_binary(out):
        yield cast(TextIO, out)
        return
    wrapper = io.TextIOWrapper(cast(BinaryIO, out), encoding="utf-8", newline="", write_through=True)
    try:
        yield wrapper
        wrapper.flush()
    finally:
        wrapper.detach()


def get_writer(name: str) -> Writer:
    """The writer of a format name; raises UnknownFormatError for any other name."""
    # Imported here: the format modules import ReportOptions and text_stream from this module.
    from conformance.reports import csv_report, json_report, jsonl, text

    registry: dict[str, Writer] = {
        "text": text.write,
        "jsonl": jsonl.write,
        "json": json_report.write,
        "csv": csv_report.write,
    }
    try:
        return registry[name]
    except KeyError:
        raise UnknownFormatError(name) from None
