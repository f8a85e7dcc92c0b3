"""The gateway's authentication: tokens, the emulated IAM and AK/SK signatures (api-facts 4, 5, 8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from taurusdb_emulator import EmulatorServer, FakeClock
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page, replication_url, signed_headers


def assert_401(response: httpx.Response, reason: str) -> None:
    assert response.status_code == 401, response.text
    body = response.json()
    assert body["error_code"] == "APIGW.0301"
    assert body["request_id"] == response.headers["X-Request-Id"]
    assert body["error_msg"].startswith("Incorrect IAM authentication information")
    assert reason in body["error_msg"]


# Tokens ---------------------------------------------------------------------------------------


def test_no_credentials(emulator: EmulatorServer, http: httpx.Client) -> None:
    assert_401(http.get(replication_url(emulator)), "X-Auth-Token")


def test_unknown_token(emulator: EmulatorServer, http: httpx.Client) -> None:
    assert_401(get_page(http, emulator, "MIInot-a-token"), "not a token this service issued")


def test_token_expires_on_the_emulated_clock(emulator: EmulatorServer, http: httpx.Client) -> None:
    token = emulator.issue_token(ttl_seconds=60)
    assert get_page(http, emulator, token).status_code == 200
    emulator.advance(59.9)
    assert get_page(http, emulator, token).status_code == 200
    emulator.advance(0.1)
    assert_401(get_page(http, emulator, token), "expired")


def test_tokens_last_a_day_by_default(emulator: EmulatorServer, http: httpx.Client, token: str) -> None:
    emulator.advance(86_399)
    assert get_page(http, emulator, token).status_code == 200
    emulator.advance(1)
    assert_401(get_page(http, emulator, token), "expired")


def test_issue_token_rejects_a_bad_ttl(emulator: EmulatorServer) -> None:
    with pytest.raises(ValueError, match="ttl_seconds"):
        emulator.issue_token(ttl_seconds=0)


# IAM ------------------------------------------------------------------------------------------


def iam_body(server: EmulatorServer, **overrides: Any) -> dict[str, Any]:
    user = {"name": server.iam_user, "password": server.iam_password, "domain": {"name": server.iam_domain}}
    user.update(overrides)
    return {
        "auth": {
            "identity": {"methods": ["password"], "password": {"user": user}},
            "scope": {"project": {"name": server.project_name}},
        }
    }


def test_iam_password_login_gives_a_working_token(emulator: EmulatorServer, http: httpx.Client) -> None:
    response = http.post(emulator.iam_url, json=iam_body(emulator))
    assert response.status_code == 201
    token = response.headers["X-Subject-Token"]
    expires = datetime.strptime(response.json()["token"]["expires_at"], "%Y-%m-%dT%H:%M:%S.%fZ")
    now = datetime.fromtimestamp(emulator.now(), UTC).replace(tzinfo=None)
    assert timedelta(hours=23, minutes=59) < expires - now <= timedelta(hours=24)
    assert response.json()["token"]["project"]["id"] == emulator.project_id
    assert get_page(http, emulator, token).status_code == 200


def test_iam_scope_by_project_id(emulator: EmulatorServer, http: httpx.Client) -> None:
    body = iam_body(emulator)
    body["auth"]["scope"] = {"project": {"id": emulator.project_id}}
    assert http.post(emulator.iam_url, json=body).status_code == 201


def test_iam_wrong_password(emulator: EmulatorServer, http: httpx.Client) -> None:
    response = http.post(emulator.iam_url, json=iam_body(emulator, password="nope"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == 401
    assert "X-Subject-Token" not in response.headers


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "JSON"),
        (b"[]", "methods"),
        (b'{"auth": {"identity": {"methods": ["token"]}}}', "methods"),
        (b'{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": 1}}}}}', "name"),
    ],
)
def test_iam_malformed_bodies(
    emulator: EmulatorServer, http: httpx.Client, body: bytes, message: str
) -> None:
    response = http.post(emulator.iam_url, content=body)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_iam_unknown_project(emulator: EmulatorServer, http: httpx.Client) -> None:
    body = iam_body(emulator)
    body["auth"]["scope"] = {"project": {"name": "eu-west-101"}}
    assert http.post(emulator.iam_url, json=body).status_code == 400


# AK/SK ----------------------------------------------------------------------------------------


def test_signed_request_is_accepted(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    params = {"limit": 2, "offset": 1}
    response = http.get(url, params=params, headers=signed_headers(emulator, url, params=params))
    assert response.status_code == 200, response.text
    assert len(response.json()["replications"]) == 2


def test_wrong_secret_key(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    response = http.get(url, headers=signed_headers(emulator, url, secret_key="wrong"))
    assert_401(response, "signature")


def test_a_changed_query_breaks_the_signature(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    headers = signed_headers(emulator, url, params={"limit": 1})
    assert_401(http.get(url, params={"limit": 2}, headers=headers), "signature")


def test_unknown_access_key(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    assert_401(http.get(url, headers=signed_headers(emulator, url, access_key="NOPE")), "access key")


def test_malformed_authorization(emulator: EmulatorServer, http: httpx.Client) -> None:
    response = http.get(replication_url(emulator), headers={"Authorization": "Bearer abc"})
    assert_401(response, "SDK-HMAC-SHA256")


@pytest.mark.parametrize(("skew", "accepted"), [(-899, True), (899, True), (-901, False), (901, False)])
def test_clock_skew_window_is_15_minutes(
    emulator: EmulatorServer, http: httpx.Client, skew: int, accepted: bool
) -> None:
    url = replication_url(emulator)
    when = datetime.fromtimestamp(emulator.now(), UTC) + timedelta(seconds=skew)
    response = http.get(url, headers=signed_headers(emulator, url, when=when))
    if accepted:
        assert response.status_code == 200
    else:
        assert_401(response, "15 minutes")


def test_unsigned_date_header_is_refused(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    headers = signed_headers(emulator, url)
    headers["Authorization"] = headers["Authorization"].replace(
        "host;x-project-id;x-sdk-date", "host;x-project-id"
    )
    assert_401(http.get(url, headers=headers), "x-sdk-date")


def test_lock_out_after_five_failures_for_five_minutes(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    for _ in range(5):
        assert_401(http.get(url, headers=signed_headers(emulator, url, secret_key="bad")), "signature")
    # Now even a correct signature is refused until five minutes have passed.
    assert_401(http.get(url, headers=signed_headers(emulator, url)), "locked")
    emulator.advance(299)
    assert_401(http.get(url, headers=signed_headers(emulator, url)), "locked")
    emulator.advance(1)
    assert http.get(url, headers=signed_headers(emulator, url)).status_code == 200


def test_a_success_resets_the_failure_count(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    for _ in range(4):
        http.get(url, headers=signed_headers(emulator, url, secret_key="bad"))
    assert http.get(url, headers=signed_headers(emulator, url)).status_code == 200
    for _ in range(4):
        http.get(url, headers=signed_headers(emulator, url, secret_key="bad"))
    assert http.get(url, headers=signed_headers(emulator, url)).status_code == 200


def test_tokens_still_work_while_the_key_is_locked(
    emulator: EmulatorServer, http: httpx.Client, token: str
) -> None:
    url = replication_url(emulator)
    for _ in range(5):
        http.get(url, headers=signed_headers(emulator, url, secret_key="bad"))
    assert get_page(http, emulator, token).status_code == 200


def test_security_token_on_a_permanent_key_is_refused(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    headers = signed_headers(emulator, url, extra={"X-Security-Token": "whatever"})
    assert_401(http.get(url, headers=headers), "permanent")


@pytest.fixture
def temporary(taurusdb_emulator_factory: EmulatorFactory) -> EmulatorServer:
    return taurusdb_emulator_factory(clock=FakeClock(), security_token="sts-token-123")


def test_temporary_key_needs_its_signed_security_token(temporary: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(temporary)
    good = signed_headers(temporary, url, extra={"X-Security-Token": "sts-token-123"})
    assert http.get(url, headers=good).status_code == 200
    assert_401(http.get(url, headers=signed_headers(temporary, url)), "X-Security-Token")
    wrong = signed_headers(temporary, url, extra={"X-Security-Token": "other"})
    assert_401(http.get(url, headers=wrong), "does not belong")


def test_secrets_never_appear_in_answers_or_reprs(emulator: EmulatorServer, http: httpx.Client) -> None:
    url = replication_url(emulator)
    token = emulator.issue_token()
    answers = [
        http.get(url, headers=signed_headers(emulator, url, secret_key="bad")).text,
        http.get(url, headers={"X-Auth-Token": token + "x"}).text,
        http.post(emulator.iam_url, json=iam_body(emulator, password="wrong")).text,
        repr(emulator),
        repr(emulator._key),
    ]
    for text in answers:
        assert emulator.secret_key not in text
        assert emulator.iam_password not in text
        assert token not in text
