"""The task's normalized view, generated from openapi.yaml by scripts/regenerate: do not edit.

Every property of ``StarRocksReplicationInfo`` is a typed attribute of ``ReplicationView``,
normalized by its schema shape (see ``scripts/codegen/spec_fields.py``) in one pass over the wire's
JSON object; ``TASK_FIELDS`` is the one field table of the front ends (the CLI's JSON, CSV and
table columns, the Pulumi outputs).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, Self
from urllib.parse import quote

from taurusdb_htap_client.models.star_rocks_replication_info import StarRocksReplicationInfo

from ._normalize import BOOL_TEXT, OpenEnum, count, enum_json, enum_value, flag, key_text, number, text


class Stage(OpenEnum):
    """Known synchronisation stages, in the page's lower case and in the capitalised form the service
    sends: `wait` waiting for synchronisation, `incremental` incremental synchronisation, `full` full
    synchronisation, `cancelled` synchronisation cancelled, `paused` synchronisation paused."""

    WAIT = "wait"
    INCREMENTAL = "incremental"
    FULL = "full"
    CANCELLED = "cancelled"
    PAUSED = "paused"


_STAGE: dict[str, Stage] = {
    text: member
    for member in Stage
    for text in (member.value, member.value.capitalize(), member.value.upper())
}
"""``Stage`` by lower-case value (any case after ``.lower()``) and by the spellings the
service uses, which the generated view matches without a call."""


@dataclass(frozen=True, slots=True)
class TaskField:
    """One field of the normalized view, as the front ends show it (``derived``: computed by a
    hand-written rule of ``Replication``; ``python_type``: the attribute's annotation)."""

    name: str
    kind: Literal["string", "number", "integer", "boolean", "enum", "json"]
    python_type: str
    header: str
    default_column: bool
    derived: bool
    description: str


TASK_FIELDS: tuple[TaskField, ...] = (
    TaskField(
        name="task_name",
        kind="string",
        python_type="str",
        header="TASK",
        default_column=True,
        derived=False,
        description="Synchronisation task name, 3 to 128 letters, digits or underscores.",
    ),
    TaskField(
        name="source_database",
        kind="string",
        python_type="str | None",
        header="SOURCE DATABASE",
        default_column=True,
        derived=False,
        description="TaurusDB (source) database, 3 to 1,024 characters.",
    ),
    TaskField(
        name="target_database",
        kind="string",
        python_type="str | None",
        header="TARGET DATABASE",
        default_column=True,
        derived=False,
        description="Destination StarRocks database, 3 to 128 letters, digits or underscores.",
    ),
    TaskField(
        name="status",
        kind="string",
        python_type="str | None",
        header="STATUS",
        default_column=False,
        derived=False,
        description="Current status: `Yes` normal, `No` abnormal.",
    ),
    TaskField(
        name="healthy",
        kind="boolean",
        python_type="bool",
        header="HEALTH",
        default_column=True,
        derived=True,
        description="True only when `status` is `Yes` (in any letter case).",
    ),
    TaskField(
        name="stage",
        kind="enum",
        python_type="Stage | str | None",
        header="STAGE",
        default_column=True,
        derived=False,
        description=(
            "Synchronisation stage. The page lists lower-case values; the service sends them capitalised. "
            "Compare case-insensitively and keep values not listed."
        ),
    ),
    TaskField(
        name="percentage",
        kind="number",
        python_type="float | None",
        header="PROGRESS",
        default_column=True,
        derived=False,
        description="Progress percentage (0-100), a JSON number or a string.",
    ),
    TaskField(
        name="catchup_stage",
        kind="enum",
        python_type="Stage | str | None",
        header="CATCH-UP",
        default_column=True,
        derived=False,
        description="Catch-up stage, same values as `stage`; usually null.",
    ),
    TaskField(
        name="catchup_percentage",
        kind="number",
        python_type="float | None",
        header="CATCHUP PERCENTAGE",
        default_column=False,
        derived=False,
        description="Catch-up progress percentage, a JSON number or a string.",
    ),
    TaskField(
        name="is_need_repair",
        kind="boolean",
        python_type="bool | None",
        header="REPAIR",
        default_column=True,
        derived=False,
        description=(
            'Undocumented by the page; whether the task needs repair (`"true"`/`"false"` on the wire).'
        ),
    ),
    TaskField(
        name="is_main_task",
        kind="boolean",
        python_type="bool | None",
        header="MAIN",
        default_column=True,
        derived=False,
        description=(
            'Undocumented by the page; whether this is the instance\'s main task (`"true"`/`"false"` on the '
            "wire)."
        ),
    ),
)
"""The fields of the view in the order every front end shows them (the key first)."""

REPLICATION_FIELDS: tuple[str, ...] = (*(f.name for f in TASK_FIELDS), "extra")
"""The keys of ``to_dict()`` in order: the stable shape of the CLI's JSON and CSV and the Pulumi
outputs (``extra`` last: every field on the wire that the view does not model)."""
DEFAULT_COLUMNS: tuple[str, ...] = tuple(f.name for f in TASK_FIELDS if f.default_column)
"""The fields a table shows when no columns are asked for."""

MODELLED_WIRE_FIELDS: frozenset[str] = frozenset(
    [
        "catchup_percentage",
        "catchup_stage",
        "is_main_task",
        "is_need_repair",
        "percentage",
        "source_database",
        "stage",
        "status",
        "target_database",
        "task_name",
    ]
)
"""The wire keys the view has an attribute for; every other key of a task goes to ``extra``."""
_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _unmodelled(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The wire fields the view has no attribute for (``extra``), read-only."""
    return MappingProxyType({k: v for k, v in data.items() if k not in MODELLED_WIRE_FIELDS})


_EXPECTED: Mapping[str, str] = MappingProxyType(
    {
        "percentage": "a number",
        "catchup_percentage": "a number",
        "is_need_repair": "true or false",
        "is_main_task": "true or false",
    }
)
"""What each field that can be unreadable reads (the reasons of ``unreadable``)."""


def _unread(found: dict[str, Any] | None, name: str, value: Any) -> dict[str, Any]:
    """``found`` with the wire value of ``name``, which its field could not read."""
    found = {} if found is None else found
    found[name] = value
    return found


def _reasons(found: Mapping[str, Any]) -> Mapping[str, str]:
    """Why each unread value was not read: what the field reads and what came (cut short)."""
    return MappingProxyType(
        {name: f"expected {_EXPECTED[name]}, got {repr(value)[:80]}" for name, value in found.items()}
    )


def _read_only(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only copy of a mapping given by hand (``from_dict`` passes read-only views)."""
    return MappingProxyType(dict(mapping)) if mapping else _EMPTY


@dataclass(frozen=True, slots=True)
class ReplicationView:
    """The task's fields, normalized by shape; ``extra`` keeps the rest of the wire, ``wire`` the
    JSON object as received. Equality and hashing use the normalized fields only.

    A value its field cannot read (``"12ms"`` where a number is specified) is never a silent
    ``None``: the attribute is ``None``, the value as sent is in ``extra`` under the field's name
    (so every front end that shows ``extra`` carries it) and ``unreadable`` gives the reason."""

    task_name: str
    """Synchronisation task name, 3 to 128 letters, digits or underscores."""
    source_database: str | None
    """TaurusDB (source) database, 3 to 1,024 characters."""
    target_database: str | None
    """Destination StarRocks database, 3 to 128 letters, digits or underscores."""
    status: str | None
    """Current status: `Yes` normal, `No` abnormal."""
    stage: Stage | str | None
    """Synchronisation stage. The page lists lower-case values; the service sends them capitalised. Compare
    case-insensitively and keep values not listed."""
    percentage: float | None
    """Progress percentage (0-100), a JSON number or a string."""
    catchup_stage: Stage | str | None
    """Catch-up stage, same values as `stage`; usually null."""
    catchup_percentage: float | None
    """Catch-up progress percentage, a JSON number or a string."""
    is_need_repair: bool | None
    """Undocumented by the page; whether the task needs repair (`"true"`/`"false"` on the wire)."""
    is_main_task: bool | None
    """Undocumented by the page; whether this is the instance's main task (`"true"`/`"false"` on the wire)."""
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False, hash=False)
    wire: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False, hash=False, repr=False)
    """The task's JSON object as the service sent it: a read-only view of the mapping
    :meth:`from_dict` read (empty for a view built field by field)."""
    unreadable: Mapping[str, str] = field(
        default_factory=lambda: _EMPTY, compare=False, hash=False, repr=False
    )
    """Each field whose wire value could not be read, and why (the value is in ``extra``)."""

    def __post_init__(self) -> None:
        if self.extra.__class__ is not MappingProxyType:
            object.__setattr__(self, "extra", _read_only(self.extra))
        if self.wire.__class__ is not MappingProxyType:
            object.__setattr__(self, "wire", _read_only(self.wire))
        if self.unreadable.__class__ is not MappingProxyType:
            object.__setattr__(self, "unreadable", _read_only(self.unreadable))

    def __reduce__(self) -> tuple[object, ...]:
        # A read-only mapping cannot be pickled; rebuild from plain dicts instead.
        values = [getattr(self, f.name) for f in fields(self)]
        values[-3:] = dict(self.extra), dict(self.wire), dict(self.unreadable)
        return (type(self), tuple(values))

    @property
    def raw(self) -> StarRocksReplicationInfo:
        """The generated model of this task, built from ``wire`` on each access (the listing
        itself never builds it: one parse per task is the listing's largest saving)."""
        return StarRocksReplicationInfo.from_dict(self.wire)

    @property
    def healthy(self) -> bool:
        """True only when `status` is `Yes` (in any letter case)."""
        raise NotImplementedError("a hand-written rule of Replication computes it")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Normalize one task given as the wire's JSON object.

        Straight-line, and it sets the slots itself rather than through the frozen
        dataclass's ``__init__`` (a third of the time): this runs for every task of a listing.
        """
        (
            set_task_name,
            set_source_database,
            set_target_database,
            set_status,
            set_stage,
            set_percentage,
            set_catchup_stage,
            set_catchup_percentage,
            set_is_need_repair,
            set_is_main_task,
            set_extra,
            set_wire,
            set_unreadable,
        ) = _SETTERS
        get = data.get
        view = _new(cls)
        unread = None
        value = get("task_name")
        set_task_name(view, value if value.__class__ is str else key_text(value, ""))
        value = get("source_database")
        set_source_database(view, value if value.__class__ is str else text(value))
        value = get("target_database")
        set_target_database(view, value if value.__class__ is str else text(value))
        value = get("status")
        set_status(view, value if value.__class__ is str else text(value))
        value = get("stage")
        set_stage(
            view,
            _STAGE[value] if value.__class__ is str and value in _STAGE else enum_value(_STAGE, Stage, value),
        )
        value = get("percentage")
        parsed = number(value)
        if parsed is None and value is not None:
            unread = _unread(unread, "percentage", value)
        set_percentage(view, parsed)
        value = get("catchup_stage")
        set_catchup_stage(
            view,
            _STAGE[value] if value.__class__ is str and value in _STAGE else enum_value(_STAGE, Stage, value),
        )
        value = get("catchup_percentage")
        parsed = number(value)
        if parsed is None and value is not None:
            unread = _unread(unread, "catchup_percentage", value)
        set_catchup_percentage(view, parsed)
        value = get("is_need_repair")
        parsed = BOOL_TEXT[value] if value.__class__ is str and value in BOOL_TEXT else flag(value)
        if parsed is None and value is not None:
            unread = _unread(unread, "is_need_repair", value)
        set_is_need_repair(view, parsed)
        value = get("is_main_task")
        parsed = BOOL_TEXT[value] if value.__class__ is str and value in BOOL_TEXT else flag(value)
        if parsed is None and value is not None:
            unread = _unread(unread, "is_main_task", value)
        set_is_main_task(view, parsed)
        if unread is None:
            set_extra(view, _EMPTY if MODELLED_WIRE_FIELDS.issuperset(data) else _unmodelled(data))
            set_unreadable(view, _EMPTY)
        else:  # the values the view could not read stay in extra, each with its reason
            set_extra(view, MappingProxyType({**_unmodelled(data), **unread}))
            set_unreadable(view, _reasons(unread))
        set_wire(view, MappingProxyType(data))
        return view

    @classmethod
    def from_generated(cls, info: StarRocksReplicationInfo) -> Self:
        """Normalize one task of the generated model (its JSON form, read by :meth:`from_dict`)."""
        return cls.from_dict(info.to_dict())

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape of the CLI and the Pulumi outputs (``REPLICATION_FIELDS``)."""
        return {
            "task_name": self.task_name,
            "source_database": self.source_database,
            "target_database": self.target_database,
            "status": self.status,
            "healthy": self.healthy,
            "stage": enum_json(self.stage),
            "percentage": self.percentage,
            "catchup_stage": enum_json(self.catchup_stage),
            "catchup_percentage": self.catchup_percentage,
            "is_need_repair": self.is_need_repair,
            "is_main_task": self.is_main_task,
            "extra": dict(self.extra),
        }


