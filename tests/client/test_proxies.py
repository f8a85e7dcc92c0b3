"""Proxies through a real forward proxy on loopback (tests/client/forward_proxy.py).

HTTPS goes through a ``CONNECT`` tunnel to an endpoint host name that only the proxy can
resolve (the emulator behind TLS, its CA given with ``verify``), so a listing that works went
through the proxy, and the proxy saw no credential. Plain HTTP to loopback goes in absolute
form. Both come from the ``proxy`` option or the standard variables; a ``407`` is a typed
error naming the proxy without its credentials, and those credentials never show.
"""

from __future__ import annotations

import base64
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer
from taurusdb_replication import (
    ClientConfig,
    ProxyError,
    ReplicationClient,
    RetryPolicy,
    TokenAuth,
    TransportError,
    ValidationError,
)
from taurusdb_replication._proxies import ProxyRoutes

from .forward_proxy import ForwardProxy, TlsFront

HIDDEN_HOST = "taurusdb.proxy-only.test"
"""A name no resolver knows (``.test`` is reserved): only the proxy's table has it."""
ONE_TRY = RetryPolicy(max_attempts=1, deadline=30.0)
PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def _no_inherited_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_bundle(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer() as server:
        yield server


@pytest.fixture(scope="module")
def tls_front(emulator: EmulatorServer, ca: trustme.CA) -> Iterator[TlsFront]:
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HIDDEN_HOST).configure_cert(context)
    front = TlsFront(emulator.port, context).start()
    yield front
    front.stop()


def _proxy(
    hosts: dict[str, tuple[str, int]], credentials: tuple[str, str] | None = None
) -> Iterator[ForwardProxy]:
    proxy = ForwardProxy(hosts, credentials=credentials).start()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def proxy(tls_front: TlsFront, emulator: EmulatorServer) -> Iterator[ForwardProxy]:
    yield from _proxy(hosts={HIDDEN_HOST: ("127.0.0.1", tls_front.port), "127.0.0.1": ("127.0.0.1", 0)})


@pytest.fixture
def guarded_proxy(tls_front: TlsFront) -> Iterator[ForwardProxy]:
    hosts = {HIDDEN_HOST: ("127.0.0.1", tls_front.port), "127.0.0.1": ("127.0.0.1", 0)}
    yield from _proxy(hosts=hosts, credentials=("alice", "pr0xy-s3cret-pw"))


def _client(emulator: EmulatorServer, endpoint: str, ca_bundle: str, **config: object) -> ReplicationClient:
    return ReplicationClient(
        project_id=emulator.project_id,
        auth=TokenAuth(emulator.issue_token()),
        endpoint=endpoint,
        config=ClientConfig(verify=ca_bundle, retry=ONE_TRY, **config),  # type: ignore[arg-type]
    )


def _https(tls_front: TlsFront) -> str:
    return f"https://{HIDDEN_HOST}:{tls_front.port}"


