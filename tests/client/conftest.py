"""Helpers for the client-layer tests: datasets of any size and clients bound to an emulator."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from taurusdb_emulator import Dataset, EmulatorServer, Task
from taurusdb_replication import (
    AkSkAuth,
    AsyncReplicationClient,
    ClientConfig,
    ReplicationClient,
    RetryPolicy,
    TokenAuth,
)

INSTANCE = "0123456789abcdef0123456789abcdefin17"

FAST_RETRY = RetryPolicy(max_attempts=8, base_delay=0.002, max_delay=0.05, deadline=30.0)
"""Retries with millisecond backoff, so fault tests are quick but still exercise backoff."""


def dataset(count: int, name: str = "sized") -> Dataset:
    """One instance (``INSTANCE``) with ``count`` tasks named ``task_00000``..."""
    tasks = [
        Task(
            f"task_{i:05d}",
            f"src_{i}",
            f"dst_{i}",
            "Yes",
            "incremental" if i % 3 else "full",
            100 if i % 3 else 40,
        )
        for i in range(count)
    ]
    return Dataset(name, {INSTANCE: tasks})


def names(count: int) -> list[str]:
    return [f"task_{i:05d}" for i in range(count)]


def fast_config(**changes: Any) -> ClientConfig:
    return ClientConfig(retry=changes.pop("retry", FAST_RETRY), seed=0, **changes)


ClientFactory = Callable[..., ReplicationClient]

OFFLINE_PROJECT = "0123456789abcdef0123456789abcdef"


def recording_client() -> tuple[ReplicationClient, list[httpx.Request]]:
    """A client whose requests are recorded (and answered with an empty page), never sent."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"total_count": 0, "replications": []})

    client = ReplicationClient(
        project_id=OFFLINE_PROJECT,
        auth=TokenAuth("t0ken"),
        endpoint="https://h.example",
        transport=httpx.MockTransport(handler),
    )
    return client, sent


@pytest.fixture
def client_for() -> Iterator[ClientFactory]:
    """``client_for(server, auth=None, **config)``: a sync client on the emulator (AK/SK by default)."""
    made: list[ReplicationClient] = []

    def make(
        server: EmulatorServer, auth: Any = None, transport: Any = None, **config: Any
    ) -> ReplicationClient:
        client = ReplicationClient(
            project_id=server.project_id,
            auth=auth or AkSkAuth(server.access_key, server.secret_key, server.security_token),
            endpoint=server.url,
            config=fast_config(**config),
            transport=transport,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def async_client(server: EmulatorServer, auth: Any = None, **config: Any) -> AsyncReplicationClient:
    return AsyncReplicationClient(
        project_id=server.project_id,
        auth=auth or TokenAuth(server.issue_token()),
        endpoint=server.url,
        config=fast_config(**config),
    )


def replication_requests(server: EmulatorServer) -> list[Any]:
    """The emulator's log of replication-endpoint requests (IAM calls left out)."""
    return [entry for entry in server.request_log if entry.path.endswith("/replication")]
