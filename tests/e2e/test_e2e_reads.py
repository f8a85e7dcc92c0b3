"""Reading and asserting under the real engine: preview, up, refresh, expectations, waiting.

One emulator (fake clock: emulated time moves only when a test moves it) and one sandbox per
module. The stack ``reads`` only ever runs :func:`read_program`, so its state always holds the
same two resources; expectation scenarios run their own programs on the stack ``checks``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pulumi
import pytest
from pulumi import automation as auto
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer, FakeClock, Task
from taurusdb_replication.pulumi import StarRocksReplication, StarRocksReplications

from .engine_harness import (
    DYNAMIC_TYPE_PREFIX,
    REWRITING_OPS,
    EngineTranscript,
    RequestHook,
    Sandbox,
    api_reads,
    change_kinds,
    emulator_config,
    plain_outputs,
    read_outputs,
    stack_outputs_event,
    state_resources,
    steps,
)

pytestmark = pytest.mark.engine

INSTANCE = DEMO_INSTANCE_ID
WATCHED = "orders_sync"
PROGRESS_PER_SECOND = 5.0
READ_TYPES = {f"{DYNAMIC_TYPE_PREFIX}StarRocksReplications", f"{DYNAMIC_TYPE_PREFIX}StarRocksReplication"}
TASK_FIELDS = (
    "task_name",
    "source_database",
    "target_database",
    "status",
    "stage",
    "percentage",
    "catchup_stage",
    "catchup_percentage",
    "is_need_repair",
    "is_main_task",
)


def read_program() -> None:
    """Every task of the demo instance, and one task, wired into stack outputs."""
    tasks = StarRocksReplications("tasks", instance_id=INSTANCE)
    watched = StarRocksReplication("watched", instance_id=INSTANCE, task_name=WATCHED)
    pulumi.export("total_count", tasks.total_count)
    pulumi.export("task_names", tasks.task_names)
    pulumi.export("healthy", tasks.healthy)
    pulumi.export("stage_counts", tasks.stage_counts)
    pulumi.export("replications", tasks.replications)
    pulumi.export("watched_stage", watched.stage)
    pulumi.export("watched_percentage", watched.percentage)


def expected_rows(tasks: list[Task]) -> list[dict[str, Any]]:
    """What the outputs must say about each task, straight from the emulator's model."""
    return [
        {key: getattr(task, key) for key in TASK_FIELDS} | {"healthy": task.status == "Yes"} for task in tasks
    ]


