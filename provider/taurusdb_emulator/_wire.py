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

from ._model import KNOWN_STAGES, Task


@lru_cache(maxsize=65_536)
def _bits(seed: int, key: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{key}".encode()).digest()[:4], "big")


def percentage_as_string(seed: int, task_name: str) -> bool:
    """Whether this task's ``percentage`` is sent as a string (stable per seed and name)."""
    return bool(_bits(seed, task_name) & 1)


def catchup_as_string(seed: int, task_name: str) -> bool:
    """Whether this task's ``catchup_percentage`` is sent as a string."""
    return bool(_bits(seed, task_name) & 2)


def total_count_as_string(seed: int, instance_id: str) -> bool:
    """Whether ``total_count`` is sent as a string for this instance."""
    return bool(_bits(seed, "total_count:" + instance_id) & 1)


def _stage(value: str | None, strict: bool) -> str | None:
    if value is None or value not in KNOWN_STAGES:
        return value
    return value if strict else value.capitalize()


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("true" if value else "false")


def _number(value: int | None, as_string: bool) -> int | str | None:
    if value is None:
        return None
    return str(value) if as_string else value


def render_task(task: Task, seed: int, strict: bool) -> dict[str, Any]:
    """One ``StarRocksReplicationInfo`` object."""
    if strict:
        strict_values: dict[str, Any] = {
            "source_database": task.source_database,
            "target_database": task.target_database,
            "task_name": task.task_name,
            "status": task.status,
            "stage": _stage(task.stage, True),
            "percentage": None if task.percentage is None else str(task.percentage),
            "catchup_stage": _stage(task.catchup_stage, True),
            "catchup_percentage": None if task.catchup_percentage is None else str(task.catchup_percentage),
        }
        return {key: value for key, value in strict_values.items() if value is not None}
    body: dict[str, Any] = {
        "source_database": task.source_database,
        "target_database": task.target_database,
        "task_name": task.task_name,
        "status": task.status,
        "stage": _stage(task.stage, False),
        "percentage": _number(task.percentage, percentage_as_string(seed, task.task_name)),
        "catchup_stage": _stage(task.catchup_stage, False),
        "catchup_percentage": _number(task.catchup_percentage, catchup_as_string(seed, task.task_name)),
        "is_need_repair": _flag(task.is_need_repair),
        "is_main_task": _flag(task.is_main_task),
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
