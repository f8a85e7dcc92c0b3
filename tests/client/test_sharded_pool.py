"""The sharded connection pool gives every connection back, whatever happened to the request."""

from __future__ import annotations

import ssl
from typing import Any

import pytest
from taurusdb_emulator import Faults
from taurusdb_replication import TaurusDBError
from taurusdb_replication._sharded_pool import _NO_TLS, ShardedTransport

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


def test_an_http_endpoint_builds_no_tls_context_and_https_builds_one() -> None:
    plain = ShardedTransport(16, verify=True, tls=False)
    secure = ShardedTransport(16, verify=True)
    plain_contexts = {id(shard[None]._pool._ssl_context) for shard in plain._shards}
    secure_contexts = {shard[None]._pool._ssl_context for shard in secure._shards}
    assert len(plain._shards) == len(secure._shards) == 4
    assert plain_contexts == {id(_NO_TLS)}
    [context] = secure_contexts  # one context shared by every shard
    assert context is not None
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    with pytest.raises(ssl.SSLError, match="http:// endpoint"):
        _NO_TLS.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO())
