"""Settings resolution: endpoint, project and credentials from arguments, environment, profile.

Usable without building a client, so the CLI and the Pulumi provider can report exactly which
option or variable to set. The chain uses the names people already have set (api-facts
section 7), first match wins, source by source:

1. explicit arguments;
2. the vendor Terraform provider's ``HW_*`` variables;
3. the vendor SDK's ``HUAWEICLOUD_SDK_*`` variables;
4. the vendor SDK's profile file (``~/.huaweicloud/credentials``, or the path in
   ``HUAWEICLOUD_SDK_CREDENTIALS_FILE``), INI section ``[basic]``, or the section named by
   the ``profile`` argument or ``TAURUSDB_PROFILE`` (then the section must exist).

Credentials never mix sources: the first source holding any credential must hold a complete
set (an AK without its SK is an error naming the missing variable, not a silent fall-through
to another key). Within one source a token wins over AK/SK, which wins over a password.

Extra variables of this project: ``TAURUSDB_ENDPOINT`` (endpoint for every region, e.g. the
emulator's URL) and ``TAURUSDB_CA_BUNDLE`` (a PEM file of CAs to trust); ``HW_INSECURE=true``
turns TLS verification off as in the Terraform provider. IAM (for password logins) is
``HW_AUTH_URL`` / ``HUAWEICLOUD_SDK_IAM_ENDPOINT`` when set, else the region's IAM (the global
one without a region); it is never guessed from the endpoint, so an emulator's IAM is
configured like any other.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn, TypedDict

import httpx

from . import _validation
from ._auth import AkSkAuth, IamPasswordAuth, TokenAuth
from ._endpoints import ENDPOINT_ENV, endpoint_for_region, iam_endpoint_for_region
from ._errors import ConfigurationError, ValidationError

CA_BUNDLE_ENV = "TAURUSDB_CA_BUNDLE"
PROFILE_ENV = "HUAWEICLOUD_SDK_CREDENTIALS_FILE"
PROFILE_NAME_ENV = "TAURUSDB_PROFILE"
DEFAULT_PROFILE = "basic"
_TRUTHY = frozenset({"1", "true", "yes", "on"})


class _NoPickle:
    def __reduce__(self) -> NoReturn:
        raise TypeError(f"{type(self).__name__} holds credentials and cannot be pickled")


@dataclass(frozen=True)
class TokenCredentials(_NoPickle):
    """An IAM token (``X-Auth-Token``)."""

    token: str = field(repr=False)
    kind = "token"

    def auth(self, settings: Settings) -> httpx.Auth:
        return TokenAuth(self.token)


@dataclass(frozen=True)
class AkSkCredentials(_NoPickle):
    """An access key pair, with a security token when temporary."""

    access_key: str
    secret_key: str = field(repr=False)
    security_token: str | None = field(default=None, repr=False)
    kind = "aksk"

    def auth(self, settings: Settings) -> httpx.Auth:
        return AkSkAuth(self.access_key, self.secret_key, self.security_token)


@dataclass(frozen=True)
class PasswordCredentials(_NoPickle):
    """An IAM user's password, exchanged for a project-scoped token."""

    user_name: str
    password: str = field(repr=False)
    domain_name: str
    kind = "password"

    def auth(self, settings: Settings) -> httpx.Auth:
        return IamPasswordAuth(
            self.user_name,
            self.password,
            self.domain_name,
            iam_endpoint=settings.iam_endpoint,
            project_id=settings.project_id,
        )


Credentials = TokenCredentials | AkSkCredentials | PasswordCredentials


@dataclass(frozen=True)
class Settings:
    """Everything needed to reach the service, and where each part was found (``sources``)."""

    endpoint: str
    region: str | None
    project_id: str
    credentials: Credentials
    iam_endpoint: str
    max_retries: int | None = None
    verify: bool | str = True
    sources: Mapping[str, str] = field(default_factory=dict)

    def auth(self) -> httpx.Auth:
        """The ``httpx.Auth`` for these credentials."""
        return self.credentials.auth(self)

    def describe(self) -> dict[str, str | None]:
        """A secret-free summary for ``--verbose`` output and error messages."""
        return {
            "endpoint": self.endpoint,
            "region": self.region,
            "project_id": self.project_id,
            "auth": self.credentials.kind,
            **{f"source.{key}": value for key, value in self.sources.items()},
        }


