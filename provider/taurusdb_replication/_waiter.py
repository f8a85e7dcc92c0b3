"""Waiting until replication tasks meet a :class:`~._condition.Condition`: the polling loop.

In the manner of botocore's waiters, what "done" and "failed" mean is a plain value (the
condition, judged in ``_condition.py``) and the loop (:func:`poll_until`) only calls a listing
coroutine, evaluates, reports progress, sleeps with a growing interval, and stops at the
timeout. It stops early when a task can no longer meet the condition (a final violation),
naming every such task at once.

Transient errors while polling (5xx, throttling, transport, a listing that changed under the
scan) do not end the wait: the next poll may succeed, and the last such error is attached to
the timeout error. Auth, permission, validation and not-found errors end it at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence

from ._condition import Condition, Evaluation, Violation
from ._errors import RequestTimeoutError, TaurusDBError
from ._logging import logger
from ._models import Replication, WaitResult
from ._retry import is_transient

# -- the waiter's outcomes other than success (they carry its judgement, so they live here and
# the exceptions module stays a leaf) --


class WaitError(TaurusDBError):
    """Base of the waiter's outcomes other than success."""


class WaitTimeoutError(WaitError, TimeoutError):
    """The condition did not hold before the timeout.

    ``last_state`` is the last list of selected tasks read (empty if no read succeeded),
    ``missing`` the requested task names never seen, ``violations`` every shortfall of the
    last read (one per task), ``last_error`` the last transient error.
    """

    def __init__(
        self,
        message: str,
        *,
        last_state: Sequence[Replication],
        missing: Sequence[str] = (),
        violations: Sequence[Violation] = (),
        last_error: TaurusDBError | None = None,
    ) -> None:
        self.last_state = list(last_state)
        self.missing = tuple(missing)
        self.violations = tuple(violations)
        self.last_error = last_error
        super().__init__(message)


class ReplicationFailedError(WaitError):
    """Selected tasks can no longer meet the condition (abnormal, or cancelled); waiting stops.

    ``failures`` names every such task with what was expected and what was read;
    ``replications`` are those tasks as read, ``task_names`` their names.
    """

    def __init__(self, failures: Sequence[Violation]) -> None:
        self.failures = tuple(failures)
        self.replications = tuple(v.replication for v in self.failures if v.replication is not None)
        self.task_names = tuple(v.task for v in self.failures)
        super().__init__("waiting cannot succeed: " + "; ".join(str(v) for v in self.failures))

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.failures,))


ProgressCallback = Callable[[list[Replication]], object]
"""Called with the selected tasks after each successful poll."""
ReadCallback = Callable[[list[Replication], int], object]
"""Called with every task read and the service's ``total_count`` after each successful poll."""
FailureCallback = Callable[[TaurusDBError], object]
"""Called with the error of each failed poll the wait outlives (a wrong endpoint shows at once,
not at the timeout)."""


async def poll_until(
    list_tasks: Callable[[float], Awaitable[tuple[list[Replication], int | None]]],
    condition: Condition,
    *,
    timeout: float,
    interval: float,
    max_interval: float,
    on_progress: ProgressCallback | None = None,
    on_read: ReadCallback | None = None,
    on_failure: FailureCallback | None = None,
    transient: Callable[[BaseException], bool] = is_transient,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> WaitResult:
    """Poll ``list_tasks(remaining_seconds)`` (the tasks and the service's total, or None)
    until ``condition`` holds for every selected task.

    ``transient`` decides which failed polls the wait outlives (the client passes its own
    retry policy's rule, so it polls on through exactly what it would retry).
    """
    start = clock()
    end = start + timeout
    delay = interval
    polls = 0
    last: Evaluation | None = None
    last_error: TaurusDBError | None = None
    while True:
        polls += 1
        try:
            replications, reported = await list_tasks(max(end - clock(), 0.001))
        except TaurusDBError as exc:
            if not transient(exc):
                raise
            # A poll cut short by the wait's own timeout says less than the failure before it.
            if last_error is None or not isinstance(exc, RequestTimeoutError):
                last_error = exc
            logger.info("poll %d failed (%s); will poll again", polls, exc)
            if on_failure is not None and clock() < end:
                on_failure(exc)
        else:
            last = condition.evaluate(replications)
            if on_read is not None:
                on_read(replications, len(replications) if reported is None else reported)
            if on_progress is not None:
                on_progress(list(last.selected))
            if last.failures:
                raise ReplicationFailedError(last.failures)
            if last.met:
                return WaitResult(last.selected, polls, clock() - start, tuple(replications))
        remaining = end - clock()
        if remaining <= 0:
            raise _timeout(condition, timeout, last, last_error)
        await sleep(min(delay, remaining))
        delay = min(delay * 1.5, max_interval)


def _timeout(
    condition: Condition, timeout: float, last: Evaluation | None, last_error: TaurusDBError | None
) -> WaitTimeoutError:
    state = f"no successful read (last error: {last_error})" if last is None else last.describe()
    return WaitTimeoutError(
        f"timed out after {timeout:g} s waiting for {condition.summary()}: {state}",
        last_state=last.selected if last else (),
        missing=last.missing if last else (),
        violations=last.violations if last else (),
        last_error=last_error,
    )
