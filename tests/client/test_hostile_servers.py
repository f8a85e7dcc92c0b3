"""The client against servers that misbehave on purpose: every failure typed, bounded in time and memory.

Each test runs a real HTTP server on loopback (tests/client/hostile.py) that sends what a
broken or malicious server would. Time is bounded through the client's own limits, never a
stopwatch: the retry deadline is set far beyond what the test needs, and the error must be the
fast one (the cap, the ceiling, the request timeout), not the deadline's. Memory is bounded with
``tracemalloc``'s peak (every thread, the client's loop thread included).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import re
import socket
import struct
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from taurusdb_replication import (
    AkSkAuth,
    ClientConfig,
    MalformedResponseError,
    RedirectError,
    ReplicationClient,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    TaurusDBError,
    ThrottledError,
    TokenAuth,
    TransportError,
    ValidationError,
    resolve_settings,
)

from .conftest import INSTANCE
from .hostile import HostileServer, RawRequest, Respond, answer, head, replying

PROJECT = "0123456789abcdef0123456789abcdef"
MiB = 1024 * 1024
Hostile = Callable[[Respond], HostileServer]
NO_RUSH = RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.01, deadline=60.0)
"""Three attempts, quick backoff, and a deadline far beyond any test here: a test that ends by
this deadline has failed to fail fast."""


def _client(server: HostileServer, auth: Any = None, **config: Any) -> ReplicationClient:
    return ReplicationClient(
        project_id=PROJECT,
        auth=auth or TokenAuth("hostile-test-token-0001"),
        endpoint=server.url,
        config=ClientConfig(retry=config.pop("retry", NO_RUSH), seed=0, **config),
    )


@contextmanager
def _peak_memory() -> Iterator[list[int]]:
    """Yields a list that holds the peak of traced allocations once the block ends."""
    result: list[int] = []
    tracemalloc.start()
    try:
        yield result
    finally:
        result.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()


def _failure(server: HostileServer, **config: Any) -> TaurusDBError:
    with _client(server, **config) as client, pytest.raises(TaurusDBError) as caught:
        client.list_replications(INSTANCE)
    return caught.value


# -- the size of a body ---------------------------------------------------------------------------


async def _endless_chunked(_request: RawRequest, writer: asyncio.StreamWriter) -> None:
    writer.write(head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"}))
    chunk = b" " * 65536  # JSON whitespace: nothing tells the client early that this is no page
    while True:
        writer.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        await writer.drain()


def test_an_endless_body_stops_at_the_cap_and_is_not_retried(hostile: Hostile) -> None:
    server = hostile(_endless_chunked)
    with _peak_memory() as peak:
        error = _failure(server, max_body_bytes=4 * MiB)
    assert isinstance(error, MalformedResponseError)
    assert "larger than the 4194304 byte cap (max_body_bytes" in str(error)
    assert len(server.requests) == 1
    assert peak[0] < 16 * MiB


def _gzip_bomb(mebibytes: int) -> bytes:
    """A valid gzip body that inflates to ``mebibytes`` MiB of zeros, built without compressing
    them all: after a full flush, each MiB of zeros compresses to the same bytes."""
    zeros = b"\0" * MiB
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    trailer = deflate.flush(zlib.Z_FINISH) + struct.pack("<II", crc, (mebibytes * MiB) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\0\0\0\0\x00\xff" + block * mebibytes + trailer


def test_a_gzip_bomb_is_capped_by_its_decompressed_size(hostile: Hostile) -> None:
    bomb = _gzip_bomb(256)  # 0.26 MB on the wire, 256 MiB inflated: eight times the default cap
    assert len(bomb) < MiB
    server = hostile(replying(200, bomb, {"Content-Encoding": "gzip"}))
    assert ClientConfig().max_body_bytes == 32 * MiB
    with _peak_memory() as peak:
        error = _failure(server)
    assert isinstance(error, MalformedResponseError)
    assert "larger than the 33554432 byte cap" in str(error)
    assert "decompressed bytes counted" in str(error)
    assert "(Content-Encoding 'gzip')" in str(error)
    assert len(server.requests) == 1
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"
    assert peak[0] < 80 * MiB


def test_a_small_gzip_page_is_read(hostile: Hostile) -> None:
    page = json.dumps({"total_count": 1, "replications": [{"task_name": "t1", "status": "Yes"}]}).encode()
    server = hostile(replying(200, zlib.compress(page), {"Content-Encoding": "deflate"}))
    with _client(server) as client:
        assert [r.task_name for r in client.list_replications(INSTANCE)] == ["t1"]


def test_a_corrupt_gzip_body_is_a_typed_error_not_retried(hostile: Hostile) -> None:
    corrupt = b"\x78\x9c" + b"\xff" * 64  # a zlib header, then an invalid block type
    server = hostile(replying(200, corrupt, {"Content-Encoding": "deflate"}))
    error = _failure(server)
    assert isinstance(error, MalformedResponseError)
    assert "the compressed body cannot be decompressed (Content-Encoding 'deflate')" in str(error)
    assert len(server.requests) == 1


def test_an_encoding_the_client_did_not_ask_for_is_a_typed_error(hostile: Hostile) -> None:
    nested = zlib.compress(zlib.compress(b"{}"))
    server = hostile(replying(200, nested, {"Content-Encoding": "deflate, deflate"}))
    error = _failure(server)
    assert isinstance(error, MalformedResponseError)
    assert "Content-Encoding 'deflate, deflate' is not one the client accepts" in str(error)
    assert len(server.requests) == 1


# -- waits the server asks for -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retry_after", "asked"),
    [("99999", "99999 s"), ("a day ahead", "86[34][0-9][0-9] s")],
    ids=["seconds", "http-date"],
)
def test_a_retry_after_past_the_ceiling_fails_at_once(hostile: Hostile, retry_after: str, asked: str) -> None:
    if retry_after == "a day ahead":  # dated when the test runs, not when it was collected
        retry_after = email.utils.formatdate(time.time() + 86_400, usegmt=True)
    body = b'{"error_code": "APIGW.0308", "error_msg": "The throttling threshold has been reached"}'
    server = hostile(replying(429, body, {"Retry-After": retry_after}))
    error = _failure(server, retry=RetryPolicy(deadline=None), concurrency=4)  # no deadline at all
    assert isinstance(error, ThrottledError)
    assert re.search(f"the server asked to wait {asked}", str(error))
    assert "(Retry-After), more than the 60 s ceiling" in str(error)
    assert len(server.requests) == 1


def test_a_retry_after_past_the_deadline_fails_at_once(hostile: Hostile) -> None:
    server = hostile(replying(503, b'{"error_msg": "busy"}', {"Retry-After": "50"}))
    error = _failure(server, retry=RetryPolicy(deadline=10.0))
    assert isinstance(error, ServerError)
    assert "the server asked to wait 50 s (Retry-After), past the operation's deadline" in str(error)
    assert len(server.requests) == 1


def test_a_listing_throttled_mid_way_does_not_idle_behind_the_gate(hostile: Hostile) -> None:
    tasks = [{"task_name": f"t{i}", "status": "Yes"} for i in range(100)]
    first = json.dumps({"total_count": 1000, "replications": tasks}).encode()
    throttled = b'{"error_code": "APIGW.0308", "error_msg": "throttled"}'

    async def respond(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        if "offset=0&" in request.target or request.target.endswith("offset=0"):
            writer.write(answer(200, first))
        else:
            writer.write(answer(429, throttled, {"Retry-After": "3600"}))
        await writer.drain()

    server = hostile(respond)
    error = _failure(server)
    assert isinstance(error, ThrottledError)
    assert "asked to wait 3600 s" in str(error)
    assert len(server.requests) <= 1 + 16  # page 0, then one wave at most: nobody waits an hour


# -- time -----------------------------------------------------------------------------------------


async def _drip(_request: RawRequest, writer: asyncio.StreamWriter) -> None:
    writer.write(head(200, {"Content-Type": "application/json", "Content-Length": "100000"}))
    while True:
        writer.write(b" ")
        await writer.drain()
        await asyncio.sleep(0.05)  # the server's own pace: a byte well within httpx's read timeout


def test_a_slow_drip_body_is_bounded_by_the_request_timeout(hostile: Hostile) -> None:
    server = hostile(_drip)
    error = _failure(server, timeout=0.4, retry=RetryPolicy(max_attempts=2, base_delay=0.0, deadline=60.0))
    assert isinstance(error, RequestTimeoutError)
    assert "no complete answer within the 0.4 s request timeout" in str(error)
    assert "deadline" not in str(error)
    assert len(server.requests) == 2


def test_a_closed_port_is_named_with_the_attempts() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        ReplicationClient(
            project_id=PROJECT,
            auth=TokenAuth("hostile-test-token-0001"),
            endpoint=f"http://127.0.0.1:{port}",
            config=ClientConfig(retry=NO_RUSH, seed=0),
        ) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.list_replications(INSTANCE)
    assert str(caught.value) == (
        f"GET page offset=0 limit=100: connection refused at 127.0.0.1:{port} after 3 attempts"
    )
    assert caught.value.attempts == 3


# -- bodies that break Python's parser ----------------------------------------------------------


@pytest.mark.parametrize("status", [200, 500])
def test_json_nested_200000_deep_is_a_typed_error(hostile: Hostile, status: int) -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    server = hostile(replying(status, deep))
    error = _failure(server)
    if status == 200:
        assert isinstance(error, MalformedResponseError)
        assert "nested deeper than the client parses" in str(error)
        assert len(server.requests) == 1
    else:
        assert isinstance(error, ServerError)
        assert len(server.requests) == 3


@pytest.mark.parametrize(
    "total", [b"1" + b"0" * 4999, b'"' + b"1" + b"0" * 4999 + b'"'], ids=["number", "string"]
)
def test_a_total_count_of_5000_digits_is_a_typed_error_not_retried(hostile: Hostile, total: bytes) -> None:
    body = b'{"total_count": ' + total + b', "replications": []}'
    server = hostile(replying(200, body))
    error = _failure(server)
    assert isinstance(error, MalformedResponseError)
    assert "4300" in str(error)  # Python's limit on the digits of an integer
    assert "cut short" not in str(error)
    assert len(server.requests) == 1


def test_numbers_past_a_float_s_range_are_unreadable_and_kept(hostile: Hostile) -> None:
    """json.loads reads integers of up to 4,300 digits; float() of one past 1e308 overflows: no
    value, and the number as sent stays in ``extra`` with the reason."""
    huge = b"9" * 400
    body = b'{"total_count": 1, "replications": [{"task_name": "t", "percentage": ' + huge
    body += b', "catchup_percentage": "' + huge + b'", "x": ' + huge + b"}]}"
    server = hostile(replying(200, body))
    with _client(server) as client:
        [task] = client.list_replications(INSTANCE)
    assert (task.percentage, task.catchup_percentage) == (None, None)
    assert task.extra == {"x": int(huge), "percentage": int(huge), "catchup_percentage": huge.decode()}
    assert set(task.unreadable) == {"percentage", "catchup_percentage"}
    assert task.unreadable["percentage"].startswith("expected a number, got 999")


@pytest.mark.parametrize("items", [b"[null]", b'["t1"]', b"[[1, 2]]", b'{"task_name": "t"}'])
def test_replications_that_are_not_objects_are_a_typed_error_not_retried(
    hostile: Hostile, items: bytes
) -> None:
    server = hostile(replying(200, b'{"total_count": 1, "replications": ' + items + b"}"))
    error = _failure(server)
    assert isinstance(error, MalformedResponseError)
    assert "'replications' is not a list of objects" in str(error)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        (b'"bad\\ud800name"', "bad\ufffdname"),
        (b'"bad\\udc00"', "bad\ufffd"),
        (b'"\xed\xa0\x80x"', "\ufffdx"),  # the surrogate as raw (invalid) UTF-8 bytes
        (b'"smile \\ud83d\\ude00"', "smile \U0001f600"),  # a valid pair is one character
    ],
)
def test_lone_surrogates_become_the_replacement_character(
    hostile: Hostile, wire: bytes, expected: str
) -> None:
    body = (
        b'{"total_count": 1, "replications": [{"task_name": '
        + wire
        + b', "status": "Yes", "x": '
        + wire
        + b"}]}"
    )
    server = hostile(replying(200, body))
    with _client(server) as client:
        [task] = client.list_replications(INSTANCE)
    assert task.task_name == expected
    assert task.extra == {"x": expected}
    json.dumps(task.to_dict(), ensure_ascii=False).encode("utf-8")  # what a CLI writes: no crash


# -- secrets --------------------------------------------------------------------------------------


@pytest.mark.parametrize("json_body", [True, False], ids=["json", "html"])
def test_an_echoed_authorization_header_is_redacted_whole(
    hostile: Hostile, caplog: pytest.LogCaptureFixture, json_body: bool
) -> None:
    async def echo(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        sent = request.headers["authorization"]
        if json_body:
            body = json.dumps(
                {"error_code": "APIGW.0301", "error_msg": f"bad request, Authorization: {sent}"}
            )
        else:
            body = f"<html><pre>{json.dumps({'Authorization': sent})}</pre></html>"
        writer.write(answer(401, body.encode()))
        await writer.drain()

    server = hostile(echo)
    caplog.set_level(logging.DEBUG)
    error = _failure(
        server, auth=AkSkAuth("HOSTILEACCESSKEY0001", "hostile-secret-key-000000000000000000001")
    )
    sent = server.requests[0].headers["authorization"]
    signature = sent.rsplit("Signature=", 1)[1]
    assert len(signature) == 64
    shown = str(error) + "\n" + caplog.text
    assert signature not in shown
    assert "HOSTILEACCESSKEY0001" not in shown
    assert "hostile-secret-key" not in shown
    assert "***" in str(error)


@pytest.mark.parametrize(
    "endpoint", ["http://u:p@[::zz]/", "http://127.0.0.1:99999", "http://user:PW-s3cr3t@127.0.0.1:8790"]
)
def test_a_bad_or_credential_carrying_endpoint_is_a_validation_error(endpoint: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ReplicationClient(project_id=PROJECT, auth=TokenAuth("hostile-test-token-0001"), endpoint=endpoint)
    assert caught.value.field == "endpoint"
    with pytest.raises(ValidationError) as resolved:
        resolve_settings(environ={}, endpoint=endpoint, project_id=PROJECT, token="hostile-test-token-0001")
    for text in (str(caught.value), str(resolved.value), repr(caught.value)):
        assert "PW-s3cr3t" not in text


def test_raw_deflate_without_a_zlib_header_is_read_as_httpx_reads_it(hostile: Hostile) -> None:
    page = json.dumps({"total_count": 1, "replications": [{"task_name": "raw"}]}).encode()
    squeezer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: no zlib header
    raw = squeezer.compress(page) + squeezer.flush()
    server = hostile(replying(200, raw, {"Content-Encoding": "deflate"}))
    with _client(server) as client:
        assert [task.task_name for task in client.list_replications(INSTANCE)] == ["raw"]


def test_a_200_that_is_not_json_names_its_content_type_and_is_not_retried(hostile: Hostile) -> None:
    portal = b"<html><title>Sign in to the hotel Wi-Fi</title></html>"
    server = hostile(replying(200, portal, {"Content-Type": "text/html; charset=utf-8"}))
    error = _failure(server)
    assert isinstance(error, MalformedResponseError)
    assert "the body is text/html, not JSON" in str(error)
    assert "cut short" not in str(error)
    assert len(server.requests) == 1  # a portal's page is the same on every try


def test_a_json_200_cut_short_is_still_retried(hostile: Hostile) -> None:
    server = hostile(replying(200, b'{"total_count": 1, "replicat'))
    error = _failure(server)
    assert isinstance(error, MalformedResponseError)
    assert "cut short" in str(error)
    assert len(server.requests) == NO_RUSH.max_attempts


def test_a_redirect_is_not_followed_and_names_status_and_masked_location(hostile: Hostile) -> None:
    foreign = hostile(replying(200, b'{"total_count": 0, "replications": []}'))
    target = f"{foreign.url}/login?ticket=s3cr3t-ticket&next=/"
    server = hostile(replying(302, b"Moved", {"Location": target, "Content-Type": "text/plain"}))
    error = _failure(server)
    assert isinstance(error, RedirectError)
    assert error.status == 302
    assert error.location == f"{foreign.url}/login?***"
    assert f"HTTP 302 redirect to {foreign.url}/login?***, not followed" in str(error)
    assert "s3cr3t-ticket" not in str(error)
    assert len(server.requests) == 1
    assert foreign.requests == []  # no other host ever receives a request, so no credential