class SettingsOverrides(TypedDict, total=False):
    """Explicit values for :func:`resolve_settings` (all optional)."""

    region: str | None
    endpoint: str | None
    project_id: str | None
    token: str | None
    access_key: str | None
    secret_key: str | None
    security_token: str | None
    user_name: str | None
    password: str | None
    domain_name: str | None
    iam_endpoint: str | None
    max_retries: int | None
    ca_bundle: str | None
    insecure: bool | None
    credentials_file: str | None
    profile: str | None


_CREDENTIAL_KEYS = (
    "token",
    "access_key",
    "secret_key",
    "security_token",
    "user_name",
    "password",
    "domain_name",
)


@dataclass
class _Source:
    """One layer of the chain: a label, key -> (value, origin), and key -> name users set."""

    label: str
    values: dict[str, tuple[str, str]]
    names: Mapping[str, str]

    def get(self, key: str) -> tuple[str, str] | None:
        return self.values.get(key)

    def name(self, key: str) -> str:
        return self.names.get(key, key)


def _env_source(label: str, environ: Mapping[str, str], names: Mapping[str, str]) -> _Source:
    values = {key: (environ[var].strip(), var) for key, var in names.items() if environ.get(var, "").strip()}
    return _Source(label, values, names)


_HW = {
    "region": "HW_REGION_NAME",
    "project_id": "HW_PROJECT_ID",
    "token": "HW_AUTH_TOKEN",
    "access_key": "HW_ACCESS_KEY",
    "secret_key": "HW_SECRET_KEY",
    "security_token": "HW_SECURITY_TOKEN",
    "user_name": "HW_USER_NAME",
    "password": "HW_USER_PASSWORD",
    "domain_name": "HW_DOMAIN_NAME",
    "iam_endpoint": "HW_AUTH_URL",
    "max_retries": "HW_MAX_RETRIES",
    "insecure": "HW_INSECURE",
}
_SDK = {
    "project_id": "HUAWEICLOUD_SDK_PROJECT_ID",
    "access_key": "HUAWEICLOUD_SDK_AK",
    "secret_key": "HUAWEICLOUD_SDK_SK",
    "security_token": "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "iam_endpoint": "HUAWEICLOUD_SDK_IAM_ENDPOINT",
}
_PROFILE_KEYS = {
    "ak": "access_key",
    "sk": "secret_key",
    "project_id": "project_id",
    "security_token": "security_token",
}


def default_profile_path(environ: Mapping[str, str]) -> Path:
    """The vendor SDK's profile file for this environment."""
    if environ.get(PROFILE_ENV, "").strip():
        return Path(environ[PROFILE_ENV].strip()).expanduser()
    home = environ.get("HOME", "").strip()
    return (Path(home) if home else Path.home()) / ".huaweicloud" / "credentials"


def _profile_name(given: SettingsOverrides, env: Mapping[str, str]) -> tuple[str, str | None]:
    """The section to read, and who asked for it (None: the default ``[basic]``)."""
    if given.get("profile"):
        return str(given["profile"]).strip(), "argument profile"
    if env.get(PROFILE_NAME_ENV, "").strip():
        return env[PROFILE_NAME_ENV].strip(), PROFILE_NAME_ENV
    return DEFAULT_PROFILE, None


