"""The generated Go and TypeScript SDKs (``sdk/go``, ``sdk/nodejs``) under the real engine.

``examples/go-native`` and ``examples/typescript-native`` are the YAML example's program in Go
(an inline program of ``github.com/pulumi/pulumi/sdk/v3/go/auto``) and in TypeScript (an
inline program of ``@pulumi/pulumi/automation``); each step here runs the built program once
(``up`` prints the outputs as JSON) with this sandbox's backend and ``PULUMI_HOME``. Their
invokes go through the engine to the native ``taurusdb`` plugin. Building them type-checks the
programs and the SDKs (``tsc`` strict; ``go vet`` on top for Go).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer
from taurusdb_replication.pulumi.native import GET_REPLICATION, GET_REPLICATIONS

from .cli_project import (
    COMMAND_TIMEOUT,
    ProgramStack,
    StepClock,
    expected_task,
    program_config,
    still_emulator,
    without_nulls,
)
from .engine_harness import REPO, Sandbox, api_reads, secrets_in_tree

pytestmark = pytest.mark.engine

INSTANCE = DEMO_INSTANCE_ID
EXAMPLES = REPO / "examples"
SECRET_KEY = "GoSdkE2eSecretKey-Rb4Nw7Yq2Lf9Dk3Pm6Ts"
ACCESS_KEY = "GOSDKE2EACCESSKEY001"


def tool(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, timeout=COMMAND_TIMEOUT
    )


def require_tool(name: str) -> None:
    if shutil.which(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (CI is set, so the SDK proofs may not be skipped)")
        pytest.skip(f"{name} is not installed")


def build_go(target: Path) -> tuple[str, ...]:
    """The Go example built with the committed go.mod/go.sum (the Go build cache makes it quick),
    after ``go vet`` of it and of the generated SDK (as ``tsc --strict`` checks the TypeScript)."""
    require_tool("go")
    for folder in (EXAMPLES / "go-native", REPO / "sdk" / "go"):
        vetted = tool("go", "vet", "./...", cwd=folder)
        assert vetted.returncode == 0, vetted.stderr
    binary = target / "go-native"
    built = tool("go", "build", "-mod=readonly", "-o", str(binary), ".", cwd=EXAMPLES / "go-native")
    assert built.returncode == 0, built.stderr
    return (str(binary),)


def build_typescript(_target: Path) -> tuple[str, ...]:
    """The TypeScript example and the SDK compiled by ``tsc`` (strict) with the pinned npm packages."""
    require_tool("npm")
    folder = EXAMPLES / "typescript-native"
    if not (folder / "node_modules" / "@pulumi" / "pulumi").is_dir():
        pytest.fail(f"{folder}/node_modules is missing: run scripts/install-other-toolchains", pytrace=False)
    built = tool("npm", "run", "--silent", "build", cwd=folder)
    assert built.returncode == 0, built.stdout + built.stderr
    return ("node", str(folder / "dist" / "examples" / "typescript-native" / "index.js"))


BUILDERS = {"go": build_go, "typescript": build_typescript}


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def language(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture(scope="module")
def program(native_engine: None, language: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ...]:
    return BUILDERS[language](tmp_path_factory.mktemp(language))


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with still_emulator(ACCESS_KEY, SECRET_KEY) as server:
        yield server


@pytest.fixture(scope="module")
def dev(
    program: tuple[str, ...], tmp_path_factory: pytest.TempPathFactory, emulator: EmulatorServer
) -> ProgramStack:
    sandbox = Sandbox.create(tmp_path_factory.mktemp("sdk"))
    return ProgramStack(program, sandbox, "dev", program_config(emulator, INSTANCE))


def test_up_outputs_equal_the_emulators_tasks_and_follow_a_change(
    dev: ProgramStack, emulator: EmulatorServer
) -> None:
    preview = dev.run("preview")
    assert preview.returncode == 0, preview.stderr
    outputs = dev.up()
    tasks = emulator.tasks(INSTANCE)
    assert without_nulls(outputs["replications"]) == [expected_task(task) for task in tasks]
    assert outputs["totalCount"] == len(tasks)
    emulator.update_task(INSTANCE, "users_sync", stage="paused")
    try:
        changed = dev.up()["replications"]
    finally:
        emulator.update_task(INSTANCE, "users_sync", stage="incremental")
    assert next(t for t in changed if t["taskName"] == "users_sync")["stage"] == "paused"


TASK_LINE = "task 'orders_sync': expected status Yes (healthy), read status 'No'"
FAILURE_LINES: dict[str, tuple[str, int, int]] = {
    # (how a failure line starts, how many the Diagnostics show, how many invokes they name)
    # Go stops the program at the first failed invoke ("waiting for RPCs": whichever of the
    # two fails first) and prints its failures as a multierror; Node.js reports each failed
    # invoke as an unhandled exception with a JavaScript stack, then the first one again for
    # the stack outputs that depend on it.
    "go": ("* {token} invoke failed: ", 1, 1),
    "typescript": ("Invoke of '{token}' failed: ", 3, 2),
}
SDK_LINES: dict[str, tuple[str, ...]] = {
    # Lines the SDKs add around the failures, which the provider cannot change (pinned here so
    # an SDK upgrade that changes them shows up).
    "go": ("error: an unhandled error occurred: waiting for RPCs: 1 error occurred:",),
    "typescript": ("error: Unhandled exception: Error: Invoke of", "at deserializeResponse ("),
}


def diagnostics(output: str) -> str:
    """The engine's Diagnostics section (the Automation API's error may repeat the output)."""
    return output.split("Diagnostics:", 1)[1].split("\nResources:", 1)[0] + "\n"


def test_an_unmet_expectation_fails_up_naming_the_task(
    dev: ProgramStack, emulator: EmulatorServer, language: str
) -> None:
    emulator.update_task(INSTANCE, "orders_sync", status="No")
    try:
        failed = dev.run("up")
    finally:
        emulator.update_task(INSTANCE, "orders_sync", status="Yes")
    assert failed.returncode == 1
    section = diagnostics(failed.stderr)
    start, lines, invokes = FAILURE_LINES[language]
    found = {
        token: section.count(f"{start.format(token=token)}{TASK_LINE} (instance {INSTANCE}")
        for token in (GET_REPLICATIONS, GET_REPLICATION)
    }
    assert sum(found.values()) == lines, section
    assert sum(1 for count in found.values() if count) == invokes, section
    assert section.count(TASK_LINE) == lines, "nothing else repeats the task's line"
    for line in SDK_LINES[language]:
        assert line in section, (line, section)
    for absent in ("rpc error", "desc =", "from $PATH", "returned an error"):
        assert absent not in failed.stderr, absent


def test_wait_timeout_succeeds_once_the_task_catches_up(
    program: tuple[str, ...], tmp_path_factory: pytest.TempPathFactory
) -> None:
    with EmulatorServer(dataset="demo", clock=StepClock(0.5), progress_per_second=5.0) as moving:
        config = program_config(
            moving, INSTANCE, taskName=DEMO_FULL_TASK, waitTimeout="120", waitInterval="0.05"
        )
        waiting = ProgramStack(program, Sandbox.create(tmp_path_factory.mktemp("sdk-wait")), "wait", config)
        moving.reset_request_log()
        outputs = waiting.up()
        reads = api_reads(moving)
    assert (outputs["watchedStage"], outputs["watchedPercentage"]) == ("incremental", 100)
    assert reads >= 3


def test_destroy_and_no_secret_in_state_backend_or_home(dev: ProgramStack) -> None:
    destroyed = dev.run("destroy")
    assert destroyed.returncode == 0, destroyed.stderr
    assert secrets_in_tree(dev.sandbox.root, {"secret key": SECRET_KEY}) == {}
