"""The ``taurusdb-replication`` group: global options, error reporting and exit codes.

Click runs in non-standalone mode so that this module, not click, decides every exit code
(click's own usage errors exit 2, which here means "a task failed"). Errors of the client
layer become one line on stderr; the traceback is shown only with ``-v``.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from taurusdb_replication import (
    ConfigurationError,
    ReplicationFailedError,
    TaurusDBError,
    ValidationError,
    WaitTimeoutError,
    __version__,
)
from taurusdb_replication._endpoints import REGIONS

from ._durations import Duration
from ._exit import ExitCode
from ._logs import configure, redact, scoped
from ._session import INSTANCE_ENV, LANGUAGE_ENV, Session

PROG = "taurusdb-replication"
COMPLETE_VAR = "_TAURUSDB_REPLICATION_COMPLETE"

# Where a setting named by the client layer comes from on this command line.
_OPTION_OF_FIELD = {
    "instance_id": f"--instance-id or {INSTANCE_ENV}",
    "project_id": "--project-id or HW_PROJECT_ID",
    "region": "--region or HW_REGION_NAME",
    "endpoint": "--endpoint or TAURUSDB_ENDPOINT",
    "task_name": "the TASK argument",
    "concurrency": "--concurrency",
    "timeout": "--timeout",
    "max_retries": "--max-retries or HW_MAX_RETRIES",
    "language": f"--language or {LANGUAGE_ENV}",
}


def exit_code_for(error: TaurusDBError) -> ExitCode:
    """The documented exit code of a client-layer error."""
    if isinstance(error, WaitTimeoutError):
        return ExitCode.TIMEOUT
    if isinstance(error, ReplicationFailedError):
        return ExitCode.TASK_FAILED
    if isinstance(error, ConfigurationError | ValidationError):
        return ExitCode.USAGE
    return ExitCode.API_ERROR


def describe(error: TaurusDBError) -> str:
    """One line for stderr: the error's own text (code, message, request id), plus where to fix it."""
    text = str(error)
    field = error.field.removeprefix("argument ") if isinstance(error, ValidationError) else ""
    if field in _OPTION_OF_FIELD:
        text += f" (set with {_OPTION_OF_FIELD[field]})"
    return " ".join(text.split())


def report(error: BaseException, *, verbose: int) -> None:
    """Write the error line (and, with ``-v``, the traceback) to stderr, secrets blanked."""
    if verbose:
        trace = "".join(traceback.format_exception(error))
        sys.stderr.write(redact(trace))
    if isinstance(error, TaurusDBError):
        message = describe(error)
    else:
        message = f"internal error, please report it (-v shows where): {type(error).__name__}: {error}"
    sys.stderr.write(redact(f"{PROG}: error: {message}") + "\n")
    sys.stderr.flush()


class _Group(click.Group):
    """Turns client-layer errors into one line and an exit code; loads ``emulator`` lazily."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TaurusDBError as error:
            session = ctx.find_object(Session)
            report(error, verbose=session.verbose if session else 0)
            raise click.exceptions.Exit(exit_code_for(error)) from None
        except BrokenPipeError:
            # Python's documented recipe: point stdout at devnull so the flush at exit cannot fail.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(ExitCode.BROKEN_PIPE) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # a bug: still one redacted line, and not a "timeout" exit 1
            session = ctx.find_object(Session)
            report(error, verbose=session.verbose if session else 0)
            raise click.exceptions.Exit(ExitCode.INTERNAL) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "emulator"])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "emulator":
            return _emulator_command()
        return super().get_command(ctx, cmd_name)


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


def _complete_regions(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    return [name for name in sorted(REGIONS) if name.startswith(incomplete)]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--region",
    shell_complete=_complete_regions,
    help="Region, e.g. cn-north-4; picks the endpoint from the region table. [env: HW_REGION_NAME]",
)
@click.option(
    "--endpoint",
    help="Service URL; overrides the region table (e.g. the emulator's URL). [env: TAURUSDB_ENDPOINT]",
)
@click.option(
    "--project-id",
    help="Project id (32 letters or digits). [env: HW_PROJECT_ID, HUAWEICLOUD_SDK_PROJECT_ID, profile]",
)
@click.option(
    "--instance-id",
    envvar=INSTANCE_ENV,
    show_envvar=True,
    help="StarRocks instance id (36 letters or digits).",
)
@click.option(
    "--token",
    help="IAM token (X-Auth-Token). AK/SK come only from the environment or the profile file: "
    "HW_ACCESS_KEY/HW_SECRET_KEY, HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK, ~/.huaweicloud/credentials. "
    "[env: HW_AUTH_TOKEN]",
)
@click.option(
    "--timeout",
    "request_timeout",
    type=Duration(minimum=0.001),
    help="Per-request timeout, e.g. 30s (default: 10s connect, 30s read).",
)
@click.option(
    "--max-retries",
    type=click.IntRange(min=0),
    help="Retries of a failed request (429, 5xx, network). [env: HW_MAX_RETRIES; default 5]",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    help="Pages fetched at once when listing (default 16).",
)
@click.option(
    "--language",
    type=click.Choice(["en-us", "zh-cn"], case_sensitive=False),
    envvar=LANGUAGE_ENV,
    show_envvar=True,
    help="Language of the service's error messages (X-Language).",
)
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="Debug log of every request on stderr (secrets redacted); tracebacks on errors.",
)
@click.option("--no-color", is_flag=True, help="No colours (also honoured: NO_COLOR).")
@click.version_option(__version__, "--version", prog_name=PROG, message="%(prog)s %(version)s")
@click.pass_context
def cli(
    ctx: click.Context,
    region: str | None,
    endpoint: str | None,
    project_id: str | None,
    instance_id: str | None,
    token: str | None,
    request_timeout: float | None,
    max_retries: int | None,
    concurrency: int | None,
    language: str | None,
    verbose: int,
    no_color: bool,
) -> None:
    """Read and wait for the replication tasks of a TaurusDB HTAP (StarRocks) instance.

    \b
    Exit codes: 0 done / condition met, 1 wait timed out, 2 a task is abnormal or
    cancelled, 3 API, auth or network error, 64 usage or configuration error,
    70 internal error, 130 interrupted, 141 stdout closed early. Shell completion:
      eval "$(_TAURUSDB_REPLICATION_COMPLETE=bash_source taurusdb-replication)"
    """
    configure(verbose)
    ctx.obj = Session(
        overrides={
            "region": region,
            "endpoint": endpoint,
            "project_id": project_id,
            "token": token,
            "max_retries": max_retries,
        },
        instance_id=instance_id,
        request_timeout=request_timeout,
        concurrency=concurrency,
        language=language.lower() if language else None,
        verbose=verbose,
        color=not no_color,
    )


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
        error.show()
        return ExitCode.USAGE
    except click.ClickException as error:
        error.show()
        return error.exit_code
    return result if isinstance(result, int) else ExitCode.OK


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console-script entry point."""
    sys.exit(run(argv))