def _profile_source(path: Path, section_name: str = DEFAULT_PROFILE, asked_by: str | None = None) -> _Source:
    label = f"profile file {path} [{section_name}]"
    names = {key: f"{name} in {label}" for name, key in _PROFILE_KEYS.items()}
    if not path.is_file():
        if asked_by is not None:
            raise ConfigurationError(f"profile {section_name!r} (from {asked_by}): no profile file {path}")
        return _Source(f"{label} (absent)", {}, names)
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"cannot read the profile file {path}: {type(exc).__name__}") from None
    if asked_by is not None and not parser.has_section(section_name):
        known = ", ".join(parser.sections()) or "none"
        raise ConfigurationError(
            f"profile {section_name!r} (from {asked_by}) is not a section of {path} (sections: {known})"
        )
    section = parser[section_name] if parser.has_section(section_name) else {}
    values = {
        key: (str(section[name]).strip(), f"{path} [{section_name}] {name}")
        for name, key in _PROFILE_KEYS.items()
        if str(section.get(name, "")).strip()
    }
    return _Source(label, values, names)


def _explicit_source(overrides: SettingsOverrides) -> _Source:
    values: dict[str, tuple[str, str]] = {}
    for key, value in overrides.items():
        if value is None or value == "" or key in ("credentials_file", "insecure", "max_retries", "profile"):
            continue
        values[key] = (str(value).strip(), f"argument {key}")
    return _Source("arguments", values, {})


def _first(sources: list[_Source], key: str) -> tuple[str, str] | None:
    for source in sources:
        found = source.get(key)
        if found is not None:
            return found
    return None


def _credentials_from(source: _Source) -> tuple[Credentials, str] | None:
    """The source's credentials, None when it holds none; error when it holds half a set."""
    got = {key: source.values[key][0] for key in source.values}
    origin = {key: source.values[key][1] for key in source.values}
    if "token" in got:
        return TokenCredentials(got["token"]), origin["token"]
    if "access_key" in got or "secret_key" in got:
        _require(source, ("access_key", "secret_key"), "an access key pair")
        creds = AkSkCredentials(got["access_key"], got["secret_key"], got.get("security_token"))
        return creds, origin["access_key"]
    if "user_name" in got or "password" in got:
        _require(source, ("user_name", "password", "domain_name"), "IAM password authentication")
        return PasswordCredentials(got["user_name"], got["password"], got["domain_name"]), origin["user_name"]
    return None


def _require(source: _Source, keys: tuple[str, ...], what: str) -> None:
    missing = [source.name(key) for key in keys if key not in source.values]
    if missing:
        raise ConfigurationError(
            f"{what} is incomplete in {source.label}: set {' and '.join(missing)}", missing=missing
        )


def resolve_settings(
    *,
    environ: Mapping[str, str] | None = None,
    **overrides: object,
) -> Settings:
    """Resolve endpoint, project id and credentials; raise :class:`ConfigurationError` naming
    every place looked at when something is missing. Keyword arguments: see
    :class:`SettingsOverrides`; ``None`` or ``""`` means "not given"."""
    unknown = set(overrides) - set(SettingsOverrides.__annotations__)
    if unknown:
        raise TypeError(f"resolve_settings() got unexpected keyword arguments: {', '.join(sorted(unknown))}")
    given: SettingsOverrides = overrides  # type: ignore[assignment]
    env = os.environ if environ is None else environ
    profile_path = (
        Path(str(given["credentials_file"])) if given.get("credentials_file") else default_profile_path(env)
    )
    sources = [
        _explicit_source(given),
        _env_source("HW_* environment variables", env, _HW),
        _env_source("HUAWEICLOUD_SDK_* environment variables", env, _SDK),
        _profile_source(profile_path, *_profile_name(given, env)),
    ]
    origins: dict[str, str] = {}
    endpoint, region = _resolve_endpoint(given, env, sources, origins)
    project_id = _resolve_project(sources, origins)
    credentials = _resolve_credentials(sources, origins)
    iam = _first(sources[:3], "iam_endpoint")
    iam_endpoint = iam[0] if iam else iam_endpoint_for_region(region)
    origins["iam_endpoint"] = iam[1] if iam else "derived"
    return Settings(
        endpoint=endpoint,
        region=region,
        project_id=project_id,
        credentials=credentials,
        iam_endpoint=_validation.endpoint(iam_endpoint, field="iam_endpoint"),
        max_retries=_resolve_retries(given, env),
        verify=_resolve_verify(given, env),
        sources=origins,
    )


