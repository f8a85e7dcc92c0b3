"""Answers become typed errors with the status and request id; only transient ones are retried.

Single-function tests of the response mapping, so they use httpx.MockTransport to produce
exact bodies and statuses (the emulator cannot send e.g. status 520); the same paths are
exercised against the emulator in test_emulator_faults.py.
"""

from __future__ import annotations

import pickle
import random
from collections.abc import Callable, Iterator

import httpx
import pytest
from taurusdb_replication import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    InconsistentListingError,
    InstanceNotFoundError,
    MalformedResponseError,
    PermissionDeniedError,
    ReplicationClient,
    RequestTimeoutError,
    RetryPolicy,
    ServerError,
    TaurusDBError,
    ThrottledError,
    TokenAuth,
    TransportError,
    ValidationError,
    is_transient,
)
from taurusdb_replication._retry import Deadline
from taurusdb_replication._transport import retry_after_seconds

from .conftest import INSTANCE, fast_config

PROJECT = "0123456789abcdef0123456789abcdef"
HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
PAGE = {"total_count": 1, "replications": [{"task_name": "t1", "status": "Yes"}]}

Serve = Callable[[list[httpx.Response]], tuple[ReplicationClient, list[httpx.Request]]]


@pytest.fixture
def serve() -> Iterator[Serve]:
    """A client whose transport answers with the given responses in turn (the last repeats)."""
    clients: list[ReplicationClient] = []

    def make(answers: list[httpx.Response]) -> tuple[ReplicationClient, list[httpx.Request]]:
        sent: list[httpx.Request] = []

        def handler(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return answers[min(len(sent), len(answers)) - 1]

        client = ReplicationClient(
            project_id=PROJECT,
            auth=TokenAuth("s3cr3t-token"),
            endpoint="https://h.example",
            config=fast_config(),
            transport=httpx.MockTransport(handler),
        )
        clients.append(client)
        return client, sent

    yield make
    for client in clients:
        client.close()


def _error(status: int, code: str, msg: str, request_id: str = "rid-1", **headers: str) -> httpx.Response:
    return httpx.Response(
        status, json={"error_code": code, "error_msg": msg}, headers={"X-Request-Id": request_id, **headers}
    )


@pytest.mark.parametrize(
    ("response", "kind"),
    [
        (_error(400, "DBS.200022", "Instance not found."), InstanceNotFoundError),
        (_error(400, "DBS.200001", "Invalid parameter limit"), BadRequestError),
        (_error(401, "APIGW.0301", "Incorrect IAM authentication information"), AuthenticationError),
        (_error(403, "APIGW.0302", "forbidden"), PermissionDeniedError),
        (_error(404, "APIGW.0101", "The API does not exist"), ApiError),
        (_error(405, "APIGW.0101", "method"), ApiError),
    ],
)
def test_client_errors_are_typed_and_never_retried(
    serve: Serve, response: httpx.Response, kind: type[ApiError]
) -> None:
    client, sent = serve([response])
    with pytest.raises(kind) as caught:
        client.list_replications(INSTANCE)
    error = caught.value
    assert type(error) is kind
    assert error.status == response.status_code
    assert error.request_id == "rid-1"
    assert "rid-1" in str(error)
    assert error.error_code is not None
    assert error.error_code in str(error)
    assert len(sent) == 1


def test_html_bodies_give_a_short_clean_excerpt(serve: Serve) -> None:
    client, sent = serve([httpx.Response(502, content=HTML_502, headers={"X-Request-Id": "rid-html"})])
    with pytest.raises(ServerError) as caught:
        client.list_replications(INSTANCE)
    text = str(caught.value)
    assert "502 Bad Gateway" in text
    assert "<" not in text
    assert "rid-html" in text
    assert caught.value.excerpt is not None
    assert len(caught.value.excerpt) <= 160
    assert len(sent) == FAST_ATTEMPTS


FAST_ATTEMPTS = fast_config().retry.max_attempts


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_retried_then_succeed(serve: Serve, status: int) -> None:
    client, sent = serve([httpx.Response(status, content=b"oops"), httpx.Response(200, json=PAGE)])
    assert [r.task_name for r in client.list_replications(INSTANCE)] == ["t1"]
    assert len(sent) == 2


def test_an_html_500_on_a_documented_json_status_keeps_status_and_request_id(serve: Serve) -> None:
    # The generated code raises JSONDecodeError here; the client must still know the status.
    client, _ = serve([httpx.Response(500, content=HTML_502, headers={"X-Request-Id": "rid-500"})])
    with pytest.raises(ServerError) as caught:
        client.list_replications(INSTANCE)
    assert caught.value.status == 500
    assert caught.value.request_id == "rid-500"


@pytest.mark.parametrize("status", [499, 520, 599])
def test_non_standard_statuses_keep_status_and_request_id(serve: Serve, status: int) -> None:
    # HTTPStatus(520) raises ValueError inside the generated code.
    client, sent = serve([httpx.Response(status, content=b"weird", headers={"X-Request-Id": "rid-x"})])
    with pytest.raises(ApiError) as caught:
        client.list_replications(INSTANCE)
    assert caught.value.status == status
    assert caught.value.request_id == "rid-x"
    assert isinstance(caught.value, ServerError) == (status >= 500)
    assert len(sent) == 1  # only 429/500/502/503/504 are retried


def test_truncated_success_bodies_are_retried(serve: Serve) -> None:
    truncated = httpx.Response(
        200, content=b'{"total_count": 1, "replicat', headers={"X-Request-Id": "rid-t"}
    )
    client, sent = serve([truncated, httpx.Response(200, json=PAGE)])
    assert len(client.list_replications(INSTANCE)) == 1
    assert len(sent) == 2


def test_persistently_truncated_bodies_end_in_a_typed_error(serve: Serve) -> None:
    client, _ = serve(
        [httpx.Response(200, content=b'{"total_count": 1, "rep', headers={"X-Request-Id": "rid-t"})]
    )
    with pytest.raises(MalformedResponseError) as caught:
        client.list_replications(INSTANCE)
    assert caught.value.cut_short
    assert RetryPolicy().retryable(caught.value)
    assert "rid-t" in str(caught.value)
    assert f"after {FAST_ATTEMPTS} attempts" in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b'"text"', b'{"total_count": 1, "replications": ["not an object"]}', b"123"],
)
def test_json_of_the_wrong_shape_is_not_retried(serve: Serve, body: bytes) -> None:
    client, sent = serve([httpx.Response(200, content=body)])
    with pytest.raises(MalformedResponseError):
        client.list_replications(INSTANCE)
    assert len(sent) == 1


