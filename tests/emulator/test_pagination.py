"""Item-index pagination: edges, the large dataset and the empty one (api-facts.md section 3)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from taurusdb_emulator import EmulatorServer, FakeClock, Task
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page

DEMO_NAMES = [
    "orders_sync",
    "billing_sync",
    "inventory_sync",
    "audit_sync",
    "legacy_sync",
    "payments_sync",
    "users_sync",
]


def names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [task["task_name"] for task in response.json()["replications"]]


def test_defaults_are_offset_0_and_limit_100(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    assert names(get_page(http, emulator, token)) == DEMO_NAMES


@pytest.mark.parametrize("offset", [0, 3, 6])
def test_limit_1_returns_exactly_the_item_at_offset(
    emulator: EmulatorServer, http: httpx.Client, token: str, offset: int
) -> None:
    assert names(get_page(http, emulator, token, limit=1, offset=offset)) == [DEMO_NAMES[offset]]


@pytest.mark.parametrize("offset", [7, 8, 100, 10**17])
def test_offset_at_or_past_the_end_is_an_empty_page_with_the_total(
    emulator: EmulatorServer, http: httpx.Client, token: str, offset: int
) -> None:
    response = get_page(http, emulator, token, offset=offset)
    assert names(response) == []
    assert int(response.json()["total_count"]) == 7


def test_offset_is_an_item_index_not_a_page_number(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    assert names(get_page(http, emulator, token, limit=2, offset=1)) == DEMO_NAMES[1:3]


def test_empty_dataset(taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client) -> None:
    server = taurusdb_emulator_factory(dataset="empty", clock=FakeClock())
    response = get_page(http, server, server.issue_token(), limit=1)
    assert names(response) == []
    assert int(response.json()["total_count"]) == 0


@pytest.fixture(scope="module")
def large() -> Iterator[EmulatorServer]:
    with EmulatorServer(dataset="large", clock=FakeClock()) as server:
        yield server


def test_large_dataset_walks_in_100_pages_like_terraform(large: EmulatorServer, http: httpx.Client) -> None:
    token = large.issue_token()
    seen: list[str] = []
    requests = 0
    while True:
        response = get_page(http, large, token, limit=100, offset=len(seen))
        requests += 1
        page = names(response)
        assert int(response.json()["total_count"]) == 10_000
        if not page:
            break
        assert len(page) == 100
        seen += page
    assert requests == 101
    assert len(seen) == len(set(seen)) == 10_000
    assert seen[0] == "sync_task_00000"
    assert seen[-1] == "sync_task_09999"


def test_limit_100_and_a_short_last_page(large: EmulatorServer, http: httpx.Client) -> None:
    token = large.issue_token()
    assert len(names(get_page(http, large, token, limit=100, offset=9_950))) == 50


def test_adding_a_101st_task_makes_two_pages(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client
) -> None:
    server = taurusdb_emulator_factory(dataset="empty", clock=FakeClock())
    instance = server.instance_ids[0]
    for index in range(101):
        server.add_task(instance, Task(f"t{index:03d}"))
    token = server.issue_token()
    assert len(names(get_page(http, server, token, limit=100))) == 100
    assert names(get_page(http, server, token, limit=100, offset=100)) == ["t100"]
