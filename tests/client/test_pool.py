"""The sharded connection pool gives every connection back, whatever happened to the request."""

from __future__ import annotations

from typing import Any

import pytest
from taurusdb_emulator import Faults
from taurusdb_replication import TaurusDBError
from taurusdb_replication._pool import ShardedTransport

from .conftest import INSTANCE, ClientFactory, dataset, names

EmulatorFactory = Any


def test_shards_split_the_connections() -> None:
    transport = ShardedTransport(10, verify=True, shard_size=4)
    assert transport._capacity == [4, 4, 2]


def test_connections_are_released_after_success_errors_and_resets(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(
        dataset=dataset(2000), faults=Faults(reset_rate=0.1, truncate_rate=0.1, error_503_rate=0.1), seed=5
    )
    client = client_for(server, concurrency=10)
    transport = client._async._pool.transport
    assert isinstance(transport, ShardedTransport)
    for _ in range(5):
        assert [r.task_name for r in client.list_replications(INSTANCE)] == names(2000)
    assert transport._busy == [0, 0, 0]
    server.set_faults(Faults(reset_rate=1.0))
    with pytest.raises(TaurusDBError):
        client.list_replications(INSTANCE)
    assert transport._busy == [0, 0, 0]


def test_a_lightly_loaded_client_stays_on_the_first_shard(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(50))
    client = client_for(server, concurrency=16)
    transport = client._async._pool.transport
    assert isinstance(transport, ShardedTransport)
    assert transport._pick() == 0
    client.list_replications(INSTANCE)
    assert transport._busy == [0, 0, 0, 0]
