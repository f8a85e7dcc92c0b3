"""The generated Python SDK (``sdk/python``, ``pulumi_taurusdb``) under the real engine.

``examples/python-native`` (the YAML example's program in Python) runs as an Automation API
inline program (no Python language host can be built here); its invokes go through the
engine to the native ``taurusdb`` plugin, exactly as from any other language. The program
also passes ``mypy --strict`` against the generated SDK's types.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pulumi
import pytest
from pulumi import automation as auto
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer
from taurusdb_replication.pulumi.native import GET_REPLICATIONS

from .cli_project import StepClock, expected_task, still_emulator
from .engine_harness import REPO, Sandbox, api_reads, key_pair_config, plain_outputs, secrets_in_tree

pytestmark = pytest.mark.engine

INSTANCE = DEMO_INSTANCE_ID
EXAMPLE = REPO / "examples" / "python-native" / "__main__.py"
SDK = REPO / "sdk" / "python"
SECRET_KEY = "PySdkE2eSecretKey-Gm5Tz8Kq1Wv3Xr7Lc2Hn"
ACCESS_KEY = "PYSDKE2EACCESSKEY001"


def example_main() -> Callable[[], None]:
    """The example's ``main``, importing ``pulumi_taurusdb`` from sdk/python."""
    if str(SDK) not in sys.path:
        sys.path.insert(0, str(SDK))
    spec = importlib.util.spec_from_file_location("python_native_example", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    main: Callable[[], None] = module.main
    return main


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with still_emulator(ACCESS_KEY, SECRET_KEY) as server:
        yield server


@pytest.fixture(scope="module")
def stack(
    native_engine: None, tmp_path_factory: pytest.TempPathFactory, emulator: EmulatorServer
) -> auto.Stack:
    sandbox = Sandbox.create(tmp_path_factory.mktemp("pysdk"))
    created = sandbox.create_stack("dev", example_main())
    config = key_pair_config(emulator, access_key=ACCESS_KEY, secret_key=SECRET_KEY)
    created.set_all_config({**config, "instanceId": auto.ConfigValue(INSTANCE)})
    return created


def outputs_of(stack: auto.Stack) -> dict[str, object]:
    return plain_outputs(stack.outputs())


def test_the_program_type_checks_against_the_generated_sdk() -> None:
    command = [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent", str(EXAMPLE)]
    done = subprocess.run(
        command, cwd=REPO, env={"MYPYPATH": str(SDK), "PATH": ""}, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_up_outputs_equal_the_emulators_tasks_and_follow_a_change(
    stack: auto.Stack, emulator: EmulatorServer
) -> None:
    stack.preview()
    stack.up()
    outputs = outputs_of(stack)
    tasks = emulator.tasks(INSTANCE)
    assert outputs["replications"] == [expected_task(task) for task in tasks]
    assert outputs["totalCount"] == len(tasks)
    emulator.update_task(INSTANCE, "users_sync", stage="paused")
    try:
        stack.up()
    finally:
        emulator.update_task(INSTANCE, "users_sync", stage="incremental")
    changed = outputs_of(stack)["replications"]
    assert isinstance(changed, list)
    assert next(t for t in changed if t["taskName"] == "users_sync")["stage"] == "paused"


def test_an_unmet_expectation_fails_up_naming_the_task(stack: auto.Stack, emulator: EmulatorServer) -> None:
    """The engine's output for the Automation API program: the failing task's line, no gRPC
    status text, no "from $PATH" warning (the plugin is installed into PULUMI_HOME)."""
    emulator.update_task(INSTANCE, "orders_sync", status="No")
    try:
        printed: list[str] = []
        with pytest.raises(auto.CommandError):
            stack.up(on_output=printed.append)
    finally:
        emulator.update_task(INSTANCE, "orders_sync", status="Yes")
    output = "\n".join(printed)
    line = f"task 'orders_sync': expected status Yes (healthy), read status 'No' (instance {INSTANCE})"
    assert f"invoke of {GET_REPLICATIONS} failed: {line}" in output
    for absent in ("rpc error", "desc =", "from $PATH", "returned an error"):
        assert absent not in output, absent


def judge_every_task() -> None:
    """Every task of the demo instance must be healthy: ``audit_sync`` and ``payments_sync`` are not."""
    import pulumi_taurusdb as taurusdb

    pulumi.export(
        "total", taurusdb.get_replications_output(instance_id=INSTANCE, expect_healthy=True).total_count
    )


def test_the_lines_the_python_sdk_adds_around_an_invoke_failure(
    native_engine: None, tmp_path_factory: pytest.TempPathFactory, emulator: EmulatorServer
) -> None:
    """What the provider cannot change, pinned so an SDK upgrade that fixes it shows up.

    The plugin returns one failure per failing task (two here). The Python SDK (pulumi 3.272,
    ``pulumi/runtime/invoke.py``) raises a plain ``Exception`` naming only the *first* failure,
    so the second task is not shown; the Automation API's inline-program server
    (``pulumi/automation/_server.py``) then reports that exception twice ("python inline source
    runtime error: ..." and "an unhandled error occurred: ..."), each with its traceback.
    """
    sandbox = Sandbox.create(tmp_path_factory.mktemp("pysdk-failures"))
    every = sandbox.create_stack("every", judge_every_task)
    every.set_all_config(key_pair_config(emulator, access_key=ACCESS_KEY, secret_key=SECRET_KEY))
    printed: list[str] = []
    with pytest.raises(auto.CommandError):
        every.up(on_output=printed.append)
    diagnostics = "\n".join(printed).split("Diagnostics:", 1)[1]
    first = f"invoke of {GET_REPLICATIONS} failed: task 'audit_sync': expected status Yes (healthy)"
    assert f"error: python inline source runtime error: {first}" in diagnostics
    assert f"error: an unhandled error occurred: python inline source runtime error: {first}" in diagnostics
    assert "Traceback (most recent call last):" in diagnostics
    assert "payments_sync" not in diagnostics, "the Python SDK shows the first failure only"
    assert "from $PATH" not in diagnostics


def test_wait_timeout_succeeds_once_the_task_catches_up(
    native_engine: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with EmulatorServer(dataset="demo", clock=StepClock(0.5), progress_per_second=5.0) as moving:
        sandbox = Sandbox.create(tmp_path_factory.mktemp("pysdk-wait"))
        waiting = sandbox.create_stack("wait", example_main())
        config = key_pair_config(moving, access_key=moving.access_key, secret_key=moving.secret_key)
        extra = {
            "instanceId": INSTANCE,
            "taskName": DEMO_FULL_TASK,
            "waitTimeout": "120",
            "waitInterval": "0.05",
        }
        waiting.set_all_config({**config, **{k: auto.ConfigValue(v) for k, v in extra.items()}})
        moving.reset_request_log()
        waiting.up()
        reads = api_reads(moving)
        outputs = outputs_of(waiting)
    assert (outputs["watchedStage"], outputs["watchedPercentage"]) == ("incremental", 100)
    assert reads >= 3


def test_no_secret_in_state_backend_or_home(stack: auto.Stack) -> None:
    root = Path(stack.workspace.work_dir).parent
    stack.destroy()
    assert secrets_in_tree(root, {"secret key": SECRET_KEY}) == {}
