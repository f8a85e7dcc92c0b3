"""``taurusdb-replication emulator``: run the emulator in the foreground until SIGINT/SIGTERM.

The first lines on stdout are ``KEY=value`` pairs (URL, project, credentials, instance ids)
so scripts can read them (``grep '^TAURUSDB_EMULATOR_'``); lines starting with ``#`` are
comments. The credentials are the emulator's own local test credentials, so printing them
is the point: they open nothing but this process.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from types import FrameType
from typing import Any, TypeVar

import click

from ._model import DatasetError, Faults
from ._server import EmulatorServer

_FAULT_FIELDS = tuple(field.name for field in fields(Faults))

_PREFIX = "TAURUSDB_EMULATOR_"
_LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


class DatasetProblem(click.ClickException):
    """A dataset that cannot be served: exit 2, as docs/emulator.md says."""

    exit_code = 2


class BindProblem(click.ClickException):
    """The port cannot be bound (busy, or not an address of this machine): exit 1."""

    exit_code = 1


def warn(message: str) -> None:
    """The command line's warning style (``PROG: warning: ...``)."""
    prog = click.get_current_context().find_root().info_name or "taurusdb-emulator"
    click.echo(f"{prog}: warning: {message}", err=True)


_RATE_HELP = {
    "error_500_rate": "Probability (0-1) of a 500 DBS.200412 JSON answer.",
    "error_503_rate": "Probability of a 503 APIGW.0202 JSON answer.",
    "error_429_rate": "Probability of a 429 APIGW.0308 answer with Retry-After: 0.",
    "error_502_html_rate": "Probability of a 502 answer with an HTML body.",
    "reset_rate": "Probability of closing the connection without an answer.",
    "truncate_rate": "Probability of a 200 whose JSON body is cut in half.",
}

F = TypeVar("F", bound=Callable[..., Any])


def _fault_rate_options(function: F) -> F:
    for name in reversed(_RATE_HELP):
        option = click.option(
            f"--{name.replace('_', '-')}", type=click.FloatRange(0, 1), default=0.0, help=_RATE_HELP[name]
        )
        function = option(function)
    return function


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``PROG --version``: the distribution's version, named by the command as it was typed."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    click.echo(f"{ctx.command_path} {version('taurusdb-emulator')}")
    ctx.exit()


@contextmanager
def _stop_signals() -> Iterator[threading.Event]:
    """An event set by SIGINT or SIGTERM; installed before the banner so no signal is lost."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _print_banner(server: EmulatorServer, admin: bool) -> None:
    lines = [
        ("URL", server.url),
        ("PROJECT_ID", server.project_id),
        ("ACCESS_KEY", server.access_key),
        ("SECRET_KEY", server.secret_key),
    ]
    if server.security_token is not None:
        lines.append(("SECURITY_TOKEN", server.security_token))
    lines += [
        ("INSTANCE_IDS", ",".join(server.instance_ids)),
        ("DATASET", server.dataset_name),
        ("IAM_URL", server.iam_url),
        ("IAM_USER", server.iam_user),
        ("IAM_PASSWORD", server.iam_password),
        ("IAM_DOMAIN", server.iam_domain),
        ("PROJECT_NAME", server.project_name),
    ]
    if admin:
        lines.append(("ADMIN_URL", server.url + "/_emulator"))
    for key, value in lines:
        click.echo(f"{_PREFIX}{key}={value}")
    click.echo("# These are local emulator credentials: they work only against this emulator.")
    click.echo("# Serving until interrupted (Ctrl-C or SIGTERM).")
    sys.stdout.flush()


@click.command("emulator")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8790, show_default=True, help="0 = a free port."
)
@click.option("--dataset", default="demo", show_default=True, help="demo, large, empty or a JSON/YAML file.")
@click.option("--project-id", envvar=_PREFIX + "PROJECT_ID", help="Project id to serve.")
@click.option("--access-key", envvar=_PREFIX + "ACCESS_KEY", help="Access key to accept.")
@click.option(
    "--secret-key",
    envvar=_PREFIX + "SECRET_KEY",
    help=f"Secret key to accept (better: set {_PREFIX}SECRET_KEY).",
)
@click.option(
    "--security-token",
    envvar=_PREFIX + "SECURITY_TOKEN",
    help="Treat the key as temporary: requests must send this X-Security-Token.",
)
@click.option("--iam-user", envvar=_PREFIX + "IAM_USER", help="User name the emulated IAM accepts.")
@click.option("--iam-password", envvar=_PREFIX + "IAM_PASSWORD", help="Password the emulated IAM accepts.")
@click.option("--iam-domain", envvar=_PREFIX + "IAM_DOMAIN", help="Domain name the emulated IAM accepts.")
@click.option(
    "--latency-ms", type=click.FloatRange(0, 600_000), default=0.0, help="Added latency per request."
)
@click.option(
    "--jitter-ms", type=click.FloatRange(0, 600_000), default=0.0, help="Random extra latency, 0..N."
)
@_fault_rate_options
@click.option(
    "--slow-body-ms", type=click.FloatRange(0, 600_000), default=0.0, help="Dribble bodies over N ms."
)
@click.option("--mutate-between-pages", is_flag=True, help="Add or remove a task after every page.")
@click.option("--rate-limit", type=click.FloatRange(min=0, min_open=True), help="Requests/s per credential.")
@click.option("--strict", is_flag=True, help="Answer exactly per the vendor page's tables.")
@click.option(
    "--admin", is_flag=True, help="Enable the admin API under /_emulator/ (no auth: loopback only)."
)
@click.option(
    "--progress-per-second",
    type=click.FloatRange(min=0),
    default=5.0,
    show_default=True,
    help="Percentage points per second of tasks in full synchronisation.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of every random choice.")
@click.option("--log-requests", is_flag=True, help="Print each request (method, path, status) to stderr.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
def emulator_command(log_requests: bool, **options: Any) -> None:
    """Run the local replication-status emulator until interrupted."""
    # aiohttp logs a traceback for every malformed HTTP message (fuzzers send many); it has
    # already answered 400, so keep stderr for the emulator's own lines.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    try:
        # Each option is named for the Faults field or EmulatorServer argument it sets.
        faults = Faults(**{name: options.pop(name) for name in _FAULT_FIELDS})
        server = EmulatorServer(
            **options,
            faults=faults,
            request_logger=(lambda line: click.echo(line, err=True)) if log_requests else None,
        )
    except DatasetError as exc:
        raise DatasetProblem(f"bad dataset {options['dataset']!r}: {exc}") from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    host = options["host"]
    if options["admin"] and host not in _LOOPBACK:
        warn(
            f"--admin on --host {host}: the admin API has no authentication and anyone who can reach "
            "this address can change or stop the emulator; bind 127.0.0.1 instead"
        )
    with _stop_signals() as stop:
        try:
            server.start()
        except RuntimeError as exc:
            raise BindProblem(str(exc)) from None
        try:
            _print_banner(server, options["admin"])
            while not stop.wait(3600):
                pass
        finally:
            server.stop()
    click.echo("# Emulator stopped.", err=True)


def main(argv: list[str] | None = None, prog: str = "python -m taurusdb_emulator") -> int:
    """``python -m taurusdb_emulator``: every failure as one ``PROG: error: ...`` line."""
    try:
        emulator_command.main(args=argv, prog_name=prog, standalone_mode=False)
    except click.ClickException as exc:
        click.echo(f"{prog}: error: {' '.join(exc.format_message().split())}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        return 130
    return 0
