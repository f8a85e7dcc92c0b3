"""Selecting tasks after a consistent listing: ``--task NAME``, ``--stage STAGE``, ``--unhealthy``.

The listing is always read whole (the client's consistency checks need every page), then
narrowed here, so a filtered view is a subset of one snapshot and never a mix of two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from taurusdb_replication import Stage

from ._table import Row

F = TypeVar("F", bound=Callable[..., Any])

STAGES = tuple(stage.value for stage in Stage)


@dataclass(frozen=True)
class Selection:
    """Which tasks to show; every criterion given must hold (no criterion: every task)."""

    tasks: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    unhealthy: bool = False

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
    """``--task`` (repeatable), ``--stage`` (repeatable), ``--unhealthy``; passed as ``selection``."""
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
    ]
    for option in options:
        function = option(function)
    return function


def selection(tasks: tuple[str, ...], stages: tuple[str, ...], unhealthy: bool) -> Selection:
    return Selection(tasks=tasks, stages=stages, unhealthy=unhealthy)
