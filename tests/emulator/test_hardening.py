"""The emulator against hostile clients: slowloris connections, deep JSON, a flood of tokens.

Users run the emulator as a product (in CI, on shared machines), so it bounds what a client can
hold: connections without a complete request are closed after ``idle_timeout``, a login body
nested too deeply is a 400, and the token store forgets.
"""

from __future__ import annotations

import contextlib
import resource
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from taurusdb_emulator import EmulatorServer, FakeClock
from taurusdb_emulator._auth import EXPIRED_TOKEN_MEMORY_SECONDS, TOKEN_TTL_SECONDS, TokenStore

from ._helpers import get_page

SLOWLORIS = 1000


@pytest.fixture
def descriptors() -> Iterator[None]:
    """Room for both ends of every slowloris connection in this one process (2,000 descriptors
    and some): the soft limit is raised towards the hard one for the test, then restored."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 2 * SLOWLORIS + 512
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.fail(f"the hard limit on open files ({hard}) leaves no room for {SLOWLORIS} connections")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.fixture
def impatient() -> Iterator[EmulatorServer]:
    with EmulatorServer(clock=FakeClock(), idle_timeout=0.5) as server:
        yield server


def _closed_by_server(conn: socket.socket, by: float) -> bool:
    """Whether the server closed the connection (EOF or reset) before the monotonic time ``by``."""
    conn.settimeout(max(0.001, by - time.monotonic()))
    try:
        return conn.recv(4096) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


@pytest.mark.usefixtures("descriptors")
def test_slowloris_connections_are_closed_after_the_idle_timeout(impatient: EmulatorServer) -> None:
    conns: list[socket.socket] = []
    try:
        for i in range(SLOWLORIS):
            conn = socket.create_connection(("127.0.0.1", impatient.port), timeout=10.0)
            conns.append(conn)
            # Half of them send part of a request and stop; the rest never send anything.
            if i % 2:
                conn.sendall(b"GET /v3/auth/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        by = time.monotonic() + 10.0  # twenty times the idle timeout, for all of them together
        held = [conn for conn in conns if not _closed_by_server(conn, by)]
        assert held == []
    finally:
        for conn in conns:
            conn.close()
    with httpx.Client(timeout=10.0) as http:
        assert get_page(http, impatient, impatient.issue_token()).status_code == 200  # still serving


def test_a_dripping_request_is_cut_off(impatient: EmulatorServer) -> None:
    with socket.create_connection(("127.0.0.1", impatient.port), timeout=10.0) as conn:
        conn.sendall(b"GET / HTTP/1.1\r\n")
        for _ in range(100):  # sends a header byte per recv timeout tick, never finishing
            with contextlib.suppress(TimeoutError):
                conn.sendall(b"X")
                conn.settimeout(0.05)
                if conn.recv(1) == b"":
                    return
    pytest.fail("the server kept a connection whose headers never finish")


def test_a_login_body_nested_200000_deep_is_a_400(emulator: EmulatorServer, http: httpx.Client) -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    response = http.post(emulator.iam_url, content=deep, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "must be JSON" in response.json()["error"]["message"]


def test_the_token_store_forgets_expired_tokens() -> None:
    store = TokenStore()
    now = 1_000_000.0
    for _ in range(50):
        store.issue(now=now, ttl_seconds=TOKEN_TTL_SECONDS, project_id="p" * 32, user="u")
    assert len(store) == 50
    later = now + TOKEN_TTL_SECONDS + EXPIRED_TOKEN_MEMORY_SECONDS + 1
    token, _ = store.issue(now=later, ttl_seconds=60, project_id="p" * 32, user="u")
    assert len(store) == 1
    assert store.check(token, later).startswith("token:")


def test_the_token_store_has_a_capacity() -> None:
    store = TokenStore(capacity=10)
    tokens = [store.issue(now=0.0, ttl_seconds=60, project_id="p" * 32, user="u")[0] for _ in range(25)]
    assert len(store) == 10
    store.check(tokens[-1], 1.0)  # the newest stay valid
    with pytest.raises(Exception, match="not a token this service issued"):
        store.check(tokens[0], 1.0)


def test_idle_timeout_is_validated() -> None:
    with pytest.raises(ValueError, match="idle_timeout"):
        EmulatorServer(idle_timeout=0)


def test_a_login_body_that_never_arrives_is_a_408(impatient: EmulatorServer) -> None:
    with socket.create_connection(("127.0.0.1", impatient.port), timeout=10.0) as conn:
        conn.sendall(
            b"POST /v3/auth/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000\r\n\r\n{"
        )
        answer = conn.recv(65536)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"did not arrive in time" in answer
