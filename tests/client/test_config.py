"""One way to configure: ClientConfig, ``with_options`` (config and clients), ``from_env`` options,
and what a closed client says."""

from __future__ import annotations

import asyncio
import gc
import warnings
from dataclasses import fields
from typing import Any

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, Faults
from taurusdb_replication import (
    AsyncReplicationClient,
    ClientConfig,
    ReplicationClient,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    TokenAuth,
    ValidationError,
)
from taurusdb_replication._config import NOT_GIVEN, OPTION_NAMES

from .conftest import ClientFactory, async_client, recording_client

PROJECT = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
INSTANCE = "0123456789abcdef0123456789abcdefin17"


def test_config_with_options_takes_any_field_and_keeps_the_rest() -> None:
    base = ClientConfig(retry=RetryPolicy(base_delay=0.5, max_retry_after=7.0), page_size=50)
    changed = base.with_options(max_retries=2, deadline=9.0, max_pages=3, seed=4, timeout=NOT_GIVEN)
    assert changed.retry == RetryPolicy(max_attempts=3, base_delay=0.5, max_retry_after=7.0, deadline=9.0)
    assert (changed.page_size, changed.max_pages, changed.seed) == (50, 3, 4)
    assert changed.timeout == base.timeout  # NOT_GIVEN keeps, as leaving it out does
    assert base.retry.max_attempts == 6  # a copy: the original is unchanged


def test_none_is_a_value_that_with_options_sets() -> None:
    """``deadline=None`` removes the overall deadline; ``seed=None`` unseeds (None never means keep)."""
    base = ClientConfig(seed=4)
    assert base.retry.deadline is not None
    changed = base.with_options(deadline=None, seed=None)
    assert (changed.retry.deadline, changed.seed) == (None, None)
    with pytest.raises(ValidationError, match="timeout"):
        base.with_options(timeout=None)


def test_config_with_options_validates_like_the_constructor() -> None:
    with pytest.raises(TypeError, match="unexpected keyword arguments: colour"):
        ClientConfig().with_options(colour="blue")
    with pytest.raises(ValidationError, match="max_retries"):
        ClientConfig().with_options(max_retries=-1)
    with pytest.raises(ValidationError, match="concurrency"):
        ClientConfig().with_options(concurrency=0)


def test_constructors_and_from_env_take_the_same_options() -> None:
    environ = {"HW_PROJECT_ID": PROJECT, "HW_AUTH_TOKEN": "t0ken", "TAURUSDB_ENDPOINT": "http://127.0.0.1:9"}
    client = ReplicationClient.from_env(environ=environ, timeout=3, max_retries=2, concurrency=4)
    try:
        assert (client.config.timeout, client.config.retry.max_attempts, client.config.concurrency) == (
            3,
            3,
            4,
        )
    finally:
        client.close()
    direct = ReplicationClient(
        project_id=PROJECT, auth=TokenAuth("t"), endpoint="http://127.0.0.1:9", page_size=20
    )
    try:
        assert direct.config.page_size == 20
    finally:
        direct.close()


def test_a_derived_client_sends_its_own_options_over_the_same_pool() -> None:
    client, sent = recording_client()
    derived = client.with_options(language="zh-cn", user_agent="probe/1")
    try:
        assert derived._async._pool is client._async._pool
        derived.list_replications(INSTANCE)
        client.list_replications(INSTANCE)
        assert [(r.headers["X-Language"], r.headers["User-Agent"]) for r in sent] == [
            ("zh-cn", "probe/1"),
            ("en-us", client.config.user_agent),
        ]
        assert client.config.language == "en-us"
    finally:
        client.close()


def test_verify_cannot_change_on_a_shared_pool() -> None:
    client, _ = recording_client()
    try:
        with pytest.raises(ValidationError, match="verify: cannot change on a client sharing a pool"):
            client.with_options(verify=False)
    finally:
        client.close()


