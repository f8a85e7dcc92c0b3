"""Waiting until replication tasks reach a state: the condition as data, the loop apart.

In the manner of botocore's waiters, what "done" and "failed" mean is a plain value
(:class:`WaitCondition`, evaluated per task into success / retry / failure) and the polling
loop (:func:`poll_until`) knows nothing about replication: it calls a listing coroutine,
evaluates, reports progress, sleeps with a growing interval, and stops at the timeout.

Transient errors while polling (5xx, throttling, transport, a listing that changed under the
scan) do not end the wait: the next poll may succeed, and the last such error is attached to
the timeout error. Auth, permission, validation and not-found errors end it at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from ._errors import (
    ReplicationFailedError,
    RequestTimeoutError,
    TaurusDBError,
    WaitTimeoutError,
    is_transient,
)
from ._logging import logger
from ._models import Replication, Stage, WaitResult

ProgressCallback = Callable[[list[Replication]], object]


@dataclass(frozen=True)
class TaskVerdict:
    """One task's state against the condition: ``state`` is success, retry or failure."""

    replication: Replication
    state: str
    reason: str


@dataclass(frozen=True)
class Evaluation:
    """The condition applied to one listing."""

    selected: tuple[Replication, ...]
    verdicts: tuple[TaskVerdict, ...]
    missing: tuple[str, ...] = ()

    @property
    def failure(self) -> TaskVerdict | None:
        return next((v for v in self.verdicts if v.state == "failure"), None)

    @property
    def met(self) -> bool:
        return bool(self.selected) and not self.missing and all(v.state == "success" for v in self.verdicts)

    def describe(self) -> str:
        parts = [f"{v.replication.task_name} {v.reason}" for v in self.verdicts if v.state != "success"]
        parts += [f"{name} not found" for name in self.missing]
        if not self.selected and not self.missing:
            parts.append("the instance has no tasks")
        return "; ".join(parts)


@dataclass(frozen=True)
class WaitCondition:
    """What every selected task must show; ``None`` for a criterion means "any".

    ``tasks=None`` selects every task of the instance (and at least one must exist).
    A task fails the wait when it is abnormal (status ``No``) while ``healthy`` is required,
    or when it is cancelled and ``cancelled`` is not the awaited stage.
    """

    tasks: tuple[str, ...] | None = None
    stage: Stage | str | None = Stage.INCREMENTAL
    min_percentage: float | None = 100.0
    healthy: bool = True
    _stage_key: str | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        parsed = Stage.parse(self.stage)
        object.__setattr__(self, "stage", parsed)
        key = parsed.value if isinstance(parsed, Stage) else (parsed.lower() if parsed else None)
        object.__setattr__(self, "_stage_key", key)

    def evaluate(self, replications: Sequence[Replication]) -> Evaluation:
        """Apply the condition to one listing."""
        if self.tasks is None:
            selected = tuple(replications)
            missing: tuple[str, ...] = ()
        else:
            by_name = {r.task_name: r for r in replications}
            selected = tuple(by_name[name] for name in self.tasks if name in by_name)
            missing = tuple(name for name in self.tasks if name not in by_name)
        return Evaluation(selected, tuple(self._judge(r) for r in selected), missing)

    def _judge(self, task: Replication) -> TaskVerdict:
        if self.healthy and not task.healthy:
            return TaskVerdict(task, "failure", f"is abnormal (status {task.status!r})")
        if task.cancelled and self._stage_key != Stage.CANCELLED.value:
            return TaskVerdict(task, "failure", "was cancelled")
        stage_key = task.stage.value if isinstance(task.stage, Stage) else (task.stage or "").lower()
        if self._stage_key is not None and stage_key != self._stage_key:
            return TaskVerdict(task, "retry", f"is in stage {task.stage or 'unknown'} at {_pct(task)}")
        if self.min_percentage is not None and (
            task.percentage is None or task.percentage < self.min_percentage
        ):
            return TaskVerdict(task, "retry", f"is at {_pct(task)} (< {self.min_percentage:g}%)")
        return TaskVerdict(task, "success", "ok")

    def summary(self) -> str:
        wanted = []
        if self.stage is not None:
            wanted.append(f"stage {self._stage_key}")
        if self.min_percentage is not None:
            wanted.append(f">= {self.min_percentage:g}%")
        if self.healthy:
            wanted.append("healthy")
        return " ".join(wanted) or "any state"


def _pct(task: Replication) -> str:
    return "unknown %" if task.percentage is None else f"{task.percentage:g}%"


async def poll_until(
    list_tasks: Callable[[float], Awaitable[list[Replication]]],
    condition: WaitCondition,
    *,
    timeout: float,
    interval: float,
    max_interval: float,
    on_progress: ProgressCallback | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> WaitResult:
    """Poll ``list_tasks(remaining_seconds)`` until ``condition`` holds for every selected task."""
    start = clock()
    end = start + timeout
    delay = interval
    polls = 0
    last: Evaluation | None = None
    last_error: TaurusDBError | None = None
    while True:
        polls += 1
        try:
            replications = await list_tasks(max(end - clock(), 0.001))
        except TaurusDBError as exc:
            if not is_transient(exc):
                raise
            # A poll cut short by the wait's own timeout says less than the failure before it.
            if last_error is None or not isinstance(exc, RequestTimeoutError):
                last_error = exc
            logger.info("poll %d failed (%s); will poll again", polls, exc)
        else:
            last = condition.evaluate(replications)
            if on_progress is not None:
                on_progress(list(last.selected))
            failed = last.failure
            if failed is not None:
                raise ReplicationFailedError(failed.replication, failed.reason)
            if last.met:
                return WaitResult(last.selected, polls, clock() - start, tuple(replications))
        remaining = end - clock()
        if remaining <= 0:
            raise _timeout(condition, timeout, last, last_error)
        await sleep(min(delay, remaining))
        delay = min(delay * 1.5, max_interval)


def _timeout(
    condition: WaitCondition, timeout: float, last: Evaluation | None, last_error: TaurusDBError | None
) -> WaitTimeoutError:
    if last is None:
        state = f"no successful read (last error: {last_error})"
    else:
        state = last.describe() or "the condition was not met"
    return WaitTimeoutError(
        f"timed out after {timeout:g} s waiting for {condition.summary()}: {state}",
        last_state=last.selected if last else (),
        missing=last.missing if last else (),
        last_error=last_error,
    )
