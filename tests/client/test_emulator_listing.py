"""Listing against the real emulator over loopback: sizes, streaming, lookup, mutation."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, FakeClock, Faults
from taurusdb_htap_client.models.replication_page import ReplicationPage
from taurusdb_htap_client.models.star_rocks_replication_info import StarRocksReplicationInfo
from taurusdb_replication import (
    AsyncReplicationClient,
    InconsistentListingError,
    InstanceNotFoundError,
    ReplicationNotFoundError,
    Stage,
    TokenAuth,
)

from .conftest import INSTANCE, ClientFactory, async_client, dataset, names, replication_requests

EmulatorFactory = Any


@pytest.mark.parametrize(("count", "requests"), [(0, 1), (1, 1), (100, 2), (101, 2), (10_000, 101)])
def test_every_size_lists_exactly_with_one_request_per_page_and_a_boundary_probe(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory, count: int, requests: int
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(count))
    client = client_for(server)
    replications, total = client.list_replications_with_total(INSTANCE)
    assert [r.task_name for r in replications] == names(count)
    assert total == count
    assert len(replication_requests(server)) == requests


def test_a_listing_reads_each_task_once_and_builds_no_generated_model(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The body goes straight into the view: the generated models are built only on request."""

    def refuse(cls: type, data: object) -> None:
        raise AssertionError(f"the listing built a {cls.__name__}")

    server = taurusdb_emulator_factory(dataset=dataset(250))
    client = client_for(server)
    for model in (ReplicationPage, StarRocksReplicationInfo):
        monkeypatch.setattr(model, "from_dict", classmethod(refuse))
    assert [r.task_name for r in client.list_replications(INSTANCE)] == names(250)
    monkeypatch.undo()
    page = client.get_page(INSTANCE, limit=2)
    assert [task.task_name for task in page.raw.replications or []] == names(2)
    assert page.replications[0].raw.task_name == names(1)[0]
    with pytest.raises(TypeError):  # the page as sent, read-only like each task's
        page.wire["total_count"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        page.replications[0].wire["task_name"] = "x"  # type: ignore[index]


def test_the_demo_dataset_matches_the_emulator_state(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    replications = client_for(taurusdb_emulator).list_replications(DEMO_INSTANCE_ID)
    expected = taurusdb_emulator.tasks(DEMO_INSTANCE_ID)
    assert [r.task_name for r in replications] == [t.task_name for t in expected]
    for got, task in zip(replications, expected, strict=True):
        assert got.to_dict()["stage"] == task.stage
        assert got.percentage == task.percentage
        assert got.healthy == (task.status == "Yes")
        assert got.is_need_repair == task.is_need_repair
        assert got.is_main_task == task.is_main_task
    by_name = {r.task_name: r for r in replications}
    assert by_name["orders_sync"].stage is Stage.INCREMENTAL
    assert by_name["legacy_sync"].cancelled


def test_streaming_and_pages(taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(250))
    client = client_for(server)
    assert [r.task_name for r in client.iter_replications(INSTANCE)] == names(250)
    pages = list(client.iter_pages(INSTANCE))
    assert [(p.offset, len(p)) for p in pages] == [(0, 100), (100, 100), (200, 50)]
    page = client.get_page(INSTANCE, limit=7, offset=245)
    assert (page.offset, page.limit, page.total_count, len(page)) == (245, 7, 250, 5)
    assert page.request_id
    assert page.raw is not None


def test_get_replication_stops_at_the_first_match(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(5000))
    client = client_for(server, concurrency=4)
    assert client.get_replication(INSTANCE, "task_00003").task_name == "task_00003"
    assert len(replication_requests(server)) <= 1 + 4
    with pytest.raises(ReplicationNotFoundError, match="no_such_task"):
        client.get_replication(INSTANCE, "no_such_task")


def test_an_unknown_instance_is_typed(taurusdb_emulator: EmulatorServer, client_for: ClientFactory) -> None:
    with pytest.raises(InstanceNotFoundError) as caught:
        client_for(taurusdb_emulator).list_replications("f" * 32 + "in17")
    assert caught.value.error_code == "DBS.200022"
    assert caught.value.request_id
    assert caught.value.request_id in str(caught.value)


def test_language_reaches_the_service(taurusdb_emulator: EmulatorServer, client_for: ClientFactory) -> None:
    english = client_for(taurusdb_emulator)
    chinese = client_for(taurusdb_emulator, language="zh-cn")
    with pytest.raises(InstanceNotFoundError) as en:
        english.list_replications("f" * 32 + "in17")
    with pytest.raises(InstanceNotFoundError) as zh:
        chinese.list_replications("f" * 32 + "in17")
    assert en.value.error_msg != zh.value.error_msg


class _StopMutatingAfter(httpx.AsyncBaseTransport):
    """Real HTTP; switches the emulator's mutation fault off after ``n`` requests."""

    def __init__(self, server: EmulatorServer, n: int) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._server = server
        self._left = n

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._left -= 1
        if self._left == 0:
            self._server.set_faults(Faults())
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


def test_mutation_during_the_scan_is_rescanned_into_a_consistent_snapshot(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(1000), faults=Faults(mutate_between_pages=True))
    client = client_for(server, transport=_StopMutatingAfter(server, 3))
    replications, total = client.list_replications_with_total(INSTANCE)
    final = [t.task_name for t in server.tasks(INSTANCE)]
    assert [r.task_name for r in replications] == final
    assert total == len(final)
    assert final != names(1000)  # the list really changed under the first scan
    assert len(replication_requests(server)) > 10  # and a rescan happened


def test_a_list_that_keeps_changing_gives_a_clear_error_in_bounded_requests(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(1000), faults=Faults(mutate_between_pages=True))
    client = client_for(server, max_rescans=2)
    with pytest.raises(InconsistentListingError, match="kept changing"):
        client.list_replications(INSTANCE)
    # Each of the 3 scans reads at most its 10 pages, the probe and one look-ahead window.
    lookahead = 4 * client.config.concurrency
    assert len(replication_requests(server)) <= 3 * (10 + 1 + lookahead)


def test_streaming_under_mutation_never_repeats_a_task(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(1000), faults=Faults(mutate_between_pages=True))
    streamed = [r.task_name for r in client_for(server).iter_replications(INSTANCE)]
    assert len(streamed) == len(set(streamed))
    assert len(streamed) >= 990


def test_one_async_client_serves_concurrent_listings(taurusdb_emulator_factory: EmulatorFactory) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(1500))

    async def scenario() -> list[int]:
        async with async_client(server) as client:
            results = await asyncio.gather(*(client.list_replications(INSTANCE) for _ in range(5)))
        return [len(r) for r in results]

    assert asyncio.run(scenario()) == [1500] * 5


def test_async_client_from_env(taurusdb_emulator: EmulatorServer, tmp_path: Any) -> None:
    env = {
        "HOME": str(tmp_path),
        "TAURUSDB_ENDPOINT": taurusdb_emulator.url,
        "HW_PROJECT_ID": taurusdb_emulator.project_id,
        "HW_AUTH_TOKEN": taurusdb_emulator.issue_token(),
    }

    async def scenario() -> int:
        async with AsyncReplicationClient.from_env(environ=env) as client:
            assert isinstance(client._auth, TokenAuth)
            return len(await client.list_replications(DEMO_INSTANCE_ID))

    assert asyncio.run(scenario()) == len(taurusdb_emulator.tasks(DEMO_INSTANCE_ID))


def test_strict_mode_wire_is_read_the_same(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    # Strict mode answers exactly per the vendor page's tables (strings, lower-case stages).
    # One stopped clock for both: tasks progress with time, and the two are read moments apart.
    clock = FakeClock()
    quirky = taurusdb_emulator_factory(dataset=dataset(120), clock=clock)
    strict = taurusdb_emulator_factory(dataset=dataset(120), strict=True, clock=clock)
    from_quirky = [r.to_dict() for r in client_for(quirky).list_replications(INSTANCE)]
    from_strict = [r.to_dict() for r in client_for(strict).list_replications(INSTANCE)]
    keys = ("task_name", "stage", "percentage", "healthy", "status")
    assert [{k: d[k] for k in keys} for d in from_quirky] == [{k: d[k] for k in keys} for d in from_strict]
