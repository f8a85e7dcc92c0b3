"""The YAML example under plain ``pulumi preview`` / ``up`` / ``destroy``, against the emulator.

``examples/yaml-replications`` is copied as it is and run with the project's CLI, the YAML
language host and the native ``taurusdb`` plugin from ``.tools/bin``: no Automation API, no
Python program. One emulator with a fake clock (tasks change only when a test changes them)
serves the stack ``dev``; the waiting test has its own emulator whose clock moves with every
request, so its task catches up after a few reads and never by wall time.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer
from taurusdb_replication.pulumi.native import GET_REPLICATION, GET_REPLICATIONS, schema

from .cli_project import CliProject, Run, StepClock, emulator_key_config, expected_task, still_emulator
from .engine_harness import BIN_DIR, Sandbox, api_reads, secrets_in, secrets_in_tree

pytestmark = pytest.mark.engine

EXAMPLE = "yaml-replications"
INSTANCE = DEMO_INSTANCE_ID
SECRET_KEY = "YamlE2eSecretKey-Vq7Lm2Rx9Tc4Wn8Bd1Kp"
IAM_PASSWORD = "YamlE2eIamPassword-Hc6Ns1Jt8Pw3Zb5"
ACCESS_KEY = "YAMLE2EACCESSKEY0001"


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with still_emulator(ACCESS_KEY, SECRET_KEY, iam_password=IAM_PASSWORD) as server:
        yield server


@pytest.fixture(scope="module")
def yaml_sandbox(native_engine: None, tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox.create(tmp_path_factory.mktemp("yaml"))


@pytest.fixture(scope="module")
def dev(yaml_sandbox: Sandbox, emulator: EmulatorServer) -> CliProject:
    """The example's stack ``dev``: the emulator's endpoint, its key pair (secret key as a secret)."""
    project = CliProject.copy(yaml_sandbox, EXAMPLE, "dev")
    plain, secret = emulator_key_config(emulator)
    project.set_config({**plain, "instanceId": INSTANCE})
    project.set_config(secret, secret=True)
    return project


def restore(server: EmulatorServer, task_name: str) -> dict[str, object]:
    """The task's fields now, to put back after a test changed them."""
    task = next(t for t in server.tasks(INSTANCE) if t.task_name == task_name)
    return {"stage": task.stage, "status": task.status, "percentage": task.percentage}


def test_preview_reads_and_up_outputs_equal_the_emulators_tasks(
    dev: CliProject, emulator: EmulatorServer
) -> None:
    emulator.reset_request_log()
    preview = dev.run("preview").check()
    assert api_reads(emulator) >= 2, "preview must run both invokes against the emulator"
    assert "totalCount" in preview.output
    dev.up().check()
    outputs = dev.outputs()
    tasks = emulator.tasks(INSTANCE)
    assert outputs["replications"] == [expected_task(task) for task in tasks]
    assert outputs["taskNames"] == [task.task_name for task in tasks]
    assert outputs["totalCount"] == len(tasks)
    assert outputs["unhealthyTasks"] == [t.task_name for t in tasks if t.status != "Yes"]
    assert outputs["healthy"] is False
    assert sum(outputs["stageCounts"].values()) == len(tasks)
    assert (outputs["watchedStage"], outputs["watchedPercentage"]) == ("incremental", 100)


def test_a_second_up_shows_a_task_changed_in_the_emulator(dev: CliProject, emulator: EmulatorServer) -> None:
    before = restore(emulator, "users_sync")
    emulator.update_task(INSTANCE, "users_sync", stage="paused", status="No", percentage=42)
    try:
        dev.up().check()
        outputs = dev.outputs()
    finally:
        emulator.update_task(INSTANCE, "users_sync", **before)
    changed = next(t for t in outputs["replications"] if t["taskName"] == "users_sync")
    assert (changed["stage"], changed["status"], changed["percentage"]) == ("paused", "No", 42)
    assert "users_sync" in outputs["unhealthyTasks"]
    assert outputs["stageCounts"]["paused"] == 2


def up_with_orders_unhealthy(dev: CliProject, emulator: EmulatorServer) -> Run:
    """``pulumi up`` while ``orders_sync`` (the task both functions judge) is abnormal."""
    before = restore(emulator, "orders_sync")
    emulator.update_task(INSTANCE, "orders_sync", status="No")
    try:
        return dev.up()
    finally:
        emulator.update_task(INSTANCE, "orders_sync", **before)


def test_an_unmet_expectation_fails_up_with_one_line_per_failing_task(
    dev: CliProject, emulator: EmulatorServer
) -> None:
    """The engine's real output of plain ``pulumi up``: each failing invoke names the task once.

    Both functions of the example judge ``orders_sync``, so each reports it, on its own line.
    The plugin is installed into PULUMI_HOME (the sandbox's), so no "from $PATH" warning.
    """
    failed = up_with_orders_unhealthy(dev, emulator)
    assert failed.returncode != 0
    task = f"task 'orders_sync': expected status Yes (healthy), read status 'No' (instance {INSTANCE}"
    for token, note in ((GET_REPLICATIONS, ")"), (GET_REPLICATION, " (stopped waiting))")):
        assert failed.output.count(f"{token} invoke failed: {task}{note}\n") == 1, failed.output
    assert failed.output.count("expected status Yes (healthy)") == 2, "one line per failing invoke"
    for absent in ("rpc error", "desc =", "from $PATH", "Traceback", "returned an error"):
        assert absent not in failed.output, absent
    assert dev.outputs()["watchedStage"] == "incremental", "a failed up keeps the last outputs"


