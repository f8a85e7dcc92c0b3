"""Write ``provider/taurusdb_replication/_view.py``: the task's normalized view, from the spec.

The module holds what depends on the spec's fields and nothing else: the open enums, the field
table every front end reads (names, kinds, order, descriptions, table headers), and the
``ReplicationView`` dataclass whose ``from_dict`` normalizes each field of the wire's JSON object
by its shape with the rules of ``_normalize.py``. It is straight-line code, written once at
regeneration time, so the hot path never looks at the spec, and it reads the JSON in one pass:
the generated model of the same task (``raw``) is built only when asked for, because parsing
every task twice (into the generated model, then into the view) was the largest CPU cost of a
listing (benchmarks/README.md). Hand-written rules (``healthy``, ``cancelled``) live in
``_models.Replication``, a subclass.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .spec_fields import TASK_SCHEMA, DerivedField, SpecField, SpecShapeError, view_fields

WIDTH = 110  # ruff's line-length in pyproject.toml

_TYPES = {
    "string": "str | None",
    "number": "float | None",
    "integer": "int | None",
    "boolean": "bool | None",
    "json": "Any",
}
_PARSERS = {"string": "text", "number": "number", "integer": "integer", "boolean": "flag"}
_EXPECTED = {"number": "a number", "integer": "an integer", "boolean": "true or false"}
"""What a field of each kind can read, for its ``unreadable`` reason when the wire sent something
else. (Strings, enums and JSON read every value: a scalar is text, an unknown stage is kept.)"""


def _enum_class(field: SpecField) -> str:
    assert field.enum_name is not None
    return field.enum_python_name or field.enum_name


def _python_type(field: SpecField | DerivedField) -> str:
    if isinstance(field, DerivedField):
        return _TYPES[field.kind].replace(" | None", "")
    if field.key:
        return "str"
    if field.kind == "enum":
        return f"{_enum_class(field)} | str | None" if field.open_enum else f"{_enum_class(field)} | None"
    return _TYPES[field.kind]


def _member(value: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper() or "EMPTY"
    return f"V_{name}" if name[0].isdigit() else name


def _enums(fields: Sequence[SpecField]) -> list[str]:
    lines: list[str] = []
    seen: set[str] = set()
    for field in fields:
        if field.kind != "enum" or _enum_class(field) in seen:
            continue
        name = _enum_class(field)
        seen.add(name)
        lines += ["", "", f"class {name}(OpenEnum):", f"    {_doc(field.enum_description or name)}", ""]
        lines += [f"    {_member(value)} = {value!r}" for value in field.enum_values]
        lookup = f"_{name.upper()}: dict[str, {name}] = {{"
        spellings = "(member.value, member.value.capitalize(), member.value.upper())"
        lines += [
            "",
            "",
            f"{lookup}text: member for member in {name} for text in {spellings}}}",
            f'"""``{name}`` by lower-case value (any case after ``.lower()``) and by the spellings the',
            'service uses, which the generated view matches without a call."""',
        ]
    return lines


def _doc(text: str, indent: int = 4) -> str:
    """A docstring wrapped to the project's line length, continuation lines at ``indent``."""
    escaped = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = textwrap.wrap(escaped, width=WIDTH - indent - 6, break_long_words=False, break_on_hyphens=False)
    return '"""' + ("\n" + " " * indent).join(lines or [""]) + '"""'


def _literal(text: str, indent: int) -> str:
    """A string literal, split into implicitly joined parts when it would pass the line length."""
    if len(repr(text)) + indent + len("description=,") <= WIDTH:
        return repr(text)
    parts = textwrap.wrap(text, width=WIDTH - indent - 8, drop_whitespace=False, break_long_words=False)
    return "(" + " ".join(repr(part) for part in parts) + ")"


def _parse(field: SpecField) -> str:
    """The expression that normalizes local variable ``value`` (the wire's), by the field's shape.

    The wire's usual form is tested inline (a string where a string is expected, an enum or a
    boolean in the service's usual spelling) and only anything else calls a rule of
    ``_normalize.py``: this runs for every field of every task of a listing.
    """
    if field.key:
        return f"value if value.__class__ is str else key_text(value, {field.default!r})"
    if field.kind == "string":
        return "value if value.__class__ is str else text(value)"
    if field.kind == "enum":
        name = _enum_class(field)
        known = f"_{name.upper()}"
        slow = f"enum_value({known}, {name}, value)"
        return f"{known}[value] if value.__class__ is str and value in {known} else {slow}"
    if field.kind == "boolean":
        return "BOOL_TEXT[value] if value.__class__ is str and value in BOOL_TEXT else flag(value)"
    if field.kind == "integer":
        return "value if value.__class__ is int else integer(value)"
    if field.kind == "json":
        return "value"  # any other shape: the JSON value as the wire sent it
    return f"{_PARSERS[field.kind]}(value)"


