"""The commands: ``list``, ``get``, ``wait``, ``watch``, ``regions`` and ``config``.

Imported by the group only when a command is looked up (see ``_app``), so this module may
import the client layer at the top.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import click

from taurusdb_replication import (
    Condition,
    Evaluation,
    Replication,
    ReplicationClient,
    Stage,
    TaurusDBError,
    is_transient,
)
from taurusdb_replication.settings import REGIONS

from ._app import COMPLETE_VAR, PROG, cli, notice
from ._durations import Duration, format_duration
from ._filters import Selection, name_options, selection_options
from ._formats import Output, csv_text, output_options, to_yaml
from ._output import emit
from ._progress import BarReporter, FailedReads, LineReporter
from ._render import (
    FIELDS,
    OutputFormat,
    detail_table,
    listing_document,
    listing_json,
    listing_table,
    ordered,
    simple_table,
    to_csv,
    to_json,
)
from ._session import Session
from ._table import Row

F = TypeVar("F", bound=Callable[..., Any])

pass_session = click.make_pass_decorator(Session)


def _rows(replications: Sequence[Any]) -> list[Row]:
    return [replication.to_dict() for replication in replications]


def _title(instance_id: str, rows: Sequence[Row], total: int) -> str:
    shown = f"{len(rows)} of {total}" if len(rows) != total else str(total)
    return f"Instance {instance_id}: {shown} replication task{'s' if total != 1 else ''}"


LISTING_FORMATS = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.YAML, OutputFormat.CSV)


def _write_rows(
    session: Session, out: Output, rows: list[Row], total: int, title: str, chosen: Selection
) -> None:
    """The listing in the chosen format: the ``list`` document, a table, or CSV."""
    out.write(
        session.interactive,
        lambda: listing_document(rows, total, chosen.columns),
        json_text=lambda: listing_json(rows, total, chosen.columns),
        table=lambda headers: listing_table(
            rows,
            width=session.width,
            color=session.colored,
            title=title if headers else None,
            columns=chosen.table_columns,
            header=headers,
        ),
        csv=lambda headers: to_csv(rows, chosen.columns or FIELDS, header=headers),
    )


@cli.command("list")
@output_options(*LISTING_FORMATS)
@selection_options
@pass_session
def list_command(session: Session, out: Output, chosen: Selection) -> None:
    """List the replication tasks of the instance (every task, or those selected).

    JSON: {"total_count": N, "replications": [{...}]}, one task per line, each with the keys of
    the spec's field table in order (see `get -o json`) and "extra" (fields the spec does not
    know), or with --columns only those keys, in that order; total_count is the service's total
    (selectors change only the list). YAML is the same document.
    """
    instance_id = session.require_instance()
    with session.client() as client:
        replications, reported = client.list_replications_with_total(instance_id)
    everything = _rows(replications)
    total = len(everything) if reported is None else reported
    rows = chosen.apply(everything)
    _write_rows(session, out, rows, total, _title(instance_id, rows, total), chosen)


@cli.command("get")
@click.argument("task")
@output_options(*LISTING_FORMATS)
@pass_session
def get_command(session: Session, task: str, out: Output) -> None:
    """Show one replication task (exit 3 if the instance has no task of that name)."""
    instance_id = session.require_instance()
    with session.client() as client:
        row = client.get_replication(instance_id, task).to_dict()
    out.write(
        session.interactive,
        lambda: ordered(row),
        table=lambda headers: detail_table(row, width=session.width, color=session.colored),
        csv=lambda headers: to_csv([row], header=headers),
    )


_STAGES = [stage.value for stage in Stage] + ["any"]


class _SelectedCondition(Condition):
    """A condition judged only on the tasks the selectors keep (``wait --exclude NAME``)."""

    __slots__ = ("selection",)
    selection: Selection

    def __init__(self, selection: Selection, **criteria: Any) -> None:
        super().__init__(**criteria)
        object.__setattr__(self, "selection", selection)

    def evaluate(self, replications: Sequence[Replication]) -> Evaluation:
        return super().evaluate([r for r in replications if self.selection.keeps(r.to_dict())])


@cli.command("wait")
@click.argument("tasks", nargs=-1)
@name_options("extra_tasks")
@click.option(
    "--stage",
    type=click.Choice(_STAGES, case_sensitive=False),
    default=Stage.INCREMENTAL.value,
    show_default=True,
    help="Stage every task must reach ('any': do not check the stage).",
)
@click.option(
    "--min-percentage",
    type=click.FloatRange(0, 100),
    default=100.0,
    show_default=True,
    help="Progress every task must reach.",
)
@click.option(
    "--timeout",
    type=Duration(minimum=0.001),  # 0 would time out before the first poll
    default="30m",
    show_default=True,
    help="Give up on the whole wait after this long (exit 1); each request: --request-timeout.",
)
@click.option(
    "--interval", type=Duration(minimum=0.05), default="10s", show_default=True, help="Time between polls."
)
@click.option(
    "--heartbeat",
    type=Duration(minimum=0.05),
    default="60s",
    show_default=True,
    help="When not on a terminal: a 'still waiting' line after this long without a change. While "
    "polls fail: a 'refresh failed' line on stderr at once, then at most this often.",
)
@click.option(
    "--output",
    "-o",
    type=click.Choice(["text", "json", "yaml"]),
    default="text",
    show_default=True,
    help="json, yaml: the final state of the tasks on stdout (the list document), progress on stderr.",
)
@pass_session
def wait_command(
    session: Session,
    tasks: tuple[str, ...],
    extra_tasks: tuple[str, ...],
    exclude: tuple[str, ...],
    stage: str,
    min_percentage: float,
    timeout: float,
    interval: float,
    heartbeat: float,
    output: str,
) -> None:
    """Wait until the TASKs (default: every task but those excluded) reach a stage and a percentage.

    Shows a progress bar per task on a terminal and a line per change otherwise. Exits 0 when
    the condition is met, 1 on timeout, 2 as soon as a task is abnormal or cancelled.
    """
    instance_id = session.require_instance()
    names = tuple(dict.fromkeys(name for name in (*tasks, *extra_tasks) if name not in exclude))
    if (tasks or extra_tasks) and not names:
        raise click.UsageError("every task named is also excluded: nothing to wait for")
    tasks = names
    condition = _SelectedCondition(
        Selection(exclude=exclude),
        tasks=tasks,
        stages=None if stage.lower() == "any" else stage,
        min_percentage=min_percentage,
    )
    as_json = output != "text"
    say = _say(to_stderr=as_json)
    who = ", ".join(tasks) if tasks else "every task"
    if exclude and not tasks:
        who += f" except {', '.join(exclude)}"
    say(
        f"Waiting for {who} to reach {condition.summary()} "
        f"(timeout {format_duration(timeout)}, polling every {format_duration(interval)})"
    )
    reporter: BarReporter | LineReporter = (
        BarReporter(tasks, session.err if as_json else session.out)
        if session.interactive
        else LineReporter(tasks, heartbeat=heartbeat, echo=say)
    )
    reads = FailedReads(heartbeat=heartbeat, echo=notice)
    total = 0

    def read(everything: list[Replication], reported: int) -> None:
        nonlocal total
        total = reported
        reads.succeeded()

    try:
        with session.client() as client, reporter:
            result = client.wait_for(
                instance_id,
                condition,
                timeout=timeout,
                interval=interval,
                on_read=read,
                on_progress=lambda selected: reporter.update(selected, total),
                on_failure=reads.failed,
            )
    finally:
        if output == "json":
            emit(listing_json(_rows(reporter.last), reporter.total))
        elif output == "yaml":
            emit(to_yaml(listing_document(_rows(reporter.last), reporter.total)))
    count = len(result.replications)
    say(
        f"Condition met: {count} task{'s' if count != 1 else ''} reached {condition.summary()} "
        f"after {result.elapsed:.1f}s ({result.polls} poll{'s' if result.polls != 1 else ''})"
    )


def _say(*, to_stderr: bool) -> Callable[[str], None]:
    """Human lines of ``wait``: stdout, or stderr when stdout carries JSON."""

    def say(line: str) -> None:
        if to_stderr:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
        else:
            emit(line)

    return say


@cli.command("watch")
@click.option(
    "--interval", type=Duration(minimum=0.05), default="5s", show_default=True, help="Time between refreshes."
)
@click.option(
    "--output",
    "-o",
    type=click.Choice([OutputFormat.TABLE.value, OutputFormat.JSON.value]),
    help="Output format; default: table on a terminal, a JSON line per refresh when piped.",
)
@selection_options
@click.option("--iterations", type=click.IntRange(min=1), hidden=True, help="Stop after N refreshes (tests).")
@pass_session
def watch_command(
    session: Session,
    interval: float,
    output: str | None,
    chosen: Selection,
    iterations: int | None,
) -> None:
    """Show the tasks (every task, or those selected) and refresh them until interrupted (Ctrl-C).

    On a terminal the table is redrawn in place; when piped, each refresh is one JSON line:
    the list document plus "observed_at". Transient errors (throttling, 5xx, network) are
    shown and the next refresh tries again; auth and not-found errors end the watch (exit 3).
    """
    instance_id = session.require_instance()
    fmt = Output(OutputFormat(output) if output else None).resolved(session.interactive)
    with session.client() as client:
        if fmt is OutputFormat.TABLE and session.interactive:
            _watch_live(session, client, instance_id, interval, iterations, chosen)
        else:
            _watch_lines(session, client, instance_id, interval, iterations, fmt, chosen)


def _refresh(
    client: ReplicationClient, instance_id: str
) -> tuple[list[Row] | None, int, TaurusDBError | None]:
    """Every task and the service's total (as ``list``), or the transient error of this refresh."""
    try:
        replications, reported = client.list_replications_with_total(instance_id)
    except TaurusDBError as error:
        if not is_transient(error, client.config.retry):
            raise
        return None, 0, error
    return _rows(replications), len(replications) if reported is None else reported, None


