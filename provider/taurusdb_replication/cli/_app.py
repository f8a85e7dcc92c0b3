"""The ``taurusdb-replication`` group: connection options, error reporting and exit codes.

Click runs in non-standalone mode so that this module, not click, decides every exit code
(click's own usage errors exit 2, which here means "a task failed"). Every failure, click's
usage errors included, is one line on stderr, ``taurusdb-replication: error: ...``; the
traceback is shown only with ``-v``.

Start-up matters for a command run in loops by scripts: this module needs only click. The
commands (and with them httpx, rich and the client) are imported when one is looked up, so
``--version`` and ``--help`` of the group load nothing else.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from taurusdb_replication import __version__
from taurusdb_replication.settings import SETTINGS

from ._durations import Duration
from ._exit import ExitCode
from ._logs import redact, scoped
from ._options import CONNECTION_FLAGS, connection_params, split_connection
from ._session import Session

PROG = "taurusdb-replication"
COMPLETE_VAR = "_TAURUSDB_REPLICATION_COMPLETE"

# Where a value the client layer names comes from on this command line (settings.yaml).
_OPTION_OF_FIELD = {
    "task_name": "the TASK argument",
    **{
        str(spec.python or spec.name): " or ".join([spec.cli, *spec.env[:1]])
        for spec in SETTINGS
        if spec.cli is not None
    },
}


def exit_code_for(error: BaseException) -> ExitCode:
    """The documented exit code of an error (a bug, anything not of the client layer: 70)."""
    from taurusdb_replication import (
        ConfigurationError,
        ReplicationFailedError,
        TaurusDBError,
        ValidationError,
        WaitTimeoutError,
    )

    if isinstance(error, WaitTimeoutError):
        return ExitCode.TIMEOUT
    if isinstance(error, ReplicationFailedError):
        return ExitCode.TASK_FAILED
    if isinstance(error, ConfigurationError | ValidationError):
        return ExitCode.USAGE
    return ExitCode.API_ERROR if isinstance(error, TaurusDBError) else ExitCode.INTERNAL


def describe(error: BaseException, session: Session | None = None) -> str:
    """One line for stderr: the error's own text (code, message, request id), plus where to fix it."""
    from taurusdb_replication import TaurusDBError, ValidationError

    if not isinstance(error, TaurusDBError):
        return f"internal error, please report it (-v shows where): {type(error).__name__}: {error}"
    text = str(error)  # a rejected setting already names its option or variable, and its value
    if isinstance(error, ValidationError):
        field = error.field.removeprefix("argument ")
        if field in _OPTION_OF_FIELD:
            text += f" (set with {_OPTION_OF_FIELD[field]})"
    for name, flag in CONNECTION_FLAGS.items():  # the client layer's names for this CLI's options
        text = text.replace(f"(from argument {name})", f"(from {flag})")
    return " ".join(text.split())


def error_line(message: str) -> None:
    """The one error style of the command line (the emulator's command uses it too)."""
    sys.stderr.write(redact(f"{PROG}: error: {' '.join(message.split())}") + "\n")
    sys.stderr.flush()


def warn(message: str) -> None:
    sys.stderr.write(f"{PROG}: warning: {message}\n")
    sys.stderr.flush()


def notice(message: str) -> None:
    """One line on stderr about the run (a failed read being retried), in the style of the error
    and warning lines: ``taurusdb-replication: ...``, secrets blanked, terminal-safe, its line
    breaks (a multi-line error) made spaces."""
    sys.stderr.write(redact(f"{PROG}: {' '.join(line.strip() for line in message.splitlines())}") + "\n")
    sys.stderr.flush()


def report(error: BaseException, *, session: Session | None) -> None:
    """Write the error line (and, with ``-v``, the traceback) to stderr, secrets blanked."""
    if session is not None and session.verbose:
        import traceback

        sys.stderr.write(redact("".join(traceback.format_exception(error))))
    error_line(describe(error, session))


