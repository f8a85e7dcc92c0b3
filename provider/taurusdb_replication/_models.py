"""The hand-written rules of the normalized view: derived values and cross-field rules.

The generated models keep the wire as it is (numbers as strings or numbers, stages in any
letter case, booleans as ``"true"``); ``_view.py``, generated from the spec, gives every field
its typed, normalized attribute and the field table of the front ends. This module adds only
what the spec's shapes cannot say: ``healthy`` (from ``status``) and ``cancelled`` (from
``stage``), plus the page and wait results.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from taurusdb_htap_client.models.replication_page import ReplicationPage

from ._normalize import count as parse_count
from ._normalize import flag as parse_bool
from ._normalize import number as parse_number
from ._view import DEFAULT_COLUMNS, REPLICATION_FIELDS, TASK_FIELDS, ReplicationView, Stage, TaskField

__all__ = [
    "DEFAULT_COLUMNS",
    "REPLICATION_FIELDS",
    "TASK_FIELDS",
    "Page",
    "Replication",
    "Stage",
    "TaskField",
    "WaitResult",
    "parse_bool",
    "parse_count",
    "parse_number",
]


class Replication(ReplicationView):
    """One replication task, normalized.

    Every spec field is an attribute of the generated :class:`ReplicationView` (``status`` kept
    raw, ``stage``/``catchup_stage`` a :class:`Stage` when known, else the original string;
    ``task_name`` is ``""`` for a task the service sent without a name, per the spec's
    ``x-taurusdb-default``). ``extra`` holds every wire field the view does not model, ``wire``
    the task's JSON object as received, and ``raw`` builds the generated model from it.
    """

    __slots__ = ()

    @property
    def healthy(self) -> bool:
        """True only for ``status`` ``Yes`` (any case): the service's word for a normal task."""
        status = self.status
        return status == "Yes" or (status is not None and status.strip().lower() == "yes")

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
    wire: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), compare=False, repr=False)
    """The page's JSON object as the service sent it (every top-level field, known or not)."""

    def __len__(self) -> int:
        return len(self.replications)

    @property
    def raw(self) -> ReplicationPage:
        """The generated model of the page, built from ``wire`` when asked for."""
        return ReplicationPage.from_dict(self.wire)


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
