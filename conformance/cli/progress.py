"""Progress on stderr for long runs: only when stderr is a terminal, so logs and pipelines stay clean.

A bar per file that fits an 80-column terminal (the file name is cut to fit), with the rate measured since
the file started (bytes per second and rows), and the bars are cleared when the run ends, so the report
that follows starts on a clean screen.
"""

from __future__ import annotations

import sys
from pathlib import PurePath
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID, TextColumn, TimeRemainingColumn
from rich.text import Text

#: Code points of the file name shown; wide (CJK) characters take two columns each.
NAME_WIDTH = 22


class _Rate(ProgressColumn):
    """Bytes per second since the file started (rich's own speed column shows '?' until it has samples)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        if elapsed <= 0 or not task.completed:
            return Text("     - MB/s")
        return Text(f"{task.completed / elapsed / 1e6:6.1f} MB/s")


def _name(file: str) -> str:
    name = PurePath(file).name or file
    return name if len(name) <= NAME_WIDTH // 2 else name[: NAME_WIDTH // 2 - 1] + "…"


class TerminalProgress:
    """An engine progress callback ``(file, bytes read, bytes total, rows)`` drawn with rich."""

    def __init__(self, stream: TextIO | None = None, *, force_terminal: bool | None = None) -> None:
        console = Console(file=stream or sys.stderr, force_terminal=force_terminal)
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=16),
            TextColumn("{task.percentage:>3.0f}%"),
            _Rate(),
            TextColumn("{task.fields[rows]:>11,} rows"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self._tasks: dict[str, TaskID] = {}

    def __call__(self, file: str, done: int, total: int, rows: int) -> None:
        task = self._tasks.get(file)
        if task is None:
            task = self._tasks[file] = self._progress.add_task(_name(file), total=total or None, rows=0)
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
