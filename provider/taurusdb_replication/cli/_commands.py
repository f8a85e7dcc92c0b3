"""The commands: ``list``, ``get``, ``wait``, ``watch`` and ``regions``."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

import click
from rich.console import Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from taurusdb_replication import (
    REGIONS,
    Condition,
    ReplicationClient,
    Stage,
    TaurusDBError,
    is_transient,
)

from ._app import cli
from ._durations import Duration, format_duration
from ._progress import BarReporter, LineReporter, Reporter
from ._render import (
    OutputFormat,
    Row,
    detail_table,
    listing_document,
    listing_table,
    ordered,
    to_csv,
    to_json,
)
from ._session import Session

F = TypeVar("F", bound=Callable[..., Any])

pass_session = click.make_pass_decorator(Session)


def _output_option(*formats: OutputFormat) -> Callable[[F], F]:
    return click.option(
        "--output",
        "-o",
        type=click.Choice([f.value for f in formats]),
        help="Output format; default: table on a terminal, json when piped.",
    )


def _format(session: Session, output: str | None) -> OutputFormat:
    if output:
        return OutputFormat(output)
    return OutputFormat.TABLE if session.interactive else OutputFormat.JSON


def write(text: str) -> None:
    """Write machine output to stdout now (``watch`` readers want each line as it comes)."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def _rows(replications: Sequence[Any]) -> list[Row]:
    return [replication.to_dict() for replication in replications]


@cli.command("list")
@_output_option(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.CSV)
@pass_session
def list_command(session: Session, output: str | None) -> None:
    """List every replication task of the instance.

    JSON: {"total_count": N, "replications": [{task_name, source_database, target_database,
    status, healthy, stage, percentage, catchup_stage, catchup_percentage, is_need_repair,
    is_main_task, extra}]}.
    """
    instance_id = session.require_instance()
    with session.client() as client:
        rows = _rows(client.list_replications(instance_id))
    fmt = _format(session, output)
    if fmt is OutputFormat.TABLE:
        session.out.print(listing_table(rows, title=_title(instance_id, rows)))
    elif fmt is OutputFormat.JSON:
        write(to_json(listing_document(rows), pretty=True))
    else:
        write(to_csv(rows))


def _title(instance_id: str, rows: Sequence[Row]) -> str:
    return f"Instance {instance_id}: {len(rows)} replication task{'s' if len(rows) != 1 else ''}"


@cli.command("get")
@click.argument("task")
@_output_option(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.CSV)
@pass_session
def get_command(session: Session, task: str, output: str | None) -> None:
    """Show one replication task (exit 3 if the instance has no task of that name)."""
    instance_id = session.require_instance()
    with session.client() as client:
        row = client.get_replication(instance_id, task).to_dict()
    fmt = _format(session, output)
    if fmt is OutputFormat.TABLE:
        session.out.print(detail_table(row))
    elif fmt is OutputFormat.JSON:
        write(to_json(ordered(row), pretty=True))
    else:
        write(to_csv([row]))


_STAGES = [stage.value for stage in Stage] + ["any"]


@cli.command("wait")
@click.argument("tasks", nargs=-1)
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
    "--timeout", type=Duration(), default="30m", show_default=True, help="Give up after this long (exit 1)."
)
@click.option(
    "--interval", type=Duration(minimum=0.05), default="10s", show_default=True, help="Time between polls."
)
@pass_session
def wait_command(
    session: Session,
    tasks: tuple[str, ...],
    stage: str,
    min_percentage: float,
    timeout: float,
    interval: float,
) -> None:
    """Wait until the TASKs (default: every task) reach a stage and a percentage.

    Shows a progress bar per task on a terminal and a line per change otherwise. Exits 0 when
    the condition is met, 1 on timeout, 2 as soon as a task is abnormal or cancelled.
    """
    instance_id = session.require_instance()
    condition = Condition(
        tasks=tasks, stages=None if stage.lower() == "any" else stage, min_percentage=min_percentage
    )
    who = ", ".join(tasks) if tasks else "every task"
    click.echo(
        f"Waiting for {who} to reach {condition.summary()} "
        f"(timeout {format_duration(timeout)}, polling every {format_duration(interval)})"
    )
    reporter: Reporter = BarReporter(session.out) if session.interactive else LineReporter()
    with session.client() as client, reporter:
        result = client.wait_for(
            instance_id,
            condition,
            timeout=timeout,
            interval=interval,
            max_interval=interval,
            on_progress=reporter.update,
        )
    count = len(result.replications)
    click.echo(
        f"Condition met: {count} task{'s' if count != 1 else ''} reached {condition.summary()} "
        f"after {result.elapsed:.1f}s ({result.polls} poll{'s' if result.polls != 1 else ''})"
    )


