"""A witness per input file: its sha256, taken on a background thread while the file is checked, and the
proof that it did not change while it was read.

Why a separate read: the readers stream the file once in their own way (line by line, or in batches with
a look-ahead) and must not be slowed by hashing in their loop; a second sequential read of a file that is
being read anyway comes from the page cache, and hashlib releases the GIL, so on two cores it costs
little wall time. The stat taken before and after (size, modification time, inode) catches a file that
is rewritten, appended to or truncated during the run: such a run has no verdict (exit 3).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from pathlib import Path

from conformance.core.evidence import FileEvidence
from conformance.engines.inputs import InputError
from conformance.readers.source import InputReader

__all__ = ["FileChanged", "Witness", "describe_encoding"]

_CHUNK = 1 << 20


class FileChanged(InputError):
    """The file changed while it was read: no verdict can be given about it."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(
            f"{path}: 検査中にファイルが変更されました（{what}）。判定できません / "
            f"the file changed while it was read ({what}); no verdict can be given",
            unreadable=True,
        )


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev


class Witness:
    """Started when a file is opened, finished when its records have all been read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._before = _identity(os.stat(path))
        self._digest = hashlib.sha256()
        self._read = 0
        self._error: OSError | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._hash, name="sha256", daemon=True)
        self._thread.start()

    def _hash(self) -> None:
        try:
            with open(self.path, "rb", buffering=0) as f:
                while not self._stop.is_set():
                    chunk = f.read(_CHUNK)
                    if not chunk:
                        return
                    self._read += len(chunk)
                    self._digest.update(chunk)
        except OSError as e:
            self._error = e

    def cancel(self) -> None:
        """Stop hashing (the run is being abandoned)."""
        self._stop.set()
        self._thread.join()

    def finish(self) -> tuple[int, str, str]:
        """(size, sha256, modification time) once the file has been read; FileChanged if it changed."""
        self._thread.join()
        try:
            after = _identity(os.stat(self.path))
        except OSError as e:
            raise FileChanged(self.path, f"消えました / it disappeared: {e.strerror}") from None
        size, mtime, _, _ = self._before
        if after != self._before or self._read != size or self._error is not None:
            what = (
                f"{size:,} → {after[0]:,} bytes"
                if after[0] != size
                else "更新日時が変わりました / its modification time changed"
                if after[1] != mtime
                else "別のファイルに置き換えられました / it was replaced"
                if after[2:] != self._before[2:]
                else f"read error: {self._error.strerror}"
                if self._error is not None
                else f"{self._read:,} of {size:,} bytes read"
            )
            raise FileChanged(self.path, what)
        modified = dt.datetime.fromtimestamp(mtime / 1e9, dt.UTC).isoformat(timespec="seconds")
        return size, self._digest.hexdigest(), modified


def describe_encoding(csv: InputReader, declared: str | None) -> tuple[str, bool]:
    """How the file was read: the encoding's name for people, and whether it was declared by the user."""
    if declared:
        return declared.upper(), True
    names = {f.rule for f in csv.file_findings}
    if csv.fatal and "F1" in names:
        return "not UTF-8 (F1)", False
    if csv.fatal:  # not CSV text of its layout (readers/sniff.py): what it is, the finding says
        return f"not read ({', '.join(sorted(names - {'F2'}))})", False
    return ("UTF-8 (BOM)" if "F2" in names else "UTF-8"), False


def evidence_of(witness: Witness, csv: InputReader, declared: str | None) -> FileEvidence:
    size, digest, modified = witness.finish()
    encoding, was_declared = describe_encoding(csv, declared)
    endings = {"\r\n": "CRLF", "\n": "LF"}.get(csv.header_line_ending or "")
    return FileEvidence(size, digest, modified, csv.format, encoding, was_declared, endings)