def projected(replications: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The compared fields of output rows (the SDK drops null values from exported maps)."""
    return [{key: row.get(key) for key in (*TASK_FIELDS, "healthy")} for row in replications]


def assert_outputs_describe(outputs: dict[str, Any], tasks: list[Task]) -> None:
    """Stack outputs of :func:`read_program` against a snapshot of the emulator's tasks."""
    watched = next(task for task in tasks if task.task_name == WATCHED)
    assert projected(outputs["replications"]) == expected_rows(tasks)
    assert outputs["task_names"] == [task.task_name for task in tasks]
    assert outputs["total_count"] == len(tasks)
    assert outputs["healthy"] is all(task.status == "Yes" for task in tasks)
    assert sum(outputs["stage_counts"].values()) == len(tasks)
    for stage in {task.stage for task in tasks}:
        assert outputs["stage_counts"][stage] == sum(1 for task in tasks if task.stage == stage)
    assert (outputs["watched_stage"], outputs["watched_percentage"]) == (watched.stage, watched.percentage)


@pytest.fixture(scope="module")
def hook() -> RequestHook:
    return RequestHook()


@pytest.fixture(scope="module")
def emulator(hook: RequestHook) -> Iterator[EmulatorServer]:
    clock = FakeClock()
    with EmulatorServer(
        dataset="demo", admin=True, clock=clock, progress_per_second=PROGRESS_PER_SECOND, request_logger=hook
    ) as server:
        yield server


@pytest.fixture(scope="module")
def reads_stack(sandbox: Sandbox, emulator: EmulatorServer) -> auto.Stack:
    stack = sandbox.create_stack("reads", read_program)
    stack.set_all_config(emulator_config(emulator))
    return stack


@pytest.fixture(scope="module")
def checks_stack(sandbox: Sandbox, emulator: EmulatorServer) -> auto.Stack:
    stack = sandbox.create_stack("checks", lambda: None)
    stack.set_all_config(emulator_config(emulator))
    return stack


@dataclass(frozen=True)
class Deployed:
    """The first ``up`` of the ``reads`` stack and what the emulator held at the time."""

    result: auto.UpResult
    tasks: list[Task]
    api_reads: int


@pytest.fixture(scope="module")
def deployed(reads_stack: auto.Stack, emulator: EmulatorServer) -> Deployed:
    emulator.reset_request_log()
    tasks = emulator.tasks(INSTANCE)
    result = reads_stack.up()
    return Deployed(result, tasks, api_reads(emulator))


def test_preview_reads_the_tasks_and_shows_the_outputs(
    reads_stack: auto.Stack, emulator: EmulatorServer
) -> None:
    transcript = EngineTranscript()
    emulator.reset_request_log()
    preview = reads_stack.preview(on_event=transcript.on_event)

    assert api_reads(emulator) == 2  # one listing per resource, during the preview
    read_steps = {(op, kind) for op, kind in steps(transcript.events) if kind in READ_TYPES}
    assert read_steps == {("read", kind) for kind in READ_TYPES}
    tasks = emulator.tasks(INSTANCE)
    assert_outputs_describe(stack_outputs_event(transcript.events), tasks)
    assert read_outputs(transcript.events)["watched"]["target_database"] == "orders_olap"
    assert "watched_stage" in preview.stdout
    assert not REWRITING_OPS & change_kinds(preview.change_summary)


def test_up_reads_and_the_outputs_match_the_emulator(deployed: Deployed) -> None:
    assert deployed.api_reads == 2
    assert_outputs_describe(plain_outputs(deployed.result.outputs), deployed.tasks)
    assert not REWRITING_OPS & change_kinds(deployed.result.summary.resource_changes)


def test_refresh_and_up_follow_a_task_that_changed(
    reads_stack: auto.Stack, deployed: Deployed, emulator: EmulatorServer
) -> None:
    original = next(task for task in emulator.tasks(INSTANCE) if task.task_name == WATCHED)
    assert (original.stage, original.percentage) == ("incremental", 100)
    try:
        emulator.update_task(INSTANCE, WATCHED, stage="paused", status="No", percentage=42)
        reads_stack.refresh()
        state = state_resources(reads_stack.export_stack().deployment, DYNAMIC_TYPE_PREFIX)
        assert {key: state["watched"]["outputs"][key] for key in ("stage", "status", "percentage")} == {
            "stage": "paused",
            "status": "No",
            "percentage": 42,
        }
        assert WATCHED in state["tasks"]["outputs"]["unhealthy_tasks"]

        emulator.update_task(INSTANCE, WATCHED, percentage=43)
        emulator.add_task(INSTANCE, Task("late_sync", "late", "late_olap", "Yes", "wait", 0))
        outputs = plain_outputs(reads_stack.up().outputs)
        assert_outputs_describe(outputs, emulator.tasks(INSTANCE))
        assert (outputs["watched_stage"], outputs["watched_percentage"], outputs["total_count"]) == (
            "paused",
            43,
            len(deployed.tasks) + 1,
        )
    finally:
        if any(task.task_name == "late_sync" for task in emulator.tasks(INSTANCE)):
            emulator.remove_task(INSTANCE, "late_sync")
        emulator.update_task(INSTANCE, WATCHED, stage="incremental", status="Yes", percentage=100)


def test_an_unmet_expectation_fails_up_naming_the_task(checks_stack: auto.Stack) -> None:
    def program() -> None:
        StarRocksReplication("audit", instance_id=INSTANCE, task_name="audit_sync", expect_healthy=True)

    with pytest.raises(auto.CommandError) as failure:
        checks_stack.up(program=program)
    message = str(failure.value)
    assert (
        "replication expectations not met: "
        "task 'audit_sync': expected status Yes (healthy), read status 'No'" in message
    )
    # The SDK's dynamic-provider server (pulumi.dynamic.__main__) reports a failed Read as its
    # traceback; the provider no longer rewrites that module (the native functions give lines).
    assert "Traceback (most recent call last):" in message


def test_wait_timeout_succeeds_once_the_task_catches_up(
    checks_stack: auto.Stack, emulator: EmulatorServer, hook: RequestHook
) -> None:
    emulator.update_task(INSTANCE, DEMO_FULL_TASK, stage="full", status="Yes", percentage=60)
    # Right after the first read (which sees "full" at 60 %), emulated time moves just enough
    # for the emulator to finish the full sync: only a second poll can see "incremental".
    hook.arm(lambda: emulator.advance((100 - 60) / PROGRESS_PER_SECOND))
    emulator.reset_request_log()

    def program() -> None:
        task = StarRocksReplication(
            "billing",
            instance_id=INSTANCE,
            task_name=DEMO_FULL_TASK,
            expect_stage="incremental",
            min_percentage=100,
            wait_timeout=60,
            wait_interval=0.05,
        )
        pulumi.export("stage", task.stage)
        pulumi.export("percentage", task.percentage)

    outputs = plain_outputs(checks_stack.up(program=program).outputs)

    assert hook.fired_after is not None
    assert "/starrocks/" in hook.fired_after
    assert api_reads(emulator) >= 2
    assert outputs == {"stage": "incremental", "percentage": 100}