def _ticks(interval: float, iterations: int | None) -> Iterator[None]:
    """Yield once per refresh, sleeping ``interval`` in between; forever unless ``iterations``."""
    count = 0
    while True:
        yield
        count += 1
        if iterations is not None and count >= iterations:
            return
        time.sleep(interval)


def _watch_live(
    session: Session,
    client: ReplicationClient,
    instance_id: str,
    interval: float,
    iterations: int | None,
    chosen: Selection,
) -> None:
    from rich.console import Group
    from rich.live import Live
    from rich.text import Text

    rows: list[Row] = []
    total = 0
    with Live(console=session.out, auto_refresh=False) as live:
        for _ in _ticks(interval, iterations):
            fresh, reported, error = _refresh(client, instance_id)
            if fresh is not None:
                rows, total = chosen.apply(fresh), reported
            now = datetime.now().astimezone().strftime("%H:%M:%S")
            status = (
                Text(f"{now} · every {format_duration(interval)} · Ctrl-C to stop", style="dim")
                if error is None
                else Text(f"{now} · refresh failed, retrying: {error}", style="yellow")
            )
            table = listing_table(
                rows,
                width=session.width,
                color=session.colored,
                title=_title(instance_id, rows, total),
                columns=chosen.table_columns,
            )
            live.update(Group(Text.from_ansi(table), status), refresh=True)


