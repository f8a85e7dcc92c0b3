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
from typing import Any, TypedDict, Unpack

import pulumi
from pulumi import Input, Output, ResourceOptions
from pulumi.dynamic import Resource

from taurusdb_replication import ValidationError

from . import _expectations as ex
from ._reading import INSTANCE_OUTPUT_KEYS, TASK_OUTPUT_KEYS
from .provider import ReplicationProvider, ReplicationsProvider


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


class ReadInputs(TypedDict, total=False):
    """The optional inputs both resources take: expectations, waiting, and where to read."""

    expect_healthy: Input[bool] | None
    expect_stage: Input[str] | Input[Sequence[Input[str]]] | None
    min_percentage: Input[float] | None
    wait_timeout: Input[float] | None
    wait_interval: Input[float] | None
    region: Input[str] | None
    endpoint: Input[str] | None
    project_id: Input[str] | None


_VALIDATORS: dict[str, Callable[[object], object]] = {
    "instance_id": _text("instance_id", required=True),
    "task_name": _text("task_name", required=True),
    "require_tasks": ex.task_names,
    "expect_healthy": ex.flag,
    "expect_stage": ex.stages,
    "min_percentage": ex.percentage,
    "wait_timeout": lambda v: ex.seconds(v, "wait_timeout"),
    "wait_interval": lambda v: ex.seconds(v, "wait_interval"),
    **{key: _text(key, required=False) for key in ("region", "endpoint", "project_id")},
}


_REQUIRED = frozenset({"instance_id", "task_name"})


def _props(
    outputs: Sequence[str], named: Mapping[str, object], options: Mapping[str, object]
) -> dict[str, Any]:
    """The property bag: the resource's own and the common inputs (plain ones validated now,
    an unknown option refused), then its outputs, unknown until read."""
    unknown = set(options) - set(ReadInputs.__annotations__)
    if unknown:
        raise TypeError(f"unexpected keyword arguments: {', '.join(sorted(unknown))}")
    inputs = {**named, **options}
    for key, value in inputs.items():
        if value is not None or key in _REQUIRED:
            _check(value, _VALIDATORS[key])
    if "expect_stage" in inputs:
        inputs["expect_stage"] = _stage_list(inputs["expect_stage"])
    props: dict[str, Any] = {key: value for key, value in inputs.items() if value is not None}
    props.update(dict.fromkeys(outputs))
    return props


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
        require_tasks: Input[Sequence[Input[str]]] | None = None,
        opts: ResourceOptions | None = None,
        **inputs: Unpack[ReadInputs],
    ) -> None:
        named = {"instance_id": instance_id, "require_tasks": require_tasks}
        props = _props(INSTANCE_OUTPUT_KEYS, named, inputs)
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
        opts: ResourceOptions | None = None,
        **inputs: Unpack[ReadInputs],
    ) -> None:
        props = _props(TASK_OUTPUT_KEYS, {"instance_id": instance_id, "task_name": task_name}, inputs)
        resource_id = pulumi.Output.all(instance_id, task_name).apply(lambda parts: f"{parts[0]}/{parts[1]}")
        super().__init__(ReplicationProvider(), resource_name, props, _read_options(opts, resource_id))
