"""``get_replications`` and ``get_replications_output``, shaped like Pulumi providers' functions.

They run in the program process (a dynamic provider cannot serve invokes), read the
``taurusdb:`` configuration with :class:`pulumi.Config` and fall back to the client's
environment chain. Nothing is registered, so nothing reaches the state; the result holds task
data only. ``get_replications`` returns a plain (awaitable) result; ``get_replications_output``
takes Inputs and returns an Output, which stays unknown in a preview until its inputs are known.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pulumi
from pulumi import Input, InvokeOptions, InvokeOutputOptions, Output

from ._expectations import Expectation
from ._reading import instance_outputs, read_tasks
from ._settings import NAMESPACE, ConnectionSettings


@dataclass(frozen=True)
class GetReplicationsResult:
    """A collection of values returned by :func:`get_replications`.

    The same outputs as :class:`StarRocksReplications`: ``replications`` (normalized tasks),
    ``task_names``, ``total_count``, ``healthy``, ``unhealthy_tasks``, ``stage_counts``;
    ``id`` is the instance id.
    """

    id: str
    instance_id: str
    replications: list[dict[str, Any]]
    task_names: list[str]
    total_count: int
    healthy: bool
    unhealthy_tasks: list[str]
    stage_counts: dict[str, int]


class AwaitableGetReplicationsResult(GetReplicationsResult):
    """The result, also usable with ``await`` like the results of providers' ``get_*``."""

    def __await__(self) -> Generator[None, None, GetReplicationsResult]:
        if False:  # pragma: no cover - makes this a generator, as Pulumi's own results do
            yield
        return GetReplicationsResult(**asdict(self))


def program_settings() -> ConnectionSettings:
    """The ``taurusdb:`` namespace of the running program's stack configuration."""
    config = pulumi.Config(NAMESPACE)
    return ConnectionSettings.from_lookup(config.get)


def _fetch(
    instance_id: str, region: str | None, endpoint: str | None, project_id: str | None
) -> AwaitableGetReplicationsResult:
    settings = program_settings().with_overrides(region=region, endpoint=endpoint, project_id=project_id)
    replications = read_tasks(settings, instance_id, Expectation(), what=f"instance {instance_id}")
    return AwaitableGetReplicationsResult(
        id=instance_id, instance_id=instance_id, **instance_outputs(replications)
    )


def get_replications(
    instance_id: str,
    region: str | None = None,
    endpoint: str | None = None,
    project_id: str | None = None,
    opts: InvokeOptions | None = None,
) -> AwaitableGetReplicationsResult:
    """Read every replication task of an instance now (blocking), for programs that want data.

    ``region``/``endpoint``/``project_id`` override the ``taurusdb:`` configuration. ``opts`` is
    accepted for symmetry with Pulumi's functions and has no effect (no provider plugin serves
    this call). Errors are :class:`ProviderError` (also a :class:`pulumi.RunError`).
    """
    del opts
    return _fetch(instance_id, region, endpoint, project_id)


def _barrier(depends_on: object) -> Output[Any]:
    """An Output that resolves once every resource in ``depends_on`` has been registered."""
    if depends_on is None:
        return Output.from_input(None)
    resources = depends_on if isinstance(depends_on, Sequence) else [depends_on]
    urns = [resource.urn for resource in resources if isinstance(resource, pulumi.Resource)]
    return Output.all(*urns)


def get_replications_output(
    instance_id: Input[str],
    region: Input[str | None] = None,
    endpoint: Input[str | None] = None,
    project_id: Input[str | None] = None,
    opts: InvokeOptions | InvokeOutputOptions | None = None,
) -> Output[GetReplicationsResult]:
    """The Output form of :func:`get_replications`: inputs may be Outputs of other resources.

    With ``opts=InvokeOutputOptions(depends_on=[...])`` the read waits until those resources
    are registered (e.g. until the resource that creates the replication exists). The read
    runs in a worker thread so it does not block the program's event loop.
    """
    depends_on = opts.depends_on if isinstance(opts, InvokeOutputOptions) else None
    args = Output.all(instance_id, region, endpoint, project_id, _barrier(depends_on))

    def run(values: list[Any]) -> Any:
        return asyncio.to_thread(_fetch, values[0], values[1], values[2], values[3])

    return args.apply(run)
