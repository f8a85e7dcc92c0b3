"""No secret in logs, messages, reprs or tracebacks; the sync client in awkward places."""

from __future__ import annotations

import asyncio
import logging
import pickle
import threading
import traceback
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, Faults
from taurusdb_replication import (
    AkSkAuth,
    Condition,
    IamPasswordAuth,
    ReplicationClient,
    TaurusDBError,
    TokenAuth,
)

from .conftest import INSTANCE, ClientFactory, dataset, fast_config

EmulatorFactory = Any
SECRET_KEY = "Sk-Do-Not-Leak-0123456789abcdef"
SECURITY_TOKEN = "Sts-Do-Not-Leak-0123456789abcdef"
PASSWORD = "Pw-Do-Not-Leak-0123456789"


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in text]


def test_no_secret_in_debug_logs_errors_reprs_or_tracebacks(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = taurusdb_emulator_factory(
        dataset=dataset(150),
        secret_key=SECRET_KEY,
        security_token=SECURITY_TOKEN,
        iam_password=PASSWORD,
        faults=Faults(error_503_rate=0.3, truncate_rate=0.2, error_502_html_rate=0.2),
        seed=3,
    )
    token = server.issue_token()
    secrets = [SECRET_KEY, SECURITY_TOKEN, PASSWORD, token]
    iam = IamPasswordAuth(
        server.iam_user, PASSWORD, server.iam_domain, iam_endpoint=server.url, project_id=server.project_id
    )
    auths = [TokenAuth(token), AkSkAuth(server.access_key, SECRET_KEY, SECURITY_TOKEN), iam]
    failing = [
        TokenAuth(token + "x"),
        AkSkAuth(server.access_key, SECRET_KEY + "x", SECURITY_TOKEN),
        IamPasswordAuth(
            server.iam_user, PASSWORD + "x", server.iam_domain, iam_endpoint=server.url, project_id="p" * 32
        ),
    ]
    secrets += [token + "x", SECRET_KEY + "x", PASSWORD + "x"]
    seen: list[str] = []
    with caplog.at_level(logging.DEBUG):
        for auth in auths:
            client = client_for(server, auth=auth)
            assert len(client.list_replications(INSTANCE)) == 150
            seen += [repr(client), repr(auth), str(client.__dict__)]
        assert iam.secrets  # the fetched IAM token is a secret too
        secrets += list(iam.secrets)
        for auth in failing:
            client = client_for(server, auth=auth)
            with pytest.raises(TaurusDBError) as caught:
                client.list_replications(INSTANCE)
            seen += [str(caught.value), repr(caught.value), "".join(traceback.format_exception(caught.value))]
    assert "taurusdb_replication.http" in caplog.text  # the debug log did record the exchanges
    assert "request_id=" in caplog.text
    assert _leaks(caplog.text + "\n".join(seen), secrets) == []
    for auth in auths:
        with pytest.raises(TypeError, match="cannot be pickled"):
            pickle.dumps(auth)


def test_the_redactor_blanks_secrets_echoed_by_a_server() -> None:
    from taurusdb_replication._logging import Redactor, excerpt

    redact = Redactor([SECRET_KEY, None, ""])
    body = f"<html>bad request: X-Auth-Token: abc.def.ghi key={SECRET_KEY}</html>".encode()
    text = excerpt(body, redact)
    assert SECRET_KEY not in text
    assert "abc.def.ghi" not in text
    assert "***" in text


def test_the_sync_client_works_inside_a_running_event_loop(taurusdb_emulator: EmulatorServer) -> None:
    # As in Jupyter, where a loop is already running in the calling thread.
    async def notebook_cell() -> int:
        with ReplicationClient(
            project_id=taurusdb_emulator.project_id,
            auth=TokenAuth(taurusdb_emulator.issue_token()),
            endpoint=taurusdb_emulator.url,
            config=fast_config(),
        ) as client:
            return len(client.list_replications(DEMO_INSTANCE_ID))

    assert asyncio.run(notebook_cell()) == 7


def test_the_sync_client_is_safe_from_many_threads(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(dataset=dataset(450))
    client = client_for(server)
    with ThreadPoolExecutor(8) as pool:
        sizes = list(pool.map(lambda _: len(client.list_replications(INSTANCE)), range(16)))
    assert sizes == [450] * 16


def test_close_stops_the_loop_thread_and_is_idempotent(taurusdb_emulator: EmulatorServer) -> None:
    before = {t.name for t in threading.enumerate()}
    client = ReplicationClient(
        project_id=taurusdb_emulator.project_id,
        auth=TokenAuth(taurusdb_emulator.issue_token()),
        endpoint=taurusdb_emulator.url,
    )
    client.list_replications(DEMO_INSTANCE_ID)
    client.close()
    client.close()
    loops = [
        t for t in threading.enumerate() if t.name == "taurusdb-replication-loop" and t.name not in before
    ]
    assert loops == []


def test_the_sync_client_refuses_calls_from_its_own_callbacks(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    client = client_for(taurusdb_emulator)

    def progress(tasks: Any) -> None:
        client.list_replications(DEMO_INSTANCE_ID)

    with pytest.raises(RuntimeError, match="own callbacks"):
        client.wait_for(
            DEMO_INSTANCE_ID,
            Condition(tasks=["orders_sync"]),
            timeout=1,
            interval=0.001,
            on_progress=progress,
        )


def test_clients_cannot_be_pickled(taurusdb_emulator: EmulatorServer, client_for: ClientFactory) -> None:
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(client_for(taurusdb_emulator))
