"""What replication tasks must show, and how one listing measures up to it.

One :class:`Condition` is the single input of every check in this project: the clients'
``wait_for``, the CLI's ``wait`` and the Pulumi resources and functions. It is plain data
(tasks, accepted stages, minimum percentage, health) and judges a listing into an
:class:`Evaluation` listing EVERY task that falls short, one :class:`Violation` per task,
each phrased ``task 'x': expected ..., read ...`` so that a failed wait or deployment names
what to look at without a second read.

A violation is *final* when waiting cannot repair it: the task is abnormal while health is
required, or it is cancelled (a cancelled task no longer moves) and the condition still asks
something of it. The waiter stops at once on final violations and keeps polling otherwise.

Each violation also carries its :class:`Check` entries as data, and :func:`summarize` gives the
``healthy`` / ``unhealthy_tasks`` / ``total_count`` every front end shows: the rules proven in
every language by tests/vectors/conditions.json (format: tests/vectors/README.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ._models import Replication, Stage
from ._origin import RuleValueError
from ._safe_text import clean

KNOWN_STAGES: tuple[str, ...] = tuple(stage.value for stage in Stage)


def number(value: float) -> str:
    """``100`` rather than ``100.0``; other values as Python prints them (no rounding)."""
    return str(int(value)) if float(value).is_integer() else str(value)


def stage_text(stage: Stage | str | None) -> str | None:
    """A known stage in lower case, an unknown one as the service sent it, or None."""
    return stage.value if isinstance(stage, Stage) else stage


def parse_stages(value: object, field: str = "stages") -> tuple[Stage, ...]:
    """One stage or several, any letter case, without duplicates; None or () means any stage."""
    if value is None:
        return ()
    items = (
        [value]
        if isinstance(value, str)
        else _sequence(value, field, "a stage or a list of stages", "unknown_stage")
    )
    result: list[Stage] = []
    for item in items:
        stage = Stage.parse(item) if isinstance(item, str) else None
        if not isinstance(stage, Stage):
            raise RuleValueError(
                field, "unknown_stage", f"{item!r} is not a stage; use one of {', '.join(KNOWN_STAGES)}"
            )
        if stage not in result:
            result.append(stage)
    return tuple(result)


def parse_tasks(value: object, field: str = "tasks") -> tuple[str, ...]:
    """Task names in order without duplicates; None or () selects every task of the instance."""
    if value is None:
        return ()
    if isinstance(value, str):
        raise RuleValueError(field, "task_list", "must be a list of task names, not one string")
    result: list[str] = []
    for item in _sequence(value, field, "a list of task names", "task_list"):
        if not isinstance(item, str) or not item.strip() or any(ord(c) < 32 or ord(c) == 127 for c in item):
            rule = "every task name must be a non-empty string without control characters"
            raise RuleValueError(field, "task_name", rule)
        if item not in result:
            result.append(item)
    return tuple(result)


def parse_percentage(value: object, field: str = "min_percentage") -> float | None:
    """A number from 0 to 100, or None for no check."""
    if value is None:
        return None
    number = finite(value)
    if number is None or not 0 <= number <= 100:
        raise RuleValueError(field, "percentage_range", "must be a number from 0 to 100")
    return number


def finite(value: object) -> float | None:
    """``value`` as a float when it is a finite int or float (not a bool), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _sequence(value: object, field: str, what: str, rule_id: str) -> Sequence[object]:
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return value
    raise RuleValueError(field, rule_id, f"must be {what}")


@dataclass(frozen=True, slots=True)
class Check:
    """One unmet criterion as data: ``check`` is ``healthy``, ``stage``, ``percentage`` or
    ``exists``; ``expected`` what the condition asks, ``read`` what the task showed."""

    check: str
    expected: object
    read: object


