"""``EmulatorServer``'s life cycle, its defaults and the pytest plugin's fixtures."""

from __future__ import annotations

import socket
import threading

import httpx
import pytest
from taurusdb_emulator import (
    DEFAULT_ACCESS_KEY,
    DEFAULT_PROJECT_ID,
    DEFAULT_SECRET_KEY,
    EmulatorServer,
    FakeClock,
)
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page


def test_defaults_are_deterministic() -> None:
    server = EmulatorServer()
    assert (server.project_id, server.access_key, server.secret_key) == (
        DEFAULT_PROJECT_ID,
        DEFAULT_ACCESS_KEY,
        DEFAULT_SECRET_KEY,
    )
    assert server.instance_ids == EmulatorServer().instance_ids


def test_not_started_yet() -> None:
    server = EmulatorServer()
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.url
    assert "not started" in repr(server)
    server.stop()  # harmless


def test_context_manager_starts_and_stops_cleanly(http: httpx.Client) -> None:
    threads_before = threading.active_count()
    with EmulatorServer(clock=FakeClock()) as server:
        assert server.running
        assert server.url.startswith("http://127.0.0.1:")
        assert get_page(http, server, server.issue_token()).status_code == 200
        port = server.port
    assert not server.running
    assert threading.active_count() == threads_before
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
    server.stop()  # idempotent


def test_stop_closes_open_keep_alive_connections(http: httpx.Client) -> None:
    server = EmulatorServer(clock=FakeClock()).start()
    token = server.issue_token()
    assert get_page(http, server, token).status_code == 200  # leaves a pooled connection open
    server.stop()
    assert not server.running


def test_a_busy_port_is_a_clear_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(RuntimeError, match=f"could not listen on 127.0.0.1:{port}"):
            EmulatorServer(port=port).start()


def test_starting_twice_is_refused() -> None:
    with EmulatorServer(clock=FakeClock()) as server, pytest.raises(RuntimeError, match="already started"):
        server.start()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"project_id": "short"}, "project_id"),
        ({"port": 70000}, "port"),
        ({"progress_per_second": -1}, "progress_per_second"),
        ({"rate_limit": 0}, "rate_limit"),
    ],
)
def test_bad_options_name_the_field(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EmulatorServer(**kwargs)  # type: ignore[arg-type]


def test_two_emulators_side_by_side(taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client) -> None:
    first = taurusdb_emulator_factory(clock=FakeClock())
    second = taurusdb_emulator_factory(clock=FakeClock(), dataset="empty")
    assert first.port != second.port
    assert get_page(http, first, first.issue_token()).status_code == 200
    # A token of one emulator means nothing to the other.
    assert get_page(http, second, first.issue_token()).status_code == 401


def test_the_plugin_fixture(taurusdb_emulator: EmulatorServer) -> None:
    assert taurusdb_emulator.running
    assert taurusdb_emulator.dataset_name == "demo"
    assert isinstance(taurusdb_emulator.clock, FakeClock)
    before = taurusdb_emulator.now()
    taurusdb_emulator.clock.advance(5)
    assert taurusdb_emulator.now() == pytest.approx(before + 5)
    assert httpx.get(taurusdb_emulator.url + "/_emulator/state").status_code == 200


def test_request_log(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    get_page(http, emulator, token, limit=1)
    http.get(emulator.url + "/elsewhere")
    log = emulator.request_log
    assert [entry.status for entry in log] == [200, 404]
    method, path, status = log[0]
    assert (method, status) == ("GET", 200)
    assert path.endswith("/starrocks/databases/replication")
    emulator.reset_request_log()
    assert emulator.request_log == []


def test_wait_for_requests_wakes_on_the_request_it_waits_for(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    """Another thread's request wakes the waiter; a predicate that never holds times out."""
    assert not emulator.wait_for_requests(lambda log: len(log) >= 1, timeout=0.05)
    thread = threading.Thread(target=get_page, args=(http, emulator, token), kwargs={"limit": 1})
    thread.start()
    try:
        assert emulator.wait_for_requests(lambda log: any(entry.status == 200 for entry in log), timeout=30)
    finally:
        thread.join()


def test_request_logger_callback_has_no_secrets(taurusdb_emulator_factory: EmulatorFactory) -> None:
    lines: list[str] = []
    server = taurusdb_emulator_factory(clock=FakeClock(), request_logger=lines.append)
    token = server.issue_token()
    with httpx.Client() as http:
        get_page(http, server, token, limit=2)
    assert len(lines) == 1
    assert "limit=2" in lines[0]
    assert lines[0].endswith("-> 200")
    assert token not in lines[0]
