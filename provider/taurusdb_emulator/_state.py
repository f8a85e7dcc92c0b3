"""The emulator's mutable state, shared by the event-loop thread and the controlling thread.

One re-entrant lock guards everything; nothing awaits while holding it, so the HTTP handlers
and :class:`~taurusdb_emulator.EmulatorServer`'s methods can interleave freely.
Emulated time is ``clock() + offset``: ``advance()`` moves it without waiting.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from ._auth import AccessKey, RateLimiter, SignatureVerifier, TokenStore
from ._model import TASK_FIELDS, Dataset, DatasetError, Faults, Task
from ._wire import page_json, task_fragment


class LoggedRequest(NamedTuple):
    """One request served: method, path (without the query) and status (0 = connection reset)."""

    method: str
    path: str
    status: int


@dataclass(frozen=True)
class Draw:
    """The fault decisions for one request, drawn up front in a fixed order (deterministic)."""

    delay_seconds: float = 0.0
    outcome: str | None = None  # "reset" | "502" | "503" | "500" | "429" | None
    truncate: bool = False
    slow_body_seconds: float = 0.0
    mutate: bool = False


_OUTCOMES = {
    "reset_rate": "reset",
    "error_502_html_rate": "502",
    "error_503_rate": "503",
    "error_500_rate": "500",
    "error_429_rate": "429",
}


class _Entry:
    """A task plus the anchor its progress is computed from (no drift from repeated rounding)."""

    __slots__ = ("anchor_percentage", "anchor_time", "fragment", "task")

    def __init__(self, task: Task, now: float) -> None:
        self.task = task
        self.anchor_percentage = float(task.percentage or 0)
        self.anchor_time = now
        self.fragment: str | None = None  # rendered JSON, dropped whenever the task changes

    def reanchor(self, now: float) -> None:
        self.anchor_percentage = float(self.task.percentage or 0)
        self.anchor_time = now


class EmulatorState:
    """Tasks, faults, credentials, throttling and the request log of one emulator."""

    def __init__(
        self,
        dataset: Dataset,
        *,
        project_id: str,
        keys: list[AccessKey],
        strict: bool,
        faults: Faults,
        rate_limit: float | None,
        clock: Callable[[], float],
        progress_per_second: float,
        seed: int,
    ) -> None:
        if progress_per_second < 0:
            raise ValueError("progress_per_second: must be 0 or more percentage points per second")
        self.lock = threading.RLock()
        self.project_id = project_id
        self.strict = strict
        self.seed = seed
        self.progress_per_second = progress_per_second
        self._clock = clock
        self._offset = 0.0
        self._faults = faults
        self._rng = random.Random(seed)  # noqa: S311 - seeded simulation, not security
        self._request_ids = itertools.count(1)
        self._mutations = itertools.count(1)
        self.tokens = TokenStore()
        self.verifier = SignatureVerifier(keys)
        self.limiter = RateLimiter(rate_limit)
        self._log: list[LoggedRequest] = []
        self._logged = threading.Condition(self.lock)  # wakes wait_for_requests at each request
        now = self.now()
        self._instances: dict[str, list[_Entry]] = {}
        self._index: dict[str, dict[str, _Entry]] = {}
        for instance_id, tasks in dataset.instances.items():
            entries = [_Entry(dataclasses.replace(task, extra=dict(task.extra)), now) for task in tasks]
            self._instances[instance_id] = entries
            self._index[instance_id] = {entry.task.task_name: entry for entry in entries}

    # Time -----------------------------------------------------------------------------------

    def now(self) -> float:
        """Emulated time in seconds."""
        return self._clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Move emulated time forward without waiting."""
        if not seconds >= 0:
            raise ValueError("seconds: must be 0 or more")
        with self.lock:
            self._offset += seconds

    def _settle(self, entry: _Entry, now: float) -> None:
        task = entry.task
        if task.stage != "full" or task.status != "Yes" or task.percentage is None:
            return
        reached = entry.anchor_percentage + self.progress_per_second * max(0.0, now - entry.anchor_time)
        if reached >= 100:
            task.stage = "incremental"
            task.percentage = 100
            entry.reanchor(now)
            entry.fragment = None
        elif int(reached) != task.percentage:
            task.percentage = int(reached)
            entry.fragment = None

    # Tasks ----------------------------------------------------------------------------------

    @property
    def instance_ids(self) -> list[str]:
        """Instance ids in dataset order."""
        with self.lock:
            return list(self._instances)

    def _entries(self, instance_id: str) -> list[_Entry]:
        try:
            return self._instances[instance_id]
        except KeyError:
            raise KeyError(f"unknown instance {instance_id!r}; known: {', '.join(self._instances)}") from None

    def page_json(self, instance_id: str, offset: int, limit: int) -> bytes | None:
        """The rendered 200 body of one page, or ``None`` for an unknown instance."""
        with self.lock:
            entries = self._instances.get(instance_id)
            if entries is None:
                return None
            now = self.now()
            fragments = []
            for entry in entries[offset : offset + limit]:
                self._settle(entry, now)
                if entry.fragment is None:
                    entry.fragment = task_fragment(entry.task, self.seed, self.strict)
                fragments.append(entry.fragment)
            return page_json(instance_id, len(entries), fragments, self.seed, self.strict)

    def tasks(self, instance_id: str) -> list[Task]:
        """Copies of the tasks of an instance, progress applied."""
        with self.lock:
            entries = self._entries(instance_id)
            now = self.now()
            for entry in entries:
                self._settle(entry, now)
            return [dataclasses.replace(entry.task, extra=dict(entry.task.extra)) for entry in entries]

    def add_task(self, instance_id: str, task: Task, position: int | None = None) -> None:
        """Add a copy of ``task`` at ``position`` (default: the end)."""
        with self.lock:
            entries = self._entries(instance_id)
            task = dataclasses.replace(task, extra=dict(task.extra))
            if task.task_name in self._index[instance_id]:
                raise ValueError(f"task_name: {task.task_name!r} already exists in instance {instance_id}")
            entry = _Entry(task, self.now())
            entries.insert(len(entries) if position is None else position, entry)
            self._index[instance_id][task.task_name] = entry

    def remove_task(self, instance_id: str, task_name: str) -> None:
        """Remove a task by name."""
        with self.lock:
            entry = self._entry(instance_id, task_name)
            self._instances[instance_id].remove(entry)
            del self._index[instance_id][task_name]

    def _entry(self, instance_id: str, task_name: str) -> _Entry:
        self._entries(instance_id)
        entry = self._index[instance_id].get(task_name)
        if entry is None:
            raise KeyError(f"unknown task {task_name!r} in instance {instance_id}")
        return entry

    def update_task(self, instance_id: str, task_name: str, /, **changes: Any) -> Task:
        """Change fields of a task (validated); progress restarts from the new values."""
        unknown = set(changes) - TASK_FIELDS - {"extra"}
        if unknown:
            raise ValueError(f"unknown task field(s): {', '.join(sorted(unknown))}")
        if "task_name" in changes and changes["task_name"] != task_name:
            raise ValueError("task_name: cannot be changed; remove the task and add a new one")
        with self.lock:
            entry = self._entry(instance_id, task_name)
            now = self.now()
            self._settle(entry, now)
            try:
                updated = dataclasses.replace(entry.task, **changes)
            except DatasetError as exc:
                raise ValueError(str(exc)) from None
            entry.task = updated
            entry.fragment = None
            entry.reanchor(now)
            return dataclasses.replace(updated, extra=dict(updated.extra))

    def mutate(self, instance_id: str) -> None:
        """The ``mutate_between_pages`` fault: alternately remove a task and add a new one."""
        with self.lock:
            entries = self._instances.get(instance_id)
            if entries is None:
                return
            number = next(self._mutations)
            if number % 2 == 1 and entries:
                victim = entries[self._rng.randrange(len(entries))]
                self.remove_task(instance_id, victim.task.task_name)
                return
            name = f"mutation_task_{number:05d}"
            while name in self._index[instance_id]:
                name += "_"
            task = Task(name, "mutation_src", "mutation_olap", "Yes", "wait", 0)
            self.add_task(instance_id, task, self._rng.randrange(len(entries) + 1))

    # Faults ---------------------------------------------------------------------------------

    @property
    def faults(self) -> Faults:
        """The faults in force."""
        with self.lock:
            return self._faults

    @faults.setter
    def faults(self, value: Faults) -> None:
        if not isinstance(value, Faults):
            raise TypeError("faults: must be a Faults instance")
        with self.lock:
            self._faults = value

    def draw(self) -> Draw:
        """Decide this request's faults; the random stream is only consumed by active knobs."""
        with self.lock:
            faults = self._faults
            delay = faults.latency_ms
            if faults.jitter_ms:
                delay += self._rng.uniform(0, faults.jitter_ms)
            outcome = None
            if any(getattr(faults, name) for name in _OUTCOMES):
                point, cumulative = self._rng.random(), 0.0
                for name, label in _OUTCOMES.items():
                    cumulative += getattr(faults, name)
                    if point < cumulative:
                        outcome = label
                        break
            truncate = bool(faults.truncate_rate) and self._rng.random() < faults.truncate_rate
            return Draw(
                delay / 1000, outcome, truncate, faults.slow_body_ms / 1000, faults.mutate_between_pages
            )

    # Requests -------------------------------------------------------------------------------

    def next_request_id(self) -> str:
        """A 32-hex-digit request id, deterministic for a seed and a request number."""
        number = next(self._request_ids)
        return hashlib.sha256(f"{self.seed}:request:{number}".encode()).hexdigest()[:32]

    def log(self, method: str, path: str, status: int) -> None:
        """Remember a served request."""
        with self.lock:
            self._log.append(LoggedRequest(method, path, status))
            self._logged.notify_all()

    @property
    def request_log(self) -> list[LoggedRequest]:
        """A copy of the log."""
        with self.lock:
            return list(self._log)

    def reset_request_log(self) -> None:
        """Forget the requests served so far."""
        with self.lock:
            self._log.clear()

    def wait_for_requests(self, predicate: Callable[[list[LoggedRequest]], bool], timeout: float) -> bool:
        """Block until ``predicate(log)`` holds (woken by each served request, no polling);
        False when ``timeout`` seconds pass first."""
        with self._logged:
            return self._logged.wait_for(lambda: predicate(self._log), timeout)
