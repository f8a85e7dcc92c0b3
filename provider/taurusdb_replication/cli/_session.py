"""What the global options resolve to: consoles, verbosity, and the client, built on demand.

Only commands that talk to the service build a client, so ``regions``, ``emulator`` and
``--help`` work without any configuration. Environment variables the client layer already
reads (``HW_*``, ``HUAWEICLOUD_SDK_*``, ``TAURUSDB_ENDPOINT``, the profile file) are resolved
there, once, by :func:`taurusdb_replication.resolve_settings`; this module only adds what is
specific to the command line (the instance id, the output consoles).
"""

from __future__ import annotations

import errno
import logging
import sys
from dataclasses import dataclass, field

from rich.console import Console

from taurusdb_replication import ClientConfig, ConfigurationError, ReplicationClient, resolve_settings
from taurusdb_replication._credentials import SettingsOverrides

from ._logs import install_redaction

INSTANCE_ENV = "TAURUSDB_INSTANCE_ID"
LANGUAGE_ENV = "TAURUSDB_LANGUAGE"

_PIPED_WIDTH = 400

log = logging.getLogger("taurusdb_replication.cli")


class _Console(Console):
    """A console whose closed pipe ends the command with the CLI's exit code, not rich's 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "stdout closed by the reader")


@dataclass
class Session:
    """The parsed global options, shared by every command through ``click.Context.obj``."""

    overrides: SettingsOverrides
    instance_id: str | None
    request_timeout: float | None
    concurrency: int | None
    language: str | None
    verbose: int
    color: bool
    out: Console = field(init=False)
    err: Console = field(init=False)

    def __post_init__(self) -> None:
        no_color = None if self.color else True  # None: rich honours NO_COLOR itself
        # Piped tables are for people reading logs later: never cut them to 80 columns.
        width = None if self.interactive else _PIPED_WIDTH
        self.out = _Console(no_color=no_color, highlight=False, width=width)
        self.err = _Console(stderr=True, no_color=no_color, highlight=False, soft_wrap=True)

    @property
    def interactive(self) -> bool:
        """Whether stdout is a terminal: tables and progress bars there, JSON and lines when not.

        Deliberately ``isatty`` rather than rich's own detection, which ``FORCE_COLOR`` (often set
        in CI) turns on: output piped to a file or ``jq`` must stay machine-readable.
        """
        return sys.stdout.isatty()

    def require_instance(self) -> str:
        """The instance id, or a configuration error (exit 64) naming the option and the variable."""
        if not self.instance_id:
            raise ConfigurationError(
                f"no instance id: pass --instance-id or set {INSTANCE_ENV}",
                missing=("instance_id",),
                looked_at=("--instance-id", INSTANCE_ENV),
            )
        return self.instance_id

    def client(self) -> ReplicationClient:
        """A client from the options and the credential chain; secrets get blanked in logs first."""
        settings = resolve_settings(**self.overrides)
        install_redaction(getattr(settings.auth(), "secrets", ()))
        log.debug("settings: %s", settings.describe())
        config = ClientConfig().with_options(
            timeout=self.request_timeout, concurrency=self.concurrency, language=self.language
        )
        return ReplicationClient.from_settings(settings, config=config)
