"""Registry of report formats: format name → writer, and the stream handling the writers share.

Every writer has the signature ``write(result, out, opts)`` and renders only from the ValidationResult, so
all formats agree on the same listed findings and totals. ``out`` may be a text stream (written as is) or a
binary stream (wrapped as UTF-8 with no newline translation, so CSV keeps its CRLF). A binary format (xlsx)
writes bytes: to a binary stream, or to the byte stream under a text one (:func:`binary_stream`).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO, cast

from conformance.reports.collector import ValidationResult
from conformance.reports.masking import ReportOptions

__all__ = [
    "FORMATS",
    "ReportOptions",
    "UnknownFormatError",
    "Writer",
    "binary_stream",
    "get_writer",
    "text_stream",
]

Writer = Callable[[ValidationResult, TextIO | BinaryIO, ReportOptions], None]



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


def binary_stream(out: TextIO | BinaryIO) -> BinaryIO:
    """``out`` itself when it is binary, else the byte stream under a text stream (flushed first), so that a
    binary report (xlsx) can go to a piped stdout; a text stream with no bytes under it is a TypeError."""
    if _is_binary(out):
        return cast(BinaryIO, out)
    buffer = getattr(out, "buffer", None)
    if buffer is None:
        raise TypeError("a binary report (xlsx) needs a binary stream; this text stream has none under it")
    out.flush()
    return cast(BinaryIO, buffer)


# format name -> "module:function" under conformance.reports.
# Adding a format is one module plus one line here.
_REGISTRY: dict[str, str] = {
    "text": "text:write",
    "jsonl": "jsonl:write",
    "json": "json_report:write",
    "csv": "csv_report:write",
    "html": "html:write",
    "xlsx": "xlsx:write",
    "junit": "junit:write",
    "sarif": "sarif:write",
}


def _available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"conformance.reports.{module}") is not None


# The formats whose writer module is present (a format under construction is not offered).
FORMATS: tuple[str, ...] = tuple(n for n, t in _REGISTRY.items() if _available(t.partition(":")[0]))


def get_writer(name: str) -> Writer:
    """The writer of a format name; raises UnknownFormatError for any other name."""
    import importlib

    target = _REGISTRY.get(name)
    if target is None:
        raise UnknownFormatError(name)
    module, _, function = target.partition(":")
    writer: Writer = getattr(importlib.import_module(f"conformance.reports.{module}"), function)
    return writer