def _watch_lines(
    session: Session,
    client: ReplicationClient,
    instance_id: str,
    interval: float,
    iterations: int | None,
    fmt: OutputFormat,
    chosen: Selection,
) -> None:
    for _ in _ticks(interval, iterations):
        fresh, total, error = _refresh(client, instance_id)
        if fresh is None:
            notice(f"refresh failed, retrying: {error}")
            continue
        rows = chosen.apply(fresh)
        if fmt is OutputFormat.JSON:
            observed = datetime.now(UTC).isoformat(timespec="seconds")
            document = listing_document(rows, total, chosen.columns)
            emit(to_json({"observed_at": observed, **document}, pretty=False))
        else:
            emit(
                listing_table(
                    rows,
                    width=None,
                    color=False,
                    title=_title(instance_id, rows, total),
                    columns=chosen.table_columns,
                )
                + "\n"
            )


@cli.command("regions")
@output_options(*LISTING_FORMATS)
@pass_session
def regions_command(session: Session, out: Output) -> None:
    """List the known regions and their endpoints (override with --endpoint)."""
    rows = [{"region": region, "endpoint": endpoint} for region, endpoint in sorted(REGIONS.items())]
    cells = [[row["region"], row["endpoint"]] for row in rows]
    out.write(
        session.interactive,
        lambda: {"regions": rows},
        table=lambda headers: simple_table(
            ["REGION", "ENDPOINT"], cells, color=session.colored, header=headers
        ),
        csv=lambda headers: csv_text(["region", "endpoint"] if headers else None, cells),
    )


@cli.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion_command(shell: str) -> None:
    """Print the completion script of SHELL (click's own completion of commands, options,
    choices and region names).

    \b
      bash (~/.bashrc):            eval "$(taurusdb-replication completion bash)"
      zsh (~/.zshrc):              eval "$(taurusdb-replication completion zsh)"
      fish (~/.config/fish/...):   taurusdb-replication completion fish | source
    """
    from click.shell_completion import get_completion_class

    completion = get_completion_class(shell)
    assert completion is not None  # every choice is one of click's shells
    emit(completion(cli, {}, PROG, COMPLETE_VAR).source())


from . import _config  # noqa: E402, F401  (registers ``config``)
