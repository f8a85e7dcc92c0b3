"""A resource's expectation: its inputs validated into one client :class:`Condition`.

The judgement itself is the client's (``Condition.evaluate``), the same one ``wait_for`` and
the CLI use, and so is the validation of each part (tasks, stages, percentage, health): this
module maps the read's inputs (``expect_healthy``, ``expect_stage``, ``min_percentage``,
``require_tasks``, ``wait_timeout``, ``wait_interval``) onto it with Pulumi's defaults (no
input, no check), and renames the client's field in a message to the input's name. Pure
functions, used by the resources (validated once in the program) and again by the providers
(inputs may have been Outputs).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taurusdb_replication import Condition, Stage, ValidationError

KNOWN_STAGES: tuple[str, ...] = tuple(stage.value for stage in Stage)
MAX_WAIT_SECONDS = 24 * 3600.0

NO_CHECK = Condition(stages=None, min_percentage=None, healthy=False)
"""A condition that only reads (and requires nothing): every input left out."""


def _condition(field: str, **part: Any) -> Condition:
    """``Condition(**part)`` (every other part "no check"), its error naming ``field``."""
    parts: dict[str, Any] = {"stages": None, "min_percentage": None, "healthy": False, **part}
    try:
        return Condition(**parts)
    except ValidationError as exc:
        raise ValidationError(field, exc.rule) from None


def stages(value: object, field: str = "expect_stage") -> tuple[str, ...]:
    """One stage or several, any letter case, normalized to lower case; None means no check."""
    if isinstance(value, list | tuple) and not value:
        raise ValidationError(field, "must name at least one stage when given")
    return tuple(stage.value for stage in _condition(field, stages=value).stages)


def task_names(value: object, field: str = "require_tasks") -> tuple[str, ...]:
    """Task names (a single name is accepted as a list of one), without duplicates, in order."""
    return _condition(field, tasks=[value] if isinstance(value, str) else value).tasks


def percentage(value: object, field: str = "min_percentage") -> float | None:
    """A number from 0 to 100, or None for no check."""
    return _condition(field, min_percentage=value).min_percentage


def flag(value: object, field: str = "expect_healthy") -> bool:
    """True to check; None or False means no check."""
    return _condition(field, healthy=False if value is None else value).healthy


def seconds(value: object, field: str) -> float | None:
    """A duration in seconds, > 0 and at most a day, or None."""
    if value is None:
        return None
    finite = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
    if not finite or not 0 < float(value) <= MAX_WAIT_SECONDS:  # type: ignore[arg-type]
        raise ValidationError(field, f"must be a number of seconds > 0 and <= {MAX_WAIT_SECONDS:.0f}")
    return float(value)  # type: ignore[arg-type]


def stage_text(stage: Stage | str | None) -> str | None:
    """A known stage in lower case, an unknown one as the service sent it, or None."""
    return stage.value if isinstance(stage, Stage) else stage


def number(value: float) -> str:
    """``600`` rather than ``600.0``, for messages."""
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True, slots=True)
class Expectation:
    """The condition a read must meet, and whether (how long) to wait for it first."""

    condition: Condition = NO_CHECK
    wait_timeout: float | None = None
    wait_interval: float | None = None

    @classmethod
    def from_inputs(cls, props: Mapping[str, Any], *, task_name: str | None = None) -> Expectation:
        """Validate the inputs; ``task_name`` (a single-task read) becomes the only task.

        Inputs left out check nothing (Pulumi's default, unlike ``Condition()``'s "caught up").
        """
        tasks = (task_name,) if task_name is not None else task_names(props.get("require_tasks"))
        condition = Condition(
            tasks=tasks,
            stages=stages(props.get("expect_stage")),
            min_percentage=percentage(props.get("min_percentage")),
            healthy=flag(props.get("expect_healthy")),
        )
        return cls(
            condition,
            wait_timeout=seconds(props.get("wait_timeout"), "wait_timeout"),
            wait_interval=seconds(props.get("wait_interval"), "wait_interval"),
        )
