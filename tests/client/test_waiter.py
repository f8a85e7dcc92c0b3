"""wait_for against the emulator, whose fake clock moves only when the test moves it.

The progress callback advances emulated time, so a wait that takes minutes of service time
runs in milliseconds without any sleep used for synchronisation.
"""

from __future__ import annotations

import asyncio
import pickle
from typing import Any

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer, Faults
from taurusdb_replication import (
    Condition,
    InstanceNotFoundError,
    Replication,
    ReplicationFailedError,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    Stage,
    ValidationError,
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
        DEMO_INSTANCE_ID,
        Condition(tasks=[DEMO_FULL_TASK]),
        timeout=30,
        interval=0.001,
        on_progress=progress,
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
            DEMO_INSTANCE_ID, Condition(tasks=["orders_sync", "audit_sync"]), timeout=30, interval=0.001
        )
    assert caught.value.task_names == ("audit_sync",)
    assert [r.task_name for r in caught.value.replications] == ["audit_sync"]
    assert str(caught.value) == (
        "waiting cannot succeed: task 'audit_sync': expected status Yes (healthy) and stage "
        "incremental and percentage >= 100, read status 'No', stage paused, percentage 35"
    )


def test_every_failing_task_is_named_at_once(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    """The abnormal and the cancelled task of one read are both reported, the healthy one not."""
    condition = Condition(tasks=["orders_sync", "audit_sync", "legacy_sync"])
    with pytest.raises(ReplicationFailedError) as caught:
        client_for(taurusdb_emulator).wait_for(DEMO_INSTANCE_ID, condition, timeout=30, interval=0.001)
    assert caught.value.task_names == ("audit_sync", "legacy_sync")
    assert "task 'audit_sync': expected status Yes (healthy)" in str(caught.value)
    assert "task 'legacy_sync': expected stage incremental" in str(caught.value)
    assert "read stage cancelled" in str(caught.value)


def test_a_task_turning_abnormal_mid_wait_fails_fast(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    def progress(tasks: list[Replication]) -> None:
        taurusdb_emulator.update_task(DEMO_INSTANCE_ID, DEMO_FULL_TASK, status="No")

    with pytest.raises(ReplicationFailedError, match=f"task '{DEMO_FULL_TASK}': expected status Yes"):
        client_for(taurusdb_emulator).wait_for(
            DEMO_INSTANCE_ID,
            Condition(tasks=[DEMO_FULL_TASK]),
            timeout=30,
            interval=0.001,
            on_progress=progress,
        )


def test_a_cancelled_task_fails_even_when_health_is_not_required(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    with pytest.raises(ReplicationFailedError, match=r"legacy_sync.*cancelled"):
        client_for(taurusdb_emulator).wait_for(
            DEMO_INSTANCE_ID, Condition(tasks=["legacy_sync"], healthy=False), timeout=30, interval=0.001
        )


def test_the_timeout_shows_the_last_state(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    with pytest.raises(WaitTimeoutError) as caught:
        client_for(taurusdb_emulator).wait_for(
            DEMO_INSTANCE_ID,
            Condition(tasks=["inventory_sync", "ghost_sync"]),
            timeout=0.05,
            interval=0.001,
        )
    error = caught.value
    assert [t.task_name for t in error.last_state] == ["inventory_sync"]
    assert error.missing == ("ghost_sync",)
    assert [v.task for v in error.violations] == ["inventory_sync", "ghost_sync"]
    assert (
        "task 'inventory_sync': expected stage incremental and percentage >= 100, "
        "read stage wait, percentage 0" in str(error)
    )
    assert "task 'ghost_sync': expected the task to exist, read no such task (tasks read: " in str(error)
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


def test_each_outlived_failure_and_each_read_reach_their_callbacks(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    """on_failure sees a failed poll as it happens; on_read every task and the service total."""
    taurusdb_emulator.set_faults(Faults(error_503_rate=1.0))
    failures: list[Exception] = []
    reads: list[tuple[int, int]] = []

    def failed(error: Exception) -> None:
        failures.append(error)
        taurusdb_emulator.set_faults(Faults())  # the service recovers after the first failed poll

    result = client_for(taurusdb_emulator, retry=RetryPolicy(max_attempts=1)).wait_for(
        DEMO_INSTANCE_ID,
        Condition(tasks=["orders_sync"]),
        timeout=30,
        interval=0.001,
        on_failure=failed,
        on_read=lambda everything, total: reads.append((len(everything), total)),
    )
    assert [type(error) for error in failures] == [ServerError]
    total = len(taurusdb_emulator.tasks(DEMO_INSTANCE_ID))
    assert reads == [(total, total)]
    assert result.polls == 2


def test_permanent_errors_end_the_wait_at_once(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    with pytest.raises(InstanceNotFoundError):
        client_for(taurusdb_emulator).wait_for("f" * 32 + "in17", timeout=30, interval=0.001)


def test_the_wait_outlives_exactly_what_the_client_retries(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    """One rule: a client that does not retry 503 does not poll on through one either."""
    taurusdb_emulator.set_faults(Faults(error_503_rate=1.0))
    strict = client_for(taurusdb_emulator, retry=RetryPolicy(retryable_statuses=frozenset({429})))
    with pytest.raises(ServerError) as caught:
        strict.wait_for(DEMO_INSTANCE_ID, timeout=30, interval=0.001)
    assert caught.value.status == 503
    assert caught.value.attempts == 1
    patient = client_for(
        taurusdb_emulator, retry=RetryPolicy(retryable_statuses=frozenset({503}), max_attempts=1)
    )
    with pytest.raises(WaitTimeoutError):
        patient.wait_for(DEMO_INSTANCE_ID, timeout=0.2, interval=0.01)


def test_the_async_waiter_with_any_stage(taurusdb_emulator: EmulatorServer) -> None:
    async def scenario() -> int:
        async with async_client(taurusdb_emulator) as client:
            result = await client.wait_for(
                DEMO_INSTANCE_ID,
                Condition(tasks=["orders_sync", "users_sync"], stages=None, min_percentage=None),
                timeout=5,
                interval=0.001,
            )
        return result.polls

    assert asyncio.run(scenario()) == 1


@pytest.mark.parametrize(
    ("task", "condition", "state"),
    [
        ({"status": "Yes", "stage": "Incremental", "percentage": 100}, {}, "met"),
        ({"status": "Yes", "stage": "Full", "percentage": "40"}, {}, "retry"),
        ({"status": "Yes", "stage": "Incremental", "percentage": 90}, {}, "retry"),
        (
            {"status": "Yes", "stage": "Full", "percentage": "95"},
            {"stages": "FULL", "min_percentage": 90},
            "met",
        ),
        ({"status": "Yes", "stage": "Paused", "percentage": 95}, {"stages": ["full", "paused"]}, "retry"),
        ({"status": "No", "stage": "Incremental", "percentage": 100}, {}, "failure"),
        ({"status": "No", "stage": "Incremental", "percentage": 100}, {"healthy": False}, "met"),
        ({"status": "Yes", "stage": "Cancelled"}, {"min_percentage": None}, "failure"),
        ({"status": "Yes", "stage": "Cancelled", "percentage": 40}, {"stages": None}, "failure"),
        ({"status": "Yes", "stage": "Cancelled"}, {"stages": None, "min_percentage": None}, "met"),
        ({"status": "Yes", "stage": "Cancelled"}, {"stages": "cancelled", "min_percentage": None}, "met"),
        ({"status": "Yes", "stage": "Rebalancing", "percentage": 100}, {}, "retry"),
        ({"status": "Yes", "stage": "Incremental"}, {}, "retry"),
    ],
)
def test_the_condition_as_data(task: dict[str, Any], condition: dict[str, Any], state: str) -> None:
    replication = Replication.from_dict({"task_name": "t", **task})
    evaluation = Condition(**condition).evaluate([replication])
    judged = "met" if evaluation.met else "failure" if evaluation.failures else "retry"
    assert judged == state


def test_no_tasks_is_not_success() -> None:
    assert not Condition().evaluate([]).met
    assert Condition().evaluate([]).describe() == "the instance has no tasks"


def test_every_unmet_criterion_of_a_task_is_on_its_one_line() -> None:
    sick = Replication.from_dict({"task_name": "s", "status": "No", "stage": "Full", "percentage": 42.5})
    (violation,) = Condition().evaluate([sick]).violations
    assert violation.final
    assert violation.replication is sick
    assert str(violation) == (
        "task 's': expected status Yes (healthy) and stage incremental and percentage >= 100, "
        "read status 'No', stage full, percentage 42.5"
    )


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"tasks": "one_task"}, "tasks"),
        ({"tasks": ["a", ""]}, "tasks"),
        ({"tasks": ["a\n"]}, "tasks"),
        ({"stages": "incremntal"}, "stages"),
        ({"stages": [3]}, "stages"),
        ({"min_percentage": 101}, "min_percentage"),
        ({"min_percentage": float("nan")}, "min_percentage"),
        ({"min_percentage": True}, "min_percentage"),
        ({"healthy": "yes"}, "healthy"),
    ],
)
def test_a_bad_condition_names_the_field(arguments: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Condition(**arguments)
    assert caught.value.field == field


def test_conditions_are_normalized_values() -> None:
    one = Condition(tasks=iter(["b", "a", "b"]), stages=["FULL", "incremental", "full"])
    assert one.tasks == ("b", "a")
    assert one.stages == (Stage.FULL, Stage.INCREMENTAL)
    assert one == Condition(tasks=("b", "a"), stages=("full", "Incremental"))
    assert one.summary() == "stage full or incremental >= 100% healthy"
    assert Condition(stages=None, min_percentage=None, healthy=False).summary() == "any state"
    assert "tasks=('b', 'a')" in repr(one)


def test_a_condition_is_a_value_that_pickles() -> None:
    condition = Condition(tasks=["a"], stages=["full", "incremental"], min_percentage=50)
    assert pickle.loads(pickle.dumps(condition)) == condition  # noqa: S301 (our own bytes)
    assert len({condition, Condition(tasks=("a",), stages=("FULL", "incremental"), min_percentage=50.0)}) == 1