def _expected(fields: Sequence[SpecField]) -> dict[str, str]:
    return {f.name: _EXPECTED[f.kind] for f in fields if f.kind in _EXPECTED and not f.key}


def _json(field: SpecField | DerivedField) -> str:
    attribute = f"self.{field.name if isinstance(field, DerivedField) else field.python_name}"
    return f"enum_json({attribute})" if isinstance(field, SpecField) and field.kind == "enum" else attribute


def _table(fields: Iterable[SpecField | DerivedField]) -> list[str]:
    lines = ["TASK_FIELDS: tuple[TaskField, ...] = ("]
    for f in fields:
        derived = isinstance(f, DerivedField)
        lines += [
            "    TaskField(",
            f"        name={f.name!r},",
            f"        kind={f.kind!r},",
            f"        python_type={_python_type(f)!r},",
            f"        header={f.header!r},",
            f"        default_column={f.default_column!r},",
            f"        derived={derived!r},",
            f"        description={_literal(f.description, 8)},",
            "    ),",
        ]
    return [*lines, ")"]


def _imports(fields: Sequence[SpecField], also: set[str]) -> list[str]:
    """The rules of ``_normalize`` the module calls (ruff refuses unused imports)."""
    used: set[str] = set(also)
    for f in fields:
        if f.key:
            used.add("key_text")
        elif f.kind == "enum":
            used |= {"OpenEnum", "enum_json", "enum_value"}
        elif f.kind in _PARSERS:
            used.add(_PARSERS[f.kind])
        if f.kind == "boolean":
            used.add("BOOL_TEXT")
    return sorted(used, key=_import_order)


def _import_order(name: str) -> tuple[bool, bool, str]:
    return (not name.isupper(), not name[0].isupper(), name)


PAGE_SCHEMA = "ReplicationPage"
ERROR_SCHEMA = "ErrorResponse"


def _ref(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    section, name = str(ref).split("/")[-2:]
    found: Mapping[str, Any] = spec["components"][section][name]
    return found


def _python_identifier(name: str) -> str:
    return re.sub(r"[^0-9a-z_]", "_", name.lower())


def _request(spec: Mapping[str, Any]) -> list[str]:
    """``page_request``: the one operation's method, path (path parameters quoted whole), query and
    header parameters, from ``paths`` (instead of the generated client's private ``_get_kwargs``)."""
    operations = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()]
    if len(operations) != 1:
        raise SpecShapeError(f"paths: the view's request expects one operation, found {len(operations)}")
    [(path, method, operation)] = operations
    parameters = [_ref(spec, p) for p in operation.get("parameters") or ()]
    where = {p["name"]: p["in"] for p in parameters}
    names = {p["name"]: _python_identifier(p["name"]) for p in parameters}
    kinds = {
        p["name"]: "int" if (p.get("schema") or {}).get("type") == "integer" else "str" for p in parameters
    }
    quoted = ", ".join(f'{names[n]}=quote({names[n]}, safe="")' for n, w in where.items() if w == "path")
    positional = [f"{names[n]}: str" for n, w in where.items() if w == "path"]
    keywords = [f"{names[n]}: {kinds[n]}" for n, w in where.items() if w in ("query", "header")]
    query = ", ".join(f"{n!r}: {names[n]}" for n, w in where.items() if w == "query")
    header = ", ".join(f"{n!r}: {names[n]}" for n, w in where.items() if w == "header")
    return [
        "",
        "",
        f"PAGE_PATH = {path!r}",
        '"""The operation\'s path template (the spec\'s ``paths``)."""',
        "",
        "",
        "class PageRequest(NamedTuple):",
        '    """One request of the operation: what ``httpx.AsyncClient.request`` takes."""',
        "",
        "    method: str",
        "    url: str",
        "    params: dict[str, Any]",
        "    headers: dict[str, str]",
        "",
        "",
        f"def page_request({', '.join(positional)}, *, {', '.join(keywords)}) -> PageRequest:",
        f'    """``{method.upper()} PAGE_PATH``: path parameters quoted whole (a ``/`` cannot change',
        '    the path), query and header parameters by their spec names."""',
        f"    return PageRequest({method.upper()!r}, PAGE_PATH.format({quoted}), {{{query}}}, {{{header}}})",
    ]


