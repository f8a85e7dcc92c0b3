"""The generated Go SDK (``sdk/go``) under the real engine.

``examples/go-native`` (the YAML example's program in Go) is an Automation API inline program
of ``github.com/pulumi/pulumi/sdk/v3/go/auto``; each step here runs its binary once (``up``
prints the outputs as JSON), with this sandbox's backend and ``PULUMI_HOME``. Its invokes go
through the engine to the native ``taurusdb`` plugin. Building it also type-checks the program
against the generated SDK; ``go vet`` checks both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer, FakeClock

from .cli_project import COMMAND_TIMEOUT, StepClock, expected_task
from .engine_harness import REPO, Sandbox, api_reads, secrets_in_tree

pytestmark = pytest.mark.engine

INSTANCE = DEMO_INSTANCE_ID
EXAMPLE = REPO / "examples" / "go-native"
SECRET_KEY = "GoSdkE2eSecretKey-Rb4Nw7Yq2Lf9Dk3Pm6Ts"
ACCESS_KEY = "GOSDKE2EACCESSKEY001"


def go_command(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["go", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=COMMAND_TIMEOUT
    )


@pytest.fixture(scope="module")
def binary(native_engine: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built with the committed go.mod/go.sum (the Go build cache makes it quick)."""
    if shutil.which("go") is None:
        if os.environ.get("CI"):
            pytest.fail("go is not installed (CI is set, so the Go proofs may not be skipped)")
        pytest.skip("go is not installed")
    target = tmp_path_factory.mktemp("go-native") / "go-native"
    built = go_command("build", "-mod=readonly", "-o", str(target), ".", cwd=EXAMPLE)
    assert built.returncode == 0, built.stderr
    return target


@dataclass(frozen=True)
class GoStack:
    """One stack of the Go program, in its own project folder of a sandbox."""

    binary: Path
    sandbox: Sandbox
    name: str
    config: dict[str, dict[str, Any]]

    def run(self, operation: str) -> subprocess.CompletedProcess[str]:
        workdir = self.sandbox.project / self.name
        workdir.mkdir(exist_ok=True)
        env = {
            **os.environ,
            **self.sandbox.env(),
            "TAURUSDB_EXAMPLE_WORKDIR": str(workdir),
            "TAURUSDB_EXAMPLE_STACK": self.name,
            "TAURUSDB_EXAMPLE_CONFIG": json.dumps(self.config),
        }
        return subprocess.run(
            [str(self.binary), operation],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=COMMAND_TIMEOUT,
        )

    def up(self) -> dict[str, Any]:
        done = self.run("up")
        assert done.returncode == 0, done.stderr
        outputs: dict[str, Any] = json.loads(done.stdout)
        return outputs


def stack_config(server: EmulatorServer, **extra: str) -> dict[str, dict[str, Any]]:
    plain = {
        "taurusdb:endpoint": server.url,
        "taurusdb:projectId": server.project_id,
        "taurusdb:accessKey": server.access_key,
        "instanceId": INSTANCE,
        **extra,
    }
    config = {key: {"value": value, "secret": False} for key, value in plain.items()}
    return {**config, "taurusdb:secretKey": {"value": server.secret_key, "secret": True}}


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(
        dataset="demo", admin=True, clock=FakeClock(), access_key=ACCESS_KEY, secret_key=SECRET_KEY
    ) as server:
        yield server


@pytest.fixture(scope="module")
def dev(binary: Path, tmp_path_factory: pytest.TempPathFactory, emulator: EmulatorServer) -> GoStack:
    return GoStack(binary, Sandbox.create(tmp_path_factory.mktemp("gosdk")), "dev", stack_config(emulator))


def test_go_vet_passes_on_the_program_and_the_generated_sdk(binary: Path) -> None:
    for folder in (EXAMPLE, REPO / "sdk" / "go"):
        vetted = go_command("vet", "./...", cwd=folder)
        assert vetted.returncode == 0, vetted.stderr


def test_up_outputs_equal_the_emulators_tasks_and_follow_a_change(
    dev: GoStack, emulator: EmulatorServer
) -> None:
    preview = dev.run("preview")
    assert preview.returncode == 0, preview.stderr
    outputs = dev.up()
    tasks = emulator.tasks(INSTANCE)
    assert outputs["replications"] == [expected_task(task) for task in tasks]
    assert outputs["totalCount"] == len(tasks)
    emulator.update_task(INSTANCE, "users_sync", stage="paused")
    try:
        changed = dev.up()["replications"]
    finally:
        emulator.update_task(INSTANCE, "users_sync", stage="incremental")
    assert next(t for t in changed if t["taskName"] == "users_sync")["stage"] == "paused"


def test_an_unmet_expectation_fails_up_naming_the_task(dev: GoStack, emulator: EmulatorServer) -> None:
    emulator.update_task(INSTANCE, "orders_sync", status="No")
    try:
        failed = dev.run("up")
    finally:
        emulator.update_task(INSTANCE, "orders_sync", status="Yes")
    assert failed.returncode == 1
    assert "task 'orders_sync': expected status Yes (healthy), read status 'No'" in failed.stderr


def test_wait_timeout_succeeds_once_the_task_catches_up(
    binary: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with EmulatorServer(dataset="demo", clock=StepClock(0.5), progress_per_second=5.0) as moving:
        config = stack_config(moving, taskName=DEMO_FULL_TASK, waitTimeout="120", waitInterval="0.05")
        waiting = GoStack(binary, Sandbox.create(tmp_path_factory.mktemp("gosdk-wait")), "wait", config)
        moving.reset_request_log()
        outputs = waiting.up()
        reads = api_reads(moving)
    assert (outputs["watchedStage"], outputs["watchedPercentage"]) == ("incremental", 100)
    assert reads >= 3


def test_destroy_and_no_secret_in_state_backend_or_home(dev: GoStack) -> None:
    destroyed = dev.run("destroy")
    assert destroyed.returncode == 0, destroyed.stderr
    assert secrets_in_tree(dev.sandbox.root, {"secret key": SECRET_KEY}) == {}
