"""Time moves: full tasks advance, switch to incremental at 100, and can be made abnormal."""

from __future__ import annotations

import httpx
import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer, FakeClock, Task
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page


def full_task(server: EmulatorServer) -> Task:
    return next(task for task in server.tasks(DEMO_INSTANCE_ID) if task.task_name == DEMO_FULL_TASK)


def test_demo_full_task_finishes_within_ten_seconds_at_the_default_rate(emulator: EmulatorServer) -> None:
    assert (full_task(emulator).stage, full_task(emulator).percentage) == ("full", 60)
    emulator.advance(4)
    assert (full_task(emulator).stage, full_task(emulator).percentage) == ("full", 80)
    emulator.advance(3.9)
    assert full_task(emulator).stage == "full"
    assert full_task(emulator).percentage == 99
    emulator.advance(0.1)
    assert (full_task(emulator).stage, full_task(emulator).percentage) == ("incremental", 100)
    emulator.advance(1000)
    assert (full_task(emulator).stage, full_task(emulator).percentage) == ("incremental", 100)


def test_the_injected_clock_moves_progress_too(taurusdb_emulator_factory: EmulatorFactory) -> None:
    clock = FakeClock(1_000.0)
    server = taurusdb_emulator_factory(clock=clock, progress_per_second=10.0)
    clock.advance(2)
    assert full_task(server).percentage == 80


def test_progress_shows_on_the_wire(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    def wire() -> tuple[str, int]:
        body = get_page(http, emulator, token).json()
        task = next(t for t in body["replications"] if t["task_name"] == DEMO_FULL_TASK)
        return task["stage"], int(task["percentage"])

    assert wire() == ("Full", 60)
    emulator.advance(2)
    assert wire() == ("Full", 70)
    emulator.advance(10)
    assert wire() == ("Incremental", 100)


def test_an_abnormal_task_does_not_progress(emulator: EmulatorServer) -> None:
    emulator.advance(2)
    emulator.update_task(DEMO_INSTANCE_ID, DEMO_FULL_TASK, status="No")
    emulator.advance(100)
    assert (full_task(emulator).stage, full_task(emulator).percentage) == ("full", 70)
    emulator.update_task(DEMO_INSTANCE_ID, DEMO_FULL_TASK, status="Yes")
    emulator.advance(1)
    assert full_task(emulator).percentage == 75


def test_update_restarts_progress_from_the_new_values(emulator: EmulatorServer) -> None:
    updated = emulator.update_task(DEMO_INSTANCE_ID, "inventory_sync", stage="full", percentage=10)
    assert (updated.stage, updated.percentage) == ("full", 10)
    emulator.advance(2)
    task = next(t for t in emulator.tasks(DEMO_INSTANCE_ID) if t.task_name == "inventory_sync")
    assert task.percentage == 20


def test_zero_progress_rate_freezes_full_tasks(taurusdb_emulator_factory: EmulatorFactory) -> None:
    server = taurusdb_emulator_factory(clock=FakeClock(), progress_per_second=0)
    server.advance(10_000)
    assert full_task(server).percentage == 60


def test_snapshots_are_copies(emulator: EmulatorServer) -> None:
    snapshot = emulator.tasks(DEMO_INSTANCE_ID)
    snapshot[0].status = "No"
    snapshot[0].extra["x"] = 1
    fresh = emulator.tasks(DEMO_INSTANCE_ID)[0]
    assert fresh.status == "Yes"
    assert fresh.extra == {}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": "Maybe"}, "status"),
        ({"percentage": 101}, "percentage"),
        ({"is_main_task": "perhaps"}, "is_main_task"),
        ({"colour": "red"}, "colour"),
        ({"task_name": "renamed"}, "task_name"),
    ],
)
def test_bad_updates_name_the_field(
    emulator: EmulatorServer, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        emulator.update_task(DEMO_INSTANCE_ID, "orders_sync", **changes)


def test_add_and_remove_tasks(emulator: EmulatorServer) -> None:
    emulator.add_task(DEMO_INSTANCE_ID, Task("new_sync", "new", "new_olap"), position=0)
    assert emulator.tasks(DEMO_INSTANCE_ID)[0].task_name == "new_sync"
    with pytest.raises(ValueError, match="already exists"):
        emulator.add_task(DEMO_INSTANCE_ID, Task("new_sync"))
    emulator.remove_task(DEMO_INSTANCE_ID, "new_sync")
    with pytest.raises(KeyError, match="new_sync"):
        emulator.remove_task(DEMO_INSTANCE_ID, "new_sync")
    with pytest.raises(KeyError, match="unknown instance"):
        emulator.tasks("nope")