def _resolve_endpoint(
    given: SettingsOverrides, env: Mapping[str, str], sources: list[_Source], origins: dict[str, str]
) -> tuple[str, str | None]:
    region_found = _first(sources[:2], "region")
    region = region_found[0] if region_found else None
    if region is not None:
        _validate_in(region_found, _validation.region)
    if given.get("endpoint"):
        origins["endpoint"] = "argument endpoint"
        return _validation.endpoint(str(given["endpoint"])), region
    if region is not None and given.get("region"):
        # An explicit region beats an endpoint set in the environment, as arguments beat
        # the environment everywhere else in the chain.
        origins["endpoint"] = "region table (argument region)"
        return endpoint_for_region(region), region
    if env.get(ENDPOINT_ENV, "").strip():
        origins["endpoint"] = ENDPOINT_ENV
        return _validation.endpoint(env[ENDPOINT_ENV].strip(), field=ENDPOINT_ENV), region
    if region_found is None:
        raise ConfigurationError(
            "no region or endpoint: pass --region/--endpoint or set HW_REGION_NAME or " + ENDPOINT_ENV,
            missing=("region", "endpoint"),
            looked_at=("argument region", "argument endpoint", ENDPOINT_ENV, "HW_REGION_NAME"),
        )
    origins["endpoint"] = f"region table ({region_found[1]})"
    return endpoint_for_region(region_found[0]), region


def _validate_in(found: tuple[str, str] | None, check: Callable[[str], object]) -> None:
    """Run a validation rule, naming the variable or argument the value came from."""
    if found is None:
        return
    try:
        check(found[0])
    except ValidationError as exc:
        raise ValidationError(found[1], exc.rule) from None


def _resolve_project(sources: list[_Source], origins: dict[str, str]) -> str:
    found = _first(sources, "project_id")
    if found is None:
        raise ConfigurationError(
            "no project id: pass --project-id or set HW_PROJECT_ID",
            missing=("project_id",),
            looked_at=(
                "argument project_id",
                "HW_PROJECT_ID",
                "HUAWEICLOUD_SDK_PROJECT_ID",
                sources[3].label,
            ),
        )
    _validate_in(found, _validation.project_id)
    origins["project_id"] = found[1]
    return found[0]


def _resolve_credentials(sources: list[_Source], origins: dict[str, str]) -> Credentials:
    for source in sources:
        found = _credentials_from(source)
        if found is not None:
            origins["credentials"] = found[1]
            return found[0]
    looked_at = ["arguments token/access_key/secret_key/user_name/password"]
    for source in sources[1:]:
        if source.label.startswith("profile"):
            looked_at.append(source.label)
        else:
            looked_at.extend(source.name(key) for key in _CREDENTIAL_KEYS if key in source.names)
    raise ConfigurationError(
        "no credentials: set HW_ACCESS_KEY and HW_SECRET_KEY (or HW_AUTH_TOKEN, or "
        "HW_USER_NAME/HW_USER_PASSWORD/HW_DOMAIN_NAME), or pass a token",
        missing=("credentials",),
        looked_at=looked_at,
    )


def _resolve_retries(given: SettingsOverrides, env: Mapping[str, str]) -> int | None:
    value = given.get("max_retries")
    if value is not None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValidationError("max_retries", "must be an integer >= 0")
        return value
    text = env.get("HW_MAX_RETRIES", "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError("HW_MAX_RETRIES", "must be an integer >= 0")
    return int(text)


def _resolve_verify(given: SettingsOverrides, env: Mapping[str, str]) -> bool | str:
    if given.get("insecure"):
        return False
    bundle = given.get("ca_bundle") or env.get(CA_BUNDLE_ENV, "").strip()
    if bundle:
        if not Path(str(bundle)).is_file():
            field_name = "ca_bundle" if given.get("ca_bundle") else CA_BUNDLE_ENV
            raise ValidationError(field_name, "must name an existing PEM file")
        return str(bundle)
    return env.get("HW_INSECURE", "").strip().lower() not in _TRUTHY
