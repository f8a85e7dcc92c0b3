"""``wait``'s polling loop, on the client's public API.

``ReplicationClient.wait_for`` reports only the selected tasks of each successful poll: it
says nothing while polls fail (a wrong endpoint shows only at the timeout, 30 minutes later
by default) and drops the service's ``total_count``, which ``wait -o json`` prints as ``list``
does. This loop keeps ``wait_for``'s rules (transient errors are outlived, any other ends the
wait; a final violation stops at once; the same timeout error) and hands the command both:
``on_progress(selected, total)`` after each successful poll, ``on_failure(error)`` after each
failed one that the wait outlives.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from taurusdb_replication import (
    Condition,
    Evaluation,
    Replication,
    ReplicationClient,
    ReplicationFailedError,
    RequestTimeoutError,
    TaurusDBError,
    WaitResult,
    WaitTimeoutError,
    is_transient,
)

ProgressCallback = Callable[[list[Replication], int], object]
FailureCallback = Callable[[TaurusDBError], object]


def poll_until(
    client: ReplicationClient,
    instance_id: str,
    condition: Condition,
    *,
    timeout: float,
    interval: float,
    on_progress: ProgressCallback,
    on_failure: FailureCallback,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> WaitResult:
    """Poll every ``interval`` seconds until ``condition`` holds for every selected task."""
    start = clock()
    end = start + timeout
    polls = 0
    last: Evaluation | None = None
    last_error: TaurusDBError | None = None
    while True:
        polls += 1
        try:
            listing, reported = client.list_replications_with_total(
                instance_id, deadline=max(end - clock(), 0.001)
            )
        except TaurusDBError as error:
            if not is_transient(error, client.config.retry):
                raise
            # A poll cut short by the wait's own timeout says less than the failure before it.
            if last_error is None or not isinstance(error, RequestTimeoutError):
                last_error = error
            if clock() < end:
                on_failure(error)
        else:
            last = condition.evaluate(listing)
            on_progress(list(last.selected), len(listing) if reported is None else reported)
            if last.failures:
                raise ReplicationFailedError(last.failures)
            if last.met:
                return WaitResult(last.selected, polls, clock() - start, tuple(listing))
        remaining = end - clock()
        if remaining <= 0:
            raise _timed_out(condition, timeout, last, last_error)
        sleep(min(interval, remaining))


def _timed_out(
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
