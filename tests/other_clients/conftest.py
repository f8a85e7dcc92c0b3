"""Shared parts of the other-language tests: tool checks, the emulator, and the expected listing.

The TypeScript and Go clients are judged against the Python client's view of the same tasks
(``Replication.to_dict()``, the reference every language's generated view mirrors), read
from the same emulator, so a client that drops, misreads or invents a value fails. The
environment handed to their programs is the one people already set (``HW_*``), built from
scratch so a developer's own Huawei Cloud variables never leak into a test.
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
from taurusdb_replication import AkSkAuth, ReplicationClient

from scripts.codegen.spec_fields import view_fields

ROOT = Path(__file__).resolve().parents[2]
OUTPUT_DIR = ROOT / "test-output"
"""Screenshots and other things for people to look at (git-ignored)."""

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
            f"{' '.join(command)} exited {done.returncode} in {cwd}:\n{done.stdout}{done.stderr}",
            pytrace=False,
        )
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    """The demo dataset on loopback with a frozen clock, so every reader sees the same progress."""
    with EmulatorServer(dataset="demo", port=0, clock=FakeClock()) as server:
        assert DEMO_INSTANCE_ID in server.instance_ids
        yield server


_INHERITED = re.compile(r"^(HW_|HUAWEICLOUD_SDK_|TAURUSDB_)")


def base_env() -> dict[str, str]:
    """The process environment without any Huawei Cloud or TaurusDB setting of the developer."""
    return {key: value for key, value in os.environ.items() if not _INHERITED.match(key)}


def aksk_env(server: EmulatorServer, instance_id: str) -> dict[str, str]:
    """What a user of AK/SK sets: the Terraform provider's variables, the endpoint and the instance."""
    return {
        **base_env(),
        "TAURUSDB_ENDPOINT": server.url,
        "HW_PROJECT_ID": server.project_id,
        "HW_ACCESS_KEY": server.access_key,
        "HW_SECRET_KEY": server.secret_key,
        "TAURUSDB_INSTANCE_ID": instance_id,
    }


@pytest.fixture(scope="module")
def client_env(emulator: EmulatorServer) -> dict[str, str]:
    """AK/SK settings for the demo instance (the secret key never goes in argv)."""
    return aksk_env(emulator, DEMO_INSTANCE_ID)


def python_listing(server: EmulatorServer, instance_id: str) -> list[dict[str, Any]]:
    """The Python client's normalized view of every task (``Replication.to_dict()``)."""
    with ReplicationClient(
        project_id=server.project_id,
        auth=AkSkAuth(server.access_key, server.secret_key),
        endpoint=server.url,
    ) as client:
        tasks = client.list_replications(instance_id)
    return [task.to_dict() for task in tasks]


CAMEL_TO_WIRE = {field.camel_name: field.name for field in view_fields()}


def from_camel(task: dict[str, Any]) -> dict[str, Any]:
    """A TypeScript task (camelCase members) under the wire names."""
    return {CAMEL_TO_WIRE.get(key, key): value for key, value in task.items()}


def comparable(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks with an empty ``extra`` in one spelling (Go leaves it null when there is none)."""
    return [{**task, "extra": task.get("extra") or {}} for task in tasks]


@pytest.fixture(scope="module")
def wire_page(emulator: EmulatorServer) -> dict[str, Any]:
    """Every demo task in one request, as raw JSON."""
    url = emulator.url + LIST_PATH.format(project=emulator.project_id, instance=DEMO_INSTANCE_ID)
    token = emulator.issue_token()
    response = httpx.get(url, params={"limit": 100, "offset": 0}, headers={"X-Auth-Token": token}, timeout=10)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


@pytest.fixture(scope="module")
def expected_listing(emulator: EmulatorServer, wire_page: dict[str, Any]) -> list[dict[str, Any]]:
    """What the clients must report for the demo instance, with the quirks proven present."""
    tasks = wire_page["replications"]
    values = [value for task in tasks for value in task.values()]
    assert any(isinstance(v, str) and NUMERIC.match(v) for v in values), "no number sent as a string"
    assert any(isinstance(v, str) and v in {"true", "false"} for v in values), "no flag sent as a string"
    assert any(str(task.get("stage", ""))[:1].isupper() for task in tasks), "no capitalised stage"
    return comparable(python_listing(emulator, DEMO_INSTANCE_ID))