class ConnectionCommand(click.Command):
    """A command that also takes the connection options, and shows them in its help."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.extend(connection_params())

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        own: list[tuple[str, str]] = []
        shared: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
            if record is not None:
                (shared if param.name in CONNECTION_FLAGS else own).append(record)
        with formatter.section("Options"):
            formatter.write_dl(own)
        with formatter.section("Connection options (also accepted before the command)"):
            formatter.write_dl(shared)

    def invoke(self, ctx: click.Context) -> Any:
        session = ctx.find_object(Session)
        own = split_connection(ctx.params)
        if session is not None:
            session.merge(own)
        return super().invoke(ctx)


class _Group(click.Group):
    """Turns errors into one line and an exit code; imports the commands when one is asked for."""

    command_class = ConnectionCommand

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # Python's documented recipe: point stdout at devnull so the flush at exit cannot fail.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(ExitCode.BROKEN_PIPE) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # a bug is still one redacted line, and not a "timeout" exit 1
            report(error, session=ctx.find_object(Session))
            raise click.exceptions.Exit(exit_code_for(error)) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        _load_commands()
        return sorted([*super().list_commands(ctx), "emulator"])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "emulator":
            return _emulator_command()
        _load_commands()
        return super().get_command(ctx, cmd_name)


def _load_commands() -> None:
    importlib.import_module(f"{__package__}._commands")


def _emulator_command() -> click.Command:
    """The emulator's own command, imported only when asked for: it needs aiohttp."""
    try:
        from taurusdb_emulator.cli import emulator_command
    except ImportError as error:
        missing = error.name or "a dependency"

        @click.command(
            "emulator",
            context_settings={"ignore_unknown_options": True},
            help="Run the local emulator (needs the 'emulator' extra).",
        )
        @click.argument("args", nargs=-1, type=click.UNPROCESSED)
        def unavailable(args: tuple[str, ...]) -> None:
            raise click.UsageError(
                f"the emulator needs {missing}: pip install 'taurusdb-replication[emulator]'"
            )

        return unavailable
    return emulator_command


@click.group(
    cls=_Group,
    params=connection_params(),
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--timeout",
    "legacy_timeout",
    type=Duration(minimum=0.001),
    hidden=True,
    help="Deprecated spelling of --request-timeout.",
)
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, /, legacy_timeout: float | None, **connection: Any) -> None:
    """Read and wait for the replication tasks of a TaurusDB HTAP (StarRocks) instance.

    The connection options below are accepted before the command and after it
    ('list --instance-id X' or '--instance-id X list'); after it wins.

    \b
    Exit codes: 0 done / condition met, 1 wait timed out, 2 a task is abnormal or
    cancelled, 3 API, auth or network error, 64 usage or configuration error,
    70 internal error, 130 interrupted, 141 stdout closed early.
    Shell completion (bash, zsh, fish): see 'completion --help'.
    """
    session = Session()
    if legacy_timeout is not None:
        warn(
            "--timeout before the command is deprecated: it sets the per-request timeout, "
            "now spelled --request-timeout (wait's own --timeout is the whole wait)"
        )
        connection.setdefault("request_timeout", None)
        if connection["request_timeout"] is None:
            connection["request_timeout"] = legacy_timeout
    session.merge(connection)
    ctx.obj = session


def _usage_line(error: click.ClickException) -> None:
    message = error.format_message()
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    error_line(message)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (never raises, never calls ``sys.exit``)."""
    try:
        with scoped():
            result = cli.main(args=argv, prog_name=PROG, complete_var=COMPLETE_VAR, standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        # Click turns Ctrl-C into Abort (a bare KeyboardInterrupt only escapes it during
        # completion or teardown); the shell's convention for SIGINT is 128 + 2.
        sys.stderr.write("Interrupted.\n")
        return ExitCode.INTERRUPTED
    except click.UsageError as error:
        _usage_line(error)
        return ExitCode.USAGE
    except click.ClickException as error:
        _usage_line(error)
        return error.exit_code
    return result if isinstance(result, int) else ExitCode.OK


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console-script entry point."""
    sys.exit(run(argv))