def _page_reader(spec: Mapping[str, Any]) -> list[str]:
    """``read_page``: the page's count and task objects, by the spec's page schema."""
    properties = _ref(spec, {"$ref": f"#/components/schemas/{PAGE_SCHEMA}"}).get("properties") or {}
    task_ref = f"#/components/schemas/{TASK_SCHEMA}"
    tasks = [n for n, p in properties.items() if (p.get("items") or {}).get("$ref") == task_ref]
    counts = [n for n, p in properties.items() if n not in tasks and "anyOf" in p]
    if len(tasks) != 1 or len(counts) != 1:
        raise SpecShapeError(f"{PAGE_SCHEMA}: the view expects one array of tasks and one count")
    [items], [total] = tasks, counts
    return [
        "",
        "",
        "class PageShapeError(ValueError):",
        f'    """A page that is not the spec\'s ``{PAGE_SCHEMA}`` shape; the message names the part."""',
        "",
        "",
        "def read_page(body: Any) -> tuple[int | None, list[Mapping[str, Any]]]:",
        f'    """``{total}`` and the task objects (``{items}``) of a page\'s JSON; every other field of',
        '    the page stays in its wire. Raises :class:`PageShapeError`."""',
        "    if body.__class__ is not dict:",
        '        raise PageShapeError("the JSON body is not an object (the documented page)")',
        "    try:",
        f"        total = count(body.get({total!r}))",
        "    except ValueError as exc:  # a string of digits past Python's int_max_str_digits",
        f'        raise PageShapeError(f"{total} cannot be read ({{exc}})") from None',
        f"    items = body.get({items!r})",
        "    if items is None:",
        "        return total, []",
        "    if items.__class__ is not list or not _DICTS.issuperset(map(type, items)):",
        f"        raise PageShapeError(\"'{items}' is not a list of objects\")",
        "    return total, items",
    ]


def _error_view(spec: Mapping[str, Any]) -> list[str]:
    """``ErrorView``: the error body's fields (all text), by the spec's error schema."""
    names = list(_ref(spec, {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}).get("properties") or {})
    return [
        "",
        "",
        f"ERROR_FIELDS: frozenset[str] = frozenset({sorted(names)!r})",
        "",
        "",
        "@dataclass(frozen=True, slots=True)",
        "class ErrorView:",
        f'    """The error body (the spec\'s ``{ERROR_SCHEMA}``), each field as text or ``None``."""',
        "",
        *(f"    {_python_identifier(n)}: str | None" for n in names),
        "",
        "    @classmethod",
        "    def from_body(cls, data: Any) -> ErrorView | None:",
        '        """The error body, when ``data`` is a JSON object holding any of its fields."""',
        "        if data.__class__ is not dict or ERROR_FIELDS.isdisjoint(data):",
        "            return None",
        f"        return cls({', '.join(f'text(data.get({n!r}))' for n in names)})",
    ]


