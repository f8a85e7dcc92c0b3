"""Normalized, immutable views of what the service returns.

The generated models keep the wire as it is (numbers as strings or numbers, stages in any
letter case, booleans as ``"true"``); these classes give callers one typed shape with the
quirks resolved, while keeping the generated object (``raw``) and every unknown field
(``extra``) so nothing the service sent is lost.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from taurusdb_htap_client.models.list_star_rocks_data_replications_response import (
    ListStarRocksDataReplicationsResponse,
)
from taurusdb_htap_client.models.star_rocks_replication_info import StarRocksReplicationInfo
from taurusdb_htap_client.types import Unset

_TRUE = frozenset({"true", "yes", "1"})
_NO_EXTRA: MappingProxyType[str, Any] = MappingProxyType({})
_FALSE = frozenset({"false", "no", "0"})


class Stage(StrEnum):
    """A synchronisation stage. Values are lower case; parsing ignores letter case."""

    WAIT = "wait"
    INCREMENTAL = "incremental"
    FULL = "full"
    CANCELLED = "cancelled"
    PAUSED = "paused"

    @classmethod
    def _missing_(cls, value: object) -> Stage | None:
        return _STAGES.get(value.strip().lower()) if isinstance(value, str) else None

    @classmethod
    def parse(cls, value: object) -> Stage | str | None:
        """A member for known values in any case, the original string for unknown ones, else None."""
        if value is None or isinstance(value, Unset):
            return None
        text = str(value)  # a generated ReplicationStage member renders as its wire value
        return _STAGES.get(text.strip().lower(), text)


_STAGES: dict[str, Stage] = {member.value: member for member in Stage}


def _text(value: object) -> str | None:
    if value is None or isinstance(value, Unset):
        return None
    return value if isinstance(value, str) else str(value)


def parse_number(value: object) -> float | None:
    """A finite float from a JSON number or a numeric string; anything else gives None."""
    kind = type(value)
    if kind is int or kind is float:  # the common case first: this runs for every task
        number = float(value)  # type: ignore[arg-type]
    elif value is None or isinstance(value, bool | Unset):
        return None
    elif isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def parse_count(value: object) -> int | None:
    """A non-negative integer from a JSON number or a string of digits; anything else gives None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def parse_bool(value: object) -> bool | None:
    """True/False from a JSON boolean or ``"true"``/``"false"`` (any case); else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    return None


_BOOLS: dict[object, bool] = {"true": True, "false": False, "True": True, "False": False}


def _fast_text(value: object) -> str | None:
    return value if value.__class__ is str else _text(value)


def _fast_bool(value: object) -> bool | None:
    found = _BOOLS.get(value) if value.__class__ is str else None
    return found if found is not None else parse_bool(value)


def _fast_stage(value: object) -> Stage | str | None:
    if isinstance(value, str):
        return _STAGES.get(value.lower()) or Stage.parse(value)
    return Stage.parse(value)


def _stage_json(stage: Stage | str | None) -> str | None:
    return stage.value if isinstance(stage, Stage) else stage


REPLICATION_FIELDS: tuple[str, ...] = (
    "task_name",
    "source_database",
    "target_database",
    "status",
    "healthy",
    "stage",
    "percentage",
    "catchup_stage",
    "catchup_percentage",
    "is_need_repair",
    "is_main_task",
    "extra",
)
"""The keys of :meth:`Replication.to_dict`, in order: the stable shape of the CLI's JSON and CSV
and of the Pulumi outputs."""


@dataclass(frozen=True, slots=True)
class Replication:
    """One replication task, normalized.

    ``status`` is kept raw (``"Yes"``/``"No"``); ``healthy`` is True only for ``Yes`` (any
    case). ``stage``/``catchup_stage`` are :class:`Stage` members when known, else the original
    string. ``extra`` holds the fields the spec does not know; ``raw`` the generated model.
    Equality and hashing use the normalized fields only.
    """

    task_name: str | None
    source_database: str | None
    target_database: str | None
    status: str | None
    healthy: bool
    stage: Stage | str | None
    percentage: float | None
    catchup_stage: Stage | str | None
    catchup_percentage: float | None
    is_need_repair: bool | None
    is_main_task: bool | None
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), compare=False, hash=False)
    raw: StarRocksReplicationInfo | None = field(default=None, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.extra, MappingProxyType):
            extra = MappingProxyType(dict(self.extra)) if self.extra else _NO_EXTRA
            object.__setattr__(self, "extra", extra)

    def __reduce__(self) -> tuple[object, ...]:
        # A read-only mapping cannot be pickled; rebuild from a plain dict instead.
        values = [getattr(self, f.name) for f in fields(self)]
        values[-2] = dict(self.extra)
        return (type(self), tuple(values))

    @classmethod
    def from_generated(cls, info: StarRocksReplicationInfo) -> Replication:
        """Normalize one task of the generated model.

        Straight-line code with the wire's common types first: this runs once per task, so a
        10,000-task listing spends most of its CPU here and in the generated parser.
        """
        status = info.status
        if status.__class__ is not str:
            status = _text(status)
        return cls(
            _fast_text(info.task_name),
            _fast_text(info.source_database),
            _fast_text(info.target_database),
            status,
            status == "Yes" or (status is not None and status.strip().lower() == "yes"),
            _fast_stage(info.stage),
            parse_number(info.percentage),
            _fast_stage(info.catchup_stage),
            parse_number(info.catchup_percentage),
            _fast_bool(info.is_need_repair),
            _fast_bool(info.is_main_task),
            info.additional_properties,
            info,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Replication:
        """Normalize one task given as the wire's JSON object."""
        return cls.from_generated(StarRocksReplicationInfo.from_dict(data))

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape shared by the CLI and the Pulumi outputs."""
        return {
            "task_name": self.task_name,
            "source_database": self.source_database,
            "target_database": self.target_database,
            "status": self.status,
            "healthy": self.healthy,
            "stage": _stage_json(self.stage),
            "percentage": self.percentage,
            "catchup_stage": _stage_json(self.catchup_stage),
            "catchup_percentage": self.catchup_percentage,
            "is_need_repair": self.is_need_repair,
            "is_main_task": self.is_main_task,
            "extra": dict(self.extra),
        }

    @property
    def cancelled(self) -> bool:
        """Whether the task's stage is ``cancelled``."""
        return self.stage == Stage.CANCELLED


@dataclass(frozen=True, slots=True)
class Page:
    """One raw page, typed: the request's ``offset``/``limit`` and what came back."""

    offset: int
    limit: int
    total_count: int | None
    replications: tuple[Replication, ...]
    request_id: str | None = None
    raw: ListStarRocksDataReplicationsResponse | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.replications)


@dataclass(frozen=True, slots=True)
class WaitResult:
    """What :meth:`wait_for` returns once every selected task meets the condition.

    ``replications`` are the selected tasks; ``listing`` is every task of the instance as the
    final poll read it, so a caller that waited on a few tasks but reports on all of them
    needs no second read (which could also disagree with the one that met the condition).
    """

    replications: tuple[Replication, ...]
    polls: int
    elapsed: float
    listing: tuple[Replication, ...] = ()
