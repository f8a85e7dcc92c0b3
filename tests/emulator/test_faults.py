"""Every fault knob, at start and at run time, deterministic for a seed."""

from __future__ import annotations

import json
import random
import time

import httpx
import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, FakeClock, Faults
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page, replication_url


def statuses(http: httpx.Client, server: EmulatorServer, token: str, count: int) -> list[int]:
    result = []
    for _ in range(count):
        try:
            result.append(get_page(http, server, token).status_code)
        except httpx.TransportError:
            result.append(0)
    return result


def test_latency_delays_every_answer(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.set_faults(Faults(latency_ms=120))
    started = time.perf_counter()
    assert get_page(http, emulator, token).status_code == 200
    assert time.perf_counter() - started >= 0.12


def test_jitter_adds_a_seeded_random_delay(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client
) -> None:
    server = taurusdb_emulator_factory(clock=FakeClock(), seed=7, faults=Faults(latency_ms=10, jitter_ms=100))
    token = server.issue_token()
    expected = random.Random(7)  # the emulator's own stream: one uniform draw per request
    for _ in range(5):
        delay = (10 + expected.uniform(0, 100)) / 1000
        started = time.perf_counter()
        assert get_page(http, server, token).status_code == 200
        assert time.perf_counter() - started >= delay


def test_500_is_a_service_error_in_the_asked_language(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    emulator.set_faults(Faults(error_500_rate=1))
    response = get_page(http, emulator, token)
    assert response.status_code == 500
    assert response.json() == {"error_code": "DBS.200412", "error_msg": "Internal server error."}
    zh = http.get(str(response.url), headers={"X-Auth-Token": token, "X-Language": "zh-cn"})
    assert zh.json()["error_msg"] == "服务内部错误。"


def test_503_is_a_gateway_json_error(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.set_faults(Faults(error_503_rate=1))
    response = get_page(http, emulator, token)
    assert response.status_code == 503
    body = response.json()
    assert body["error_code"] == "APIGW.0202"
    assert body["request_id"] == response.headers["X-Request-Id"]


def test_429_burst_is_the_gateway_throttling_answer(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    emulator.set_faults(Faults(error_429_rate=1))
    response = get_page(http, emulator, token)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "0"
    body = response.json()
    assert body["error_code"] == "APIGW.0308"
    assert body["request_id"] == response.headers["X-Request-Id"]


def test_429_burst_comes_after_authentication(emulator: EmulatorServer, http: httpx.Client) -> None:
    emulator.set_faults(Faults(error_429_rate=1))
    assert get_page(http, emulator, "not-a-token").status_code == 401


def test_502_has_an_html_body(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.set_faults(Faults(error_502_html_rate=1))
    response = get_page(http, emulator, token)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>502 Bad Gateway</h1>" in response.text
    assert response.headers["X-Request-Id"]
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_reset_closes_the_connection_without_an_answer(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    emulator.set_faults(Faults(reset_rate=1))
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        get_page(http, emulator, token)
    assert emulator.request_log[-1].status == 0
    emulator.set_faults(None)
    assert get_page(http, emulator, token).status_code == 200  # the client recovers on a new connection


def test_truncated_body_is_a_200_with_cut_json(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    emulator.set_faults(Faults(truncate_rate=1))
    response = get_page(http, emulator, token)
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    assert response.text.startswith('{"total_count"')
    with pytest.raises(json.JSONDecodeError):
        response.json()


def test_slow_body_is_dribbled(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.set_faults(Faults(slow_body_ms=300))
    started = time.perf_counter()
    with http.stream("GET", replication_url(emulator), headers={"X-Auth-Token": token}) as r:
        assert r.status_code == 200
        assert r.headers["X-Request-Id"]
        chunks = list(r.iter_raw())
    assert time.perf_counter() - started >= 0.3
    assert len(chunks) >= 2
    assert len(json.loads(b"".join(chunks))["replications"]) == 7


def test_mutation_between_pages(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.set_faults(Faults(mutate_between_pages=True))
    totals, names = [], []
    for _ in range(4):
        body = get_page(http, emulator, token, limit=3).json()
        totals.append(int(body["total_count"]))
        names.append({t.task_name for t in emulator.tasks(DEMO_INSTANCE_ID)})
    assert totals == [7, 6, 7, 6]
    assert names[0] != names[1] != names[2]
    assert any(name.startswith("mutation_task_") for name in names[1] | names[2])


def test_rates_are_probabilities_drawn_from_the_seed(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client
) -> None:
    faults = Faults(error_500_rate=0.2, error_503_rate=0.2, error_502_html_rate=0.1, reset_rate=0.1)
    runs = []
    for _ in range(2):
        server = taurusdb_emulator_factory(clock=FakeClock(), seed=42, faults=faults)
        runs.append(statuses(http, server, server.issue_token(), 60))
    assert runs[0] == runs[1]
    assert set(runs[0]) == {0, 200, 500, 502, 503}
    other = taurusdb_emulator_factory(clock=FakeClock(), seed=43, faults=faults)
    assert statuses(http, other, other.issue_token(), 60) != runs[0]


def test_truncate_rate_only_hits_some_answers(
    taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client
) -> None:
    server = taurusdb_emulator_factory(clock=FakeClock(), seed=1, faults=Faults(truncate_rate=0.5))
    token = server.issue_token()
    outcomes = set()
    for _ in range(20):
        try:
            get_page(http, server, token).json()
            outcomes.add("ok")
        except json.JSONDecodeError:
            outcomes.add("cut")
    assert outcomes == {"ok", "cut"}


def test_faults_leave_iam_alone(emulator: EmulatorServer, http: httpx.Client) -> None:
    emulator.set_faults(Faults(error_500_rate=1))
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": emulator.iam_user,
                        "password": emulator.iam_password,
                        "domain": {"name": emulator.iam_domain},
                    }
                },
            },
            "scope": {"project": {"id": emulator.project_id}},
        }
    }
    assert http.post(emulator.iam_url, json=body).status_code == 201


def test_faults_given_at_start(taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client) -> None:
    server = taurusdb_emulator_factory(clock=FakeClock(), faults=Faults(error_503_rate=1))
    assert server.faults == Faults(error_503_rate=1)
    assert get_page(http, server, server.issue_token()).status_code == 503


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"error_500_rate": 1.5}, "error_500_rate"),
        ({"reset_rate": -0.1}, "reset_rate"),
        ({"truncate_rate": True}, "truncate_rate"),
        ({"latency_ms": -1}, "latency_ms"),
        ({"slow_body_ms": "slow"}, "slow_body_ms"),
        ({"error_500_rate": 0.6, "error_503_rate": 0.6}, "must not exceed 1"),
        ({"mutate_between_pages": 1}, "mutate_between_pages"),
    ],
)
def test_bad_faults_name_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        Faults(**kwargs)  # type: ignore[arg-type]
