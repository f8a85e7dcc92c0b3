"""The example projects are valid programs: run each ``__main__.py`` under the mocks.

The mocks serve reads with the real provider against the emulator (see pulumi_support), so
this checks the wiring and the expectations of the examples without the engine; running them
under the engine is ``examples/run_example.py`` (and the engine tests).
"""

from __future__ import annotations

import runpy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml
from pulumi_support import INSTANCE, ProviderBackedMocks, aksk_config, mocked_program, run
from taurusdb_emulator import DEMO_FULL_TASK, EmulatorServer
from taurusdb_replication.pulumi import ProviderError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(
    name: str, server: EmulatorServer, project_config: dict[str, Any], pick: Callable[..., Any]
) -> Any:
    """Run an example with its Pulumi.yaml defaults overridden by ``project_config``; ``pick``
    maps the program's globals to an Output whose value is returned."""
    folder = EXAMPLES / name
    project = yaml.safe_load((folder / "Pulumi.yaml").read_text(encoding="utf-8"))
    defaults = {key: spec["default"] for key, spec in project.get("config", {}).items()}
    values = {**defaults, **project_config}
    config = aksk_config(server) | {f"{project['name']}:{key}": str(value) for key, value in values.items()}
    seen: dict[str, Any] = {}

    def program() -> pulumi.Output[Any]:
        names = runpy.run_path(str(folder / "__main__.py"), run_name="__pulumi_program__")
        return pulumi.Output.from_input(pick(names)).apply(lambda value: seen.update(value=value))

    with mocked_program(
        ProviderBackedMocks(config),
        preview=False,
        config=config,
        secret_keys=["taurusdb:secretKey"],
        project=project["name"],
    ):
        run(program)
    return seen["value"]


def test_read_and_assert(emulator: EmulatorServer) -> None:
    def pick(names: dict[str, Any]) -> Any:
        return pulumi.Output.all(
            names["tasks"].total_count,
            names["tasks"].unhealthy_tasks,
            names["orders"].stage,
            names["listing"],
        )

    total, unhealthy, orders_stage, listing = run_example("read-and-assert", emulator, {}, pick)
    assert (total, unhealthy, orders_stage) == (7, ["audit_sync", "payments_sync"], "incremental")
    assert listing.task_names[0] == "orders_sync"


def test_read_and_assert_fails_on_an_instance_without_those_tasks(emulator: EmulatorServer) -> None:
    for task in emulator.tasks(INSTANCE):
        if task.task_name == "users_sync":
            emulator.remove_task(INSTANCE, task.task_name)
    with pytest.raises(ProviderError, match="task 'users_sync': expected the task to exist"):
        run_example("read-and-assert", emulator, {}, lambda names: names["tasks"].total_count)


def test_wait_for_incremental(moving_emulator: EmulatorServer) -> None:
    def pick(names: dict[str, Any]) -> Any:
        return pulumi.Output.all(names["task"].stage, names["task"].percentage)

    assert run_example("wait-for-incremental", moving_emulator, {"waitInterval": 0.01}, pick) == [
        "incremental",
        100,
    ]


def test_wait_for_incremental_times_out(emulator: EmulatorServer) -> None:
    with pytest.raises(
        ProviderError,
        match=f"task '{DEMO_FULL_TASK}': expected stage incremental and percentage >= 100, read stage full",
    ):
        run_example(
            "wait-for-incremental",
            emulator,
            {"waitTimeout": 1, "waitInterval": 0.05},
            lambda names: names["task"].stage,
        )
