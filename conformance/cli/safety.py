"""Ways out of a run that keep their promises: signals end a run through its cleanup with the documented
exit codes, and reports appear whole or not at all.

SIGTERM and SIGHUP become an exception in the main thread, so every ``finally`` and ``with`` on the way out
runs (the spill folder holding resident data is removed); the process then exits 128 + the signal number
(SIGINT 130, SIGTERM 143, SIGHUP 129), as shells do, instead of 1, which means "findings".
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import BinaryIO

__all__ = ["Interrupted", "atomic_output", "interruptible"]

_NAMES = {signal.SIGINT: "SIGINT", signal.SIGTERM: "SIGTERM", signal.SIGHUP: "SIGHUP"}


class Interrupted(BaseException):
    """A signal asked the run to stop; ``code`` is the exit code (128 + the signal number)."""

    def __init__(self, signum: int) -> None:
        super().__init__(_NAMES.get(signal.Signals(signum), str(signum)))
        self.code = 128 + signum
        self.name = _NAMES.get(signal.Signals(signum), f"signal {signum}")


def _raise(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM, SIGHUP (and Ctrl-C) raise :class:`Interrupted` inside the block; handlers restored after."""
    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        # not the main thread (e.g. an embedding application): leave signals alone
        with suppress(ValueError):
            previous[sig] = signal.signal(sig, _raise)
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(signal.SIGINT) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """Write ``path`` through a temporary file in the same folder, renamed over it only when complete, so a
    reader (a CI step, a clerk opening the HTML) never sees half a report. The temporary file is removed on
    any failure."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as if created normally (mkstemp makes it 0600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
