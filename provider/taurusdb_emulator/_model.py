"""The emulator's data: tasks, fault settings and datasets.

Values are kept in one canonical form (lower-case known stages, integer percentages, booleans)
and turned into the wire's mixed forms only when a response is rendered (``_wire.py``), so
tests and the admin API reason about plain values while clients still meet every quirk.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from ._fields import WIRE_FIELDS, TaskFields, WireField

KNOWN_STAGES = next(spec.enum_values for spec in WIRE_FIELDS if spec.name == "stage")
STATUSES = ("Yes", "No")
PROJECT_ID_RE = re.compile(r"^[A-Za-z0-9]{32}$")
INSTANCE_ID_RE = re.compile(r"^[A-Za-z0-9]{36}$")

DEMO_INSTANCE_ID = "5f2c7d1e9a3b4c6d8e0f1a2b3c4d5e6fin17"
LARGE_INSTANCE_ID = "9b8a7c6d5e4f30211203f4e5d6c7b8a9in17"
EMPTY_INSTANCE_ID = "00000000000000000000000000000000in17"
DEMO_FULL_TASK = "billing_sync"
"""The demo task that is in full synchronisation at 60% and reaches ``incremental`` in ~8 s."""


class DatasetError(ValueError):
    """A dataset (file or object) that cannot be served; the message names the field."""


def _text(value: object, spec: WireField, where: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise DatasetError(f"{where}: must be a string or null, got {value!r}")


def _number(value: object, spec: WireField, where: str) -> float | None:
    if value is None:
        return None
    low = -math.inf if spec.minimum is None else spec.minimum
    high = math.inf if spec.maximum is None else spec.maximum
    rule = (
        f"a number from {low:g} to {high:g}"
        if spec.minimum is not None or spec.maximum is not None
        else "a number"
    )
    number: float | None = None
    if isinstance(value, str) and "string" in spec.wire_types and _NUMERIC.fullmatch(value.strip()):
        number = float(value)
    elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        number = value
    if number is None or not low <= number <= high:
        raise DatasetError(f"{where}: must be {rule} or null, got {value!r}")
    return int(number) if float(number).is_integer() else float(number)


def _integer(value: object, spec: WireField, where: str) -> int | None:
    """An exact integer of any size (never through a float): ``9007199254740993`` stays itself."""
    if value is None:
        return None
    number: int | None = None
    if isinstance(value, str) and "string" in spec.wire_types and _INTEGER.fullmatch(value.strip()):
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    low = -math.inf if spec.minimum is None else spec.minimum
    high = math.inf if spec.maximum is None else spec.maximum
    if number is None or not low <= number <= high:
        raise DatasetError(f"{where}: must be an integer or null, got {value!r}")
    return number


def _flag(value: object, spec: WireField, where: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and "string" in spec.wire_types and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise DatasetError(f"{where}: must be true, false or null, got {value!r}")


def _enum(value: object, spec: WireField, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise DatasetError(f"{where}: must be a non-empty string or null, got {value!r}")
    lowered = value.lower()
    if lowered in spec.enum_values:
        return lowered
    if not spec.open_enum:
        raise DatasetError(f"{where}: must be one of {', '.join(spec.enum_values)} or null, got {value!r}")
    return value


def _json(value: object, spec: WireField, where: str) -> Any:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        raise DatasetError(f"{where}: must be a JSON value, got {value!r}") from None
    return value


_NUMERIC = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_INTEGER = re.compile(r"-?[0-9]{1,4000}")
_RULES: dict[str, Callable[[object, WireField, str], Any]] = {
    "string": _text,
    "number": _number,
    "integer": _integer,
    "boolean": _flag,
    "enum": _enum,
    "json": _json,
}
"""How a dataset value of each shape is checked and brought to its canonical form."""


@dataclass
class Task(TaskFields):
    """One replication task in canonical form: one attribute per spec property (``TaskFields``,
    generated), checked by the property's shape.

    Enum values hold the lower-case name of a known value or any other string (kept as given,
    so clients can be tested on values they do not know). ``extra`` holds further wire fields,
    sent as they are in the default (non-strict) mode. The defaults below are the emulator's
    rule for a task a dataset describes in part: healthy, waiting, at 0%, not in repair.
    """

    status: str | None = "Yes"
    stage: str | None = "wait"
    percentage: float | None = 0
    catchup_percentage: float | None = 0
    is_need_repair: bool | None = False
    is_main_task: bool | None = False
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.validate(f"task {self.task_name!r}")

    def validate(self, where: str) -> None:
        """Check and normalise every field in place; raise :class:`DatasetError` naming it."""
        if not isinstance(self.task_name, str) or not self.task_name:
            raise DatasetError(f"{where}.task_name: must be a non-empty string, got {self.task_name!r}")
        for spec in WIRE_FIELDS:
            if not spec.key:
                value = _RULES[spec.kind](getattr(self, spec.attribute), spec, f"{where}.{spec.name}")
                setattr(self, spec.attribute, value)
        if self.status is not None and self.status not in STATUSES:
            raise DatasetError(f"{where}.status: must be 'Yes', 'No' or null, got {self.status!r}")
        if not isinstance(self.extra, dict) or not all(isinstance(k, str) for k in self.extra):
            raise DatasetError(f"{where}.extra: must be a mapping of field names to JSON values")
        clash = set(self.extra) & TASK_FIELDS
        if clash:
            raise DatasetError(f"{where}.extra: names a regular field: {', '.join(sorted(clash))}")

    def to_dict(self) -> dict[str, Any]:
        """Canonical, JSON-ready form (used by the admin API and snapshots)."""
        data = {spec.name: getattr(self, spec.attribute) for spec in WIRE_FIELDS}
        data["extra"] = dict(self.extra)
        return data

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "task") -> Task:
        """Build a task from a JSON/YAML mapping; unknown keys become ``extra`` fields."""
        if not isinstance(data, Mapping):
            raise DatasetError(f"{where}: must be a mapping, got {type(data).__name__}")
        known = {_ATTRIBUTES[k]: v for k, v in data.items() if k in TASK_FIELDS}
        if isinstance(known.get("status"), bool):  # YAML 1.1 reads unquoted Yes/No as booleans
            known["status"] = "Yes" if known["status"] else "No"
        raw_extra = data.get("extra") or {}
        if not isinstance(raw_extra, Mapping):
            raise DatasetError(f"{where}.extra: must be a mapping of field names to JSON values")
        extra = dict(raw_extra)
        extra.update({k: v for k, v in data.items() if k not in TASK_FIELDS and k != "extra"})
        if "task_name" not in known:
            raise DatasetError(f"{where}.task_name: is required")
        try:
            return cls(**known, extra=extra)
        except DatasetError as exc:
            raise DatasetError(f"{where}: {exc}") from None


TASK_FIELDS = frozenset(spec.name for spec in WIRE_FIELDS)
"""The wire names of the spec's properties (a dataset's other keys are ``extra`` fields)."""
_ATTRIBUTES = {spec.name: spec.attribute for spec in WIRE_FIELDS}
_NON_KEY = tuple(spec for spec in WIRE_FIELDS if not spec.key)


@dataclass(frozen=True)
class Faults:
    """Failures the emulator injects into answers of the replication endpoint.

    Rates are probabilities per request (0 to 1). ``reset``, ``502``, ``503``, ``500`` and ``429`` are
    exclusive outcomes drawn with one number, so their sum may not exceed 1; ``truncate_rate``
    applies to the remaining successful answers. Times are in milliseconds of real time.
    """

    latency_ms: float = 0
    jitter_ms: float = 0
    error_500_rate: float = 0
    error_503_rate: float = 0
    error_429_rate: float = 0
    error_502_html_rate: float = 0
    reset_rate: float = 0
    truncate_rate: float = 0
    slow_body_ms: float = 0
    mutate_between_pages: bool = False

    def __post_init__(self) -> None:
        for name in ("latency_ms", "jitter_ms", "slow_body_ms"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 600_000:
                raise ValueError(f"Faults.{name}: must be a number of milliseconds from 0 to 600000")
        for name in (*self.exclusive_rates(), "truncate_rate"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
                raise ValueError(f"Faults.{name}: must be a probability from 0 to 1, got {value!r}")
        if sum(getattr(self, name) for name in self.exclusive_rates()) > 1 + 1e-9:
            raise ValueError(
                "Faults: reset_rate + error_502_html_rate + error_503_rate + error_500_rate + error_429_rate "
                "must not exceed 1"
            )
        if not isinstance(self.mutate_between_pages, bool):
            raise ValueError("Faults.mutate_between_pages: must be true or false")

    @staticmethod
    def exclusive_rates() -> tuple[str, ...]:
        """The rates of outcomes that replace the answer, in the order they are drawn."""
        return ("reset_rate", "error_502_html_rate", "error_503_rate", "error_500_rate", "error_429_rate")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for the admin API."""
        return asdict(self)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], base: Faults | None = None) -> Faults:
        """Build faults from a mapping, starting from ``base`` (so partial updates work)."""
        if not isinstance(data, Mapping):
            raise ValueError("Faults: must be a JSON object")
        unknown = set(data) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"Faults: unknown field(s) {', '.join(sorted(unknown))}")
        merged = {**(base or cls()).to_dict(), **data}
        return cls(**merged)


