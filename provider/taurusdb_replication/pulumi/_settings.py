"""Where to connect and with which credentials: the ``taurusdb:`` config namespace.

The settings are resolved where they are used, never carried: in the provider process from
the stack configuration that the engine hands to ``configure``, in the program process (the
``get_replications`` functions) from :class:`pulumi.Config`. Anything the configuration leaves
out falls back to the client's own environment chain (``HW_*``, ``HUAWEICLOUD_SDK_*``, the
profile file). This object refuses to be pickled, so it can never slip into the serialized
provider, and its ``repr`` never shows a secret.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import NoReturn

from taurusdb_replication import ConfigurationError, ReplicationClient
from taurusdb_replication._credentials import SettingsOverrides

NAMESPACE = "taurusdb"
"""The config namespace: ``pulumi config set taurusdb:region cn-north-4``."""

CONFIG_KEYS: tuple[str, ...] = (
    "region",
    "endpoint",
    "projectId",
    "accessKey",
    "secretKey",
    "securityToken",
    "authToken",
    "caBundle",
    "maxRetries",
    "userName",
    "password",
    "domainName",
    "authUrl",
)
SECRET_KEYS: frozenset[str] = frozenset({"secretKey", "securityToken", "authToken", "password"})
"""Keys to set with ``pulumi config set --secret``."""

MAX_RETRIES_LIMIT = 20

Lookup = Callable[[str], object]
"""Returns the value of one config key (without namespace) or None."""


def _text(lookup: Lookup, key: str) -> str | None:
    value = lookup(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigurationError(
            f"config {NAMESPACE}:{key} must be a string", missing=(f"{NAMESPACE}:{key}",)
        )
    return value.strip() or None


def _retries(lookup: Lookup) -> int | None:
    value = lookup("maxRetries")
    if value is None or value == "":
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if number is None or not number.is_integer() or not 0 <= number <= MAX_RETRIES_LIMIT:
        raise ConfigurationError(
            f"config {NAMESPACE}:maxRetries must be an integer from 0 to {MAX_RETRIES_LIMIT}",
            missing=(f"{NAMESPACE}:maxRetries",),
        )
    return int(number)


@dataclass(frozen=True, repr=False)
class ConnectionSettings:
    """Location, credentials and client options; every field None means "use the environment"."""

    region: str | None = None
    endpoint: str | None = None
    project_id: str | None = None
    access_key: str | None = field(default=None, compare=False)
    secret_key: str | None = field(default=None, compare=False)
    security_token: str | None = field(default=None, compare=False)
    auth_token: str | None = field(default=None, compare=False)
    ca_bundle: str | None = None
    max_retries: int | None = None
    user_name: str | None = field(default=None, compare=False)
    password: str | None = field(default=None, compare=False)
    domain_name: str | None = field(default=None, compare=False)
    auth_url: str | None = None

    @classmethod
    def from_lookup(cls, lookup: Lookup) -> ConnectionSettings:
        """Read the namespace through ``lookup`` and check the credential keys fit together."""
        settings = cls(
            region=_text(lookup, "region"),
            endpoint=_text(lookup, "endpoint"),
            project_id=_text(lookup, "projectId"),
            access_key=_text(lookup, "accessKey"),
            secret_key=_text(lookup, "secretKey"),
            security_token=_text(lookup, "securityToken"),
            auth_token=_text(lookup, "authToken"),
            ca_bundle=_text(lookup, "caBundle"),
            max_retries=_retries(lookup),
            user_name=_text(lookup, "userName"),
            password=_text(lookup, "password"),
            domain_name=_text(lookup, "domainName"),
            auth_url=_text(lookup, "authUrl"),
        )
        settings.check_credentials()
        return settings

    def with_overrides(
        self, *, region: str | None = None, endpoint: str | None = None, project_id: str | None = None
    ) -> ConnectionSettings:
        """Per-resource location: a resource's region or endpoint replaces both of the config's."""
        changed = self
        if region is not None or endpoint is not None:
            changed = replace(changed, region=region, endpoint=endpoint)
        if project_id is not None:
            changed = replace(changed, project_id=project_id)
        return changed

    def check_credentials(self) -> None:
        """Fail early, naming ``taurusdb:`` keys, when the credential keys do not fit together.

        Config credentials never mix with the environment's: a half-set key pair is an error,
        not a silent fall-through to another key.
        """
        key = f"{NAMESPACE}:"
        if self.auth_token and (self.access_key or self.secret_key):
            raise ConfigurationError(f"set either {key}authToken or {key}accessKey/{key}secretKey, not both")
        self._check_password(key)
        if self.auth_token:
            return
        if bool(self.access_key) != bool(self.secret_key):
            missing = f"{key}secretKey" if self.access_key else f"{key}accessKey"
            raise ConfigurationError(
                f"{missing} is not set (the other half of the key pair is)", missing=(missing,)
            )
        if self.security_token and not self.access_key:
            raise ConfigurationError(
                f"{key}securityToken needs {key}accessKey and {key}secretKey",
                missing=(f"{key}accessKey", f"{key}secretKey"),
            )

    def _check_password(self, key: str) -> None:
        """IAM password authentication: all three keys, and no other credential beside them."""
        parts = {"userName": self.user_name, "password": self.password, "domainName": self.domain_name}
        if not any(parts.values()):
            return
        if self.auth_token or self.access_key or self.secret_key:
            raise ConfigurationError(
                f"set either {key}userName/{key}password/{key}domainName or another credential, not both"
            )
        missing = tuple(f"{key}{name}" for name, value in parts.items() if not value)
        if missing:
            raise ConfigurationError(
                f"{', '.join(missing)} not set (IAM password authentication needs all three)", missing=missing
            )

    def client(self) -> ReplicationClient:
        """A fresh client; the caller closes it (use it as a context manager)."""
        return build_client(self)

    @property
    def credential_source(self) -> str:
        """Where the credentials come from, for messages: never the values themselves."""
        if self.auth_token:
            return f"{NAMESPACE}:authToken"
        if self.access_key:
            return f"{NAMESPACE}:accessKey/secretKey"
        if self.user_name:
            return f"{NAMESPACE}:userName/password"
        return "environment"

    def __repr__(self) -> str:
        return (
            f"ConnectionSettings(region={self.region!r}, endpoint={self.endpoint!r}, "
            f"project_id={self.project_id!r}, credentials={self.credential_source!r}, "
            f"ca_bundle={self.ca_bundle!r}, max_retries={self.max_retries!r})"
        )

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            "ConnectionSettings may hold credentials and cannot be pickled; "
            "resolve it inside the provider method from the stack config or the environment"
        )


def build_client(settings: ConnectionSettings) -> ReplicationClient:
    """The one place that maps settings onto the client: explicit values first, then the
    client's own chain (``HW_*``, ``HUAWEICLOUD_SDK_*``, profile file) for whatever is unset."""
    settings.check_credentials()
    overrides = {
        "region": settings.region,
        "endpoint": settings.endpoint,
        "project_id": settings.project_id,
        "token": settings.auth_token,
        "access_key": settings.access_key,
        "secret_key": settings.secret_key,
        "security_token": settings.security_token,
        "ca_bundle": settings.ca_bundle,
        "max_retries": settings.max_retries,
        "user_name": settings.user_name,
        "password": settings.password,
        "domain_name": settings.domain_name,
        "iam_endpoint": settings.auth_url,
    }
    given: SettingsOverrides = {key: value for key, value in overrides.items() if value is not None}  # type: ignore[assignment]
    return ReplicationClient.from_env(**given)
