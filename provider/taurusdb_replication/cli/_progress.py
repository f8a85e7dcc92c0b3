"""How ``wait`` shows progress: rich bars on a terminal, plain lines otherwise.

Both reporters receive the selected tasks after each poll from the client's ``on_progress``
callback, which runs on the client's event-loop thread; rich's ``Progress`` is thread-safe
and the line reporter writes whole lines, so neither needs locking of its own. Both remember
the last tasks seen, which ``wait -o json`` prints at the end whatever the outcome.

A named task the instance does not have (yet: a task being created appears late) is shown
as "not found yet" until it appears. Task names and stages come from the service: both are
terminal-safe text here, and never read as rich markup in the bars (``[/x]`` is a name).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Self

from taurusdb_replication import Replication
from taurusdb_replication.text import clean

from ._render import percent

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID

State = tuple[str, str, bool]
NOT_FOUND = "not found yet"


def _state(replication: Replication) -> State:
    stage = clean(str(replication.stage)) if replication.stage is not None else "-"
    return stage, percent(replication.percentage), replication.healthy


def _health(healthy: bool) -> str:
    return "healthy" if healthy else "ABNORMAL"


class _Seen:
    """The tasks of the last poll, and the named ones it did not have."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        self.last: list[Replication] = []

    def see(self, replications: list[Replication]) -> tuple[str, ...]:
        self.last = replications
        present = {replication.task_name for replication in replications}
        return tuple(name for name in self.names if name not in present)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None


class LineReporter(_Seen):
    """A line per task whenever its stage, percentage or health changes, and a heartbeat.

    CI logs stay short, yet show the wait is alive: when nothing changed for ``heartbeat``
    seconds, one "still waiting" line says so.
    """

    def __init__(
        self,
        names: Sequence[str],
        *,
        heartbeat: float,
        echo: Callable[[str], object],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(names)
        self._clock = clock
        self._echo = echo
        self._heartbeat = heartbeat
        self._start = self._spoke = clock()
        self._last: dict[str, State | None] = {}
        self._polls = 0

    def update(self, replications: list[Replication]) -> None:
        now = self._clock()
        self._polls += 1
        missing = self.see(replications)
        lines = [f"{clean(name)}: {NOT_FOUND}" for name in missing if self._changed(name, None)]
        for replication in replications:
            name = clean(replication.task_name or "?")
            state = _state(replication)
            if self._changed(name, state):
                stage, pct, healthy = state
                lines.append(f"{name}: {stage} {pct} {_health(healthy)}")
        if not lines and now - self._spoke >= self._heartbeat:
            count = len(replications)
            lines.append(
                f"still waiting: {count} task{'s' if count != 1 else ''} unchanged for "
                f"{now - self._spoke:.0f}s ({self._polls} polls so far)"
            )
        for line in lines:
            self._echo(f"[{now - self._start:6.1f}s] {line}")
        if lines:
            self._spoke = now

    def _changed(self, name: str, state: State | None) -> bool:
        if name in self._last and self._last[name] == state:
            return False
        self._last[name] = state
        return True


class BarReporter(_Seen):
    """A progress bar per task, with its stage and health, redrawn in place on a terminal."""

    def __init__(self, names: Sequence[str], console: Console) -> None:
        from rich.markup import escape
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        super().__init__(names)
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
        self._escape = escape

    def __enter__(self) -> Self:
        self._progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.stop()

    def _row(self, name: str, completed: float, pct: str, stage: str, health: str) -> None:
        if name not in self._ids:
            description = self._escape(clean(name))  # the service's text, never markup
            self._ids[name] = self._progress.add_task(
                description, total=100, pct=pct, stage=stage, health=health
            )
        self._progress.update(self._ids[name], completed=completed, pct=pct, stage=stage, health=health)

    def update(self, replications: list[Replication]) -> None:
        for name in self.see(replications):
            self._row(name, 0, "", f"[yellow]{NOT_FOUND}", "")
        for replication in replications:
            stage, pct, healthy = _state(replication)
            health = "[green]healthy" if healthy else "[bold red]ABNORMAL"
            name = replication.task_name or "?"
            self._row(name, replication.percentage or 0, pct, self._escape(stage), health)
