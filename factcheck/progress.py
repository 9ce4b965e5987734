"""Progress of a batch run: a rich bar on a terminal, plain periodic lines otherwise, nothing when quiet.

``factcheck.batch.run_batch`` calls ``start(total)`` once, ``advance(...)`` after every finished chunk
of articles and ``finish(interrupted)`` at the end.  Everything is written to stderr so that stdout stays
machine-readable.

>>> import io
>>> out = io.StringIO()
>>> p = LineProgress(out, every_seconds=3600, every_files=2, clock=lambda: 10.0)
>>> p.start(4)
>>> p.advance(files=2, claims=30, failing=1, errors=0)
>>> print(out.getvalue().strip())
progress: 2/4 files (50%), 30 claims, 1 failing, 0 errors, 0.0 files/s
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # rich is imported only when a bar is shown (start-up time of one-article runs)
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID


class Progress(Protocol):
    """What a batch run reports as it goes."""

    def start(self, total: int | None) -> None: ...

    def advance(self, *, files: int, claims: int, failing: int, errors: int) -> None: ...

    def finish(self, *, interrupted: bool = False) -> None: ...


class Counts:
    """Running totals shared by the progress displays."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.t0 = clock()
        self.total: int | None = None
        self.files = self.claims = self.failing = self.errors = 0

    def add(self, files: int, claims: int, failing: int, errors: int) -> None:
        self.files += files
        self.claims += claims
        self.failing += failing
        self.errors += errors

    @property
    def rate(self) -> float:
        elapsed = self.clock() - self.t0
        return self.files / elapsed if elapsed > 0 else 0.0

    def eta(self) -> str:
        if not self.total or not self.rate or self.files >= self.total:
            return ""
        seconds = int((self.total - self.files) / self.rate)
        return f", ETA {seconds // 60}:{seconds % 60:02d}"

    def line(self) -> str:
        done = (
            f"{self.files}/{self.total} files ({100 * self.files // max(self.total, 1)}%)"
            if self.total
            else (f"{self.files} files")
        )
        return (
            f"{done}, {self.claims} claims, {self.failing} failing, {self.errors} errors, "
            f"{self.rate:.1f} files/s{self.eta()}"
        )


class LineProgress:
    """Plain lines (``progress: 120/2000 files ...``) every ``every_seconds`` or ``every_files`` files."""

    def __init__(
        self,
        stream: IO[str] | None = None,
        *,
        every_seconds: float = 5.0,
        every_files: int = 1000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.every_seconds = every_seconds
        self.every_files = every_files
        self.counts = Counts(clock)
        self._last_time = self.counts.t0
        self._last_files = 0

    def start(self, total: int | None) -> None:
        self.counts.total = total

    def advance(self, *, files: int, claims: int, failing: int, errors: int) -> None:
        c = self.counts
        c.add(files, claims, failing, errors)
        now = c.clock()
        if now - self._last_time >= self.every_seconds or c.files - self._last_files >= self.every_files:
            self._emit("progress")
            self._last_time, self._last_files = now, c.files

    def finish(self, *, interrupted: bool = False) -> None:
        self._emit("interrupted" if interrupted else "done")

    def _emit(self, label: str) -> None:
        print(f"{label}: {self.counts.line()}", file=self.stream, flush=True)


class BarProgress:
    """A rich progress bar on stderr: files done, claims, failing claims, errors, rate and ETA."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.counts = Counts(clock)
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None

    def start(self, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        self.counts.total = total
        self._bar = RichProgress(
            TextColumn("[bold]checking[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[claims]} claims, {task.fields[failing]} failing, {task.fields[errors]} errors"),
            TextColumn("{task.fields[rate]:.1f} files/s"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task("check", total=total, claims=0, failing=0, errors=0, rate=0.0)

    def advance(self, *, files: int, claims: int, failing: int, errors: int) -> None:
        c = self.counts
        c.add(files, claims, failing, errors)
        if self._bar is not None and self._task is not None:
            self._bar.update(
                self._task,
                completed=c.files,
                claims=c.claims,
                failing=c.failing,
                errors=c.errors,
                rate=c.rate,
            )

    def finish(self, *, interrupted: bool = False) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
        if interrupted:
            print(f"interrupted: {self.counts.line()}", file=sys.stderr, flush=True)


def make_progress(*, quiet: bool, stream: IO[str] | None = None) -> Progress | None:
    """A bar if ``stream`` (default stderr) is a TTY, plain lines otherwise, ``None`` when quiet."""
    if quiet:
        return None
    stream = stream if stream is not None else sys.stderr
    if stream.isatty():
        return BarProgress()
    return LineProgress(stream)
