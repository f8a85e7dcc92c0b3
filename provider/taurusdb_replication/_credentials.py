"""Settings for a client: endpoint, project, credentials and options, each with its origin.

Usable without building a client, so the CLI and the Pulumi provider can report exactly which
option or variable to set. Which argument, variables and profile keys feed each setting is
declared once in ``settings.yaml`` (generated into ``_settings_table.py``); the rules that
resolve them (explicit, then environment, then profile, then default; credentials as a group
from one source; the region table) live in ``_resolution.py``. This module turns a resolution
into what a client needs: :class:`Settings` with its credentials and ``httpx.Auth``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, NoReturn

import httpx

from ._auth import AkSkAuth, IamPasswordAuth, TokenAuth
from ._masks import mask_key
from ._resolution import Label, Resolution, Resolved, explicit_values, python_label, resolve


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

    access_key: str = field(repr=False)
    secret_key: str = field(repr=False)
    security_token: str | None = field(default=None, repr=False)
    kind = "aksk"

    def __repr__(self) -> str:
        """The key by the one masking rule (as ``AkSkAuth`` and ``config`` show it)."""
        return f"AkSkCredentials(access_key={mask_key(self.access_key)!r})"

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
    """Everything needed to reach the service, each value with its origin (``values``).

    ``sources`` is the same origins as text (``HW_REGION_NAME``, ``argument region``, a profile
    file's path, section and key, ``region table (...)``, ``default``), plus ``credentials``: where
    the chosen credentials were found.
    """

    endpoint: str
    region: str | None
    project_id: str
    credentials: Credentials
    iam_endpoint: str
    max_retries: int
    verify: bool | str
    timeout: float
    concurrency: int
    language: str
    proxy: str | None = field(default=None, repr=False)
    values: Mapping[str, Resolved] = field(default_factory=dict, repr=False)
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


def _credentials(resolution: Resolution) -> Credentials:
    value = resolution.__getitem__
    if resolution.auth == "token":
        return TokenCredentials(value("auth_token"))
    if resolution.auth == "aksk":
        return AkSkCredentials(value("access_key"), value("secret_key"), value("security_token"))
    return PasswordCredentials(value("user_name"), value("password"), value("domain_name"))


def _verify(resolution: Resolution) -> bool | str:
    """Rule ``tls_verify``: off when insecure, else the CA bundle when set, else the system's."""
    if resolution["insecure"]:
        return False
    bundle: str | None = resolution["ca_bundle"]
    return bundle if bundle is not None else True


def settings_from(resolution: Resolution) -> Settings:
    """The public :class:`Settings` of one resolution."""
    sources = {name: str(r.origin) for name, r in resolution.values.items() if r.origin is not None}
    sources["credentials"] = str(resolution.credentials_origin)
    sources["iam_endpoint"] = sources["auth_url"]
    return Settings(
        endpoint=resolution["endpoint"],
        region=resolution["region"],
        project_id=resolution["project_id"],
        credentials=_credentials(resolution),
        iam_endpoint=resolution["auth_url"],
        max_retries=resolution["max_retries"],
        verify=_verify(resolution),
        timeout=resolution["request_timeout"],
        concurrency=resolution["concurrency"],
        language=resolution["language"],
        proxy=resolution["proxy"],
        values=MappingProxyType(dict(resolution.values)),
        sources=MappingProxyType(sources),
    )


def resolve_settings(
    *, environ: Mapping[str, str] | None = None, label: Label = python_label, **arguments: Any
) -> Settings:
    """Resolve every setting: explicit ``arguments``, then the environment, then the profile
    file, then the defaults (``settings.yaml``); ``None`` or ``""`` means "not given".

    The keyword arguments are the settings' Python names (``region``, ``project_id``, ``token``,
    ``access_key``, ..., ``max_retries``, ``timeout``, ``insecure``, ``proxy``: see
    ``docs/settings.md``). Raises :class:`ConfigurationError` naming the rule broken and every
    place looked at, or :class:`ValidationError` naming the value's origin. ``label`` names an
    explicit value in messages (the CLI passes its options, Pulumi its config keys).
    """
    explicit = explicit_values("resolve_settings", arguments)
    return settings_from(resolve(explicit, os.environ if environ is None else environ, label=label))
