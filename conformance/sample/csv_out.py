"""One output CSV file: exact header, RFC 4180 minimal quoting, and the physical line of every record.

The answer key names the physical line where an injected record starts, so the writer counts the newlines
it writes (a quoted field may hold one) instead of the records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

Row = dict[str, str | None]


def _quote(value: str) -> str:
    """Quote only a field that needs it, as a migration tool would."""
    if "," in value or '"' in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


class CsvOut:
    """One output file, written through a large buffer: a dataset of millions of rows streams."""

    def __init__(self, path: Path, columns: Sequence[str], *, bom: bool = False) -> None:
        self.columns = tuple(columns)
        self._f: IO[bytes] = path.open("wb", buffering=1 << 20)
        if bom:
            self._f.write(b"\xef\xbb\xbf")
        self._f.write((",".join(_quote(c) for c in self.columns) + "\n").encode("utf-8"))
        self.next_line = 2
        self.records = 0

    def write(
        self,
        row: Mapping[str, str | None],
        *,
        eol: str = "\n",
        raw: Mapping[str, bytes] | None = None,
        drop_last: bool = False,
    ) -> int:
        """Write one record; return the physical line where it starts.

        ``raw`` replaces a field by exact bytes (invalid UTF-8 for F1); ``drop_last`` omits the last field
        (F3). Items of the row that the layout lacks are ignored; layout items the row lacks are NULL.
        """
        if raw is None and not drop_last:
            # fast path: join first, quote only when the joined line shows a special character
            vals = ["" if (v := row.get(c)) is None else v for c in self.columns]
            text = ",".join(vals)
            if text.count(",") != len(vals) - 1 or '"' in text or "\n" in text or "\r" in text:
                text = ",".join(_quote(v) for v in vals)
            data = (text + eol).encode("utf-8")
        else:
            parts: list[bytes] = []
            for c in self.columns:
                if raw is not None and c in raw:
                    parts.append(raw[c])
                    continue
                v = row.get(c)
                parts.append(b"" if v is None else _quote(v).encode("utf-8"))
            if drop_last:
                parts.pop()
            data = b",".join(parts) + eol.encode("ascii")
        self._f.write(data)
        line = self.next_line
        self.next_line += data.count(b"\n")
        self.records += 1
        return line

    def close(self) -> None:
        self._f.close()
