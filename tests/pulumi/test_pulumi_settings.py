"""The ``taurusdb:`` namespace: parsing, precedence over the environment, no secret anywhere."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import dill
import pytest
from pulumi_support import INSTANCE
from taurusdb_emulator import EmulatorServer
from taurusdb_replication import AuthenticationError, ConfigurationError, ValidationError
from taurusdb_replication.pulumi import CONFIG_KEYS, ConnectionSettings

SECRET = "s3cr3t-Value-That-Must-Not-Leak"
TOKEN = "t0ken-Value-That-Must-Not-Leak"


def settings_from(values: dict[str, Any]) -> ConnectionSettings:
    return ConnectionSettings.from_lookup(values.get)


def test_every_key_is_read(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    settings = settings_from(
        {
            "region": "cn-north-4",
            "endpoint": "https://example.test",
            "projectId": "p" * 32,
            "accessKey": "AK",
            "secretKey": SECRET,
            "securityToken": TOKEN,
            "caBundle": str(bundle),
            "maxRetries": "3",
        }
    )
    assert (settings.region, settings.endpoint, settings.project_id) == (
        "cn-north-4",
        "https://example.test",
        "p" * 32,
    )
    assert (settings.access_key, settings.secret_key, settings.security_token) == ("AK", SECRET, TOKEN)
    assert (settings.ca_bundle, settings.max_retries) == (str(bundle), 3)


@pytest.mark.parametrize(
    ("given", "expected"), [(None, None), ("", None), ("0", 0), (5, 5), (5.0, 5), (" 7 ", 7), (50, 50)]
)
def test_max_retries_accepts_strings_and_numbers(given: object, expected: int | None) -> None:
    """The library's rule (an integer >= 0), no cap of Pulumi's own."""
    assert settings_from({"maxRetries": given}).max_retries == expected


@pytest.mark.parametrize("given", ["many", "2.5", -1, True])
def test_bad_max_retries_names_the_key(given: object) -> None:
    with pytest.raises(
        ValidationError, match=r"invalid taurusdb:maxRetries( '.*')?: must be an integer >= 0"
    ):
        settings_from({"maxRetries": given})


def test_every_declared_setting_is_a_config_key() -> None:
    """The keys come from settings.yaml: a Pulumi key there is read here, typed by its rule."""
    from taurusdb_replication._settings_table import SETTINGS

    assert {s.pulumi for s in SETTINGS if s.pulumi} == set(CONFIG_KEYS)
    typed = settings_from({"requestTimeout": "1m", "insecure": "true", "concurrency": 4, "language": "ZH-CN"})
    assert (typed.request_timeout, typed.insecure, typed.concurrency, typed.language) == (
        60.0,
        True,
        4,
        "zh-cn",
    )


def test_blank_values_count_as_unset() -> None:
    assert settings_from({"region": "  ", "accessKey": ""}) == ConnectionSettings()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"accessKey": "AK"}, "access key pair is incomplete in explicit values: set taurusdb:secretKey"),
        ({"secretKey": SECRET}, "set taurusdb:accessKey"),
        ({"securityToken": TOKEN}, "set taurusdb:accessKey and taurusdb:secretKey"),
        ({"userName": "alice", "password": SECRET}, "set taurusdb:domainName"),
    ],
)
def test_credential_keys_must_fit_together(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        settings_from(values)
    assert message in str(caught.value)
    assert SECRET not in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_a_non_string_value_is_refused() -> None:
    with pytest.raises(ValidationError, match="invalid taurusdb:region: must be lower-case words"):
        settings_from({"region": 4})


def test_a_token_wins_over_a_key_pair_in_the_config() -> None:
    """The library's rule within one source: token > key pair > password."""
    settings = settings_from({"authToken": TOKEN, "accessKey": "AK", "secretKey": SECRET})
    assert settings.credential_source == "taurusdb:authToken"


def test_repr_shows_where_credentials_come_from_not_what_they_are() -> None:
    settings = settings_from({"accessKey": "AK", "secretKey": SECRET, "securityToken": TOKEN})
    text = repr(settings)
    assert "taurusdb:accessKey/secretKey" in text
    assert SECRET not in text
    assert TOKEN not in text
    assert "environment" in repr(ConnectionSettings())
    assert "taurusdb:authToken" in repr(settings_from({"authToken": TOKEN}))


@pytest.mark.parametrize("dump", [pickle.dumps, dill.dumps])
def test_settings_refuse_to_be_pickled(dump: Any) -> None:
    with pytest.raises(TypeError, match="cannot be pickled"):
        dump(settings_from({"accessKey": "AK", "secretKey": SECRET}))


def test_a_resource_location_replaces_the_config_location() -> None:
    base = settings_from({"region": "cn-north-4", "endpoint": "https://config.test", "projectId": "a" * 32})
    regional = base.with_overrides(region="cn-east-3")
    assert (regional.region, regional.endpoint, regional.project_id) == ("cn-east-3", None, "a" * 32)
    pointed = base.with_overrides(endpoint="https://resource.test", project_id="b" * 32)
    assert (pointed.region, pointed.endpoint, pointed.project_id) == (None, "https://resource.test", "b" * 32)
    assert base.with_overrides() is base


def test_config_credentials_reach_the_service(emulator: EmulatorServer) -> None:
    settings = settings_from(
        {
            "endpoint": emulator.url,
            "projectId": emulator.project_id,
            "accessKey": emulator.access_key,
            "secretKey": emulator.secret_key,
        }
    )
    with settings.client() as client:
        assert len(client.list_replications(INSTANCE)) == 7


def test_token_from_config_reaches_the_service(emulator: EmulatorServer) -> None:
    settings = settings_from(
        {"endpoint": emulator.url, "projectId": emulator.project_id, "authToken": emulator.issue_token()}
    )
    with settings.client() as client:
        assert len(client.list_replications(INSTANCE)) == 7


def test_the_environment_chain_fills_what_the_config_leaves_out(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAURUSDB_ENDPOINT", emulator.url)
    monkeypatch.setenv("HW_PROJECT_ID", emulator.project_id)
    monkeypatch.setenv("HW_ACCESS_KEY", emulator.access_key)
    monkeypatch.setenv("HW_SECRET_KEY", emulator.secret_key)
    with ConnectionSettings().client() as client:
        assert len(client.list_replications(INSTANCE)) == 7


def test_config_credentials_win_over_the_environment(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HW_ACCESS_KEY", emulator.access_key)
    monkeypatch.setenv("HW_SECRET_KEY", "wrong-secret-from-the-environment")
    good = settings_from(
        {
            "endpoint": emulator.url,
            "projectId": emulator.project_id,
            "accessKey": emulator.access_key,
            "secretKey": emulator.secret_key,
        }
    )
    with good.client() as client:
        assert len(client.list_replications(INSTANCE)) == 7
    with (
        settings_from({"endpoint": emulator.url, "projectId": emulator.project_id}).client() as client,
        pytest.raises(AuthenticationError),
    ):
        client.list_replications(INSTANCE)


def test_nothing_configured_says_where_it_looked() -> None:
    with pytest.raises(ConfigurationError) as caught:
        settings_from({"endpoint": "http://127.0.0.1:9", "projectId": "a" * 32}).client()
    assert "HW_ACCESS_KEY" in str(caught.value)