def test_throttling_is_retried_and_reported_with_retry_after(serve: Serve) -> None:
    throttled = _error(429, "APIGW.0308", "The throttling threshold has been reached", **{"Retry-After": "0"})
    client, sent = serve([throttled, httpx.Response(200, json=PAGE)])
    assert len(client.list_replications(INSTANCE)) == 1
    assert len(sent) == 2


def test_connection_errors_are_retried_then_typed() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("connection refused", request=request)

    with (
        ReplicationClient(
            project_id=PROJECT,
            auth=TokenAuth("s3cr3t-token"),
            endpoint="https://h.example",
            config=fast_config(),
            transport=httpx.MockTransport(handler),
        ) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.list_replications(INSTANCE)
    assert str(caught.value) == (
        f"GET page offset=0 limit=100: ConnectError: connection refused at h.example:443 "
        f"after {FAST_ATTEMPTS} attempts"
    )
    assert len(calls) == FAST_ATTEMPTS


def test_timeouts_are_typed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with (
        ReplicationClient(
            project_id=PROJECT,
            auth=TokenAuth("s3cr3t-token"),
            endpoint="https://h.example",
            config=fast_config(retry=RetryPolicy(max_attempts=2, base_delay=0.0)),
            transport=httpx.MockTransport(handler),
        ) as client,
        pytest.raises(RequestTimeoutError),
    ):
        client.list_replications(INSTANCE)


def test_every_error_is_one_hierarchy_and_pickles() -> None:
    error = ThrottledError(429, "APIGW.0308", "slow down", "rid-9", excerpt=None)
    assert isinstance(error, ApiError)
    assert isinstance(error, TaurusDBError)
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)
    assert str(clone) == str(error)
    assert type(clone) is ThrottledError
    error.retry_after = 99_999.0
    error.gave_up_after(3, "the server asked to wait 99999 s (Retry-After), more than the 60 s ceiling")
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)
    assert str(clone) == str(error)
    assert "after 3 attempts" in str(clone)
    assert (clone.attempts, clone.retry_after) == (3, 99_999.0)
    malformed = MalformedResponseError(200, "rid", reason="cut", excerpt="{", cut_short=True)
    assert str(pickle.loads(pickle.dumps(malformed)))  # noqa: S301 (our own bytes) == str(malformed)


