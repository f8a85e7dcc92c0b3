"""What the connection options resolve to: the values, where each came from, and the client.

Only commands that talk to the service build a client, so ``regions``, ``config``,
``emulator`` and ``--help`` work without any configuration. Environment variables the client
layer already reads (``HW_*``, ``HUAWEICLOUD_SDK_*``, ``TAURUSDB_ENDPOINT``,
``TAURUSDB_PROFILE``, the profile file) are resolved there, once, by
:func:`taurusdb_replication.resolve_settings`; this module adds what is specific to the
command line (the instance id, the language, the consoles) and, for every value it checks,
the place the value came from, so an error blames the right option or variable.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ._logs import configure, install_redaction
from ._options import CONNECTION_FLAGS, INSTANCE_ENV, LANGUAGE_ENV, LANGUAGES

if TYPE_CHECKING:
    from rich.console import Console

    from taurusdb_replication import ReplicationClient, Settings

log = logging.getLogger("taurusdb_replication.cli")

_INSTANCE_ID = re.compile(r"[A-Za-z0-9]{36}")
_OVERRIDES = ("region", "endpoint", "project_id", "token", "max_retries", "profile")


def usage_error(message: str) -> Exception:
    """A configuration error (exit 64) from the client layer's hierarchy, imported lazily."""
    from taurusdb_replication import ConfigurationError

    return ConfigurationError(message)


@dataclass
class Session:
    """The merged connection options, shared by every command through ``click.Context.obj``."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    verbose: int = 0
    color: bool = True
    environ: Any = field(default_factory=lambda: os.environ)

    def merge(self, params: dict[str, Any]) -> None:
        """Take the options given at this level; later (after the subcommand) wins."""
        for name, value in params.items():
            if name == "verbose":
                self.verbose += int(value or 0)
            elif name == "no_color":
                self.color = self.color and not value
            elif value is not None:
                self.values[name] = value
                self.sources[name] = CONNECTION_FLAGS[name]
        configure(self.verbose)

    def source(self, name: str) -> str:
        return self.sources.get(name, "")

    @property
    def interactive(self) -> bool:
        """Whether stdout is a terminal: tables and progress bars there, JSON and lines when not.

        Deliberately ``isatty`` rather than rich's own detection, which ``FORCE_COLOR`` (often set
        in CI) turns on: output piped to a file or ``jq`` must stay machine-readable.
        """
        return sys.stdout.isatty()

    @property
    def width(self) -> int | None:
        """The terminal's width; None when piped (tables for logs are never cut)."""
        return shutil.get_terminal_size().columns if self.interactive else None

    @cached_property
    def colored(self) -> bool:
        """Colours only on a terminal, and never with ``--no-color``, ``NO_COLOR`` or ``TERM=dumb``."""
        if not self.color or not self.interactive or self.environ.get("NO_COLOR"):
            return False
        return str(self.environ.get("TERM", "")) != "dumb"

    @cached_property
    def out(self) -> Console:
        return _console(stderr=False, color=self.colored)

    @cached_property
    def err(self) -> Console:
        return _console(stderr=True, color=self.colored)

    def given(self, name: str, env: str) -> tuple[str | None, str]:
        if name in self.values:
            return str(self.values[name]), self.sources[name]
        value = self.environ.get(env)
        return (value, env) if value is not None else (None, "")

    def require_instance(self) -> str:
        """The instance id, or a configuration error (exit 64) naming the value and its source."""
        value, origin = self.given("instance_id", INSTANCE_ENV)
        if value is None or (not value.strip() and origin == INSTANCE_ENV):
            raise usage_error(f"no instance id: pass --instance-id or set {INSTANCE_ENV}")
        if not _INSTANCE_ID.fullmatch(value.strip()):
            raise usage_error(f"invalid {origin} {value!r}: an instance id is 36 letters or digits")
        self.sources.setdefault("instance_id", origin)
        return value.strip()

    @property
    def language(self) -> str | None:
        value, origin = self.given("language", LANGUAGE_ENV)
        if value is None or (not value.strip() and origin == LANGUAGE_ENV):
            return None
        if value.strip().lower() not in LANGUAGES:
            raise usage_error(f"invalid {origin} {value!r}: must be one of {', '.join(LANGUAGES)}")
        return value.strip().lower()

    def overrides(self) -> dict[str, Any]:
        return {name: self.values.get(name) for name in _OVERRIDES}

    def settings(self) -> Settings:
        """The client layer's settings from these options and the environment, region checked."""
        from taurusdb_replication import resolve_settings

        self._check_region()
        return resolve_settings(**self.overrides())

    def _check_region(self) -> None:
        """An unknown region is a mistake worth the list of known ones, whatever its shape."""
        from taurusdb_replication._endpoints import REGIONS

        region, origin = self.given("region", "HW_REGION_NAME")
        if region is None or not region.strip() or region.strip() in REGIONS or "endpoint" in self.values:
            return
        if origin == "HW_REGION_NAME" and self.environ.get("TAURUSDB_ENDPOINT", "").strip():
            return  # the region does not pick the endpoint here: TAURUSDB_ENDPOINT does
        raise usage_error(
            f"unknown region {region!r} (from {origin}): use one of {', '.join(sorted(REGIONS))}, "
            "or pass an endpoint (--endpoint or TAURUSDB_ENDPOINT)"
        )

    def client(self) -> ReplicationClient:
        """A client from the options and the credential chain; secrets get blanked in logs first."""
        from taurusdb_replication import ClientConfig, ReplicationClient

        settings = self.settings()
        install_redaction(getattr(settings.auth(), "secrets", ()))
        log.debug("settings: %s", settings.describe())
        config = ClientConfig().with_options(
            timeout=self.values.get("request_timeout"),
            concurrency=self.values.get("concurrency"),
            language=self.language,
        )
        return ReplicationClient.from_settings(settings, config=config)


def _console(*, stderr: bool, color: bool) -> Console:
    """A rich console (for progress bars and live views only), loaded when first needed."""
    from ._console import BrokenPipeConsole

    return BrokenPipeConsole(stderr=stderr, no_color=not color, highlight=False, soft_wrap=stderr)
