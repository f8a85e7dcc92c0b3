"""How ``wait`` shows progress: rich bars on a terminal, one plain line per change otherwise.

Both reporters receive the selected tasks after each poll from the client's ``on_progress``
callback, which runs on the client's event-loop thread; rich's ``Progress`` is thread-safe
and the line reporter writes whole lines, so neither needs locking of its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from taurusdb_replication import Replication

from ._render import percent

State = tuple[str, str, bool]


def _state(replication: Replication) -> State:
    stage = str(replication.stage) if replication.stage is not None else "-"
    return stage, percent(replication.percentage), replication.healthy


def _health(healthy: bool) -> str:
    return "healthy" if healthy else "ABNORMAL"


class Reporter(Protocol):
    """What ``wait`` needs from a progress display."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def update(self, replications: list[Replication]) -> None: ...


class LineReporter:
    """One line per task whenever its stage, percentage or health changes: quiet in CI logs."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._start = clock()
        self._last: dict[str, State] = {}

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None

    def update(self, replications: list[Replication]) -> None:
        elapsed = self._clock() - self._start
        for replication in replications:
            name = replication.task_name or "?"
            state = _state(replication)
            if self._last.get(name) == state:
                continue
            self._last[name] = state
            stage, pct, healthy = state
            click.echo(f"[{elapsed:6.1f}s] {name}: {stage} {pct} {_health(healthy)}")


class BarReporter:
    """A progress bar per task, with its stage and health, redrawn in place on a terminal."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[pct]:>6}"),
            TextColumn("{task.fields[stage]}"),
            TextColumn("{task.fields[health]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self._ids: dict[str, TaskID] = {}

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

    def update(self, replications: list[Replication]) -> None:
        for replication in replications:
            name = replication.task_name or "?"
            stage, pct, healthy = _state(replication)
            health = "[green]healthy" if healthy else "[bold red]ABNORMAL"
            if name not in self._ids:
                self._ids[name] = self._progress.add_task(
                    name, total=100, pct=pct, stage=stage, health=health
                )
            self._progress.update(
                self._ids[name], completed=replication.percentage or 0, pct=pct, stage=stage, health=health
            )
