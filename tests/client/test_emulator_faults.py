"""Every fault the emulator can inject, and the bounded fault soak of issue 4."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import pytest
from taurusdb_emulator import Faults
from taurusdb_replication import (
    MalformedResponseError,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    TaurusDBError,
    ThrottledError,
    TransportError,
)

from .conftest import FAST_RETRY, INSTANCE, ClientFactory, dataset, names, replication_requests

EmulatorFactory = Any

FAULTS_AT_30_PERCENT = [
    Faults(error_500_rate=0.3),
    Faults(error_503_rate=0.3),
    Faults(error_502_html_rate=0.3),
    Faults(reset_rate=0.3),
    Faults(truncate_rate=0.3),
    Faults(latency_ms=15, jitter_ms=15),
    Faults(slow_body_ms=20),
]


@pytest.mark.parametrize(
    "faults", FAULTS_AT_30_PERCENT, ids=lambda f: ",".join(k for k, v in f.to_dict().items() if v)
)
def test_each_fault_is_survived_with_exactly_the_right_tasks(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory, faults: Faults
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(1000), faults=faults, seed=7)
    assert [r.task_name for r in client_for(server).list_replications(INSTANCE)] == names(1000)


@pytest.mark.parametrize(
    ("faults", "kind", "status"),
    [
        (Faults(error_500_rate=1.0), ServerError, 500),
        (Faults(error_503_rate=1.0), ServerError, 503),
        (Faults(error_502_html_rate=1.0), ServerError, 502),
        (Faults(reset_rate=1.0), TransportError, None),
        (Faults(truncate_rate=1.0), MalformedResponseError, 200),
    ],
    ids=["500", "503", "502-html", "reset", "truncate"],
)
def test_a_fault_that_never_clears_ends_in_a_typed_error_after_the_attempt_budget(
    taurusdb_emulator_factory: EmulatorFactory,
    client_for: ClientFactory,
    faults: Faults,
    kind: type[TaurusDBError],
    status: int | None,
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(10), faults=faults)
    with pytest.raises(kind) as caught:
        client_for(server).list_replications(INSTANCE)
    assert getattr(caught.value, "status", None) == status
    assert len(replication_requests(server)) == FAST_RETRY.max_attempts
    if status is not None:
        assert "request id: none" not in str(caught.value)


@pytest.mark.parametrize("max_retries", [0, 2])
@pytest.mark.parametrize(
    "faults", [Faults(error_429_rate=1.0), Faults(error_503_rate=1.0)], ids=["429", "503"]
)
def test_max_retries_is_one_budget_for_every_retryable_answer(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory, faults: Faults, max_retries: int
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(10), faults=faults)
    retry = RetryPolicy.from_max_retries(max_retries, base_delay=0.001, deadline=30.0)
    with pytest.raises(ThrottledError if faults.error_429_rate else ServerError) as caught:
        client_for(server, retry=retry).list_replications(INSTANCE)
    assert len(replication_requests(server)) == max_retries + 1
    assert ("attempts" in str(caught.value)) is (max_retries > 0)


def test_a_slow_body_is_cut_by_the_deadline(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(10), faults=Faults(slow_body_ms=2000))
    client = client_for(server, retry=RetryPolicy(max_attempts=3, base_delay=0.001, deadline=0.2))
    started = time.monotonic()
    with pytest.raises(RequestTimeoutError, match="deadline"):
        client.list_replications(INSTANCE)
    assert time.monotonic() - started < 1.5  # bounded by the deadline, not by the 2 s body


def test_the_rate_limit_is_followed_without_failures(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(1200), rate_limit=8.0)
    client = client_for(server, retry=RetryPolicy(base_delay=0.01, max_delay=5.0, deadline=60.0))
    assert [r.task_name for r in client.list_replications(INSTANCE)] == names(1200)
    statuses = Counter(e.status for e in replication_requests(server))
    assert statuses[200] == 12 + 1  # 12 pages and the probe past a total that is a multiple of 100
    assert statuses[429] >= 1
    # Adaptive concurrency and the shared gate keep the 429s to a few per wave, not one per retry.
    assert statuses[429] <= 3 * 16


# -- the bounded soak -----------------------------------------------------------------------------


def test_bounded_fault_soak(taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory) -> None:
    faults = Faults(
        error_500_rate=0.04,
        error_503_rate=0.03,
        error_502_html_rate=0.03,
        reset_rate=0.02,
        truncate_rate=0.01,
        error_429_rate=0.05,
    )
    server = taurusdb_emulator_factory(dataset=dataset(1000), faults=faults, seed=42)
    deadline = 15.0
    client = client_for(
        server,
        retry=RetryPolicy(max_attempts=6, base_delay=0.002, max_delay=0.05, deadline=deadline),
    )
    expected = names(1000)
    outcomes: Counter[str] = Counter()
    slowest = 0.0
    for _ in range(300):
        started = time.monotonic()
        try:
            got = [r.task_name for r in client.list_replications(INSTANCE)]
        except TaurusDBError as exc:
            outcomes[f"typed error {type(exc).__name__}"] += 1
        else:
            assert got == expected
            outcomes["exact"] += 1
        slowest = max(slowest, time.monotonic() - started)
        assert slowest <= deadline + 1.0
    served = Counter(e.status for e in replication_requests(server))
    good = 300 * (10 + 1)  # 10 pages and the probe past total_count=1000 per listing
    print(
        f"\nsoak: {sum(outcomes.values())} listings of 1000 tasks: {dict(outcomes)}; "
        f"requests served {sum(served.values())} by status {dict(sorted(served.items()))} "
        f"(0 = reset), of which truncated 200s {served[200] - good}; "
        f"slowest listing {slowest:.3f} s"
    )
    assert sum(outcomes.values()) == 300
    assert outcomes["exact"] >= 297  # the attempt budget makes a typed error very rare
    assert min(served[500], served[503], served[502], served[0], served[200] - good, served[429]) > 0