def test_https_goes_through_a_connect_tunnel_of_the_proxy_option_and_the_proxy_sees_no_credential(
    emulator: EmulatorServer, tls_front: TlsFront, proxy: ForwardProxy, ca_bundle: str
) -> None:
    with _client(emulator, _https(tls_front), ca_bundle, proxy=proxy.url) as client:
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert {(seen.method, seen.target) for seen in proxy.seen} == {
        ("CONNECT", f"{HIDDEN_HOST}:{tls_front.port}")
    }
    assert all(
        "x-auth-token" not in seen.headers and "authorization" not in seen.headers for seen in proxy.seen
    )


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"])
def test_https_takes_the_proxy_of_the_standard_variables(
    emulator: EmulatorServer,
    tls_front: TlsFront,
    proxy: ForwardProxy,
    ca_bundle: str,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    monkeypatch.setenv(variable, proxy.url)
    with _client(emulator, _https(tls_front), ca_bundle) as client:
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert [seen.method for seen in proxy.seen][:1] == ["CONNECT"]


@pytest.mark.parametrize("variable", ["NO_PROXY", "no_proxy"])
@pytest.mark.parametrize("entry", [HIDDEN_HOST, ".proxy-only.test", "proxy-only.test", "*"])
def test_no_proxy_sends_the_request_directly(
    emulator: EmulatorServer,
    tls_front: TlsFront,
    proxy: ForwardProxy,
    ca_bundle: str,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    entry: str,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv(variable, f"example.invalid, {entry}")
    with _client(emulator, _https(tls_front), ca_bundle) as client, pytest.raises(TransportError):
        client.list_replications(DEMO_INSTANCE_ID)  # directly: no resolver knows the name
    assert proxy.seen == []


def test_plain_http_to_loopback_goes_in_absolute_form_through_the_proxy_setting(
    emulator: EmulatorServer, proxy: ForwardProxy, ca_bundle: str
) -> None:
    with _client(emulator, emulator.url, ca_bundle, proxy=proxy.url) as client:
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert proxy.seen
    assert all(seen.target.startswith(f"{emulator.url}/v3/") for seen in proxy.seen)


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"])
def test_the_proxy_variables_never_apply_to_a_loopback_endpoint(
    emulator: EmulatorServer,
    proxy: ForwardProxy,
    ca_bundle: str,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
) -> None:
    """As the settings engine (and ``config``) says, and as Go and undici do."""
    monkeypatch.setenv(variable, proxy.url)
    with _client(emulator, emulator.url, ca_bundle) as client:
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert proxy.seen == []


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.2", "127.255.255.254", "[::1]", "[::ffff:127.0.0.1]", "localhost"]
)
def test_every_loopback_form_is_routed_directly_and_other_hosts_through_the_variables(host: str) -> None:
    routes = ProxyRoutes(environ={"HTTP_PROXY": "http://proxy.example:3128"})
    assert routes.for_url(httpx.URL(f"http://{host}:8080/v3/x")) is None
    assert routes.for_url(httpx.URL("http://[::ffff:10.0.0.1]:8080/")) == "http://proxy.example:3128"


def test_the_proxy_option_wins_over_the_variables(
    emulator: EmulatorServer, proxy: ForwardProxy, ca_bundle: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "*")
    with _client(emulator, emulator.url, ca_bundle, proxy=proxy.url) as client:
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert proxy.seen


@pytest.mark.parametrize("scheme", ["https", "http"])
@pytest.mark.parametrize("userinfo", ["", "alice:wr0ng-pr0xy-pw@"])
def test_a_407_is_a_proxy_error_naming_the_proxy_without_its_credentials(
    emulator: EmulatorServer,
    tls_front: TlsFront,
    guarded_proxy: ForwardProxy,
    ca_bundle: str,
    scheme: str,
    userinfo: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    endpoint = _https(tls_front) if scheme == "https" else emulator.url
    proxy_url = f"http://{userinfo}127.0.0.1:{guarded_proxy.port}"
    caplog.set_level(logging.DEBUG)
    with _client(emulator, endpoint, ca_bundle, proxy=proxy_url) as client:
        with pytest.raises(ProxyError) as caught:
            client.list_replications(DEMO_INSTANCE_ID)
        shown = [str(caught.value), repr(caught.value), repr(client), repr(client.config), caplog.text]
    assert caught.value.status == 407
    assert f"127.0.0.1:{guarded_proxy.port}" in str(caught.value)
    assert "407" in str(caught.value)
    assert len(guarded_proxy.seen) == 1  # not retried: the same proxy gives the same answer
    for text in shown:
        assert "wr0ng-pr0xy-pw" not in text
    if userinfo:
        assert caught.value.proxy == f"http://***@127.0.0.1:{guarded_proxy.port}"


@pytest.mark.parametrize("scheme", ["https", "http"])
def test_credentials_in_the_proxy_url_are_sent_to_the_proxy_and_shown_nowhere(
    emulator: EmulatorServer,
    tls_front: TlsFront,
    guarded_proxy: ForwardProxy,
    ca_bundle: str,
    scheme: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    endpoint = _https(tls_front) if scheme == "https" else emulator.url
    caplog.set_level(logging.DEBUG)
    proxy_url = f"http://alice:pr0xy-s3cret-pw@127.0.0.1:{guarded_proxy.port}"
    with _client(emulator, endpoint, ca_bundle, proxy=proxy_url) as client:
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
        shown = [repr(client), repr(client.config), caplog.text]
    assert guarded_proxy.seen
    basic = base64.b64encode(b"alice:pr0xy-s3cret-pw").decode()
    assert guarded_proxy.seen[0].headers["proxy-authorization"] == f"Basic {basic}"
    for text in shown:
        assert "pr0xy-s3cret-pw" not in text
        assert basic not in text


@pytest.mark.parametrize(
    "bad", ["socks5://127.0.0.1:1080", "http://", "http://h:99999", "http://h/?q=1", "h:3128"]
)
def test_a_proxy_that_is_not_an_http_url_is_refused_naming_the_setting(bad: str) -> None:
    with pytest.raises(ValidationError, match="proxy"):
        ClientConfig(proxy=bad)


def test_a_bad_proxy_variable_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "ftp://127.0.0.1:21")
    with pytest.raises(ValidationError, match="HTTPS_PROXY"):
        ReplicationClient(project_id="0" * 32, auth=TokenAuth("t0ken"), endpoint="https://h.example")


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.0.0.3", "127.255.255.254", "[::1]", "[::ffff:127.0.0.1]", "localhost"]
)
def test_plain_http_is_allowed_to_every_loopback_address(host: str) -> None:
    client = ReplicationClient(project_id="0" * 32, auth=TokenAuth("t0ken"), endpoint=f"http://{host}:8080")
    client.close()


@pytest.mark.parametrize("host", ["10.0.0.1", "128.0.0.1", "[::2]", "[::ffff:10.0.0.1]", "localhost.example"])
def test_plain_http_is_refused_to_any_other_host(host: str) -> None:
    with pytest.raises(ValidationError, match="loopback"):
        ReplicationClient(project_id="0" * 32, auth=TokenAuth("t0ken"), endpoint=f"http://{host}:8080")


def test_the_pulumi_providers_client_takes_the_proxy_variables_too(
    emulator: EmulatorServer,
    tls_front: TlsFront,
    proxy: ForwardProxy,
    ca_bundle: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The provider processes build their client from their config (``build_client``) through
    the same chain, so a deployment behind a proxy needs only the variables."""
    from taurusdb_replication.pulumi._settings import ConnectionSettings

    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    settings = ConnectionSettings(
        {
            "endpoint": _https(tls_front),
            "project_id": emulator.project_id,
            "auth_token": emulator.issue_token(),
            "ca_bundle": ca_bundle,
        }
    )
    with settings.client() as client:
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
    assert [seen.method for seen in proxy.seen][:1] == ["CONNECT"]


def test_the_pulumi_proxy_config_key_wins_over_the_variables(
    emulator: EmulatorServer,
    tls_front: TlsFront,
    guarded_proxy: ForwardProxy,
    ca_bundle: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``taurusdb:proxy`` (with credentials) is the explicit proxy; the variables lose to it."""
    from taurusdb_replication.pulumi._settings import ConnectionSettings

    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # would fail: nothing listens there
    settings = ConnectionSettings(
        {
            "endpoint": _https(tls_front),
            "project_id": emulator.project_id,
            "auth_token": emulator.issue_token(),
            "ca_bundle": ca_bundle,
            "proxy": f"http://alice:pr0xy-s3cret-pw@127.0.0.1:{guarded_proxy.port}",
        }
    )
    with settings.client() as client:
        assert len(client.list_replications(DEMO_INSTANCE_ID)) == 7
        assert "pr0xy-s3cret-pw" not in repr(client) + repr(settings)
    assert [seen.method for seen in guarded_proxy.seen][:1] == ["CONNECT"]


def test_an_unreachable_proxy_is_named_in_the_transport_error_without_its_credentials(ca_bundle: str) -> None:
    with socket.socket() as closed:  # a loopback port with nothing listening
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    config = ClientConfig(
        proxy=f"http://alice:pr0xy-pw-0001@127.0.0.1:{port}", retry=ONE_TRY, verify=ca_bundle
    )
    with (
        ReplicationClient(
            project_id="0" * 32, auth=TokenAuth("t0ken"), endpoint=f"https://{HIDDEN_HOST}", config=config
        ) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.list_replications(DEMO_INSTANCE_ID)
    assert f"connection refused at {HIDDEN_HOST}:443 through the proxy http://***@127.0.0.1:{port}" in str(
        caught.value
    )
    assert "pr0xy-pw-0001" not in str(caught.value)