def test_per_call_retries_and_timeouts(taurusdb_emulator: EmulatorServer, client_for: ClientFactory) -> None:
    client = client_for(taurusdb_emulator)
    taurusdb_emulator.set_faults(Faults(error_503_rate=1.0))
    taurusdb_emulator.reset_request_log()
    with pytest.raises(ServerError):
        client.with_options(max_retries=0).get_page(DEMO_INSTANCE_ID)
    assert len(taurusdb_emulator.request_log) == 1
    with pytest.raises(ServerError):
        client.get_page(DEMO_INSTANCE_ID)
    assert len(taurusdb_emulator.request_log) == 1 + client.config.retry.max_attempts

    taurusdb_emulator.set_faults(Faults(latency_ms=2000))
    with pytest.raises(RequestTimeoutError):
        client.with_options(timeout=0.05, max_retries=0).get_page(DEMO_INSTANCE_ID)


def test_closing_a_derived_client_leaves_the_owner_open_and_not_the_reverse(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    client = client_for(taurusdb_emulator)
    derived = client.with_options(max_retries=1)
    derived.close()
    assert derived.is_closed
    assert not client.is_closed
    assert client.list_replications(DEMO_INSTANCE_ID)
    other = client.with_options(max_retries=1)
    client.close()
    with pytest.raises(RuntimeError, match=r"^ReplicationClient is closed; create a new client$"):
        other.list_replications(DEMO_INSTANCE_ID)


def test_a_closed_sync_client_says_so_without_warnings(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    client = client_for(taurusdb_emulator)
    client.close()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for call in (
            lambda: client.list_replications(DEMO_INSTANCE_ID),
            lambda: next(client.iter_replications(DEMO_INSTANCE_ID)),
            lambda: client.wait_for(DEMO_INSTANCE_ID, timeout=1),
            lambda: client.get_page(DEMO_INSTANCE_ID),
        ):
            with pytest.raises(RuntimeError, match=r"^ReplicationClient is closed; create a new client$"):
                call()
        gc.collect()
    assert [str(w.message) for w in caught] == []
    client.close()  # closing twice is fine


def test_a_closed_async_client_says_so(taurusdb_emulator: EmulatorServer) -> None:
    async def scenario() -> None:
        client: AsyncReplicationClient = async_client(taurusdb_emulator)
        await client.aclose()
        assert client.is_closed
        with pytest.raises(RuntimeError, match=r"^AsyncReplicationClient is closed"):
            await client.list_replications(DEMO_INSTANCE_ID)
        with pytest.raises(RuntimeError, match=r"^AsyncReplicationClient is closed"):
            await anext(client.iter_replications(DEMO_INSTANCE_ID))

    asyncio.run(scenario())


def test_the_option_list_is_written_once() -> None:
    """A field added to ClientConfig works in with_options, the constructors and from_env at once."""
    assert {f.name for f in fields(ClientConfig)} | {"max_retries", "deadline"} == OPTION_NAMES


def test_settings_apply_over_a_config_by_the_one_precedence() -> None:
    """An argument always wins; a variable wins over a config's default, not over its own value."""
    environ = {
        "HW_PROJECT_ID": PROJECT,
        "HW_AUTH_TOKEN": "t0ken",
        "TAURUSDB_ENDPOINT": "http://127.0.0.1:9",
        "HW_MAX_RETRIES": "7",
        "TAURUSDB_CONCURRENCY": "3",
    }
    attempts = []
    cases: tuple[tuple[ClientConfig | None, dict[str, Any]], ...] = (
        (None, {}),
        (ClientConfig(concurrency=8).with_options(max_retries=2), {}),
        (ClientConfig(concurrency=8).with_options(max_retries=2), {"max_retries": 1, "concurrency": 5}),
    )
    for config, arguments in cases:
        client = ReplicationClient.from_env(environ=environ, config=config, **arguments)
        try:
            attempts.append((client.config.retry.max_attempts, client.config.concurrency))
        finally:
            client.close()
    assert attempts == [(8, 3), (3, 8), (2, 5)]
