"""Selecting tasks after a consistent listing (``--task NAME``, ``--stage STAGE``, ``--unhealthy``)
and the table's columns (``--columns``, any fields of the spec's field table).

The listing is always read whole (the client's consistency checks need every page), then
narrowed here, so a filtered view is a subset of one snapshot and never a mix of two.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from taurusdb_replication import Stage

from ._render import COLUMNS, LISTING_FIELDS
from ._table import Row

F = TypeVar("F", bound=Callable[..., Any])

STAGES = tuple(stage.value for stage in Stage)


@dataclass(frozen=True)
class Selection:
    """Which tasks to show (every criterion given must hold; none: every task), and in a table
    which columns (none given: the spec's default set)."""

    tasks: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    unhealthy: bool = False
    columns: tuple[str, ...] = LISTING_FIELDS

    def apply(self, rows: Sequence[Row]) -> list[Row]:
        wanted = set(self.tasks)
        stages = {stage.lower() for stage in self.stages}
        return [
            row
            for row in rows
            if (not wanted or row.get("task_name") in wanted)
            and (not stages or str(row.get("stage") or "").lower() in stages)
            and (not self.unhealthy or row.get("healthy") is not True)
        ]


def selection_options(function: F) -> F:
    """``--task`` (repeatable), ``--stage`` (repeatable), ``--unhealthy`` and ``--columns``, passed
    to the command as one ``chosen`` :class:`Selection`."""

    @functools.wraps(function)
    def with_selection(
        *args: Any,
        tasks: tuple[str, ...],
        stages: tuple[str, ...],
        unhealthy: bool,
        columns: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        return function(*args, chosen=Selection(tasks, stages, unhealthy, columns), **kwargs)

    command: Callable[..., Any] = with_selection
    options = [
        click.option("--unhealthy", is_flag=True, help="Only tasks that are not healthy (status not 'Yes')."),
        click.option(
            "--stage",
            "stages",
            multiple=True,
            type=click.Choice(STAGES, case_sensitive=False),
            help="Only tasks in this stage (repeatable: any of them).",
        ),
        click.option("--task", "tasks", multiple=True, metavar="NAME", help="Only this task (repeatable)."),
        click.option(
            "--columns",
            metavar="FIELD,...",
            callback=_columns,
            help=f"Table columns, comma-separated, in order; any of: {', '.join(COLUMNS)} "
            f"(default: {','.join(LISTING_FIELDS)}).",
        ),
    ]
    for option in options:
        command = option(command)
    return command  # type: ignore[return-value]


def _columns(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    if value is None:
        return LISTING_FIELDS
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    unknown = [name for name in names if name not in COLUMNS]
    if unknown or not names:
        raise click.BadParameter(
            f"{value!r} names {', '.join(map(repr, unknown)) or 'no field'}; "
            f"use any of: {', '.join(COLUMNS)}",
            ctx=ctx,
            param=param,
        )
    return names
