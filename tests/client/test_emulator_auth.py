"""Every auth mode end to end against the emulator's gateway and IAM."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, FakeClock
from taurusdb_replication import (
    AkSkAuth,
    AuthenticationError,
    IamPasswordAuth,
    PermissionDeniedError,
    ReplicationClient,
    TokenAuth,
)

from .conftest import ClientFactory, fast_config, replication_requests

EmulatorFactory = Any
DAY = 24 * 3600


def _iam(server: EmulatorServer, **changes: Any) -> IamPasswordAuth:
    args: dict[str, Any] = {
        "user_name": server.iam_user,
        "password": server.iam_password,
        "domain_name": server.iam_domain,
        "iam_endpoint": server.url,
        "project_id": server.project_id,
    }
    args.update(changes)
    return IamPasswordAuth(
        args.pop("user_name"),
        args.pop("password"),
        args.pop("domain_name"),
        iam_endpoint=args.pop("iam_endpoint"),
        **args,
    )


def test_token(taurusdb_emulator: EmulatorServer, client_for: ClientFactory) -> None:
    client = client_for(taurusdb_emulator, auth=TokenAuth(taurusdb_emulator.issue_token()))
    assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7


def test_aksk(taurusdb_emulator: EmulatorServer, client_for: ClientFactory) -> None:
    auth = AkSkAuth(taurusdb_emulator.access_key, taurusdb_emulator.secret_key)
    assert len(client_for(taurusdb_emulator, auth=auth).list_replications(DEMO_INSTANCE_ID)) == 7


def test_aksk_with_a_security_token(
    taurusdb_emulator_factory: EmulatorFactory, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator_factory(security_token="temporary-session-token-123")
    good = AkSkAuth(server.access_key, server.secret_key, "temporary-session-token-123")
    assert len(client_for(server, auth=good).list_replications(DEMO_INSTANCE_ID)) == 7
    without = AkSkAuth(server.access_key, server.secret_key)
    with pytest.raises(AuthenticationError):
        client_for(server, auth=without).list_replications(DEMO_INSTANCE_ID)


@pytest.mark.parametrize("scope", ["project_id", "project_name"])
def test_iam_password_fetches_one_token_and_reuses_it(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory, scope: str
) -> None:
    server = taurusdb_emulator
    auth = (
        _iam(server)
        if scope == "project_id"
        else _iam(server, project_id=None, project_name=server.project_name)
    )
    client = client_for(server, auth=auth)
    for _ in range(3):
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert auth.fetches == 1
    assert [e.path for e in server.request_log].count("/v3/auth/tokens") == 1


def test_iam_password_refreshes_once_on_401(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator
    auth = _iam(server)  # its own clock still says the token is fresh after the server's day passes
    client = client_for(server, auth=auth)
    client.list_replications(DEMO_INSTANCE_ID)
    server.advance(DAY + 60)  # the emulator now rejects the cached token
    assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert auth.fetches == 2
    statuses = [e.status for e in replication_requests(server)]
    assert statuses == [200, 401, 200]


def test_iam_password_invalidate_makes_the_next_request_fetch_a_new_token(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator
    auth = _iam(server)
    client = client_for(server, auth=auth)
    client.list_replications(DEMO_INSTANCE_ID)
    first = auth.secrets
    auth.invalidate()
    assert auth.secrets == first  # forgotten for requests, still blanked (a server may echo it)
    assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert auth.fetches == 2
    assert 401 not in [e.status for e in replication_requests(server)]  # fetched up front, not on a 401
    assert auth.secrets[:2] == first
    assert len(auth.secrets) == 3  # the new token is blanked too


def test_iam_password_refreshes_before_expiry_by_its_own_clock(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    server = taurusdb_emulator
    assert isinstance(server.clock, FakeClock)
    auth = _iam(server, clock=server.now)
    client = client_for(server, auth=auth)
    client.list_replications(DEMO_INSTANCE_ID)
    server.advance(DAY - 100)  # inside the refresh margin: refetch without a 401
    client.list_replications(DEMO_INSTANCE_ID)
    assert auth.fetches == 2
    assert 401 not in [e.status for e in replication_requests(server)]


def test_concurrent_first_requests_share_one_token_fetch(taurusdb_emulator: EmulatorServer) -> None:
    server = taurusdb_emulator
    auth = _iam(server)

    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.url, auth=auth) as http:
            path = f"/v3/{server.project_id}/instances/{DEMO_INSTANCE_ID}/starrocks/databases/replication"
            answers = await asyncio.gather(*(http.get(path) for _ in range(8)))
        assert {a.status_code for a in answers} == {200}

    asyncio.run(scenario())
    assert auth.fetches == 1


def test_iam_password_also_works_with_a_plain_sync_httpx_client(taurusdb_emulator: EmulatorServer) -> None:
    server = taurusdb_emulator
    auth = _iam(server)
    with httpx.Client(base_url=server.url, auth=auth) as http:
        path = f"/v3/{server.project_id}/instances/{DEMO_INSTANCE_ID}/starrocks/databases/replication"
        assert http.get(path).status_code == 200
        server.advance(DAY + 60)
        assert http.get(path).status_code == 200
    assert auth.fetches == 2


def test_a_wrong_password_is_an_authentication_error(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    client = client_for(taurusdb_emulator, auth=_iam(taurusdb_emulator, password="not-the-password"))
    with pytest.raises(AuthenticationError) as caught:
        client.list_replications(DEMO_INSTANCE_ID)
    assert caught.value.status == 401
    assert str(caught.value).startswith("IAM token request failed")  # IAM's code is the status
    assert caught.value.error_code is None
    assert "not-the-password" not in str(caught.value)


def test_a_wrong_secret_key_fails_once_without_retries(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    # Retrying a bad signature would walk into the gateway's lock-out after 5 failures.
    client = client_for(taurusdb_emulator, auth=AkSkAuth(taurusdb_emulator.access_key, "wrong-secret-key"))
    with pytest.raises(AuthenticationError) as caught:
        client.list_replications(DEMO_INSTANCE_ID)
    assert caught.value.error_code == "APIGW.0301"
    assert len(replication_requests(taurusdb_emulator)) == 1


def test_an_expired_token_is_an_authentication_error(
    taurusdb_emulator: EmulatorServer, client_for: ClientFactory
) -> None:
    client = client_for(taurusdb_emulator, auth=TokenAuth(taurusdb_emulator.issue_token(ttl_seconds=10)))
    taurusdb_emulator.advance(11)
    with pytest.raises(AuthenticationError):
        client.list_replications(DEMO_INSTANCE_ID)


def test_another_project_is_forbidden(taurusdb_emulator: EmulatorServer) -> None:
    with (
        ReplicationClient(
            project_id="f" * 32,
            auth=TokenAuth(taurusdb_emulator.issue_token()),
            endpoint=taurusdb_emulator.url,
            config=fast_config(),
        ) as client,
        pytest.raises(PermissionDeniedError) as caught,
    ):
        client.list_replications(DEMO_INSTANCE_ID)
    assert caught.value.status == 403


def test_from_env_with_every_source(taurusdb_emulator: EmulatorServer, tmp_path: Any) -> None:
    server = taurusdb_emulator
    profile = tmp_path / "credentials"
    profile.write_text(
        f"[basic]\nak = {server.access_key}\nsk = {server.secret_key}\nproject_id = {server.project_id}\n"
    )
    environments = [
        {
            "HW_ACCESS_KEY": server.access_key,
            "HW_SECRET_KEY": server.secret_key,
            "HW_PROJECT_ID": server.project_id,
        },
        {"HW_AUTH_TOKEN": server.issue_token(), "HW_PROJECT_ID": server.project_id},
        {
            "HW_USER_NAME": server.iam_user,
            "HW_USER_PASSWORD": server.iam_password,
            "HW_DOMAIN_NAME": server.iam_domain,
            "HW_PROJECT_ID": server.project_id,
            "HW_AUTH_URL": server.iam_url,  # configured: the client never guesses IAM from the endpoint
        },
        {
            "HUAWEICLOUD_SDK_AK": server.access_key,
            "HUAWEICLOUD_SDK_SK": server.secret_key,
            "HUAWEICLOUD_SDK_PROJECT_ID": server.project_id,
        },
        {"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(profile)},
    ]
    for env in environments:
        full = {"HOME": str(tmp_path), "TAURUSDB_ENDPOINT": server.url, **env}
        with ReplicationClient.from_env(environ=full) as client:
            assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7, env
