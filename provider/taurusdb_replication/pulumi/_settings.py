"""Where to connect and with which credentials: the ``taurusdb:`` config namespace.

The keys are the declaration's (``settings.yaml``, each setting's ``pulumi`` key): nothing
here lists them. The settings are resolved where they are used, never carried: in the provider
process from the stack configuration that the engine hands to ``configure``, in the program
process (the ``get_replications`` functions) from :class:`pulumi.Config`. The configuration is
the explicit source of the one resolution every surface uses (``resolve_settings``): what it
leaves out comes from the environment, then the profile file, then the defaults, and its
credentials are used as a whole or not at all. This object refuses to be pickled, so it can
never slip into the serialized provider, and its ``repr`` never shows a secret.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NoReturn

from taurusdb_replication import ReplicationClient, resolve_settings
from taurusdb_replication.settings import SETTINGS, Origin, SettingSpec, check_credentials, convert

NAMESPACE = "taurusdb"
"""The config namespace: ``pulumi config set taurusdb:region cn-north-4``."""

BY_KEY: Mapping[str, SettingSpec] = MappingProxyType({s.pulumi: s for s in SETTINGS if s.pulumi})
CONFIG_KEYS: tuple[str, ...] = tuple(BY_KEY)
SECRET_KEYS: frozenset[str] = frozenset(key for key, spec in BY_KEY.items() if spec.secret)
"""Keys to set with ``pulumi config set --secret``."""

Lookup = Callable[[str], object]
"""Returns the value of one config key (without namespace) or None."""


def config_label(spec: SettingSpec) -> str:
    """How Pulumi users name an explicit value: its config key."""
    return f"{NAMESPACE}:{spec.pulumi or spec.name}"


@dataclass(frozen=True, repr=False)
class ConnectionSettings:
    """The configured (explicit) settings by name, typed; what is absent comes from the environment."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        """A setting by its name (``settings.region``), None when not configured."""
        if name in _NAMES:
            return self.values.get(name)
        raise AttributeError(name)

    @classmethod
    def from_lookup(cls, lookup: Lookup) -> ConnectionSettings:
        """Read the namespace through ``lookup``, convert each value by its setting's rule, and
        check the credential keys fit together (naming ``taurusdb:`` keys)."""
        values: dict[str, Any] = {}
        for key, spec in BY_KEY.items():
            raw = lookup(key)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            origin = Origin("argument", name=spec.name, label=config_label(spec))
            values[spec.name] = convert(spec, raw, origin, {})
        settings = cls(MappingProxyType(values))
        settings.check_credentials()
        return settings

    def with_overrides(
        self, *, region: str | None = None, endpoint: str | None = None, project_id: str | None = None
    ) -> ConnectionSettings:
        """Per-resource location: a resource's region or endpoint replaces both of the config's."""
        changed = dict(self.values)
        if region is not None or endpoint is not None:
            changed.pop("region", None)
            changed.pop("endpoint", None)
            changed |= {k: v for k, v in (("region", region), ("endpoint", endpoint)) if v is not None}
        if project_id is not None:
            changed["project_id"] = project_id
        return self if changed == dict(self.values) else ConnectionSettings(MappingProxyType(changed))

    def check_credentials(self) -> None:
        """Fail early, naming ``taurusdb:`` keys, when the configured credentials are half a set
        (rule ``credentials_incomplete``): they are used as a whole, never topped up from the
        environment."""
        check_credentials(self.values, label=config_label)

    def client(self) -> ReplicationClient:
        """A fresh client; the caller closes it (use it as a context manager)."""
        return build_client(self)

    @property
    def credential_source(self) -> str:
        """Where the credentials come from, for messages: never the values themselves."""
        keys = [config_label(s) for s in SETTINGS if s.group == "credentials" and s.name in self.values]
        if "auth_token" in self.values:
            return config_label(BY_KEY["authToken"])
        return "/".join(keys).replace(f"/{NAMESPACE}:", "/") if keys else "environment"

    def __repr__(self) -> str:
        """Values by the one display rule (:meth:`SettingSpec.shown`: a proxy without its
        password); credentials only by where they come from."""
        shown = ", ".join(
            f"{name}={_SPECS[name].shown(value)!r}"
            for name, value in self.values.items()
            if _SPECS[name].group != "credentials"
        )
        return f"ConnectionSettings({shown}{', ' if shown else ''}credentials={self.credential_source!r})"

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            "ConnectionSettings may hold credentials and cannot be pickled; "
            "resolve it inside the provider method from the stack config or the environment"
        )


_SPECS = {s.name: s for s in SETTINGS}
_NAMES = frozenset(spec.name for spec in BY_KEY.values())


def build_client(settings: ConnectionSettings) -> ReplicationClient:
    """The one place that maps settings onto the client: the configuration is the explicit
    source of ``resolve_settings`` (the environment and profile file fill the rest)."""
    settings.check_credentials()
    arguments = {str(_SPECS[name].python): value for name, value in settings.values.items()}
    return ReplicationClient.from_settings(resolve_settings(label=config_label, **arguments))
