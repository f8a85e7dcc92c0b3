"""Programs under ``pulumi.runtime.set_mocks``: wiring, outputs, pickling, what reaches the engine.

The mocks play the engine's part for read resources: they unpickle the ``__provider`` the
program sent, configure it with the stack config and call its ``read`` against the emulator,
exactly as the provider server would (the protocol tests cover the gRPC side). Everything the
program sends is recorded, so the tests can search it for credentials.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from typing import Any

import dill
import pulumi
import pulumi_taurusdb as taurusdb
import pytest
from pulumi_support import (
    DEMO_TASKS,
    INSTANCE,
    UNKNOWN_ID,
    ProviderBackedMocks,
    aksk_config,
    awaited,
    mocked_program,
    run,
)
from taurusdb_emulator import DEMO_FULL_TASK, EmulatorServer
from taurusdb_replication import ValidationError
from taurusdb_replication.pulumi import (
    ProviderError,
    StarRocksReplication,
    StarRocksReplications,
)

INSTANCES_TYPE = "pulumi-python:dynamic/taurusdb:StarRocksReplications"
TASK_TYPE = "pulumi-python:dynamic/taurusdb:StarRocksReplication"
ENV_SECRET = "Env-Secret-Key-That-Must-Not-Leak"
SECRET_KEYS = ["taurusdb:secretKey"]


@pytest.fixture
def mocks(emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProviderBackedMocks]:
    """A running mocked program whose ``taurusdb:`` config and environment hold credentials."""
    config = aksk_config(emulator)
    monkeypatch.setenv("HW_SECRET_KEY", ENV_SECRET)
    with mocked_program(
        ProviderBackedMocks(config), preview=False, config=config, secret_keys=SECRET_KEYS
    ) as mocks:
        yield mocks


@pytest.fixture
def preview_mocks(emulator: EmulatorServer) -> Iterator[ProviderBackedMocks]:
    config = aksk_config(emulator)
    with mocked_program(
        ProviderBackedMocks(config), preview=True, config=config, secret_keys=SECRET_KEYS
    ) as mocks:
        yield mocks


def unknown() -> pulumi.Output[str]:
    """An Output that is unknown, as an id of a resource not created yet is in a preview."""
    loop = asyncio.get_event_loop()
    value: asyncio.Future[str | None] = loop.create_future()
    value.set_result(None)
    known: asyncio.Future[bool] = loop.create_future()
    known.set_result(False)
    secret: asyncio.Future[bool] = loop.create_future()
    secret.set_result(False)
    return pulumi.Output(set(), value, known, secret)  # type: ignore[arg-type]


def test_both_resources_are_reads_and_their_outputs_are_right(mocks: ProviderBackedMocks) -> None:
    seen: dict[str, Any] = {}

    def program() -> pulumi.Output[Any]:
        tasks = StarRocksReplications("tasks", instance_id=INSTANCE, require_tasks=["orders_sync"])
        orders = StarRocksReplication(
            "orders",
            instance_id=INSTANCE,
            task_name="orders_sync",
            expect_stage="incremental",
            expect_healthy=True,
        )
        return pulumi.Output.all(
            tasks.id,
            tasks.total_count,
            tasks.task_names,
            tasks.healthy,
            tasks.unhealthy_tasks,
            tasks.stage_counts,
            tasks.replications,
            orders.id,
            orders.stage,
            orders.percentage,
            orders.is_main_task,
        ).apply(lambda values: seen.update(values=values))

    run(program)
    (tasks_id, total, names, healthy, unhealthy, counts, replications, orders_id, stage, pct, main) = seen[
        "values"
    ]
    assert (tasks_id, total, names, healthy, unhealthy) == (
        INSTANCE,
        7,
        list(DEMO_TASKS),
        False,
        ["audit_sync", "payments_sync"],
    )
    assert type(total) is int
    assert counts == {"wait": 1, "incremental": 3, "full": 1, "cancelled": 1, "paused": 1}
    assert all(type(count) is int for count in counts.values())
    assert replications[1]["task_name"] == DEMO_FULL_TASK
    assert (orders_id, stage, pct, main) == (f"{INSTANCE}/orders_sync", "incremental", 100, True)
    assert sorted((r.typ, r.resource_id) for r in mocks.reads) == sorted(
        [(INSTANCES_TYPE, INSTANCE), (TASK_TYPE, f"{INSTANCE}/orders_sync")]
    )
    assert mocks.registrations == []


def test_outputs_feed_other_resources(mocks: ProviderBackedMocks) -> None:
    def program() -> pulumi.Output[Any]:
        tasks = StarRocksReplications("tasks", instance_id=INSTANCE)
        consumer = pulumi.CustomResource("test:index:Consumer", "consumer", {"tasks": tasks.task_names})
        return consumer.urn

    run(program)
    (consumer,) = mocks.registrations
    assert consumer.inputs["tasks"] == list(DEMO_TASKS)


def test_the_inputs_reach_the_provider_as_given(mocks: ProviderBackedMocks) -> None:
    def program() -> pulumi.Output[Any]:
        task = StarRocksReplication(
            "orders",
            instance_id=pulumi.Output.from_input(INSTANCE),
            task_name="orders_sync",
            expect_stage=["incremental", "full"],
            min_percentage=50,
            wait_timeout=30,
            project_id=pulumi.Output.from_input(mocks.stack_config["taurusdb:projectId"]),
        )
        return task.stage

    run(program)
    (read,) = mocks.reads
    inputs = {key: value for key, value in read.inputs.items() if key != "__provider"}
    assert inputs == {
        "instance_id": INSTANCE,
        "task_name": "orders_sync",
        "expect_stage": ["incremental", "full"],
        "min_percentage": 50,
        "wait_timeout": 30,
        "project_id": mocks.stack_config["taurusdb:projectId"],
    }


def test_the_pickled_provider_and_all_inputs_hold_no_credential(mocks: ProviderBackedMocks) -> None:
    secrets = [mocks.stack_config["taurusdb:secretKey"], ENV_SECRET]

    def program() -> pulumi.Output[Any]:
        one = StarRocksReplications("tasks", instance_id=INSTANCE)
        two = StarRocksReplication("orders", instance_id=INSTANCE, task_name="orders_sync")
        return pulumi.Output.all(one.id, two.id)

    run(program)
    assert len(mocks.reads) == 2
    for read in mocks.reads:
        blob = base64.b64decode(read.inputs["__provider"])
        assert len(blob) < 100
        assert dill.loads(blob).__dict__ == {}  # noqa: S301 - the program's own blob
        everything = repr(read.inputs).encode() + blob
        for secret in secrets:
            assert secret.encode() not in everything


def test_an_unmet_expectation_fails_the_program(mocks: ProviderBackedMocks) -> None:
    def program() -> pulumi.Output[Any]:
        task = StarRocksReplication(
            "billing", instance_id=INSTANCE, task_name=DEMO_FULL_TASK, min_percentage=100
        )
        return task.percentage

    with pytest.raises(
        ProviderError, match="task 'billing_sync': expected percentage >= 100, read percentage 60"
    ):
        run(program)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"instance_id": ""}, "invalid instance_id: must be a non-empty string"),
        ({"expect_stage": "incremntal"}, "invalid expect_stage: 'incremntal' is not a stage"),
        ({"min_percentage": 101}, "invalid min_percentage: must be a number from 0 to 100"),
        ({"require_tasks": ["a", ""]}, "invalid require_tasks: every task name must be a non-empty string"),
        ({"wait_timeout": 0}, "invalid wait_timeout: must be a number of seconds > 0"),
        ({"expect_healthy": "yes"}, "invalid expect_healthy: must be true or false"),
        ({"region": 4}, "invalid region: must be a string"),
    ],
)
def test_plain_arguments_are_checked_where_they_are_written(
    mocks: ProviderBackedMocks, kwargs: dict[str, Any], message: str
) -> None:
    arguments: dict[str, Any] = {"instance_id": INSTANCE, **kwargs}
    with pytest.raises(ValidationError, match=message):
        StarRocksReplications("tasks", **arguments)
    assert mocks.reads == []


def test_preview_reads_known_ids_and_skips_unknown_ones(preview_mocks: ProviderBackedMocks) -> None:
    seen: dict[str, Any] = {}

    def program() -> pulumi.Output[Any]:
        known = StarRocksReplications("known", instance_id=INSTANCE)
        pending = StarRocksReplications("pending", instance_id=unknown())
        return pulumi.Output.all(known.total_count, awaited(pending.total_count.is_known())).apply(
            lambda values: seen.update(known_total=values[0], pending_known=values[1])
        )

    run(program)
    assert (seen["known_total"], seen["pending_known"]) == (7, False)
    assert sorted(str(r.resource_id) for r in preview_mocks.reads) == sorted([INSTANCE, UNKNOWN_ID])


def test_the_python_function_is_the_plugins_invoke_and_honours_opts(mocks: ProviderBackedMocks) -> None:
    """Python's one ``get_replications`` is the generated SDK's: an invoke the plugin serves (here
    the plugin's provider behind the mocks), so ``InvokeOutputOptions`` reach the engine."""
    seen: dict[str, Any] = {}

    def program() -> pulumi.Output[Any]:
        creator = pulumi.CustomResource("test:index:Replication", "creator", {})
        result = taurusdb.get_replications_output(
            instance_id=pulumi.Output.from_input(INSTANCE),
            project_id=pulumi.Output.from_input(mocks.stack_config["taurusdb:projectId"]),
            opts=pulumi.InvokeOutputOptions(depends_on=[creator]),
        )
        return result.apply(lambda r: seen.update(result=r))

    run(program)
    assert (seen["result"].total_count, seen["result"].task_names) == (7, list(DEMO_TASKS))
    assert [call.token for call in mocks.calls] == ["taurusdb:index:getReplications"]
    assert [r.name for r in mocks.registrations] == ["creator"]
    assert mocks.reads == []  # nothing is registered for the invoke, nothing reaches the state


def test_the_python_sdk_reports_only_the_first_failure_of_an_invoke(mocks: ProviderBackedMocks) -> None:
    """The plugin returns one failure per failing task; the Python SDK (pulumi/runtime/invoke.py)
    raises with the first one only. The engine's own output for Python programs is in tests/e2e."""
    with pytest.raises(Exception, match="invoke of taurusdb:index:getReplications failed") as caught:
        taurusdb.get_replications(instance_id=INSTANCE, expect_healthy=True)
    message = str(caught.value)
    assert (
        f"task 'audit_sync': expected status Yes (healthy), read status 'No' (instance {INSTANCE})" in message
    )
    assert "payments_sync" not in message, "the SDK drops every failure after the first"