def test_the_lines_the_yaml_host_and_the_go_sdk_add_around_an_invoke_failure(
    dev: CliProject, emulator: EmulatorServer
) -> None:
    """What the provider cannot change, pinned here so a host upgrade that fixes it shows up.

    The YAML host (pulumi-yaml v1.25.0, pkg/pulumiyaml/run.go) evaluates ``fn::invoke`` with the
    Go SDK, which joins an invoke's failures into a multierror ("1 error occurred:", then one
    ``* TOKEN invoke failed: REASON (PROPERTY)`` line per failure); the host prints that with
    the expression's source lines, then logs "Error registering variable [NAME]: no
    diagnostics" for the variable (its own, empty, diagnostics list).
    """
    failed = up_with_orders_unhealthy(dev, emulator)
    diagnostics = failed.stdout.split("Diagnostics:", 1)[1]
    assert diagnostics.count("error: 1 error occurred:") == 2
    for variable in ("instance", "watched"):
        assert f"error: Error registering variable [{variable}]: no diagnostics" in diagnostics
    assert "on Pulumi.yaml line 23:" in diagnostics


def test_wait_timeout_succeeds_once_the_task_catches_up(yaml_sandbox: Sandbox) -> None:
    with EmulatorServer(dataset="demo", clock=StepClock(0.5), progress_per_second=5.0) as moving:
        project = CliProject.copy(yaml_sandbox, EXAMPLE, "wait")
        plain, secret = emulator_key_config(moving)
        project.set_config({**plain, "instanceId": INSTANCE, "taskName": DEMO_FULL_TASK})
        project.set_config({"waitTimeout": 120, "waitInterval": 1})
        project.set_config(secret, secret=True)
        moving.reset_request_log()
        project.up().check()
        reads = api_reads(moving)
        outputs = project.outputs()
        project.run("destroy", "--yes").check()
    assert outputs["watchedStage"] == "incremental"
    assert outputs["watchedPercentage"] == 100
    assert reads >= 3, f"the task was in full at first, so the wait needs several reads (got {reads})"


def test_token_and_password_stacks_and_no_secret_in_state_backend_or_home(
    dev: CliProject, yaml_sandbox: Sandbox, emulator: EmulatorServer
) -> None:
    token = emulator.issue_token()
    project = CliProject.copy(yaml_sandbox, EXAMPLE, "token")
    project.set_config({"taurusdb:endpoint": emulator.url, "taurusdb:projectId": emulator.project_id})
    project.set_config({"instanceId": INSTANCE})
    project.set_config({"taurusdb:authToken": token}, secret=True)
    project.up().check()
    assert project.outputs()["totalCount"] == len(emulator.tasks(INSTANCE))
    password = CliProject.copy(yaml_sandbox, EXAMPLE, "password")
    password.set_config({"taurusdb:endpoint": emulator.url, "taurusdb:projectId": emulator.project_id})
    password.set_config({"taurusdb:authUrl": emulator.iam_url})
    password.set_config({"taurusdb:userName": emulator.iam_user, "taurusdb:domainName": emulator.iam_domain})
    password.set_config({"instanceId": INSTANCE})
    password.set_config({"taurusdb:password": IAM_PASSWORD}, secret=True)
    password.up().check()
    assert password.outputs()["totalCount"] == len(emulator.tasks(INSTANCE))
    secrets = {"secret key": SECRET_KEY, "token": token, "password": IAM_PASSWORD}
    exports = dev.export() + project.export() + password.export()
    assert secrets_in(exports.encode(), secrets) == []
    token_state = project.export()
    assert "pulumi:providers:taurusdb" in token_state, "the default provider is in the state"
    assert "authToken" in token_state, "with its config, the token encrypted"
    for folder in (yaml_sandbox.backend, yaml_sandbox.home, dev.folder):
        assert secrets_in_tree(folder, secrets) == {}, folder


def test_the_plugin_installed_into_pulumi_home_serves_without_the_repositorys_launcher(
    emulator: EmulatorServer, yaml_sandbox: Sandbox, tmp_path: Path
) -> None:
    """A plugin folder put into PULUMI_HOME with ``pulumi plugin install``; PATH has only the CLI
    and the YAML host. (The release's archive: tests/consumers/test_pulumi.py.)"""
    launcher = BIN_DIR / "pulumi-resource-taurusdb"
    assert launcher.is_file(), "scripts/install-pulumi writes the plugin launcher"
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("pulumi", "pulumi-language-yaml"):
        (tools / name).symlink_to(BIN_DIR / name)
    plugin = tmp_path / "plugin"
    plugin.mkdir()
    shutil.copy2(launcher, plugin)
    path = f"{tools}{os.pathsep}/usr/bin{os.pathsep}/bin"
    home = Sandbox.create(tmp_path / "home-install")
    project = CliProject.copy(home, EXAMPLE, "installed", path=path)
    version = schema()["version"]
    project.run(
        "plugin",
        "install",
        "resource",
        "taurusdb",
        version,
        "--file",
        str(plugin),
        "--reinstall",
        stack_arg=False,
    ).check()
    plain, secret = emulator_key_config(emulator)
    project.set_config({**plain, "instanceId": INSTANCE})
    project.set_config(secret, secret=True)
    done = project.up().check()
    assert "using pulumi-resource-taurusdb from $PATH" not in done.output
    assert project.outputs()["totalCount"] == len(emulator.tasks(INSTANCE))


def test_destroy_removes_the_stacks_resources(dev: CliProject) -> None:
    dev.run("destroy", "--yes").check()
    assert '"resources"' not in dev.export()
