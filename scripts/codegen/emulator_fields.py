"""Write ``provider/taurusdb_emulator/_fields.py``: the task's fields as the emulator serves them.

The emulator is the other side of the same spec: its datasets accept, its ``large`` dataset
generates and its wire renders every property the spec defines, by the property's shape. This
module gives it the field table (``WIRE_FIELDS``: kind, the JSON types the wire may use, enum
values, bounds, whether the vendor page lists it) and the ``TaskFields`` dataclass holding one
canonical value per property; the rules per shape are hand-written in ``_model.py`` and
``_wire.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .python_view import _doc
from .spec_fields import SpecField, task_fields

_CANONICAL = {
    "string": "str | None",
    "number": "float | None",
    "boolean": "bool | None",
    "enum": "str | None",
    "json": "Any",
}


def _row(f: SpecField) -> list[str]:
    return [
        "    WireField(",
        f"        name={f.name!r},",
        f"        attribute={f.python_name!r},",
        f"        kind={f.kind!r},",
        f"        wire_types={f.wire_types!r},",
        f"        enum_values={f.enum_values!r},",
        f"        open_enum={f.open_enum!r},",
        f"        key={f.key!r},",
        f"        documented={f.documented!r},",
        f"        minimum={f.minimum!r},",
        f"        maximum={f.maximum!r},",
        "    ),",
    ]


def render(spec: Mapping[str, Any] | None = None) -> str:
    """The module's source (before ruff formats it)."""
    in_spec_order = task_fields(spec)
    fields = sorted(in_spec_order, key=lambda f: not f.key)  # the key is the dataclass's first argument
    out = [
        '"""The task\'s fields as the emulator serves them, generated from openapi.yaml by',
        'scripts/regenerate: do not edit (see ``scripts/codegen/emulator_fields.py``)."""',
        "",
        "from __future__ import annotations",
        "",
        "from dataclasses import dataclass",
        f"from typing import {'Any, ' if any(f.kind == 'json' for f in fields) else ''}Literal",
        "",
        "",
        "@dataclass(frozen=True, slots=True)",
        "class WireField:",
        '    """One property: its shape, the JSON types the wire may carry, and its spec rules."""',
        "",
        "    name: str",
        "    attribute: str",
        '    kind: Literal["string", "number", "boolean", "enum", "json"]',
        "    wire_types: tuple[str, ...]",
        "    enum_values: tuple[str, ...]",
        "    open_enum: bool",
        "    key: bool",
        "    documented: bool",
        "    minimum: float | None",
        "    maximum: float | None",
        "",
        "",
        "WIRE_FIELDS: tuple[WireField, ...] = (",
    ]
    for f in in_spec_order:
        out += _row(f)
    out += [
        ")",
        '"""Every property of ``StarRocksReplicationInfo``, in the spec\'s order (the wire\'s)."""',
        "",
        "",
        "@dataclass",
        "class TaskFields:",
        '    """One canonical value per property: known enum values lower case, numbers as numbers."""',
        "",
    ]
    for f in fields:
        kind = "str" if f.key else _CANONICAL[f.kind]
        default = "" if f.key else " = None"
        out += [f"    {f.python_name}: {kind}{default}", f"    {_doc(f.description or f.name)}"]
    return "\n".join(out) + "\n"