@dataclass
class Dataset:
    """Instances and their tasks, in display order; optionally the project they belong to."""

    name: str
    instances: dict[str, list[Task]]
    project_id: str | None = None

    def validate(self) -> None:
        """Check ids and task-name uniqueness; raise :class:`DatasetError` naming the field."""
        if self.project_id is not None and not PROJECT_ID_RE.match(str(self.project_id)):
            raise DatasetError(f"project_id: must be 32 letters or digits, got {self.project_id!r}")
        if not self.instances:
            raise DatasetError("instances: at least one instance is required")
        for instance_id, tasks in self.instances.items():
            if not isinstance(instance_id, str) or not INSTANCE_ID_RE.match(instance_id):
                raise DatasetError(
                    f"instances[{instance_id!r}].instance_id: must be 36 letters or digits "
                    "(32 hex digits followed by 'in17')"
                )
            seen: set[str] = set()
            for index, task in enumerate(tasks):
                where = f"instances[{instance_id}].tasks[{index}]"
                if not isinstance(task, Task):
                    raise DatasetError(f"{where}: must be a Task")
                task.validate(where)
                if task.task_name in seen:
                    raise DatasetError(f"{where}.task_name: {task.task_name!r} appears twice")
                seen.add(task.task_name)


def demo_dataset() -> Dataset:
    """One instance with a task in every stage and both statuses; one task is mid full sync."""
    tasks = [
        Task("orders_sync", "orders", "orders_olap", "Yes", "incremental", 100, None, 0, False, True),
        Task(DEMO_FULL_TASK, "billing", "billing_olap", "Yes", "full", 60, None, 0, False, False),
        Task("inventory_sync", "inventory", "inventory_olap", "Yes", "wait", 0, None, 0, False, False),
        Task("audit_sync", "audit", "audit_olap", "No", "paused", 35, None, 0, True, False),
        Task("legacy_sync", "legacy", "legacy_olap", "Yes", "cancelled", 0, None, 0, False, False),
        Task("payments_sync", "payments", "payments_olap", "No", "incremental", 100, "full", 20, True, False),
        Task("users_sync", "users", "users_olap", "Yes", "incremental", 100, "wait", 0, False, False),
    ]
    return Dataset("demo", {DEMO_INSTANCE_ID: tasks})


