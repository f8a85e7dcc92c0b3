"""The task's fields as the emulator serves them, generated from openapi.yaml by
scripts/regenerate: do not edit (see ``scripts/codegen/emulator_fields.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class WireField:
    """One property: its shape, the JSON types the wire may carry, and its spec rules."""

    name: str
    kind: Literal["string", "number", "integer", "boolean", "enum", "json"]
    wire_types: tuple[str, ...]
    enum_values: tuple[str, ...] = ()
    open_enum: bool = False
    key: bool = False
    documented: bool = True
    minimum: float | None = None
    maximum: float | None = None
    attribute: str = ""
    """The Python name (``TaskFields``' attribute); the wire name when left empty."""

    def __post_init__(self) -> None:
        if not self.attribute:
            object.__setattr__(self, "attribute", self.name)


REPLICATION_STAGE: tuple[str, ...] = ("wait", "incremental", "full", "cancelled", "paused")


WIRE_FIELDS: tuple[WireField, ...] = (
    WireField("source_database", "string", ("string",)),
    WireField("target_database", "string", ("string",)),
    WireField("task_name", "string", ("string",), key=True),
    WireField("status", "string", ("string",)),
    WireField("stage", "enum", ("string",), enum_values=REPLICATION_STAGE, open_enum=True),
    WireField("percentage", "number", ("number", "string"), minimum=0.0, maximum=100.0),
    WireField("catchup_stage", "enum", ("string",), enum_values=REPLICATION_STAGE, open_enum=True),
    WireField("catchup_percentage", "number", ("number", "string"), minimum=0.0, maximum=100.0),
    WireField("is_need_repair", "boolean", ("boolean", "string"), documented=False),
    WireField("is_main_task", "boolean", ("boolean", "string"), documented=False),
)
"""Every property of ``StarRocksReplicationInfo``, in the spec's order (the wire's)."""


@dataclass
class TaskFields:
    """One canonical value per property: known enum values lower case, numbers as numbers."""

    task_name: str
    """Synchronisation task name, 3 to 128 letters, digits or underscores."""
    source_database: str | None = None
    """TaurusDB (source) database, 3 to 1,024 characters."""
    target_database: str | None = None
    """Destination StarRocks database, 3 to 128 letters, digits or underscores."""
    status: str | None = None
    """Current status: `Yes` normal, `No` abnormal."""
    stage: str | None = None
    """Synchronisation stage. The page lists lower-case values; the service sends them capitalised. Compare
    case-insensitively and keep values not listed."""
    percentage: float | None = None
    """Progress percentage (0-100), a JSON number or a string."""
    catchup_stage: str | None = None
    """Catch-up stage, same values as `stage`; usually null."""
    catchup_percentage: float | None = None
    """Catch-up progress percentage, a JSON number or a string."""
    is_need_repair: bool | None = None
    """Undocumented by the page; whether the task needs repair (`"true"`/`"false"` on the wire)."""
    is_main_task: bool | None = None
    """Undocumented by the page; whether this is the instance's main task (`"true"`/`"false"` on the wire)."""
