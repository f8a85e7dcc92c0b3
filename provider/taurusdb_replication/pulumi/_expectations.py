"""What a program expects of its replication tasks, and how a read measures up to it.

Pure functions, shared by the resources (validated once in the program, again in the
provider because inputs may have been Outputs) and by the provider's read. Every failure is
phrased the same way, ``task 'x': expected ..., read ...``, so a failed deployment tells the
operator what to look at without opening the state.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from taurusdb_replication import Replication, Stage, ValidationError

KNOWN_STAGES: tuple[str, ...] = tuple(stage.value for stage in Stage)
MAX_WAIT_SECONDS = 24 * 3600.0


def stages(value: object, field: str = "expect_stage") -> tuple[str, ...]:
    """One stage or several, any letter case, normalized to lower case; None means no check."""
    if value is None:
        return ()
    items: Sequence[object] = (
        [value] if isinstance(value, str) else _sequence(value, field, "a stage or a list of stages")
    )
    if not items:
        raise ValidationError(field, "must name at least one stage when given")
    result: list[str] = []
    for item in items:
        name = item.strip().lower() if isinstance(item, str) else None
        if name not in KNOWN_STAGES:
            raise ValidationError(field, f"{item!r} is not a stage; use one of {', '.join(KNOWN_STAGES)}")
        if name not in result:
            result.append(name)
    return tuple(result)


def task_names(value: object, field: str = "require_tasks") -> tuple[str, ...]:
    """Task names (a single name is accepted as a list of one), without duplicates, in order."""
    if value is None:
        return ()
    items: Sequence[object] = (
        [value] if isinstance(value, str) else _sequence(value, field, "a list of task names")
    )
    result: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise ValidationError(field, "every task name must be a non-empty string")
        if item not in result:
            result.append(item)
    return tuple(result)


def percentage(value: object, field: str = "min_percentage") -> float | None:
    """A number from 0 to 100, or None for no check."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValidationError(field, "must be a number from 0 to 100")
    return float(value)


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
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= MAX_WAIT_SECONDS
    ):
        raise ValidationError(field, f"must be a number of seconds > 0 and <= {MAX_WAIT_SECONDS:.0f}")
    return float(value)


def _sequence(value: object, field: str, what: str) -> Sequence[object]:
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return value
    raise ValidationError(field, f"must be {what}")


@dataclass(frozen=True, slots=True)
class Expectation:
    """The checks to run on a read; an empty expectation only reads.

    ``tasks`` are names that must exist; when given, the other checks judge only those tasks
    (the rest of the instance is still read and reported), which is also what the client's
    waiter selects with its ``tasks`` argument.
    """

    healthy: bool = False
    stages: tuple[str, ...] = ()
    min_percentage: float | None = None
    tasks: tuple[str, ...] = ()
    wait_timeout: float | None = None
    wait_interval: float | None = None

    @classmethod
    def from_inputs(cls, props: Mapping[str, Any], *, task_name: str | None = None) -> Expectation:
        """Validate the resource inputs; ``task_name`` (single-task resource) becomes the only task."""
        tasks = (task_name,) if task_name is not None else task_names(props.get("require_tasks"))
        return cls(
            healthy=flag(props.get("expect_healthy")),
            stages=stages(props.get("expect_stage")),
            min_percentage=percentage(props.get("min_percentage")),
            tasks=tasks,
            wait_timeout=seconds(props.get("wait_timeout"), "wait_timeout"),
            wait_interval=seconds(props.get("wait_interval"), "wait_interval"),
        )


@dataclass(frozen=True, slots=True)
class Violation:
    """One unmet expectation on one task."""

    task: str
    expected: str
    read: str

    def __str__(self) -> str:
        return f"task {self.task!r}: expected {self.expected}, read {self.read}"


def evaluate(replications: Sequence[Replication], expectation: Expectation) -> list[Violation]:
    """Every unmet expectation, in task order; an empty list means the read passes."""
    by_name = {r.task_name: r for r in replications if r.task_name}
    violations: list[Violation] = []
    if expectation.tasks:
        judged: list[Replication] = []
        for name in expectation.tasks:
            found = by_name.get(name)
            if found is None:
                violations.append(Violation(name, "the task to exist", f"no such task ({_listing(by_name)})"))
            else:
                judged.append(found)
    else:
        judged = list(replications)
    for replication in judged:
        violations.extend(judge(replication, expectation))
    return violations


def judge(replication: Replication, expectation: Expectation) -> list[Violation]:
    """The unmet expectations of one task."""
    name = replication.task_name or "<unnamed>"
    found: list[Violation] = []
    if expectation.healthy and not replication.healthy:
        found.append(Violation(name, "status Yes (healthy)", f"status {replication.status!r}"))
    if expectation.stages:
        stage = stage_text(replication.stage)
        if stage not in expectation.stages:
            found.append(
                Violation(name, "stage " + " or ".join(expectation.stages), f"stage {stage or 'none'}")
            )
    minimum = expectation.min_percentage
    if minimum is not None:
        value = replication.percentage
        if value is None or value < minimum:
            read = "no percentage" if value is None else f"percentage {number(value)}"
            found.append(Violation(name, f"percentage >= {number(minimum)}", read))
    return found


def stage_text(stage: Stage | str | None) -> str | None:
    """The stage as output: a known stage in lower case, an unknown one as the service sent it."""
    if isinstance(stage, Stage):
        return stage.value
    return stage


def number(value: float) -> str:
    """``100`` rather than ``100.0``; other values as Python prints them."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _listing(by_name: Mapping[str, Replication]) -> str:
    if not by_name:
        return "the instance has no tasks"
    names = sorted(by_name)
    shown = ", ".join(repr(n) for n in names[:10])
    more = f" and {len(names) - 10} more" if len(names) > 10 else ""
    return f"tasks read: {shown}{more}"