def _generated_value(spec: WireField, index: int, rng: random.Random) -> Any:
    """A value for any property by its shape: what the ``large`` dataset gives a field that the
    realistic mix below does not set (so a new spec property is served without code)."""
    if spec.kind in ("number", "integer"):
        low = 0.0 if spec.minimum is None else spec.minimum
        high = low + 1000 if spec.maximum is None else spec.maximum
        return rng.randrange(int(low), int(high) + 1)
    if spec.kind == "boolean":
        return rng.random() < 0.5
    if spec.kind == "enum":
        return rng.choice(spec.enum_values)
    if spec.kind == "json":
        return {"index": index}
    return f"{spec.name}_{index:05d}"


def large_dataset(count: int = 10_000, seed: int = 0) -> Dataset:
    """One instance with ``count`` tasks in a realistic mix (mostly healthy incremental).

    Every property gets a value by its shape; the emulator's simulated fields (stage, progress,
    status, databases, catch-up, flags) then follow the mix of a real instance.
    """
    rng = random.Random(f"large:{seed}")  # noqa: S311 - seeded simulation, not security
    filler = random.Random(f"large-fields:{seed}")  # noqa: S311 - its own draws: the mix stays the same
    tasks = []
    for index in range(count):
        draw = rng.random()
        if draw < 0.70:
            stage, pct, status = "incremental", 100, "Yes"
        elif draw < 0.82:
            stage, pct, status = "full", rng.randrange(0, 100), "Yes"
        elif draw < 0.90:
            stage, pct, status = "wait", 0, "Yes"
        elif draw < 0.95:
            stage, pct, status = "paused", rng.randrange(0, 100), "No"
        elif draw < 0.98:
            stage, pct, status = "cancelled", 0, "Yes"
        else:
            stage, pct, status = "incremental", 100, "No"
        generated = {spec.attribute: _generated_value(spec, index, filler) for spec in _NON_KEY}
        realistic = {
            "source_database": f"db_{index:05d}",
            "target_database": f"db_{index:05d}_olap",
            "status": status,
            "stage": stage,
            "percentage": pct,
            "catchup_stage": None,
            "catchup_percentage": 0,
            "is_need_repair": status == "No",
            "is_main_task": index == 0,
        }
        # Only the fields the spec still has: a property removed from the spec leaves the mix too.
        mix = {name: value for name, value in realistic.items() if name in generated}
        tasks.append(Task(f"sync_task_{index:05d}", **(generated | mix)))
    return Dataset("large", {LARGE_INSTANCE_ID: tasks})


