"""Shared parts of the other-language tests: tool checks, the emulator, and the expected listing.

The TypeScript and Go clients are judged against one expectation computed here from the raw
JSON the emulator sends, normalised by plain Python (independent of either client), so a client
that drops, misreads or invents a value fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, FakeClock

ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = ROOT / "test-output"
"""Screenshots and other things for people to look at (git-ignored)."""

PAGE_SIZE = 3
"""Smaller than the demo instance's task count, so the clients must follow pages."""

LIST_PATH = "/v3/{project}/instances/{instance}/starrocks/databases/replication"
NUMERIC = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


def require(tool: str, why: str) -> str:
    """The tool's path; a missing tool skips the test, or fails it when CI is set."""
    path = shutil.which(tool)
    if path is None:
        missing(f"{tool} is not on PATH ({why})")
    return path


def missing(message: str) -> NoReturn:
    """Skip (on a developer's machine) or fail (in CI) because something is not installed."""
    hint = f"{message}; install it with scripts/install-other-toolchains"
    if os.environ.get("CI"):
        pytest.fail(f"{hint} (CI is set, so a missing tool is a failure)", pytrace=False)
    pytest.skip(hint)


def require_node_modules(folder: Path) -> None:
    """The folder's pinned npm packages must be installed (npm ci)."""
    if not (folder / "node_modules").is_dir():
        missing(f"{folder.relative_to(ROOT)}/node_modules is absent (npm ci not run)")


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 180.0) -> str:
    """Run to completion; on failure, fail the test with the command's own output."""
    done = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(command)} exited {done.returncode} in {cwd.relative_to(ROOT)}:\n"
            f"{done.stdout}{done.stderr}",
            pytrace=False,
        )
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    """The demo dataset on loopback with a frozen clock, so every reader sees the same progress."""
    with EmulatorServer(dataset="demo", port=0, clock=FakeClock()) as server:
        assert DEMO_INSTANCE_ID in server.instance_ids
        yield server


@pytest.fixture(scope="module")
def token(emulator: EmulatorServer) -> str:
    return emulator.issue_token()


@pytest.fixture(scope="module")
def client_env(emulator: EmulatorServer, token: str) -> dict[str, str]:
    """The environment the smoke program and the Go test read (the token never goes in argv)."""
    return {
        **os.environ,
        "TAURUSDB_ENDPOINT": emulator.url,
        "TAURUSDB_PROJECT_ID": emulator.project_id,
        "TAURUSDB_INSTANCE_ID": DEMO_INSTANCE_ID,
        "TAURUSDB_AUTH_TOKEN": token,
        "TAURUSDB_PAGE_SIZE": str(PAGE_SIZE),
    }


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        assert NUMERIC.match(value), f"the emulator sent a non-numeric number: {value!r}"
    return float(value)


def _flag(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    assert str(value).lower() in {"true", "false"}, f"the emulator sent a non-boolean flag: {value!r}"
    return str(value).lower() == "true"


def _stage(value: Any) -> str | None:
    return None if value is None else str(value).strip().lower()


KNOWN_STAGES = {"wait", "incremental", "full", "cancelled", "paused"}
TASK_FIELDS = {
    "source_database", "target_database", "task_name", "status", "stage", "percentage",
    "catchup_stage", "catchup_percentage", "is_need_repair", "is_main_task",
}  # fmt: skip


def normalise(raw: dict[str, Any]) -> dict[str, Any]:
    """One task as both clients must report it: numbers as numbers, stages lower-case, flags bool."""
    stage = _stage(raw.get("stage"))
    return {
        "task_name": raw.get("task_name"),
        "source_database": raw.get("source_database"),
        "target_database": raw.get("target_database"),
        "status": raw.get("status"),
        "stage": stage,
        "stage_known": stage in KNOWN_STAGES,
        "percentage": _number(raw.get("percentage")),
        "catchup_stage": _stage(raw.get("catchup_stage")),
        "catchup_percentage": _number(raw.get("catchup_percentage")),
        "is_need_repair": _flag(raw.get("is_need_repair")),
        "is_main_task": _flag(raw.get("is_main_task")),
        "extra": {key: value for key, value in raw.items() if key not in TASK_FIELDS},
    }


@pytest.fixture(scope="module")
def wire_page(emulator: EmulatorServer, token: str) -> dict[str, Any]:
    """Every demo task in one request, as raw JSON."""
    url = emulator.url + LIST_PATH.format(project=emulator.project_id, instance=DEMO_INSTANCE_ID)
    response = httpx.get(url, params={"limit": 100, "offset": 0}, headers={"X-Auth-Token": token}, timeout=10)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


@pytest.fixture(scope="module")
def expected_listing(wire_page: dict[str, Any]) -> dict[str, Any]:
    """What the clients must print for the demo instance, with the quirks proven present."""
    tasks = wire_page["replications"]
    values = [task.get(field) for task in tasks for field in TASK_FIELDS]
    assert any(isinstance(v, str) and NUMERIC.match(v) for v in values), "no number sent as a string"
    assert any(isinstance(v, str) and v in {"true", "false"} for v in values), "no flag sent as a string"
    assert any(str(task.get("stage", ""))[:1].isupper() for task in tasks), "no capitalised stage"
    assert len(tasks) > PAGE_SIZE, "the demo instance fits one page: pagination would go untested"
    return {"total_count": _number(wire_page["total_count"]), "tasks": [normalise(task) for task in tasks]}


def without_page_count(listing: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in listing.items() if key != "pages"}
