"""Every secret is blanked whenever it was obtained, and shown masked the same way everywhere.

A real server on loopback (tests/client/hostile.py) echoes what it received: an IAM token
fetched at run time (after the client and its redactor were built), a security token, a
signature. None of them reaches the library's messages or its log; an access key is masked in
``repr`` exactly as the CLI's ``config`` shows it; control characters the service puts in an
error are shown as escapes.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable

import httpx
import pytest
from taurusdb_replication import (
    AkSkAuth,
    ApiError,
    ClientConfig,
    IamPasswordAuth,
    ReplicationClient,
    RetryPolicy,
    TokenAuth,
)
from taurusdb_replication._masks import mask_key

from .conftest import INSTANCE
from .hostile import HostileServer, RawRequest, Respond, answer, iam_then_echo, replying

PROJECT = "0123456789abcdef0123456789abcdef"
ONE_TRY = RetryPolicy(max_attempts=1, deadline=30.0)
Hostile = Callable[[Respond], HostileServer]


def _client(server: HostileServer, auth: httpx.Auth) -> ReplicationClient:
    return ReplicationClient(
        project_id=PROJECT,
        auth=auth,
        endpoint=server.url,
        config=ClientConfig(retry=ONE_TRY),
    )


def _error(server: HostileServer, auth: httpx.Auth) -> ApiError:
    with _client(server, auth) as client, pytest.raises(ApiError) as caught:
        client.list_replications(INSTANCE)
    return caught.value


def test_an_iam_token_fetched_at_run_time_and_echoed_is_blanked(
    hostile: Hostile, caplog: pytest.LogCaptureFixture
) -> None:
    token = "MIIFetched-run-time-token-7f3a9c"
    server = hostile(iam_then_echo(token))
    auth = IamPasswordAuth("alice", "pw-0123456789", "acme", iam_endpoint=server.url, project_id=PROJECT)
    caplog.set_level(logging.DEBUG)
    error = _error(server, auth)
    logging.getLogger("taurusdb_replication").warning("echoed: %s", error.error_msg)
    assert "is not valid here" in str(error)
    for text in (str(error), repr(error), error.error_msg or "", caplog.text):
        assert token not in text


def _echo_headers(request: RawRequest) -> bytes:
    signature = request.headers.get("authorization", "").rpartition("Signature=")[2]
    seen = f"sig {signature} st {request.headers.get('x-security-token')}"
    return answer(400, json.dumps({"error_code": "DBS.1", "error_msg": seen}).encode())


def test_a_security_token_and_a_bare_signature_echoed_are_blanked(hostile: Hostile) -> None:
    async def respond(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        writer.write(_echo_headers(request))
        await writer.drain()

    auth = AkSkAuth("AKIDEXAMPLE0123456789", "sk-secret-0123456789", "security-token-0123456789")
    error = _error(hostile(respond), auth)
    assert "security-token-0123456789" not in str(error)
    assert "sig *** st ***" in str(error)


def test_an_access_key_is_masked_the_same_in_every_repr() -> None:
    auth = AkSkAuth("AKIDEXAMPLE0123456789", "sk-secret-0123456789")
    client = ReplicationClient(project_id=PROJECT, auth=auth, endpoint="https://h.example")
    try:
        for text in (repr(auth), repr(client)):
            assert "AKIDEXAMPLE0123456789" not in text
            assert mask_key("AKIDEXAMPLE0123456789") in text
    finally:
        client.close()
    assert mask_key("AKIDEXAMPLE0123456789") == "AKID…89"


def test_control_characters_in_an_error_are_shown_as_escapes(hostile: Hostile) -> None:
    body = {"error_code": "DBS.\x1b[31m9", "error_msg": "bad \x1b]0;title\x07 \x9b2J \u202eevil"}
    error = _error(hostile(replying(400, json.dumps(body).encode())), TokenAuth("t0ken-0001"))
    text = str(error)
    assert "\x1b" not in text
    assert "\x9b" not in text
    assert "\u202e" not in text
    assert "bad \\x1b]0;title\\x07 \\x9b2J \\u202eevil" in text
