"""What the connection options resolve to: the values, where each came from, and the client.

Only commands that talk to the service build a client, so ``regions``, ``config``,
``emulator`` and ``--help`` work without any configuration. Every setting (the options'
values, then the environment, the profile file, the defaults) is resolved by the client
layer, once, by :func:`taurusdb_replication.resolve_settings`, which names explicit values by
their options; this module adds what is specific to the command line (the instance id a command
reads, the consoles).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from taurusdb_replication.settings import BY_NAME

from ._logs import configure, install_redaction
from ._options import CONNECTION_FLAGS, INSTANCE_ENV, cli_label

if TYPE_CHECKING:
    from rich.console import Console

    from taurusdb_replication import ReplicationClient, Settings
    from taurusdb_replication.settings import Diagnosis

log = logging.getLogger("taurusdb_replication.cli")


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

    def given(self, name: str) -> tuple[str, str] | tuple[None, None]:
        """A command-scope setting (the instance id) as given, by its option, else its variables,
        with where it came from; ``(None, None)`` when nothing gave it."""
        if name in self.values:
            return str(self.values[name]), self.sources[name]
        for env in BY_NAME[name].env:
            value = self.environ.get(env)
            if value is not None and value.strip():
                return value, env
        return None, None

    def require_instance(self) -> str:
        """The instance id, or a configuration error (exit 64) naming the value and its source."""
        from taurusdb_replication.settings import Origin, convert

        value, origin = self.given("instance_id")
        if value is None or origin is None:
            raise usage_error(f"no instance id: pass --instance-id or set {INSTANCE_ENV}")
        where = Origin("environment", name=origin) if origin in BY_NAME["instance_id"].env else None
        spec = BY_NAME["instance_id"]
        instance = convert(
            spec, value, where or Origin("argument", name=spec.name, label=origin), self.environ
        )
        self.sources.setdefault("instance_id", origin)
        return str(instance)

    def _explicit(self) -> dict[str, Any]:
        """The options given, by the library's argument names."""
        return {
            str(BY_NAME[name].python): value
            for name, value in self.values.items()
            if name in BY_NAME and BY_NAME[name].python is not None
        }

    def settings(self) -> Settings:
        """The client layer's settings: these options first, then the environment, the profile."""
        from taurusdb_replication import resolve_settings

        return resolve_settings(environ=self.environ, label=cli_label, **self._explicit())

    def diagnosis(self) -> Diagnosis:
        """The same resolution, every setting as far as it goes and every problem (``config``)."""
        from taurusdb_replication.settings import diagnose_settings

        return diagnose_settings(environ=self.environ, label=cli_label, **self._explicit())

    def client(self) -> ReplicationClient:
        """A client from the options and the credential chain; secrets get blanked in logs first."""
        from taurusdb_replication import ReplicationClient

        settings = self.settings()
        install_redaction(getattr(settings.auth(), "secrets", ()))
        log.debug("settings: %s", settings.describe())
        return ReplicationClient.from_settings(settings)


def _console(*, stderr: bool, color: bool) -> Console:
    """A rich console (for progress bars and live views only), loaded when first needed."""
    from ._console import BrokenPipeConsole

    return BrokenPipeConsole(stderr=stderr, no_color=not color, highlight=False, soft_wrap=stderr)
