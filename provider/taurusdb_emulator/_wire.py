"""Rendering tasks the way the real service sends them (or, in strict mode, the way its page says).

The default mode reproduces api-facts.md section 2: capitalised stages, numbers that are
sometimes JSON numbers and sometimes strings, ``null`` catch-up fields, ``"true"``/``"false"``
flags and ``ext_text: null``. Which numbers become strings is chosen by hashing the seed with
the task name, so a task keeps its shape across pages, restarts and concurrent requests.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from ._fields import WIRE_FIELDS, WireField
from ._model import Task


@lru_cache(maxsize=65_536)
def _bits(seed: int, key: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{key}".encode()).digest()[:4], "big")


def as_string(seed: int, task_name: str, position: int) -> bool:
    """Whether the field at ``position`` of ``WIRE_FIELDS`` is sent as a string for this task
    (for a field the spec allows both as a JSON number or boolean and as a string)."""
    return bool((_bits(seed, task_name) >> (position % 32)) & 1)


def total_count_as_string(seed: int, instance_id: str) -> bool:
    """Whether ``total_count`` is sent as a string for this instance."""
    return bool(_bits(seed, "total_count:" + instance_id) & 1)


def _quirky(spec: WireField, value: Any, string: bool) -> Any:
    """A canonical value in one of the forms the real service uses (api-facts.md section 2)."""
    if value is None:
        return None
    if spec.kind == "enum":
        return value.capitalize() if value in spec.enum_values else value
    if spec.kind in ("number", "integer"):
        return str(value) if string and "string" in spec.wire_types else value
    if spec.kind == "boolean":
        return ("true" if value else "false") if string and "string" in spec.wire_types else value
    return value


def _strict(spec: WireField, value: Any) -> Any:
    """A canonical value as the vendor page's tables type it: text, enums in lower case."""
    if spec.kind == "boolean":
        return "true" if value else "false"
    return value if isinstance(value, str) or spec.kind == "json" else str(value)


_QUIRKY = tuple((position, spec) for position, spec in enumerate(WIRE_FIELDS))
_STRICT = tuple(spec for spec in WIRE_FIELDS if spec.documented)


def render_task(task: Task, seed: int, strict: bool) -> dict[str, Any]:
    """One ``StarRocksReplicationInfo`` object, with every property the spec defines.

    The default mode sends every property (``null`` included) in the forms the real service
    uses, each number or flag a JSON value or a string depending on the seed and the task; the
    strict mode sends only what the page lists, as text, and leaves out nulls.
    """
    if strict:
        values = ((spec, getattr(task, spec.attribute)) for spec in _STRICT)
        return {spec.name: _strict(spec, value) for spec, value in values if value is not None}
    name = task.task_name
    body = {
        spec.name: _quirky(spec, getattr(task, spec.attribute), as_string(seed, name, position))
        for position, spec in _QUIRKY
    }
    body.update(task.extra)
    return body


def task_fragment(task: Task, seed: int, strict: bool) -> str:
    """One task as compact JSON, cached by the state until the task changes."""
    return json.dumps(render_task(task, seed, strict), ensure_ascii=False, separators=(",", ":"))


def page_json(instance_id: str, total: int, fragments: list[str], seed: int, strict: bool) -> bytes:
    """The whole 200 body (``total_count``, ``replications``, ``ext_text``) from task fragments.

    Built by concatenation so that a 100-task page of the large dataset costs a join, not a
    full serialisation: the client benchmarks must measure the client, not the emulator.
    """
    replications = ",".join(fragments)
    if strict:
        return f'{{"total_count":"{total}","replications":[{replications}]}}'.encode()
    count = f'"{total}"' if total_count_as_string(seed, instance_id) else str(total)
    return f'{{"total_count":{count},"replications":[{replications}],"ext_text":null}}'.encode()
