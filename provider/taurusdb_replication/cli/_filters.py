"""Selecting tasks after a consistent listing (``--task``, ``--exclude``, ``--stage``,
``--unhealthy``), ordering them (``--sort-by``) and the fields shown (``--columns``, any
fields of the spec's field table: table and CSV columns, the keys of each task in JSON and YAML).

The listing is always read whole (the client's consistency checks need every page), then
narrowed here, so a filtered view is a subset of one snapshot and never a mix of two.
``wait`` takes the name selectors (``--task``, ``--exclude``); its ``--stage`` is the stage to
reach, not a selector.
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
    """Which tasks to show (every criterion given must hold; none: every task), in which order,
    and which fields: the columns of tables and CSV, the keys of each task in JSON and YAML
    (None: the table's default set, every field otherwise)."""

    tasks: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    unhealthy: bool = False
    columns: tuple[str, ...] | None = None
    exclude: tuple[str, ...] = ()
    sort_by: str | None = None

    @property
    def table_columns(self) -> tuple[str, ...]:
        return self.columns or LISTING_FIELDS

    def keeps(self, row: Row) -> bool:
        name = row.get("task_name")
        return (
            (not self.tasks or name in self.tasks)
            and name not in self.exclude
            and (not self.stages or str(row.get("stage") or "").lower() in {s.lower() for s in self.stages})
            and (not self.unhealthy or row.get("healthy") is not True)
        )

    def apply(self, rows: Sequence[Row]) -> list[Row]:
        kept = [row for row in rows if self.keeps(row)]
        if self.sort_by is not None:
            kept.sort(key=functools.partial(_sort_key, self.sort_by))
        return kept


def _sort_key(field: str, row: Row) -> tuple[int, float, str]:
    """Numbers and booleans by value, text by its lower case, missing values last."""
    value = row.get(field)
    if value is None:
        return (2, 0.0, "")
    if isinstance(value, bool | int | float):
        return (0, float(value), "")
    return (1, 0.0, str(value).lower())


def name_options(task_dest: str = "tasks") -> Callable[[F], F]:
    """``--task`` (passed as ``task_dest``) and ``--exclude``, both repeatable."""

    def decorate(function: F) -> F:
        function = click.option(
            "--exclude", multiple=True, metavar="NAME", help="Leave this task out (repeatable)."
        )(function)
        return click.option(
            "--task", task_dest, multiple=True, metavar="NAME", help="Only this task (repeatable)."
        )(function)

    return decorate


def selection_options(function: F) -> F:
    """The name selectors, ``--stage`` and ``--unhealthy`` (repeatable: any of them),
    ``--sort-by`` and ``--columns``, passed to the command as one ``chosen`` :class:`Selection`."""

    @functools.wraps(function)
    def with_selection(
        *args: Any,
        tasks: tuple[str, ...],
        exclude: tuple[str, ...],
        stages: tuple[str, ...],
        unhealthy: bool,
        columns: tuple[str, ...] | None,
        sort_by: str | None,
        **kwargs: Any,
    ) -> Any:
        chosen = Selection(tasks, stages, unhealthy, columns, exclude, sort_by)
        return function(*args, chosen=chosen, **kwargs)

    command: Callable[..., Any] = with_selection
    fields = ", ".join(COLUMNS)
    options = [
        click.option(
            "--sort-by",
            metavar="FIELD",
            type=click.Choice(tuple(COLUMNS)),
            show_choices=False,
            help=f"Order the tasks by this field (text A-Z, numbers ascending, empty last): {fields}.",
        ),
        click.option(
            "--columns",
            metavar="FIELD,...",
            callback=_columns,
            help=f"The fields shown, comma-separated, in order: the columns of tables and CSV, the "
            f"keys of each task in JSON and YAML; any of: {fields} "
            f"(default: {','.join(LISTING_FIELDS)} in tables, every field otherwise).",
        ),
        click.option("--unhealthy", is_flag=True, help="Only tasks that are not healthy (status not 'Yes')."),
        click.option(
            "--stage",
            "stages",
            multiple=True,
            type=click.Choice(STAGES, case_sensitive=False),
            help="Only tasks in this stage (repeatable: any of them).",
        ),
    ]
    for option in options:
        command = option(command)
    return name_options()(command)  # type: ignore[return-value]


def _columns(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
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