@dataclass(frozen=True, slots=True)
class Violation:
    """One task that does not meet the condition: every unmet criterion and what was read.

    ``expected`` and ``read`` are phrases (several criteria joined with "and" / commas);
    ``final`` says waiting cannot repair it; ``replication`` is the task as read (None when
    the task is missing).
    """

    task: str
    expected: str
    read: str
    final: bool = False
    replication: Replication | None = field(default=None, compare=False, repr=False)
    checks: tuple[Check, ...] = field(default=(), compare=False, repr=False)

    def __str__(self) -> str:
        name = repr(self.task) if self.task else "<unnamed>"
        return f"task {name}: expected {self.expected}, read {self.read}"


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A condition applied to one listing.

    ``selected`` are the judged tasks as read, ``missing`` the required names not found,
    ``violations`` one entry per selected or missing task that falls short, in the order of
    the condition's tasks (else of the listing).
    """

    selected: tuple[Replication, ...]
    missing: tuple[str, ...]
    violations: tuple[Violation, ...]

    @property
    def failures(self) -> tuple[Violation, ...]:
        """The violations waiting cannot repair (an abnormal or a cancelled task)."""
        return tuple(v for v in self.violations if v.final)

    @property
    def met(self) -> bool:
        """Every selected task meets the condition, and there is at least one."""
        return bool(self.selected) and not self.violations

    @property
    def cannot_succeed(self) -> bool:
        """Whether some violation is final: waiting longer cannot meet the condition."""
        return any(v.final for v in self.violations)

    def describe(self) -> str:
        """Every shortfall on one line ("the instance has no tasks" for an empty listing)."""
        if not self.selected and not self.missing:
            return "the instance has no tasks"
        return "; ".join(str(v) for v in self.violations)


@dataclass(frozen=True, init=False, slots=True)
class Condition:
    """What every selected task must show. The default is "caught up": incremental, 100%, healthy.

    * ``tasks``: the names to judge, each of which must exist; empty (the default) judges
      every task of the instance, and a wait then needs at least one task;
    * ``stages``: the accepted stages (any letter case; several are alternatives); ``None``
      or ``()`` accepts any stage;
    * ``min_percentage``: the least progress, 0 to 100; ``None`` for no check;
    * ``healthy``: whether status ``Yes`` is required.

    ``Condition(stages=None, min_percentage=None, healthy=False)`` checks only that the
    ``tasks`` exist. Bad values raise :class:`ValidationError` naming the field. Examples::

        Condition()                                        # every task caught up
        Condition(tasks=["orders_sync"], min_percentage=90, stages=["full", "incremental"])
    """

    tasks: tuple[str, ...]
    stages: tuple[Stage, ...]
    min_percentage: float | None
    healthy: bool

    def __init__(
        self,
        *,
        tasks: Iterable[str] | None = (),
        stages: Stage | str | Iterable[Stage | str] | None = (Stage.INCREMENTAL,),
        min_percentage: float | None = 100.0,
        healthy: bool = True,
    ) -> None:
        if not isinstance(healthy, bool):
            raise RuleValueError("healthy", "boolean", "must be true or false")
        object.__setattr__(self, "tasks", parse_tasks(_listed(tasks), "tasks"))
        object.__setattr__(self, "stages", parse_stages(_listed(stages), "stages"))
        object.__setattr__(self, "min_percentage", parse_percentage(min_percentage))
        object.__setattr__(self, "healthy", healthy)

    def summary(self) -> str:
        """What each task must show, e.g. ``stage incremental >= 100% healthy``."""
        wanted = []
        if self.stages:
            wanted.append("stage " + " or ".join(stage.value for stage in self.stages))
        if self.min_percentage is not None:
            wanted.append(f">= {number(self.min_percentage)}%")
        if self.healthy:
            wanted.append("healthy")
        return " ".join(wanted) or "any state"

    def evaluate(self, replications: Sequence[Replication]) -> Evaluation:
        """Judge one listing: every selected task that falls short, and every missing one."""
        if not self.tasks:
            selected = tuple(replications)
            return Evaluation(selected, (), _present(self.judge(r) for r in selected))
        by_name = {r.task_name: r for r in replications if r.task_name}
        found: list[Replication] = []
        violations: list[Violation] = []
        for name in self.tasks:
            task = by_name.get(name)
            if task is None:
                exists = (Check("exists", True, False),)
                read = f"no such task ({_listing(by_name)})"
                violations.append(Violation(name, "the task to exist", read, checks=exists))
                continue
            found.append(task)
            verdict = self.judge(task)
            if verdict is not None:
                violations.append(verdict)
        missing = tuple(v.task for v in violations if v.replication is None)
        return Evaluation(tuple(found), missing, tuple(violations))

    def judge(self, task: Replication) -> Violation | None:
        """The shortfall of one task (all unmet criteria together), or None when it passes."""
        expected: list[str] = []
        read: list[str] = []
        checks: list[Check] = []
        abnormal = self.healthy and not task.healthy
        if abnormal:
            expected.append("status Yes (healthy)")
            read.append(f"status {task.status!r}")
            checks.append(Check("healthy", True, task.status))
        stage = stage_text(task.stage)
        if self.stages and task.stage not in self.stages:
            expected.append("stage " + " or ".join(s.value for s in self.stages))
            read.append(f"stage {clean(stage) if stage else 'none'}")  # the service's text: escaped
            checks.append(Check("stage", [s.value for s in self.stages], stage))
        minimum = self.min_percentage
        value = task.percentage
        if minimum is not None and (value is None or value < minimum):
            expected.append(f"percentage >= {number(minimum)}")
            read.append("no percentage" if value is None else f"percentage {number(value)}")
            checks.append(Check("percentage", minimum, value))
        if not expected:
            return None
        if task.cancelled and not any(r.startswith("stage ") for r in read):
            read.append("stage cancelled")
        final = abnormal or task.cancelled
        return Violation(task.task_name, " and ".join(expected), ", ".join(read), final, task, tuple(checks))


@dataclass(frozen=True, slots=True)
class Summary:
    """What every front end shows for a listing (Pulumi outputs, CLI JSON, Terraform attributes).

    It describes the whole listing as read, whatever a condition or a filter selects: filters
    change only the list shown. ``healthy`` needs at least one task, the rule of
    :attr:`Evaluation.met`: an instance without tasks is not healthy.
    """

    healthy: bool
    unhealthy_tasks: tuple[str, ...]
    total_count: int


def summarize(listing: Sequence[Replication], total_count: int | None = None) -> Summary:
    """The summary of a listing; ``total_count`` is the service's (None: the number read)."""
    unhealthy = tuple(r.task_name for r in listing if not r.healthy)
    total = len(listing) if total_count is None else total_count
    return Summary(bool(listing) and not unhealthy, unhealthy, total)


def _listed(value: object) -> object:
    """Iterables other than strings as tuples, so generators and sets are accepted once."""
    if value is None or isinstance(value, str | bytes | Sequence | Mapping):
        return value
    if isinstance(value, Iterable):
        return tuple(value)
    return value


def _present(verdicts: Iterable[Violation | None]) -> tuple[Violation, ...]:
    return tuple(v for v in verdicts if v is not None)


def _listing(by_name: Mapping[str, Replication]) -> str:
    if not by_name:
        return "the instance has no tasks"
    names = sorted(by_name)
    shown = ", ".join(repr(n) for n in names[:10])
    more = f" and {len(names) - 10} more" if len(names) > 10 else ""
    return f"tasks read: {shown}{more}"
