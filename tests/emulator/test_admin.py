"""The admin HTTP API under /_emulator/: off unless asked, and the same controls as the methods."""

from __future__ import annotations

import httpx
import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, FakeClock, Faults
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page


def admin(server: EmulatorServer, path: str) -> str:
    return f"{server.url}/_emulator{path}"


def test_admin_is_off_by_default(taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client) -> None:
    server = taurusdb_emulator_factory(clock=FakeClock())
    response = http.get(admin(server, "/state"))
    assert response.status_code == 404
    assert response.json()["error_code"] == "APIGW.0101"
    assert http.put(admin(server, "/faults"), json={"error_500_rate": 1}).status_code == 404
    assert server.faults == Faults()


def test_state(emulator: EmulatorServer, http: httpx.Client) -> None:
    body = http.get(admin(emulator, "/state")).json()
    assert body["project_id"] == emulator.project_id
    assert body["instance_ids"] == [DEMO_INSTANCE_ID]
    assert body["faults"] == Faults().to_dict()
    assert body["rate_limit"] is None
    assert body["now"] == pytest.approx(emulator.now())


def test_faults_put_replaces_and_patch_merges(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    assert http.put(admin(emulator, "/faults"), json={"error_503_rate": 1}).status_code == 200
    assert get_page(http, emulator, token).status_code == 503
    http.patch(admin(emulator, "/faults"), json={"latency_ms": 5})
    assert emulator.faults == Faults(error_503_rate=1, latency_ms=5)
    http.put(admin(emulator, "/faults"), json={"latency_ms": 1})
    assert emulator.faults == Faults(latency_ms=1)
    assert http.get(admin(emulator, "/faults")).json()["latency_ms"] == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error_500_rate": 2}, "error_500_rate"),
        ({"bogus": 1}, "bogus"),
        ([1, 2], "JSON object"),
        ({"latency_ms": "x"}, "latency_ms"),
    ],
)
def test_bad_faults_are_400(emulator: EmulatorServer, http: httpx.Client, body: object, message: str) -> None:
    response = http.put(admin(emulator, "/faults"), json=body)
    assert response.status_code == 400
    assert message in response.json()["error_msg"]
    assert emulator.faults == Faults()


def test_rate_limit(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    assert http.put(admin(emulator, "/rate-limit"), json={"per_second": 1}).json() == {"per_second": 1.0}
    assert [get_page(http, emulator, token).status_code for _ in range(2)] == [200, 429]
    http.put(admin(emulator, "/rate-limit"), json={"per_second": None})
    assert http.get(admin(emulator, "/rate-limit")).json() == {"per_second": None}
    assert get_page(http, emulator, token).status_code == 200
    assert http.put(admin(emulator, "/rate-limit"), json={"per_second": -1}).status_code == 400
    assert http.put(admin(emulator, "/rate-limit"), json={}).status_code == 400


def test_task_crud(emulator: EmulatorServer, http: httpx.Client) -> None:
    tasks = admin(emulator, f"/instances/{DEMO_INSTANCE_ID}/tasks")
    assert len(http.get(tasks).json()) == 7
    created = http.post(
        tasks, params={"position": 0}, json={"task_name": "x_sync", "stage": "Full", "odd": 1}
    )
    assert created.status_code == 201
    assert created.json()["stage"] == "full"
    assert created.json()["extra"] == {"odd": 1}
    assert emulator.tasks(DEMO_INSTANCE_ID)[0].task_name == "x_sync"
    assert http.post(tasks, json={"task_name": "x_sync"}).status_code == 400
    updated = http.patch(f"{tasks}/x_sync", json={"status": "No", "percentage": 40})
    assert updated.json()["status"] == "No"
    assert updated.json()["percentage"] == 40
    assert http.patch(f"{tasks}/x_sync", json={"status": "maybe"}).status_code == 400
    assert http.patch(f"{tasks}/nope", json={"status": "No"}).status_code == 404
    assert http.delete(f"{tasks}/x_sync").status_code == 204
    assert http.delete(f"{tasks}/x_sync").status_code == 404
    assert http.get(admin(emulator, "/instances/unknown/tasks")).status_code == 404


def test_advance_time(emulator: EmulatorServer, http: httpx.Client) -> None:
    before = emulator.now()
    assert http.post(admin(emulator, "/advance"), json={"seconds": 8}).status_code == 200
    assert emulator.now() == pytest.approx(before + 8)
    billing = next(t for t in emulator.tasks(DEMO_INSTANCE_ID) if t.task_name == "billing_sync")
    assert billing.stage == "incremental"
    assert http.post(admin(emulator, "/advance"), json={"seconds": -1}).status_code == 400
    assert http.post(admin(emulator, "/advance"), content=b"{").status_code == 400


def test_request_log_and_tokens(emulator: EmulatorServer, http: httpx.Client) -> None:
    issued = http.post(admin(emulator, "/tokens"), json={"ttl_seconds": 10})
    assert issued.status_code == 201
    token = issued.json()["token"]
    assert get_page(http, emulator, token).status_code == 200
    log = http.get(admin(emulator, "/requests")).json()
    assert log[-1]["status"] == 200
    assert log[-1]["method"] == "GET"
    assert all(not entry["path"].startswith("/_emulator") for entry in log)
    assert http.delete(admin(emulator, "/requests")).status_code == 204
    assert http.get(admin(emulator, "/requests")).json() == []
    emulator.advance(10)
    assert get_page(http, emulator, token).status_code == 401
    assert http.post(admin(emulator, "/tokens"), json={"ttl_seconds": 0}).status_code == 400
