"""The read resources programs declare: one instance's tasks, or one task.

Both are Pulumi *read* resources: the constructor sets ``ResourceOptions(id=...)``, so the
engine calls the provider's ``read`` on every ``pulumi preview`` and ``pulumi up`` (outputs
are known in preview, and an unmet expectation fails the preview too), records the result as
an external resource, and never deletes anything on ``destroy``. Plain (non-Output) arguments
are validated here, so a typo fails at the line that made it; Output arguments are validated
by the provider once known.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from inspect import isawaitable
from typing import Any

import pulumi
from pulumi import Input, Output, ResourceOptions
from pulumi.dynamic import Resource

from taurusdb_replication import ValidationError

from . import _expectations as ex
from ._reading import TASK_OUTPUT_KEYS
from .provider import ReplicationProvider, ReplicationsProvider

INSTANCE_OUTPUT_KEYS: tuple[str, ...] = (
    "replications",
    "task_names",
    "total_count",
    "healthy",
    "unhealthy_tasks",
    "stage_counts",
)


def _is_plain(value: object) -> bool:
    """Whether a value is fully known now (no Output or awaitable anywhere inside)."""
    if isinstance(value, Output) or isawaitable(value):
        return False
    if isinstance(value, Mapping):
        return all(_is_plain(item) for item in value.values())
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return all(_is_plain(item) for item in value)
    return True


def _check(value: object, validate: Callable[[object], object]) -> None:
    if _is_plain(value):
        validate(value)


def _text(field: str, *, required: bool) -> Callable[[object], object]:
    def validate(value: object) -> object:
        if value is None and not required:
            return value
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(field, "must be a non-empty string" if required else "must be a string")
        return value

    return validate


def _inputs(**values: object) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _stage_list(expect_stage: object) -> object:
    """A single stage is sent as a list of one, so the state always has one shape."""
    if isinstance(expect_stage, str):
        return [expect_stage]
    return expect_stage


def _as_int(value: float | None) -> int | None:
    return None if value is None else int(value)


def _counts_as_int(value: Mapping[str, float] | None) -> dict[str, int] | None:
    return None if value is None else {key: int(count) for key, count in value.items()}


def _read_options(opts: ResourceOptions | None, resource_id: Input[str]) -> ResourceOptions:
    """The caller's options made into a read of ``resource_id``."""
    return ResourceOptions.merge(opts, ResourceOptions(id=resource_id))


def _validate_common(
    *,
    expect_healthy: object,
    expect_stage: object,
    min_percentage: object,
    wait_timeout: object,
    wait_interval: object,
    region: object,
    endpoint: object,
    project_id: object,
) -> None:
    _check(expect_healthy, ex.flag)
    _check(expect_stage, ex.stages)
    _check(min_percentage, ex.percentage)
    _check(wait_timeout, lambda v: ex.seconds(v, "wait_timeout"))
    _check(wait_interval, lambda v: ex.seconds(v, "wait_interval"))
    for field, value in (("region", region), ("endpoint", endpoint), ("project_id", project_id)):
        _check(value, _text(field, required=False))


