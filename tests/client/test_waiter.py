"""wait_for against the emulator, whose fake clock moves only when the test moves it.

The progress callback advances emulated time, so a wait that takes minutes of service time
runs in milliseconds without any sleep used for synchronisation.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer, Faults
from taurusdb_replication import (
    InstanceNotFoundError,
    Replication,
    ReplicationFailedError,
    RequestTimeoutError,
    ServerError,
    Stage,
    WaitCondition,
    WaitTimeoutError,
)

from .conftest import ClientFactory, async_client


def test_waits_until_the_full_sync_reaches_incremental(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    seen: list[tuple[str, float | None]] = []

    def progress(tasks: list[Replication]) -> None:
        (task,) = tasks
        seen.append((str(task.stage), task.percentage))
        taurusdb_emulator.advance(2.0)  # 10 percentage points of emulated progress per poll

    result = client_for(taurusdb_emulator).wait_for(
        DEMO_INSTANCE_ID, tasks=[DEMO_FULL_TASK], timeout=30, interval=0.001, on_progress=progress
    )
    assert result.polls == len(seen) == 5
    assert seen[0] == ("full", 60.0)
    assert seen[-1] == ("incremental", 100.0)
    percentages = [p or 0.0 for _, p in seen]
    assert percentages == sorted(percentages)
    assert result.replications[0].stage is Stage.INCREMENTAL
    # The final poll's whole listing comes back too, and it is the read that met the condition.
    assert [r.task_name for r in result.listing] == [
        t.task_name for t in taurusdb_emulator.tasks(DEMO_INSTANCE_ID)
    ]
    assert next(r for r in result.listing if r.task_name == DEMO_FULL_TASK) == result.replications[0]


def test_an_abnormal_task_fails_fast_and_is_named(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    with pytest.raises(ReplicationFailedError) as caught:
        client_for(taurusdb_emulator).wait_for(
            DEMO_INSTANCE_ID, tasks=["orders_sync", "audit_sync"], timeout=30, interval=0.001
        )
    assert caught.value.task_name == "audit_sync"
    assert "abnormal" in str(caught.value)
    assert "audit_sync" in str(caught.value)


def test_a_task_turning_abnormal_mid_wait_fails_fast(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    def progress(tasks: list[Replication]) -> None:
        taurusdb_emulator.update_task(DEMO_INSTANCE_ID, DEMO_FULL_TASK, status="No")

    with pytest.raises(ReplicationFailedError, match=DEMO_FULL_TASK):
        client_for(taurusdb_emulator).wait_for(
            DEMO_INSTANCE_ID, tasks=[DEMO_FULL_TASK], timeout=30, interval=0.001, on_progress=progress
        )


def test_a_cancelled_task_fails_even_when_health_is_not_required(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    with pytest.raises(ReplicationFailedError, match=r"legacy_sync.*cancelled"):
        client_for(taurusdb_emulator).wait_for(
            DEMO_INSTANCE_ID, tasks=["legacy_sync"], healthy=False, timeout=30, interval=0.001
        )


def test_the_timeout_shows_the_last_state(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    with pytest.raises(WaitTimeoutError) as caught:
        client_for(taurusdb_emulator).wait_for(
            DEMO_INSTANCE_ID, tasks=["inventory_sync", "ghost_sync"], timeout=0.05, interval=0.001
        )
    error = caught.value
    assert [t.task_name for t in error.last_state] == ["inventory_sync"]
    assert error.missing == ("ghost_sync",)
    assert "inventory_sync is in stage wait" in str(error)
    assert "ghost_sync not found" in str(error)
    assert isinstance(error, TimeoutError)


def test_transient_errors_do_not_end_the_wait_but_are_reported(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    taurusdb_emulator.set_faults(Faults(error_503_rate=1.0))
    with pytest.raises(WaitTimeoutError) as caught:
        client_for(taurusdb_emulator).wait_for(DEMO_INSTANCE_ID, timeout=0.2, interval=0.01)
    # The last poll ran into the wait's own deadline while the service kept answering 503.
    assert isinstance(caught.value.last_error, ServerError | RequestTimeoutError)
    assert "Backend unavailable" in str(caught.value.last_error)
    assert "no successful read" in str(caught.value)


def test_permanent_errors_end_the_wait_at_once(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    with pytest.raises(InstanceNotFoundError):
        client_for(taurusdb_emulator).wait_for("f" * 32 + "in17", timeout=30, interval=0.001)


def test_the_async_waiter_with_any_stage(taurusdb_emulator: EmulatorServer) -> None:
    async def scenario() -> int:
        async with async_client(taurusdb_emulator) as client:
            result = await client.wait_for(
                DEMO_INSTANCE_ID,
                tasks=["orders_sync", "users_sync"],
                stage=None,
                min_percentage=None,
                timeout=5,
                interval=0.001,
            )
        return result.polls

    assert asyncio.run(scenario()) == 1


@pytest.mark.parametrize(
    ("task", "condition", "state"),
    [
        ({"status": "Yes", "stage": "Incremental", "percentage": 100}, {}, "success"),
        ({"status": "Yes", "stage": "Full", "percentage": "40"}, {}, "retry"),
        ({"status": "Yes", "stage": "Incremental", "percentage": 90}, {}, "retry"),
        (
            {"status": "Yes", "stage": "Full", "percentage": "95"},
            {"stage": "FULL", "min_percentage": 90},
            "success",
        ),
        ({"status": "No", "stage": "Incremental", "percentage": 100}, {}, "failure"),
        ({"status": "No", "stage": "Incremental", "percentage": 100}, {"healthy": False}, "success"),
        ({"status": "Yes", "stage": "Cancelled"}, {"min_percentage": None}, "failure"),
        ({"status": "Yes", "stage": "Cancelled"}, {"stage": "cancelled", "min_percentage": None}, "success"),
        ({"status": "Yes", "stage": "Rebalancing", "percentage": 100}, {}, "retry"),
        (
            {"status": "Yes", "stage": "Rebalancing"},
            {"stage": "rebalancing", "min_percentage": None},
            "success",
        ),
        ({"status": "Yes", "stage": "Incremental"}, {}, "retry"),
    ],
)
def test_the_condition_as_data(task: dict[str, Any], condition: dict[str, Any], state: str) -> None:
    replication = Replication.from_dict({"task_name": "t", **task})
    evaluation = WaitCondition(**condition).evaluate([replication])
    assert evaluation.verdicts[0].state == state


def test_no_tasks_is_not_success() -> None:
    assert not WaitCondition().evaluate([]).met
    assert "no tasks" in WaitCondition().evaluate([]).describe()
