"""A resource's expectation: its inputs validated into one client :class:`Condition`.

The judgement itself is the client's (``Condition.evaluate``), the same one ``wait_for`` and
the CLI use; this module maps the resource inputs (``expect_healthy``, ``expect_stage``,
``min_percentage``, ``require_tasks``, ``wait_timeout``, ``wait_interval``) onto it, with
Pulumi's defaults (no input, no check) and messages naming the input. Pure functions, used
by the resources (validated once in the program) and again by the provider (inputs may have
been Outputs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taurusdb_replication import Condition, ValidationError
from taurusdb_replication._condition import (
    KNOWN_STAGES,
    finite,
    number,
    parse_percentage,
    parse_stages,
    parse_tasks,
    stage_text,
)

__all__ = [
    "KNOWN_STAGES",
    "MAX_WAIT_SECONDS",
    "Expectation",
    "flag",
    "number",
    "percentage",
    "seconds",
    "stage_text",
    "stages",
    "task_names",
]

MAX_WAIT_SECONDS = 24 * 3600.0


def stages(value: object, field: str = "expect_stage") -> tuple[str, ...]:
    """One stage or several, any letter case, normalized to lower case; None means no check."""
    if isinstance(value, list | tuple) and not value:
        raise ValidationError(field, "must name at least one stage when given")
    return tuple(stage.value for stage in parse_stages(value, field))


def task_names(value: object, field: str = "require_tasks") -> tuple[str, ...]:
    """Task names (a single name is accepted as a list of one), without duplicates, in order."""
    return parse_tasks([value] if isinstance(value, str) else value, field)


def percentage(value: object, field: str = "min_percentage") -> float | None:
    """A number from 0 to 100, or None for no check."""
    return parse_percentage(value, field)


def flag(value: object, field: str = "expect_healthy") -> bool:
    """True to check; None or False means no check."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ValidationError(field, "must be true or false")
    return value


def seconds(value: object, field: str) -> float | None:
    """A duration in seconds, > 0 and at most a day, or None."""
    if value is None:
        return None
    number = finite(value)
    if number is None or not 0 < number <= MAX_WAIT_SECONDS:
        raise ValidationError(field, f"must be a number of seconds > 0 and <= {MAX_WAIT_SECONDS:.0f}")
    return number


NO_CHECK = Condition(stages=None, min_percentage=None, healthy=False)
"""A condition that only reads (and requires nothing): every input left out."""


@dataclass(frozen=True, slots=True)
class Expectation:
    """The condition a read must meet, and whether (how long) to wait for it first."""

    condition: Condition = NO_CHECK
    wait_timeout: float | None = None
    wait_interval: float | None = None

    @classmethod
    def from_inputs(cls, props: Mapping[str, Any], *, task_name: str | None = None) -> Expectation:
        """Validate the resource inputs; ``task_name`` (single-task resource) becomes the only task."""
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
