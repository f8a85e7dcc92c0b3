"""The example programs, as users run them (``npm run example:list-tasks``, ``go run
./examples/list-tasks``), list the emulator's 10,000-task ``large`` instance over AK/SK
signing through injected 503s and 429s, and print exactly the Python client's task names."""

from __future__ import annotations

import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, LARGE_INSTANCE_ID, EmulatorServer, Faults

from .conftest import ROOT, aksk_env, python_listing, require, require_node_modules

FAULTS = Faults(error_503_rate=0.08, error_429_rate=0.08)


@dataclass(frozen=True)
class Example:
    name: str
    command: tuple[str, ...]
    folder: str
    tool: str


EXAMPLES = [
    Example("typescript", ("npm", "run", "--silent", "example:list-tasks"), "clients/typescript", "npm"),
    Example("go", ("go", "run", "./examples/list-tasks"), "clients/go", "go"),
]


@pytest.fixture(scope="module")
def large() -> Iterator[tuple[EmulatorServer, list[str]]]:
    """The large dataset and the Python client's names of its tasks (read before faults are on)."""
    with EmulatorServer(dataset="large", port=0) as server:
        names = [task["task_name"] for task in python_listing(server, LARGE_INSTANCE_ID)]
        assert len(names) == 10_000
        server.set_faults(FAULTS)
        yield server, names


def run_example(example: Example, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    require(example.tool, f"runs the {example.name} example")
    if example.name == "typescript":
        require_node_modules(ROOT / example.folder)
    return subprocess.run(
        list(example.command), cwd=ROOT / example.folder, env=env,
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_lists_10000_tasks_over_aksk_through_503s_and_429s(
    example: Example, large: tuple[EmulatorServer, list[str]]
) -> None:
    server, names = large
    server.reset_request_log()
    env = aksk_env(server, LARGE_INSTANCE_ID)
    done = run_example(example, env)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == names
    statuses = Counter(entry.status for entry in server.request_log)
    assert statuses[503] > 0, statuses
    assert statuses[429] > 0, statuses
    assert statuses[401] == 0, statuses  # every request was signed right
    assert env["HW_SECRET_KEY"] not in done.stdout + done.stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_a_wrong_key_fails_once_with_the_gateway_code(
    example: Example, large: tuple[EmulatorServer, list[str]]
) -> None:
    server, _ = large
    server.set_faults(None)
    try:
        server.reset_request_log()
        env = {**aksk_env(server, LARGE_INSTANCE_ID), "HW_SECRET_KEY": "not-the-secret-key-" + "z" * 20}
        done = run_example(example, env)
    finally:
        server.set_faults(FAULTS)
    assert done.returncode == 1
    assert "APIGW.0301" in done.stderr
    assert "request id: " in done.stderr
    assert "not-the-secret-key" not in done.stdout + done.stderr
    assert len(server.request_log) == 1  # never retried: five bad signatures lock the key


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_a_temporary_key_sends_its_security_token_signed(example: Example) -> None:
    token = "STS.temporary-" + "t" * 40
    with EmulatorServer(dataset="demo", security_token=token) as server:
        names = [task.task_name for task in server.tasks(DEMO_INSTANCE_ID)]
        env = aksk_env(server, DEMO_INSTANCE_ID)
        without = run_example(example, env)
        done = run_example(example, {**env, "HW_SECURITY_TOKEN": token})
    assert without.returncode == 1
    assert "APIGW.0301" in without.stderr
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == names
    assert token not in done.stdout + done.stderr + without.stderr