def empty_dataset() -> Dataset:
    """One instance with no task at all."""
    return Dataset("empty", {EMPTY_INSTANCE_ID: []})


def dataset_from_mapping(data: object, name: str) -> Dataset:
    """Build a dataset from the documented file format (see docs/emulator.md)."""
    if not isinstance(data, Mapping):
        raise DatasetError(f"{name}: the top level must be a mapping with an 'instances' list")
    raw_instances = data.get("instances")
    if not isinstance(raw_instances, list) or not raw_instances:
        raise DatasetError(f"{name}: instances: must be a non-empty list")
    instances: dict[str, list[Task]] = {}
    for index, raw in enumerate(raw_instances):
        where = f"instances[{index}]"
        if not isinstance(raw, Mapping):
            raise DatasetError(f"{where}: must be a mapping with instance_id and tasks")
        instance_id = raw.get("instance_id")
        if not isinstance(instance_id, str) or not INSTANCE_ID_RE.match(instance_id):
            raise DatasetError(f"{where}.instance_id: must be 36 letters or digits, got {instance_id!r}")
        if instance_id in instances:
            raise DatasetError(f"{where}.instance_id: {instance_id} appears twice")
        raw_tasks = raw.get("tasks", [])
        if not isinstance(raw_tasks, list):
            raise DatasetError(f"{where}.tasks: must be a list")
        instances[instance_id] = [
            Task.from_mapping(task, f"{where}.tasks[{n}]") for n, task in enumerate(raw_tasks)
        ]
    project_id = data.get("project_id")
    dataset = Dataset(name, instances, None if project_id is None else str(project_id))
    dataset.validate()
    return dataset


def load_dataset(spec: str | os.PathLike[str] | Dataset, seed: int = 0) -> Dataset:
    """Resolve ``demo``, ``large``, ``empty``, a JSON/YAML file path or a :class:`Dataset`."""
    if isinstance(spec, Dataset):
        spec.validate()
        return spec
    if spec == "demo":
        return demo_dataset()
    if spec == "large":
        return large_dataset(seed=seed)
    if spec == "empty":
        return empty_dataset()
    path = Path(spec)
    if not path.is_file():
        raise DatasetError(f"dataset: {str(spec)!r} is neither demo, large, empty nor a readable file")
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise DatasetError(f"dataset {path}: not valid JSON/YAML: {exc}") from exc
    return dataset_from_mapping(data, str(path))
