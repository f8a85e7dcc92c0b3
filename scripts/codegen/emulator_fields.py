"""Write ``provider/taurusdb_emulator/_fields.py``: the task's fields as the emulator serves them.

The emulator is the other side of the same spec: its datasets accept, its ``large`` dataset
generates and its wire renders every property the spec defines, by the property's shape. This
module gives it the field table (``WIRE_FIELDS``: kind, the JSON types the wire may use, enum
values, bounds, whether the vendor page lists it) and the ``TaskFields`` dataclass holding one
canonical value per property; the rules per shape are hand-written in ``_model.py`` and
``_wire.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .python_view import _doc
from .spec_fields import SpecField, task_fields

_CANONICAL = {
    "string": "str | None",
    "number": "float | None",
    "integer": "int | None",
    "boolean": "bool | None",
    "enum": "str | None",
    "json": "Any",
}


_OPTIONAL: dict[str, tuple[str, object]] = {
    "enum_values": ("tuple[str, ...]", ()),
    "open_enum": ("bool", False),
    "key": ("bool", False),
    "documented": ("bool", True),
    "minimum": ("float | None", None),
    "maximum": ("float | None", None),
}
"""The ``WireField`` arguments a row names only when they differ: annotation and default."""


def _enum_constant(f: SpecField) -> str:
    """``ReplicationStage`` -> ``REPLICATION_STAGE``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", f.enum_name or f.name).upper()


def _enums(fields: Sequence[SpecField]) -> list[str]:
    """A tuple of values per enum schema the fields use (lower case, in the spec's order)."""
    constants = {_enum_constant(f): f.enum_values for f in fields if f.enum_values}
    return [f"{name}: tuple[str, ...] = {values!r}" for name, values in constants.items()]


def _row(f: SpecField) -> str:
    """One ``WireField(...)``: name, kind and wire types, then only what differs from the defaults."""
    given = {name: getattr(f, name) for name in _OPTIONAL}
    values = {name: repr(value) for name, value in given.items() if value != _OPTIONAL[name][1]}
    if f.enum_values:
        values["enum_values"] = _enum_constant(f)  # one tuple per enum schema, as in the spec
    if f.python_name != f.name:
        values["attribute"] = repr(f.python_name)
    rest = "".join(f", {name}={value}" for name, value in values.items())
    return f"    WireField({f.name!r}, {f.kind!r}, {f.wire_types!r}{rest}),"


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
        '    kind: Literal["string", "number", "integer", "boolean", "enum", "json"]',
        "    wire_types: tuple[str, ...]",
        *(f"    {name}: {kind} = {default!r}" for name, (kind, default) in _OPTIONAL.items()),
        '    attribute: str = ""',
        '    """The Python name (``TaskFields``\' attribute); the wire name when left empty."""',
        "",
        "    def __post_init__(self) -> None:",
        "        if not self.attribute:",
        '            object.__setattr__(self, "attribute", self.name)',
        "",
        "",
        *_enums(in_spec_order),
        "",
        "",
        "WIRE_FIELDS: tuple[WireField, ...] = (",
    ]
    out += [_row(f) for f in in_spec_order]
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
