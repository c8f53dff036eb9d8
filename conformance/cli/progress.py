"""Progress on stderr for long runs: only when stderr is a terminal, so logs and pipelines stay clean."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)


class TerminalProgress:
    """An engine progress callback ``(file, bytes read, bytes total, rows)`` drawn with rich."""

    def __init__(self, stream: TextIO | None = None, *, force_terminal: bool | None = None) -> None:
        console = Console(file=stream or sys.stderr, force_terminal=force_terminal)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(binary_units=False),
            TransferSpeedColumn(),
            TextColumn("{task.fields[rows]:,} rows"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, file: str, done: int, total: int, rows: int) -> None:
        task = self._tasks.get(file)
        if task is None:
            task = self._tasks[file] = self._progress.add_task(file, total=total or None, rows=0)
        self._progress.update(task, completed=done, rows=rows)

    def __enter__(self) -> TerminalProgress:
        self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()


def wanted(quiet: bool, stream: TextIO | None = None) -> bool:
    """Draw progress only for a person watching: stderr is a terminal and --quiet was not given."""
    target = stream or sys.stderr
    return not quiet and hasattr(target, "isatty") and target.isatty()
