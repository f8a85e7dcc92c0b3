"""How ``wait`` shows progress: rich bars on a terminal, plain lines otherwise.

Both reporters receive the selected tasks and the service's total after each successful poll;
both remember them, and ``wait -o json`` prints them at the end whatever the outcome. Failed
polls are told on stderr by :class:`FailedReads`, without flooding a long wait's log.

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
    """The tasks of the last poll, the service's total of tasks, and the named ones it did not have."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        self.last: list[Replication] = []
        self.total = 0

    def see(self, replications: list[Replication], total: int | None) -> tuple[str, ...]:
        self.last = replications
        self.total = len(replications) if total is None else total
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

    def update(self, replications: list[Replication], total: int | None = None) -> None:
        now = self._clock()
        self._polls += 1
        missing = self.see(replications, total)
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

    def update(self, replications: list[Replication], total: int | None = None) -> None:
        for name in self.see(replications, total):
            self._row(name, 0, "", f"[yellow]{NOT_FOUND}", "")
        for replication in replications:
            stage, pct, healthy = _state(replication)
            health = "[green]healthy" if healthy else "[bold red]ABNORMAL"
            name = replication.task_name or "?"
            self._row(name, replication.percentage or 0, pct, self._escape(stage), health)


class FailedReads:
    """Polls that failed but do not end the wait, told as they happen rather than at the timeout.

    The first failure is told at once; while failures continue, at most one line per
    ``heartbeat`` says so (with how many in a row); the first successful read after failures
    says reads work again. Elapsed times are stamped as in the progress lines.
    """

    def __init__(
        self,
        *,
        heartbeat: float,
        echo: Callable[[str], object],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._echo = echo
        self._heartbeat = heartbeat
        self._start = self._said = clock()
        self._count = 0

    def failed(self, error: BaseException) -> None:
        now = self._clock()
        self._count += 1
        if self._count == 1 or now - self._said >= self._heartbeat:
            row = f" ({self._count} failed reads in a row)" if self._count > 1 else ""
            self._echo(f"[{now - self._start:6.1f}s] refresh failed, retrying{row}: {error}")
            self._said = now

    def succeeded(self) -> None:
        if self._count:
            now = self._clock()
            count = self._count
            self._echo(
                f"[{now - self._start:6.1f}s] refresh succeeded after {count} failed "
                f"read{'s' if count != 1 else ''}"
            )
            self._count = 0