_new = object.__new__
_SETTERS: tuple[Any, ...] = tuple(getattr(ReplicationView, f.name).__set__ for f in fields(ReplicationView))
"""Each slot's setter, in field order: how ``from_dict`` fills a view without ``__init__``."""
_DICTS = frozenset({dict})


class PageShapeError(ValueError):
    """A page that is not the spec's ``ReplicationPage`` shape; the message names the part."""


def read_page(body: Any) -> tuple[int | None, list[Mapping[str, Any]]]:
    """``total_count`` and the task objects (``replications``) of a page's JSON; every other field of
    the page stays in its wire. Raises :class:`PageShapeError`."""
    if body.__class__ is not dict:
        raise PageShapeError("the JSON body is not an object (the documented page)")
    try:
        total = count(body.get("total_count"))
    except ValueError as exc:  # a string of digits past Python's int_max_str_digits
        raise PageShapeError(f"total_count cannot be read ({exc})") from None
    items = body.get("replications")
    if items is None:
        return total, []
    if items.__class__ is not list or not _DICTS.issuperset(map(type, items)):
        raise PageShapeError("'replications' is not a list of objects")
    return total, items


ERROR_FIELDS: frozenset[str] = frozenset(["error_code", "error_msg", "request_id"])


@dataclass(frozen=True, slots=True)
class ErrorView:
    """The error body (the spec's ``ErrorResponse``), each field as text or ``None``."""

    error_code: str | None
    error_msg: str | None
    request_id: str | None

    @classmethod
    def from_body(cls, data: Any) -> ErrorView | None:
        """The error body, when ``data`` is a JSON object holding any of its fields."""
        if data.__class__ is not dict or ERROR_FIELDS.isdisjoint(data):
            return None
        return cls(text(data.get("error_code")), text(data.get("error_msg")), text(data.get("request_id")))


PAGE_PATH = "/v3/{project_id}/instances/{instance_id}/starrocks/databases/replication"
"""The operation's path template (the spec's ``paths``)."""


class PageRequest(NamedTuple):
    """One request of the operation: what ``httpx.AsyncClient.request`` takes."""

    method: str
    url: str
    params: dict[str, Any]
    headers: dict[str, str]


def page_request(
    project_id: str, instance_id: str, *, limit: int, offset: int, x_language: str
) -> PageRequest:
    """``GET PAGE_PATH``: path parameters quoted whole (a ``/`` cannot change
    the path), query and header parameters by their spec names."""
    return PageRequest(
        "GET",
        PAGE_PATH.format(project_id=quote(project_id, safe=""), instance_id=quote(instance_id, safe="")),
        {"limit": limit, "offset": offset},
        {"X-Language": x_language},
    )
