"""One read of an instance's tasks (optionally waiting for an expectation) and its outputs.

Shared by the provider process (resources) and the program process (``get_replications``), so
both report the same shape and the same messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from taurusdb_replication import (
    Replication,
    ReplicationClient,
    ReplicationFailedError,
    TaurusDBError,
    WaitTimeoutError,
)
from taurusdb_replication._condition import summarize
from taurusdb_replication._models import REPLICATION_FIELDS

from . import _expectations as ex
from ._errors import ExpectationError, ProviderError
from ._settings import ConnectionSettings

UNKNOWN_STAGE_KEY = "unknown"
"""``stage_counts`` key for tasks whose stage the service left out."""


def read_tasks(
    settings: ConnectionSettings, instance_id: str, expectation: ex.Expectation, *, what: str
) -> list[Replication]:
    """List the instance's tasks, waiting first when asked, and enforce the expectation.

    ``what`` names the read in messages (e.g. ``instance X`` or ``task 'y' of instance X``).
    Every failure leaves as a :class:`ProviderError` (the deployment's message); unmet
    expectations as an :class:`ExpectationError` with one line per failing task.
    """
    try:
        with settings.client() as client:
            if expectation.wait_timeout is not None:
                return _wait(client, instance_id, expectation, what=what)
            replications = list(client.list_replications(instance_id))
    except ProviderError:
        raise
    except TaurusDBError as exc:
        raise ProviderError(f"reading {what}: {exc}") from None
    violations = expectation.condition.evaluate(replications).violations
    if violations:
        raise ExpectationError(what, violations)
    return replications


def _wait(
    client: ReplicationClient, instance_id: str, expectation: ex.Expectation, *, what: str
) -> list[Replication]:
    """Poll with the client's waiter until the condition holds or the timeout passes.

    The waiter judges with the same condition, so its errors carry the violations to report.
    """
    assert expectation.wait_timeout is not None
    interval: dict[str, Any] = {}
    if expectation.wait_interval is not None:
        interval["interval"] = expectation.wait_interval
    try:
        result = client.wait_for(
            instance_id, expectation.condition, timeout=expectation.wait_timeout, **interval
        )
    except WaitTimeoutError as exc:
        if not exc.violations:  # no read succeeded, or the instance has no tasks
            raise ProviderError(f"{what}: {exc}") from None
        waited = f"after waiting {ex.number(expectation.wait_timeout)}s"
        raise ExpectationError(what, exc.violations, note=waited) from None
    except ReplicationFailedError as exc:
        raise ExpectationError(what, exc.failures, note="(stopped waiting)") from None
    # The outputs describe the whole instance, as the final poll read it.
    return list(result.listing)


def instance_outputs(replications: Sequence[Replication]) -> dict[str, Any]:
    """Outputs of :class:`StarRocksReplications`: the tasks, counts and overall health."""
    counts = {stage: 0 for stage in ex.KNOWN_STAGES}
    for replication in replications:
        key = ex.stage_text(replication.stage) or UNKNOWN_STAGE_KEY
        counts[key] = counts.get(key, 0) + 1
    summary = summarize(replications)  # the one rule of every front end (tests/vectors/conditions.json)
    return {
        "replications": [replication.to_dict() for replication in replications],
        "task_names": [r.task_name for r in replications if r.task_name],
        "total_count": summary.total_count,
        "healthy": summary.healthy,
        "unhealthy_tasks": list(summary.unhealthy_tasks),
        "stage_counts": counts,
    }


# The single-task resource takes task_name as an input; every other field is an output.
TASK_OUTPUT_KEYS = tuple(key for key in REPLICATION_FIELDS if key != "task_name")


def task_outputs(replication: Replication) -> dict[str, Any]:
    """Outputs of :class:`StarRocksReplication`: the normalized fields of one task."""
    data = replication.to_dict()
    return {key: data[key] for key in TASK_OUTPUT_KEYS}


def find_task(replications: Sequence[Replication], task_name: str) -> Replication:
    """The named task (the expectation check already proved it exists)."""
    for replication in replications:
        if replication.task_name == task_name:
            return replication
    raise ProviderError(f"task {task_name!r} is missing from the read")
