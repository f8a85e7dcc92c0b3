"""Per-credential throttling: 429 ``APIGW.0308`` with ``Retry-After``, driven by the fake clock."""

from __future__ import annotations

import httpx
import pytest
from taurusdb_emulator import EmulatorServer, FakeClock
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page, replication_url, signed_headers


def test_burst_then_429_then_refill(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.set_rate_limit(2)
    assert [get_page(http, emulator, token).status_code for _ in range(3)] == [200, 200, 429]
    throttled = get_page(http, emulator, token)
    assert throttled.headers["Retry-After"] == "1"
    body = throttled.json()
    assert body["error_code"] == "APIGW.0308"
    assert body["request_id"] == throttled.headers["X-Request-Id"]
    emulator.advance(0.5)
    assert get_page(http, emulator, token).status_code == 200
    assert get_page(http, emulator, token).status_code == 429
    emulator.advance(1)
    assert [get_page(http, emulator, token).status_code for _ in range(3)] == [200, 200, 429]


def test_a_slow_limit_asks_for_a_longer_wait(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    emulator.set_rate_limit(0.2)
    assert get_page(http, emulator, token).status_code == 200
    response = get_page(http, emulator, token)
    assert (response.status_code, response.headers["Retry-After"]) == (429, "5")
    emulator.advance(5)
    assert get_page(http, emulator, token).status_code == 200


def test_limits_are_per_credential(emulator: EmulatorServer, http: httpx.Client) -> None:
    emulator.set_rate_limit(1)
    first, second = emulator.issue_token(), emulator.issue_token()
    url = replication_url(emulator)
    assert get_page(http, emulator, first).status_code == 200
    assert get_page(http, emulator, first).status_code == 429
    assert get_page(http, emulator, second).status_code == 200
    assert http.get(url, headers=signed_headers(emulator, url)).status_code == 200
    assert http.get(url, headers=signed_headers(emulator, url)).status_code == 429


def test_failed_authentication_does_not_spend_the_allowance(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    emulator.set_rate_limit(1)
    for _ in range(3):
        assert get_page(http, emulator, "MIIbad").status_code == 401
    assert get_page(http, emulator, token).status_code == 200


def test_clearing_the_limit(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.set_rate_limit(1)
    get_page(http, emulator, token)
    emulator.set_rate_limit(None)
    assert emulator.rate_limit is None
    assert all(get_page(http, emulator, token).status_code == 200 for _ in range(20))


def test_limit_given_at_start(taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client) -> None:
    server = taurusdb_emulator_factory(rate_limit=1, clock=FakeClock())
    token = server.issue_token()
    assert [get_page(http, server, token).status_code for _ in range(2)] == [200, 429]


@pytest.mark.parametrize("value", [0, -1, float("nan"), float("inf")])
def test_bad_limits_are_refused(emulator: EmulatorServer, value: float) -> None:
    with pytest.raises(ValueError, match="rate_limit"):
        emulator.set_rate_limit(value)