# -- the retry policy as a value ---------------------------------------------------------------


def test_backoff_is_full_jitter_within_an_exponential_cap() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=4.0)
    rng = random.Random(1)
    for failures, cap in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (9, 4.0)]:
        samples = [policy.backoff(failures, rng) for _ in range(200)]
        assert all(0.0 <= s <= cap for s in samples)
        assert max(samples) > cap * 0.8  # the whole range is used, not a fixed delay


def test_retry_after_is_honoured_up_to_the_ceiling() -> None:
    policy = RetryPolicy(base_delay=0.1, max_delay=1.0, max_retry_after=30.0)
    error = ThrottledError(429, "APIGW.0308", "slow", "rid", excerpt=None)
    error.retry_after = 3.0
    waits = [policy.next_wait(error, 1, random.Random(s), Deadline(None)) for s in range(50)]
    assert all(w is not None and 3.0 <= w <= 3.1 for w in waits)
    error.retry_after = 31.0
    assert policy.next_wait(error, 1, random.Random(0), Deadline(None)) is None
    assert "the server asked to wait 31 s (Retry-After), more than the 30 s ceiling" in str(error)


def test_a_retry_after_past_the_deadline_is_not_waited_for() -> None:
    error = ServerError(503, None, "busy", "rid")
    error.retry_after = 20.0
    assert RetryPolicy().next_wait(error, 1, random.Random(0), Deadline(5.0)) is None
    assert "the server asked to wait 20 s (Retry-After), past the operation's deadline" in str(error)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2", 2.0), ("0.5", 0.5), ("-1", 0.0), ("", None), (None, None), ("soon", None)],
)
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value) == expected


def test_retry_after_as_an_http_date() -> None:
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=lambda: 1445412470.0) == 10.0


def test_one_attempt_budget_for_every_retryable_answer() -> None:
    policy = RetryPolicy(max_attempts=3, base_delay=0.0)
    rng, unbounded = random.Random(0), Deadline(None)
    for error in (ServerError(503, None, None, None), ThrottledError(429, None, None, None)):
        assert policy.next_wait(error, 2, rng, unbounded) is not None
        assert policy.next_wait(error, 3, rng, unbounded) is None  # 429 included
    assert policy.next_wait(BadRequestError(400, None, None, None), 1, rng, unbounded) is None
    assert RetryPolicy.from_max_retries(0).max_attempts == 1


def test_retryable_statuses_live_on_the_policy() -> None:
    error = ApiError(409, None, "conflict", "rid")
    assert not RetryPolicy().retryable(error)
    assert RetryPolicy(retryable_statuses=frozenset({409})).retryable(error)
    assert not RetryPolicy(retryable_statuses=frozenset({409})).retryable(ServerError(503, None, None, None))
    with pytest.raises(ValidationError, match="retryable_statuses"):
        RetryPolicy(retryable_statuses=frozenset({99}))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ServerError(503, "APIGW.0202", "unavailable", "r1"), True),
        (ThrottledError(429, "APIGW.0308", "throttled", "r2"), True),
        (TransportError("connection reset"), True),
        (InconsistentListingError("kept changing"), True),
        (AuthenticationError(401, "APIGW.0301", "bad signature", "r3"), False),
        (InstanceNotFoundError(400, "DBS.200022", "Instance not found.", "r4"), False),
        (ConfigurationError("no region", missing=("region",), looked_at=("HW_REGION_NAME",)), False),
        (ValueError("not ours"), False),
    ],
)
def test_is_transient_separates_what_may_pass_later(error: BaseException, expected: bool) -> None:
    assert is_transient(error) is expected
