"""The shapes of the settings declaration (``settings.yaml``), as the generated table holds them.

``settings.yaml`` at the repository root declares every setting once; ``scripts/regenerate``
(target ``settings``) writes it out as ``_settings_table.py``, instances of the classes below, so
the library never reads YAML at run time. Every surface reads that table: the resolution engine
(``_resolution.py``), the command line's options and ``config`` command, the Pulumi config
schema and checks, the docs' settings table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._masks import mask_key, url_without_credentials

SettingType = Literal["string", "integer", "boolean", "duration", "path", "url", "enum"]
Scope = Literal["client", "command"]
Display = Literal["plain", "masked_key", "masked_userinfo"]


@dataclass(frozen=True, slots=True)
class SettingSpec:
    """One setting: what it is, its default, and its name on every surface (None: absent there)."""

    name: str
    type: SettingType
    validation: str
    description: str
    default: str | int | float | bool | None
    secret: bool
    python: str | None
    cli: str | None
    env: tuple[str, ...]
    pulumi: str | None
    terraform: str | None
    profile_ini: str | None = None
    profile_shared: str | None = None
    values: tuple[str, ...] = ()
    group: str | None = None
    scope: Scope = "client"
    display: Display = "plain"
    standard_env: bool = False

    def shown(self, value: object) -> object:
        """The value as every surface shows it (reprs, ``config``, Pulumi and Terraform
        diagnostics): a secret as ``(set)``, an access key by :func:`mask_key`'s one rule, a URL
        without its ``user:password@``; ``None`` and plain values as they are."""
        if value is None or (self.display == "plain" and not self.secret):
            return value
        if self.secret:
            return "(set)"
        if self.display == "masked_key":
            return mask_key(str(value))
        return url_without_credentials(str(value))

    @property
    def profile_key(self) -> dict[str, str]:
        """Profile file format (``ini``, ``shared``) -> this setting's key there."""
        keys = {"ini": self.profile_ini, "shared": self.profile_shared}
        return {fmt: key for fmt, key in keys.items() if key is not None}


@dataclass(frozen=True, slots=True)
class ProfileFileSpec:
    """One kind of profile file: the setting naming its path, its format and defaults."""

    format: Literal["ini", "shared"]
    setting: str
    default_path: str | None
    default_section: str


@dataclass(frozen=True, slots=True)
class Family:
    """A family of environment variables, told by prefix (credentials never mix families)."""

    id: str
    prefix: str
    description: str