def render(spec: Mapping[str, Any] | None = None) -> str:
    """The module's source (before ruff formats it)."""
    from .spec_fields import load_spec

    spec = load_spec() if spec is None else spec
    fields = view_fields(spec)
    spec_only = [f for f in fields if isinstance(f, SpecField)]
    derived = [f for f in fields if isinstance(f, DerivedField)]
    out = [
        '"""The task\'s normalized view, generated from openapi.yaml by scripts/regenerate: do not edit.',
        "",
        "Every property of ``StarRocksReplicationInfo`` is a typed attribute of ``ReplicationView``,",
        "normalized by its schema shape (see ``scripts/codegen/spec_fields.py``) in one pass over the wire's",
        "JSON object; ``TASK_FIELDS`` is the one field table of the front ends (the CLI's JSON, CSV and",
        "table columns, the Pulumi outputs).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "from dataclasses import dataclass, field, fields",
        "from types import MappingProxyType",
        "from typing import Any, Literal, NamedTuple, Self",
        "from urllib.parse import quote",
        "",
        "from taurusdb_htap_client.models.star_rocks_replication_info import StarRocksReplicationInfo",
        "",
        f"from ._normalize import {', '.join(_imports(spec_only, also={'count', 'text'}))}",
        *_enums(spec_only),
        "",
        "",
        "@dataclass(frozen=True, slots=True)",
        "class TaskField:",
        '    """One field of the normalized view, as the front ends show it (``derived``: computed by a',
        '    hand-written rule of ``Replication``; ``python_type``: the attribute\'s annotation)."""',
        "",
        "    name: str",
        '    kind: Literal["string", "number", "integer", "boolean", "enum", "json"]',
        "    python_type: str",
        "    header: str",
        "    default_column: bool",
        "    derived: bool",
        "    description: str",
        "",
        "",
        *_table(fields),
        '"""The fields of the view in the order every front end shows them (the key first)."""',
        "",
        'REPLICATION_FIELDS: tuple[str, ...] = (*(f.name for f in TASK_FIELDS), "extra")',
        '"""The keys of ``to_dict()`` in order: the stable shape of the CLI\'s JSON and CSV and the Pulumi',
        'outputs (``extra`` last: every field on the wire that the view does not model)."""',
        "DEFAULT_COLUMNS: tuple[str, ...] = tuple(f.name for f in TASK_FIELDS if f.default_column)",
        '"""The fields a table shows when no columns are asked for."""',
        "",
        f"MODELLED_WIRE_FIELDS: frozenset[str] = frozenset({sorted(f.name for f in spec_only)!r})",
        '"""The wire keys the view has an attribute for; every other key of a task goes to ``extra``."""',
        "_EMPTY: Mapping[str, Any] = MappingProxyType({})",
        "",
        "",
        "def _unmodelled(data: Mapping[str, Any]) -> Mapping[str, Any]:",
        '    """The wire fields the view has no attribute for (``extra``), read-only."""',
        "    return MappingProxyType({k: v for k, v in data.items() if k not in MODELLED_WIRE_FIELDS})",
        "",
        "",
        f"_EXPECTED: Mapping[str, str] = MappingProxyType({_expected(spec_only)!r})",
        '"""What each field that can be unreadable reads (the reasons of ``unreadable``)."""',
        "",
        "",
        "def _unread(found: dict[str, Any] | None, name: str, value: Any) -> dict[str, Any]:",
        '    """``found`` with the wire value of ``name``, which its field could not read."""',
        "    found = {} if found is None else found",
        "    found[name] = value",
        "    return found",
        "",
        "",
        "def _reasons(found: Mapping[str, Any]) -> Mapping[str, str]:",
        '    """Why each unread value was not read: what the field reads and what came (cut short)."""',
        "    return MappingProxyType(",
        '        {name: f"expected {_EXPECTED[name]}, got {repr(value)[:80]}" for name, value in found.items()}',  # noqa: E501
        "    )",
        "",
        "",
        "def _read_only(mapping: Mapping[str, Any]) -> Mapping[str, Any]:",
        '    """A read-only copy of a mapping given by hand (``from_dict`` passes read-only views)."""',
        "    return MappingProxyType(dict(mapping)) if mapping else _EMPTY",
        "",
        "",
        "@dataclass(frozen=True, slots=True)",
        "class ReplicationView:",
        '    """The task\'s fields, normalized by shape; ``extra`` keeps the rest of the wire, ``wire`` the',
        "    JSON object as received. Equality and hashing use the normalized fields only.",
        "",
        '    A value its field cannot read (``"12ms"`` where a number is specified) is never a silent',
        "    ``None``: the attribute is ``None``, the value as sent is in ``extra`` under the field's name",
        '    (so every front end that shows ``extra`` carries it) and ``unreadable`` gives the reason."""',
        "",
    ]
    slot_names = [*(f.python_name for f in spec_only), "extra", "wire", "unreadable"]
    for f in spec_only:
        out += [f"    {f.python_name}: {_python_type(f)}", f"    {_doc(f.description or f.name)}"]
    out += [
        "    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, compare=False, hash=False)",
        "    wire: Mapping[str, Any] = field("
        "default_factory=lambda: _EMPTY, compare=False, hash=False, repr=False)",
        '    """The task\'s JSON object as the service sent it: a read-only view of the mapping',
        '    :meth:`from_dict` read (empty for a view built field by field)."""',
        "    unreadable: Mapping[str, str] = field("
        "default_factory=lambda: _EMPTY, compare=False, hash=False, repr=False)",
        '    """Each field whose wire value could not be read, and why (the value is in ``extra``)."""',
        "",
        "    def __post_init__(self) -> None:",
        "        if self.extra.__class__ is not MappingProxyType:",
        '            object.__setattr__(self, "extra", _read_only(self.extra))',
        "        if self.wire.__class__ is not MappingProxyType:",
        '            object.__setattr__(self, "wire", _read_only(self.wire))',
        "        if self.unreadable.__class__ is not MappingProxyType:",
        '            object.__setattr__(self, "unreadable", _read_only(self.unreadable))',
        "",
        "    def __reduce__(self) -> tuple[object, ...]:",
        "        # A read-only mapping cannot be pickled; rebuild from plain dicts instead.",
        "        values = [getattr(self, f.name) for f in fields(self)]",
        "        values[-3:] = dict(self.extra), dict(self.wire), dict(self.unreadable)",
        "        return (type(self), tuple(values))",
        "",
        "    @property",
        "    def raw(self) -> StarRocksReplicationInfo:",
        '        """The generated model of this task, built from ``wire`` on each access (the listing',
        '        itself never builds it: one parse per task is the listing\'s largest saving)."""',
        "        return StarRocksReplicationInfo.from_dict(self.wire)",
    ]
    for d in derived:
        out += [
            "",
            "    @property",
            f"    def {d.name}(self) -> {_python_type(d)}:",
            f"        {_doc(d.description, 8)}",
            '        raise NotImplementedError("a hand-written rule of Replication computes it")',
        ]
    out += [
        "",
        "    @classmethod",
        "    def from_dict(cls, data: Mapping[str, Any]) -> Self:",
        '        """Normalize one task given as the wire\'s JSON object.',
        "",
        "        Straight-line, and it sets the slots itself rather than through the frozen",
        "        dataclass's ``__init__`` (a third of the time): this runs for every task of a listing.",
        '        """',
        f"        {', '.join(f'set_{n}' for n in slot_names)} = _SETTERS",
        "        get = data.get",
        "        view = _new(cls)",
        "        unread = None",
    ]
    for f in spec_only:
        out.append(f"        value = get({f.name!r})")
        if f.kind in _EXPECTED and not f.key:
            out += [
                f"        parsed = {_parse(f)}",
                "        if parsed is None and value is not None:",
                f"            unread = _unread(unread, {f.name!r}, value)",
                f"        set_{f.python_name}(view, parsed)",
            ]
        else:
            out.append(f"        set_{f.python_name}(view, {_parse(f)})")
    out += [
        "        if unread is None:",
        "            set_extra(view, _EMPTY if MODELLED_WIRE_FIELDS.issuperset(data) else _unmodelled(data))",
        "            set_unreadable(view, _EMPTY)",
        "        else:  # the values the view could not read stay in extra, each with its reason",
        "            set_extra(view, MappingProxyType({**_unmodelled(data), **unread}))",
        "            set_unreadable(view, _reasons(unread))",
        "        set_wire(view, MappingProxyType(data))",
        "        return view",
        "",
        "    @classmethod",
        "    def from_generated(cls, info: StarRocksReplicationInfo) -> Self:",
        '        """Normalize one task of the generated model (its JSON form, read by :meth:`from_dict`)."""',
        "        return cls.from_dict(info.to_dict())",
        "",
        "    def to_dict(self) -> dict[str, Any]:",
        '        """The stable JSON shape of the CLI and the Pulumi outputs (``REPLICATION_FIELDS``)."""',
        "        return {",
        *(f"            {f.name!r}: {_json(f)}," for f in fields),
        '            "extra": dict(self.extra),',
        "        }",
        "",
        "",
        "_new = object.__new__",
        "_SETTERS: tuple[Any, ...] = tuple(",
        "    getattr(ReplicationView, f.name).__set__ for f in fields(ReplicationView)",
        ")",
        '"""Each slot\'s setter, in field order: how ``from_dict`` fills a view without ``__init__``."""',
        "_DICTS = frozenset({dict})",
        *_page_reader(spec),
        *_error_view(spec),
        *_request(spec),
    ]
    return "\n".join(out) + "\n"
