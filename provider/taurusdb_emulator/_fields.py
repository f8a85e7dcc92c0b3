"""The task's fields as the emulator serves them, generated from openapi.yaml by
scripts/regenerate: do not edit (see ``scripts/codegen/emulator_fields.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class WireField:
    """One property: its shape, the JSON types the wire may carry, and its spec rules."""

    name: str
    attribute: str
    kind: Literal["string", "number", "boolean", "enum", "json"]
    wire_types: tuple[str, ...]
    enum_values: tuple[str, ...]
    open_enum: bool
    key: bool
    documented: bool
    minimum: float | None
    maximum: float | None


WIRE_FIELDS: tuple[WireField, ...] = (
    WireField(
        name="source_database",
        attribute="source_database",
        kind="string",
        wire_types=("string",),
        enum_values=(),
        open_enum=False,
        key=False,
        documented=True,
        minimum=None,
        maximum=None,
    ),
    WireField(
        name="target_database",
        attribute="target_database",
        kind="string",
        wire_types=("string",),
        enum_values=(),
        open_enum=False,
        key=False,
        documented=True,
        minimum=None,
        maximum=None,
    ),
    WireField(
        name="task_name",
        attribute="task_name",
        kind="string",
        wire_types=("string",),
        enum_values=(),
        open_enum=False,
        key=True,
        documented=True,
        minimum=None,
        maximum=None,
    ),
    WireField(
        name="status",
        attribute="status",
        kind="string",
        wire_types=("string",),
        enum_values=(),
        open_enum=False,
        key=False,
        documented=True,
        minimum=None,
        maximum=None,
    ),
    WireField(
        name="stage",
        attribute="stage",
        kind="enum",
        wire_types=("string",),
        enum_values=("wait", "incremental", "full", "cancelled", "paused"),
        open_enum=True,
        key=False,
        documented=True,
        minimum=None,
        maximum=None,
    ),
    WireField(
        name="percentage",
        attribute="percentage",
        kind="number",
        wire_types=("number", "string"),
        enum_values=(),
        open_enum=False,
        key=False,
        documented=True,
        minimum=0.0,
        maximum=100.0,
    ),
    WireField(
        name="catchup_stage",
        attribute="catchup_stage",
        kind="enum",
        wire_types=("string",),
        enum_values=("wait", "incremental", "full", "cancelled", "paused"),
        open_enum=True,
        key=False,
        documented=True,
        minimum=None,
        maximum=None,
    ),
    WireField(
        name="catchup_percentage",
        attribute="catchup_percentage",
        kind="number",
        wire_types=("number", "string"),
        enum_values=(),
        open_enum=False,
        key=False,
        documented=True,
        minimum=0.0,
        maximum=100.0,
    ),
    WireField(
        name="is_need_repair",
        attribute="is_need_repair",
        kind="boolean",
        wire_types=("boolean", "string"),
        enum_values=(),
        open_enum=False,
        key=False,
        documented=False,
        minimum=None,
        maximum=None,
    ),
    WireField(
        name="is_main_task",
        attribute="is_main_task",
        kind="boolean",
        wire_types=("boolean", "string"),
        enum_values=(),
        open_enum=False,
        key=False,
        documented=False,
        minimum=None,
        maximum=None,
    ),
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
