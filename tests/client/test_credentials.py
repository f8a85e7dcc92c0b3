"""The settings chain: arguments, HW_*, HUAWEICLOUD_SDK_*, profile file; and what a miss says."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from taurusdb_replication import (
    AkSkAuth,
    ConfigurationError,
    IamPasswordAuth,
    TokenAuth,
    ValidationError,
    resolve_settings,
)
from taurusdb_replication._credentials import AkSkCredentials, PasswordCredentials, TokenCredentials

PROJECT = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """An environment whose HOME holds no profile file (the real one is never read)."""
    return {"HOME": str(tmp_path)}


def _profile(home: dict[str, str], text: str) -> Path:
    path = Path(home["HOME"]) / ".huaweicloud" / "credentials"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_hw_variables(home: dict[str, str]) -> None:
    env = home | {
        "HW_REGION_NAME": "cn-north-4",
        "HW_PROJECT_ID": PROJECT,
        "HW_ACCESS_KEY": "AK1",
        "HW_SECRET_KEY": "SK1secret",
        "HW_SECURITY_TOKEN": "STS1",
        "HW_MAX_RETRIES": "2",
    }
    settings = resolve_settings(environ=env)
    assert settings.endpoint == "https://gaussdb.cn-north-4.myhuaweicloud.com"
    assert settings.project_id == PROJECT
    assert settings.credentials == AkSkCredentials("AK1", "SK1secret", "STS1")
    assert settings.max_retries == 2
    assert isinstance(settings.auth(), AkSkAuth)
    assert settings.sources["project_id"] == "HW_PROJECT_ID"
    assert settings.sources["credentials"] == "HW_ACCESS_KEY"
    assert settings.iam_endpoint == "https://iam.cn-north-4.myhuaweicloud.com/v3"


def test_arguments_win_over_the_environment(home: dict[str, str]) -> None:
    env = home | {
        "HW_PROJECT_ID": OTHER,
        "HW_ACCESS_KEY": "AK1",
        "HW_SECRET_KEY": "SK1",
        "HW_REGION_NAME": "cn-east-3",
    }
    settings = resolve_settings(
        environ=env, project_id=PROJECT, token="tok123", endpoint="http://127.0.0.1:9"
    )
    assert settings.project_id == PROJECT
    assert settings.credentials == TokenCredentials("tok123")
    assert settings.endpoint == "http://127.0.0.1:9"
    assert settings.region == "cn-east-3"
    assert isinstance(settings.auth(), TokenAuth)
    # No special case for a loopback endpoint: IAM is the region's unless configured.
    assert settings.iam_endpoint == "https://iam.cn-east-3.myhuaweicloud.com/v3"


def test_hw_wins_over_sdk_and_sdk_over_the_profile(home: dict[str, str]) -> None:
    _profile(home, f"[basic]\nak = PAK\nsk = PSK\nproject_id = {OTHER}\n")
    sdk = {"HUAWEICLOUD_SDK_AK": "SAK", "HUAWEICLOUD_SDK_SK": "SSK", "HUAWEICLOUD_SDK_PROJECT_ID": PROJECT}
    base = home | {"TAURUSDB_ENDPOINT": "https://h.example"}
    assert resolve_settings(environ=base).credentials == AkSkCredentials("PAK", "PSK")
    assert resolve_settings(environ=base).project_id == OTHER
    assert resolve_settings(environ=base | sdk).credentials == AkSkCredentials("SAK", "SSK")
    assert resolve_settings(environ=base | sdk).project_id == PROJECT
    hw = {"HW_AUTH_TOKEN": "hwtoken"}
    assert resolve_settings(environ=base | sdk | hw).credentials == TokenCredentials("hwtoken")


def test_profile_file_path_from_the_sdk_variable(home: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.ini"
    path.write_text(f"[basic]\nak = PAK\nsk = PSK\nproject_id = {PROJECT}\nsecurity_token = PST\n")
    env = home | {"HUAWEICLOUD_SDK_CREDENTIALS_FILE": str(path), "HW_REGION_NAME": "cn-north-4"}
    settings = resolve_settings(environ=env)
    assert settings.credentials == AkSkCredentials("PAK", "PSK", "PST")
    assert settings.sources["credentials"] == f"{path} [basic] ak"


def test_iam_password_credentials(home: dict[str, str]) -> None:
    env = home | {
        "HW_REGION_NAME": "cn-north-4",
        "HW_PROJECT_ID": PROJECT,
        "HW_USER_NAME": "alice",
        "HW_USER_PASSWORD": "pw-secret",
        "HW_DOMAIN_NAME": "acme",
        "HW_AUTH_URL": "https://iam.example.com/v3",
    }
    settings = resolve_settings(environ=env)
    assert settings.credentials == PasswordCredentials("alice", "pw-secret", "acme")
    auth = settings.auth()
    assert isinstance(auth, IamPasswordAuth)
    assert auth.token_url == "https://iam.example.com/v3/auth/tokens"


def test_half_a_key_pair_names_the_missing_variable(home: dict[str, str]) -> None:
    env = home | {"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": PROJECT, "HW_ACCESS_KEY": "AK1"}
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(environ=env | {"HUAWEICLOUD_SDK_AK": "A", "HUAWEICLOUD_SDK_SK": "S"})
    assert caught.value.missing == ("HW_SECRET_KEY",)
    assert "HW_SECRET_KEY" in str(caught.value)


def test_nothing_found_lists_everything_looked_at(home: dict[str, str]) -> None:
    env = home | {"HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": PROJECT}
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(environ=env)
    looked_at = " ".join(caught.value.looked_at)
    for name in (
        "HW_ACCESS_KEY",
        "HW_SECRET_KEY",
        "HW_AUTH_TOKEN",
        "HW_USER_NAME",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
        ".huaweicloud/credentials",
    ):
        assert name in looked_at
    assert caught.value.missing == ("credentials",)


def test_missing_project_and_endpoint_are_named(home: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(environ=home | {"HW_AUTH_TOKEN": "t"})
    assert "TAURUSDB_ENDPOINT" in str(caught.value)
    assert "HW_REGION_NAME" in str(caught.value)
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(environ=home | {"HW_AUTH_TOKEN": "t", "HW_REGION_NAME": "cn-north-4"})
    assert caught.value.missing == ("project_id",)
    assert "HUAWEICLOUD_SDK_PROJECT_ID" in caught.value.looked_at


def test_invalid_values_name_their_variable(home: dict[str, str]) -> None:
    base = home | {"HW_AUTH_TOKEN": "t", "HW_REGION_NAME": "cn-north-4"}
    with pytest.raises(ValidationError) as caught:
        resolve_settings(environ=base | {"HW_PROJECT_ID": "nope"})
    assert caught.value.field == "HW_PROJECT_ID"
    with pytest.raises(ValidationError) as caught:
        resolve_settings(environ=base | {"HW_PROJECT_ID": PROJECT, "HW_MAX_RETRIES": "many"})
    assert caught.value.field == "HW_MAX_RETRIES"
    with pytest.raises(ValidationError) as caught:
        resolve_settings(
            environ=base | {"HW_PROJECT_ID": PROJECT, "TAURUSDB_ENDPOINT": "http://evil.example"}
        )
    assert caught.value.field == "TAURUSDB_ENDPOINT"


def test_tls_options(home: dict[str, str], tmp_path: Path) -> None:
    base = home | {"HW_AUTH_TOKEN": "t", "HW_REGION_NAME": "cn-north-4", "HW_PROJECT_ID": PROJECT}
    assert resolve_settings(environ=base).verify is True
    assert resolve_settings(environ=base | {"HW_INSECURE": "true"}).verify is False
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    assert resolve_settings(environ=base | {"TAURUSDB_CA_BUNDLE": str(bundle)}).verify == str(bundle)
    with pytest.raises(ValidationError, match="TAURUSDB_CA_BUNDLE"):
        resolve_settings(environ=base | {"TAURUSDB_CA_BUNDLE": str(tmp_path / "absent.pem")})


def test_unknown_keyword_is_a_type_error(home: dict[str, str]) -> None:
    with pytest.raises(TypeError, match="projectid"):
        resolve_settings(environ=home, projectid=PROJECT)


def test_settings_never_show_or_pickle_secrets(home: dict[str, str]) -> None:
    env = home | {
        "HW_REGION_NAME": "cn-north-4",
        "HW_PROJECT_ID": PROJECT,
        "HW_ACCESS_KEY": "AK1",
        "HW_SECRET_KEY": "SUPERSECRETSK",
        "HW_SECURITY_TOKEN": "SUPERSECRETSTS",
    }
    settings = resolve_settings(environ=env)
    for text in (repr(settings), str(settings.describe()), repr(settings.auth())):
        assert "SUPERSECRET" not in text
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(settings)
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(settings.auth())


def test_an_explicit_region_beats_an_endpoint_from_the_environment(home: dict[str, str]) -> None:
    env = home | {"HW_AUTH_TOKEN": "t", "HW_PROJECT_ID": PROJECT, "TAURUSDB_ENDPOINT": "http://127.0.0.1:9"}
    assert resolve_settings(environ=env).endpoint == "http://127.0.0.1:9"
    explicit = resolve_settings(environ=env, region="cn-east-3")
    assert explicit.endpoint == "https://gaussdb.cn-east-3.myhuaweicloud.com"
    assert explicit.sources["endpoint"] == "region table (argument region)"
    env_region = resolve_settings(environ=env | {"HW_REGION_NAME": "cn-east-3"})
    # Both from the environment: the endpoint, being more specific, still wins.
    assert env_region.endpoint == "http://127.0.0.1:9"