class StarRocksReplications(Resource, module="taurusdb", name="StarRocksReplications"):
    """Every replication task of one TaurusDB HTAP instance, read on each preview and update.

    Outputs: ``replications`` (normalized tasks), ``task_names``, ``total_count``, ``healthy``
    (every task healthy), ``unhealthy_tasks``, ``stage_counts`` (tasks per stage, every known
    stage present). Expectations (all optional) fail the deployment with one message naming
    the task, what was expected and what was read:

    * ``expect_healthy``: every judged task has status ``Yes``;
    * ``expect_stage``: a stage or a list of accepted stages;
    * ``min_percentage``: every judged task's percentage is at least this;
    * ``require_tasks``: these tasks must exist, and the other checks judge only them
      (without it they judge every task of the instance);
    * ``wait_timeout`` (seconds): poll with the client's waiter until the expectations hold,
      e.g. right after another resource created the replication; ``wait_interval`` sets the
      first polling interval.

    ``region``/``endpoint``/``project_id`` override the ``taurusdb:`` configuration for this
    resource only.
    """

    instance_id: Output[str]
    replications: Output[list[dict[str, Any]]]
    task_names: Output[list[str]]
    total_count: Output[int]
    healthy: Output[bool]
    unhealthy_tasks: Output[list[str]]
    stage_counts: Output[dict[str, int]]

    def __init__(
        self,
        resource_name: str,
        instance_id: Input[str],
        *,
        expect_healthy: Input[bool] | None = None,
        expect_stage: Input[str] | Input[Sequence[Input[str]]] | None = None,
        min_percentage: Input[float] | None = None,
        require_tasks: Input[Sequence[Input[str]]] | None = None,
        wait_timeout: Input[float] | None = None,
        wait_interval: Input[float] | None = None,
        region: Input[str] | None = None,
        endpoint: Input[str] | None = None,
        project_id: Input[str] | None = None,
        opts: ResourceOptions | None = None,
    ) -> None:
        _check(instance_id, _text("instance_id", required=True))
        _check(require_tasks, ex.task_names)
        _validate_common(
            expect_healthy=expect_healthy,
            expect_stage=expect_stage,
            min_percentage=min_percentage,
            wait_timeout=wait_timeout,
            wait_interval=wait_interval,
            region=region,
            endpoint=endpoint,
            project_id=project_id,
        )
        props: dict[str, Any] = _inputs(
            instance_id=instance_id,
            expect_healthy=expect_healthy,
            expect_stage=_stage_list(expect_stage),
            min_percentage=min_percentage,
            require_tasks=require_tasks,
            wait_timeout=wait_timeout,
            wait_interval=wait_interval,
            region=region,
            endpoint=endpoint,
            project_id=project_id,
        )
        props.update(dict.fromkeys(INSTANCE_OUTPUT_KEYS))
        super().__init__(ReplicationsProvider(), resource_name, props, _read_options(opts, instance_id))
        self.total_count = self.total_count.apply(_as_int)  # type: ignore[arg-type]
        self.stage_counts = self.stage_counts.apply(_counts_as_int)  # type: ignore[arg-type]


class StarRocksReplication(Resource, module="taurusdb", name="StarRocksReplication"):
    """One replication task, read on each preview and update; a missing task fails the read.

    Outputs: ``stage``, ``percentage``, ``status``, ``healthy``, ``catchup_stage``,
    ``catchup_percentage``, ``source_database``, ``target_database``, ``is_need_repair``,
    ``is_main_task``, ``extra`` (fields this version does not know). Expectations as for
    :class:`StarRocksReplications` (``expect_healthy``, ``expect_stage``, ``min_percentage``,
    ``wait_timeout``, ``wait_interval``), applied to this task.
    """

    instance_id: Output[str]
    task_name: Output[str]
    source_database: Output[str | None]
    target_database: Output[str | None]
    status: Output[str | None]
    healthy: Output[bool]
    stage: Output[str | None]
    percentage: Output[float | None]
    catchup_stage: Output[str | None]
    catchup_percentage: Output[float | None]
    is_need_repair: Output[bool | None]
    is_main_task: Output[bool | None]
    extra: Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        instance_id: Input[str],
        task_name: Input[str],
        *,
        expect_healthy: Input[bool] | None = None,
        expect_stage: Input[str] | Input[Sequence[Input[str]]] | None = None,
        min_percentage: Input[float] | None = None,
        wait_timeout: Input[float] | None = None,
        wait_interval: Input[float] | None = None,
        region: Input[str] | None = None,
        endpoint: Input[str] | None = None,
        project_id: Input[str] | None = None,
        opts: ResourceOptions | None = None,
    ) -> None:
        _check(instance_id, _text("instance_id", required=True))
        _check(task_name, _text("task_name", required=True))
        _validate_common(
            expect_healthy=expect_healthy,
            expect_stage=expect_stage,
            min_percentage=min_percentage,
            wait_timeout=wait_timeout,
            wait_interval=wait_interval,
            region=region,
            endpoint=endpoint,
            project_id=project_id,
        )
        props: dict[str, Any] = _inputs(
            instance_id=instance_id,
            task_name=task_name,
            expect_healthy=expect_healthy,
            expect_stage=_stage_list(expect_stage),
            min_percentage=min_percentage,
            wait_timeout=wait_timeout,
            wait_interval=wait_interval,
            region=region,
            endpoint=endpoint,
            project_id=project_id,
        )
        props.update(dict.fromkeys(TASK_OUTPUT_KEYS))
        resource_id = pulumi.Output.all(instance_id, task_name).apply(lambda parts: f"{parts[0]}/{parts[1]}")
        super().__init__(ReplicationProvider(), resource_name, props, _read_options(opts, resource_id))
