"""The 200 body has the real wire's shape (api-facts.md section 2), or the page's in strict mode."""

from __future__ import annotations

import re

import httpx
from taurusdb_emulator import (
    DEMO_FULL_TASK,
    DEMO_INSTANCE_ID,
    EmulatorServer,
    FakeClock,
)
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page, replication_url

KNOWN = {"wait", "incremental", "full", "cancelled", "paused"}


def test_demo_page_carries_every_wire_quirk(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    response = get_page(http, emulator, token)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])
    body = response.json()
    assert set(body) == {"total_count", "replications", "ext_text"}
    assert body["ext_text"] is None
    assert int(body["total_count"]) == 7
    tasks = body["replications"]
    # Every stage, capitalised, and both statuses.
    assert {task["stage"] for task in tasks} == {stage.capitalize() for stage in KNOWN}
    assert {task["status"] for task in tasks} == {"Yes", "No"}
    # Percentages come both as JSON numbers and as strings (seed 0 gives both).
    kinds = {type(task["percentage"]) for task in tasks} | {
        type(task["catchup_percentage"]) for task in tasks
    }
    assert kinds == {int, str}
    # Null catch-up stages; flags as JSON booleans and as "true"/"false", both values of each.
    assert any(task["catchup_stage"] is None for task in tasks)
    flags = [task[name] for task in tasks for name in ("is_need_repair", "is_main_task")]
    assert {type(flag) for flag in flags} == {bool, str}
    assert {str(flag).lower() for flag in flags} == {"true", "false"}
    full = next(task for task in tasks if task["task_name"] == DEMO_FULL_TASK)
    assert full["stage"] == "Full"
    assert int(full["percentage"]) == 60


def test_shapes_are_stable_per_task_and_change_with_the_seed(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client
) -> None:
    def shapes(seed: int) -> list[tuple[type, type]]:
        server = taurusdb_emulator_factory(seed=seed, clock=FakeClock())
        body = get_page(http, server, server.issue_token()).json()
        return [(type(t["percentage"]), type(t["catchup_percentage"])) for t in body["replications"]]

    first = shapes(0)
    assert shapes(0) == first
    assert any(shapes(seed) != first for seed in (1, 2, 3))


def test_total_count_and_unknown_fields(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client
) -> None:
    server = taurusdb_emulator_factory(clock=FakeClock())
    server.update_task(DEMO_INSTANCE_ID, "orders_sync", extra={"new_field": {"nested": 1}})
    body = get_page(http, server, server.issue_token()).json()
    orders = next(t for t in body["replications"] if t["task_name"] == "orders_sync")
    assert orders["new_field"] == {"nested": 1}


def test_strict_mode_follows_the_page_tables(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client
) -> None:
    server = taurusdb_emulator_factory(strict=True, clock=FakeClock())
    body = get_page(http, server, server.issue_token()).json()
    assert body["total_count"] == "7"
    assert "ext_text" not in body
    allowed = {
        "source_database",
        "target_database",
        "task_name",
        "status",
        "stage",
        "percentage",
        "catchup_stage",
        "catchup_percentage",
    }
    for task in body["replications"]:
        assert set(task) <= allowed
        assert all(isinstance(value, str) for value in task.values())
        assert task["stage"] in KNOWN
        assert task.get("catchup_stage", "wait") in KNOWN
    assert {task["stage"] for task in body["replications"]} == KNOWN


def test_an_unknown_stage_is_sent_as_given(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.update_task(DEMO_INSTANCE_ID, "legacy_sync", stage="Resyncing", percentage=None, status=None)
    body = get_page(http, emulator, token).json()
    legacy = next(t for t in body["replications"] if t["task_name"] == "legacy_sync")
    assert legacy["stage"] == "Resyncing"
    assert legacy["percentage"] is None
    assert legacy["status"] is None


def test_every_answer_has_a_request_id_and_ids_differ(emulator: EmulatorServer, http: httpx.Client) -> None:
    ids = set()
    for url in (replication_url(emulator), emulator.url + "/nowhere", emulator.url + "/v3/auth/tokens"):
        response = http.get(url)
        assert response.status_code in {401, 404, 405}
        ids.add(response.headers["X-Request-Id"])
    assert len(ids) == 3


def test_a_change_after_a_read_shows_on_the_next_read(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    def orders() -> dict[str, object]:
        body = get_page(http, emulator, token).json()
        return next(t for t in body["replications"] if t["task_name"] == "orders_sync")

    assert orders()["status"] == "Yes"
    emulator.update_task(DEMO_INSTANCE_ID, "orders_sync", status="No", is_need_repair=True)
    changed = orders()
    assert changed["status"] == "No"
    assert changed["is_need_repair"] in (True, "true")