@cli.command("watch")
@click.option(
    "--interval", type=Duration(minimum=0.05), default="5s", show_default=True, help="Time between refreshes."
)
@_output_option(OutputFormat.TABLE, OutputFormat.JSON)
@click.option("--iterations", type=click.IntRange(min=1), hidden=True, help="Stop after N refreshes (tests).")
@pass_session
def watch_command(session: Session, interval: float, output: str | None, iterations: int | None) -> None:
    """Show the tasks and refresh them until interrupted (Ctrl-C).

    On a terminal the table is redrawn in place; when piped, each refresh is one JSON line:
    the list document plus "observed_at". Transient errors (throttling, 5xx, network) are
    shown and the next refresh tries again; auth and not-found errors end the watch (exit 3).
    """
    instance_id = session.require_instance()
    fmt = _format(session, output)
    with session.client() as client:
        if fmt is OutputFormat.TABLE and session.interactive:
            _watch_live(session, client, instance_id, interval, iterations)
        else:
            _watch_lines(session, client, instance_id, interval, iterations, fmt)


def _refresh(client: ReplicationClient, instance_id: str) -> tuple[list[Row] | None, TaurusDBError | None]:
    try:
        return _rows(client.list_replications(instance_id)), None
    except TaurusDBError as error:
        if not is_transient(error):
            raise
        return None, error


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
    session: Session, client: ReplicationClient, instance_id: str, interval: float, iterations: int | None
) -> None:
    rows: list[Row] = []
    with Live(console=session.out, auto_refresh=False) as live:
        for _ in _ticks(interval, iterations):
            fresh, error = _refresh(client, instance_id)
            rows = fresh if fresh is not None else rows
            now = datetime.now().astimezone().strftime("%H:%M:%S")
            status = (
                Text(f"{now} · every {format_duration(interval)} · Ctrl-C to stop", style="dim")
                if error is None
                else Text(f"{now} · refresh failed, retrying: {error}", style="yellow")
            )
            live.update(Group(listing_table(rows, title=_title(instance_id, rows)), status), refresh=True)


def _watch_lines(
    session: Session,
    client: ReplicationClient,
    instance_id: str,
    interval: float,
    iterations: int | None,
    fmt: OutputFormat,
) -> None:
    for _ in _ticks(interval, iterations):
        rows, error = _refresh(client, instance_id)
        if rows is None:
            session.err.print(f"refresh failed, retrying: {error}", markup=False)
        elif fmt is OutputFormat.JSON:
            observed = datetime.now(UTC).isoformat(timespec="seconds")
            write(to_json({"observed_at": observed, **listing_document(rows)}, pretty=False))
        else:
            session.out.print(listing_table(rows, title=_title(instance_id, rows)))
            session.out.print()


@cli.command("regions")
@_output_option(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.CSV)
@pass_session
def regions_command(session: Session, output: str | None) -> None:
    """List the known regions and their endpoints (override with --endpoint)."""
    rows = [{"region": region, "endpoint": endpoint} for region, endpoint in sorted(REGIONS.items())]
    fmt = _format(session, output)
    if fmt is OutputFormat.JSON:
        write(to_json({"regions": rows}, pretty=True))
    elif fmt is OutputFormat.CSV:
        write("region,endpoint\n" + "".join(f"{r['region']},{r['endpoint']}\n" for r in rows))
    else:
        table = Table("REGION", "ENDPOINT", box=None, pad_edge=False, header_style="bold")
        for row in rows:
            table.add_row(row["region"], row["endpoint"])
        session.out.print(table)
