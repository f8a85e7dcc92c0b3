"""The one read-and-judge of every Pulumi surface: validate, read (and wait), judge, shape.

The dynamic resources (``StarRocksReplications``, ``StarRocksReplication``) and the native
plugin's functions (``getReplications``, ``getReplication``, which serve every language, the
generated Python SDK ``pulumi_taurusdb`` included) all call :meth:`Read.observe`: the same
validation, the same client read and waiter, the same :class:`Condition` judgement and the
same outputs. Only the names differ: the resources use snake case, the schema camelCase.

The output names come from the package schema (``native/schema.json``, generated from the
spec), so a property added to the spec reaches both surfaces' outputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from taurusdb_replication import (
    Replication,
    ReplicationClient,
    ReplicationFailedError,
    TaurusDBError,
    ValidationError,
    WaitTimeoutError,
    summarize,
)

from . import _expectations as ex
from ._errors import ExpectationError, ProviderError
from ._schema import GET_REPLICATION, schema, snake
from ._settings import ConnectionSettings

UNKNOWN_STAGE_KEY = "unknown"
"""``stage_counts`` key for tasks whose stage the service left out."""

LOCATION_KEYS: tuple[str, ...] = ("region", "endpoint", "project_id")
EXPECTATION_KEYS: tuple[str, ...] = (
    "expect_healthy",
    "expect_stage",
    "min_percentage",
    "wait_timeout",
    "wait_interval",
)

INSTANCE_OUTPUT_KEYS: tuple[str, ...] = (
    "replications",
    "task_names",
    "total_count",
    "healthy",
    "unhealthy_tasks",
    "stage_counts",
)
TASK_OUTPUT_KEYS: tuple[str, ...] = tuple(
    snake(name)
    for name in schema()["functions"][GET_REPLICATION]["outputs"]["properties"]
    if name not in ("instanceId", "taskName")
)
"""A task's outputs: every field of the schema's task type (the spec's), ``healthy``, ``extra``."""


def optional_text(props: Mapping[str, Any], key: str) -> str | None:
    """A string input, or None when absent or empty."""
    value = props.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValidationError(key, "must be a string")
    return value


def required_text(props: Mapping[str, Any], key: str) -> str:
    value = optional_text(props, key)
    if value is None:
        raise ValidationError(key, "is required")
    return value


@dataclass(frozen=True)
class Read:
    """One kind of read: an instance's tasks, or one task (``task_name`` input, task outputs)."""

    one_task: bool

    @property
    def input_keys(self) -> tuple[str, ...]:
        if self.one_task:
            return ("instance_id", "task_name", *LOCATION_KEYS, *EXPECTATION_KEYS)
        return ("instance_id", *LOCATION_KEYS, *EXPECTATION_KEYS, "require_tasks")

    def validate(self, inputs: Mapping[str, Any]) -> ex.Expectation:
        """Check every input; the expectation they describe (the named task, for one task)."""
        required_text(inputs, "instance_id")
        task_name = required_text(inputs, "task_name") if self.one_task else None
        for key in LOCATION_KEYS:
            optional_text(inputs, key)
        return ex.Expectation.from_inputs(inputs, task_name=task_name)

    def describe(self, inputs: Mapping[str, Any]) -> str:
        """What this read reads, for messages."""
        instance = f"instance {inputs.get('instance_id')}"
        return f"task {inputs.get('task_name')!r} of {instance}" if self.one_task else instance

    def observe(self, settings: ConnectionSettings, inputs: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """Validate, read (and wait), judge; the id and the outputs (the inputs echoed first).

        ``settings`` are the stack's; the inputs' region/endpoint/project override them. Every
        failure leaves as a :class:`ProviderError`, unmet expectations as an
        :class:`ExpectationError` (a :class:`ValidationError` for a bad input).
        """
        expectation = self.validate(inputs)
        what = self.describe(inputs)
        local = settings.with_overrides(
            region=optional_text(inputs, "region"),
            endpoint=optional_text(inputs, "endpoint"),
            project_id=optional_text(inputs, "project_id"),
        )
        instance_id = str(inputs["instance_id"])
        replications = read_tasks(local, instance_id, expectation, what=what)
        if not self.one_task:
            return instance_id, {**inputs, **instance_outputs(replications)}
        task_name = str(inputs["task_name"])
        outputs = task_outputs(find_task(replications, task_name))
        return f"{instance_id}/{task_name}", {**inputs, **outputs}


INSTANCE = Read(one_task=False)
TASK = Read(one_task=True)


def read_tasks(
    settings: ConnectionSettings, instance_id: str, expectation: ex.Expectation, *, what: str
) -> list[Replication]:
    """List the instance's tasks, waiting first when asked, and enforce the expectation."""
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
    """Outputs of an instance read: the tasks, counts and overall health."""
    counts = dict.fromkeys(ex.KNOWN_STAGES, 0)
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


def task_outputs(replication: Replication) -> dict[str, Any]:
    """Outputs of a one-task read: the normalized fields of the task."""
    data = replication.to_dict()
    return {key: data[key] for key in TASK_OUTPUT_KEYS}


def find_task(replications: Sequence[Replication], task_name: str) -> Replication:
    """The named task (the expectation check already proved it exists)."""
    for replication in replications:
        if replication.task_name == task_name:
            return replication
    raise ProviderError(f"task {task_name!r} is missing from the read")
