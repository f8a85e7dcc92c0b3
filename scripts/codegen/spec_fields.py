"""The task's fields as the spec defines them: one description that every generator reads.

Each property of ``StarRocksReplicationInfo`` is classified by the shape of its schema, so a
generator never lists field names itself:

* ``number``: a number (``type: number`` in any branch) that may also come as a string -> a float;
* ``integer``: an integer (``type: integer``, no ``number`` branch) that may also come as a string
  of digits -> an exact integer of any size (Python ``int``; Go and TypeScript must not pass it
  through a double: ``9007199254740993`` stays ``9007199254740993``);
* ``boolean``: a boolean that may also come as ``"true"``/``"false"`` -> a bool;
* ``enum``: a string enum, open (``anyOf`` with a plain string) or closed -> a member or text;
* ``string``: text;
* ``json``: any other shape (object, array): passed through as the wire sent it.

A property whose rule its shape cannot express names its kind with the ``x-taurusdb-kind``
extension. Every kind is nullable: the service may send ``null`` or leave any field out, except
the key (``x-taurusdb-key``), which takes ``x-taurusdb-default`` instead. ``x-taurusdb-column``
gives a field's table header and whether tables show it by default; ``x-taurusdb-derived`` on
the task schema lists the values clients compute from a field (their rules are hand-written).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi.yaml"
TASK_SCHEMA = "StarRocksReplicationInfo"
KIND_EXTENSION = "x-taurusdb-kind"
KEY_EXTENSION = "x-taurusdb-key"
DEFAULT_EXTENSION = "x-taurusdb-default"
COLUMN_EXTENSION = "x-taurusdb-column"
DERIVED_EXTENSION = "x-taurusdb-derived"
ENUM_NAME_EXTENSION = "x-taurusdb-python-name"
UNDOCUMENTED_EXTENSION = "x-taurusdb-undocumented"

Kind = Literal["string", "number", "integer", "boolean", "enum", "json"]
KINDS: tuple[Kind, ...] = ("string", "number", "integer", "boolean", "enum", "json")
NUMERIC_KINDS: frozenset[Kind] = frozenset({"number", "integer"})
"""The kinds whose values are numbers (bounds apply; a generator without an exact integer type
must at least treat ``integer`` as a number)."""


class SpecShapeError(ValueError):
    """A property whose schema this classification does not understand; names the property."""


@dataclass(frozen=True)
class SpecField:
    """One property of the task, as every generator sees it.

    ``wire_types`` are the JSON types the spec allows on the wire (``"null"`` excluded: every
    field is nullable), in the spec's order; ``enum_name``/``enum_values`` describe an enum
    kind (values lower-cased and without duplicates, in the spec's order).
    """

    name: str
    kind: Kind
    description: str
    wire_types: tuple[str, ...]
    enum_name: str | None = None
    enum_values: tuple[str, ...] = ()
    open_enum: bool = False
    key: bool = False
    default: str | None = None
    """What the view holds when the wire has no value (only for the key; else ``None``)."""
    header: str = ""
    default_column: bool = False
    enum_description: str = ""
    enum_python_name: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    """Bounds of a number (``minimum``/``maximum`` on the property or its number branch)."""
    documented: bool = True
    """Whether the vendor page lists the field (``x-taurusdb-undocumented`` says it does not)."""

    @property
    def camel_name(self) -> str:
        """``catchup_stage`` -> ``catchupStage`` (Pulumi and TypeScript names)."""
        head, *rest = self.name.split("_")
        return head + "".join(part[:1].upper() + part[1:] for part in rest)

    @property
    def python_name(self) -> str:
        """The attribute name in Python (openapi-python-client's snake case of the wire name)."""
        return re.sub(r"[^0-9a-z_]", "_", re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", self.name).lower())

    @property
    def pascal_name(self) -> str:
        """``catchup_stage`` -> ``CatchupStage`` (Go names)."""
        return "".join(part[:1].upper() + part[1:] for part in self.name.split("_"))


def load_spec(path: Path = SPEC) -> dict[str, Any]:
    """The spec as plain data."""
    with path.open(encoding="utf-8") as handle:
        loaded = yaml.safe_load(handle)
    if not isinstance(loaded, dict):
        raise SpecShapeError(f"{path}: not an OpenAPI document")
    return loaded


def task_fields(spec: Mapping[str, Any] | None = None) -> tuple[SpecField, ...]:
    """Every property of the task schema, classified, in the spec's order."""
    spec = load_spec() if spec is None else spec
    schema = _component(spec, TASK_SCHEMA)
    properties = schema.get("properties") or {}
    return tuple(
        _with_view_rules(spec, _classify(spec, name, prop), prop) for name, prop in properties.items()
    )


@dataclass(frozen=True)
class DerivedField:
    """A value clients compute from one field (``x-taurusdb-derived``); its rule is hand-written."""

    name: str
    kind: Kind
    after: str
    description: str
    header: str = ""
    default_column: bool = False

    @property
    def camel_name(self) -> str:
        return SpecField(self.name, self.kind, "", ()).camel_name


def derived_fields(spec: Mapping[str, Any] | None = None) -> tuple[DerivedField, ...]:
    """The derived values of the task, in the spec's order."""
    spec = load_spec() if spec is None else spec
    names = {f.name for f in task_fields(spec)}
    found = []
    for index, item in enumerate(_component(spec, TASK_SCHEMA).get(DERIVED_EXTENSION) or ()):
        where = f"{TASK_SCHEMA}.{DERIVED_EXTENSION}[{index}]"
        if not isinstance(item, Mapping) or item.get("type") not in KINDS or item.get("after") not in names:
            raise SpecShapeError(
                f"{where}: needs name, a type of {', '.join(KINDS)} and 'after' naming a property"
            )
        header, default_column = _column(where, item)
        description = " ".join(str(item.get("description") or "").split())
        found.append(
            DerivedField(str(item["name"]), item["type"], item["after"], description, header, default_column)
        )
    return tuple(found)


def view_fields(spec: Mapping[str, Any] | None = None) -> tuple[SpecField | DerivedField, ...]:
    """The fields of the normalized view in the order every front end shows them.

    The key first, then the spec's order, each derived value right after the field it comes from.
    """
    spec = load_spec() if spec is None else spec
    fields = task_fields(spec)
    derived = derived_fields(spec)
    ordered: list[SpecField | DerivedField] = []
    for spec_field in sorted(fields, key=lambda f: not f.key):
        ordered.append(spec_field)
        ordered.extend(d for d in derived if d.after == spec_field.name)
    return tuple(ordered)


def _column(where: str, node: Mapping[str, Any]) -> tuple[str, bool]:
    column = node.get(COLUMN_EXTENSION) or {}
    if not isinstance(column, Mapping):
        raise SpecShapeError(f"{where}.{COLUMN_EXTENSION}: must be an object with header and default")
    header = column.get("header") or str(node.get("name", "")).replace("_", " ").upper()
    return str(header), bool(column.get("default", False))


def _with_view_rules(spec: Mapping[str, Any], found: SpecField, prop: Mapping[str, Any]) -> SpecField:
    where = f"{TASK_SCHEMA}.{found.name}"
    header, default_column = _column(where, {"name": found.name, **prop})
    key = bool(prop.get(KEY_EXTENSION, False))
    default = prop.get(DEFAULT_EXTENSION)
    if key and (found.kind != "string" or not isinstance(default, str)):
        raise SpecShapeError(
            f"{where}.{KEY_EXTENSION}: the key must be a string with a string {DEFAULT_EXTENSION}"
        )
    enum_description, enum_python_name = "", None
    if found.enum_name is not None:
        enum_schema = _component(spec, found.enum_name)
        enum_description = " ".join(str(enum_schema.get("description") or "").split())
        enum_python_name = enum_schema.get(ENUM_NAME_EXTENSION)
    numbers = [b for _, b in _branches(spec, prop) if b.get("type") in ("number", "integer")]
    bounds = [prop, *numbers]
    minimum = next((float(b["minimum"]) for b in bounds if "minimum" in b), None)
    maximum = next((float(b["maximum"]) for b in bounds if "maximum" in b), None)
    return replace(
        found,
        minimum=minimum,
        maximum=maximum,
        documented=not prop.get(UNDOCUMENTED_EXTENSION, False),
        key=key,
        default=default if key else None,
        header=header,
        default_column=default_column,
        enum_description=enum_description,
        enum_python_name=enum_python_name,
    )


def _component(spec: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    try:
        found = spec["components"]["schemas"][name]
    except (KeyError, TypeError):
        raise SpecShapeError(f"components.schemas.{name}: missing from the spec") from None
    if not isinstance(found, Mapping):
        raise SpecShapeError(f"components.schemas.{name}: must be a schema object")
    return found


def _resolve(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any]]:
    """A schema and, when it is a ``$ref``, the component name it points at."""
    ref = schema.get("$ref")
    if ref is None:
        return None, schema
    match = re.fullmatch(r"#/components/schemas/([^/]+)", str(ref))
    if match is None:
        raise SpecShapeError(f"{ref}: only local component references are supported")
    return match.group(1), _component(spec, match.group(1))


def _branches(
    spec: Mapping[str, Any], schema: Mapping[str, Any]
) -> list[tuple[str | None, Mapping[str, Any]]]:
    name, resolved = _resolve(spec, schema)
    union: Sequence[Mapping[str, Any]] | None = resolved.get("anyOf") or resolved.get("oneOf")
    if not union:
        return [(name, resolved)]
    found: list[tuple[str | None, Mapping[str, Any]]] = []
    for branch in union:
        found.extend(_branches(spec, branch))
    return found


def _classify(spec: Mapping[str, Any], name: str, prop: Mapping[str, Any]) -> SpecField:
    _, top = _resolve(spec, prop)
    description = " ".join(str(top.get("description") or prop.get("description") or "").split())
    branches = _branches(spec, prop)
    wire_types = tuple(dict.fromkeys(_json_type(name, branch) for _, branch in branches))
    enums = [(ref, branch) for ref, branch in branches if branch.get("enum")]
    forced = prop.get(KIND_EXTENSION, top.get(KIND_EXTENSION))
    kind: Kind
    if forced is not None:
        if forced not in KINDS:
            raise SpecShapeError(f"{TASK_SCHEMA}.{name}.{KIND_EXTENSION}: must be one of {', '.join(KINDS)}")
        kind = forced
    elif enums:
        kind = "enum"
    elif "number" in wire_types:
        kind = "number"  # a number branch admits fractions: the wider kind wins
    elif "integer" in wire_types:
        kind = "integer"
    elif "boolean" in wire_types:
        kind = "boolean"
    elif set(wire_types) == {"string"}:
        kind = "string"
    else:
        kind = "json"
    if kind != "enum":
        return SpecField(name, kind, description, wire_types)
    if not enums:
        raise SpecShapeError(f"{TASK_SCHEMA}.{name}: kind 'enum' needs an enum branch")
    enum_ref, enum_schema = enums[0]
    values = tuple(dict.fromkeys(str(value).lower() for value in enum_schema["enum"] if value is not None))
    plain_strings = [b for _, b in branches if _json_type(name, b) == "string" and not b.get("enum")]
    return SpecField(name, kind, description, wire_types, enum_ref, values, open_enum=bool(plain_strings))


def _json_type(name: str, schema: Mapping[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):  # OpenAPI 3.1 style: ["string", "null"]
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if not isinstance(kind, str):
        raise SpecShapeError(f"{TASK_SCHEMA}.{name}: every branch needs one 'type' (got {schema!r})")
    return kind
