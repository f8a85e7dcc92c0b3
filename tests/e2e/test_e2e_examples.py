"""Every Python project under examples/ runs under the real engine through the examples' own runner.

``examples/run_example.py`` runs an example's ``__main__.py`` as an Automation API inline
program (``preview``, ``up``, outputs, ``destroy``) against an emulator; here it gets an
emulator with a fake clock, and, for an example that waits, emulated time moves right after the
first read, so the wait ends on the emulator's own progress without any sleeping.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer, FakeClock

from .engine_harness import REPO, RequestHook

pytestmark = pytest.mark.engine

EXAMPLES_DIR = REPO / "examples"
EXAMPLES = sorted(path.parent for path in EXAMPLES_DIR.glob("*/__main__.py"))
"""The runner runs Python programs; the YAML, TypeScript and Go examples have their own proofs
(test_e2e_native_yaml.py, test_e2e_native_programs.py)."""
PROGRESS_PER_SECOND = 5.0


@dataclass(frozen=True)
class ExampleRun:
    """How to run one example and what its printed outputs must contain."""

    config: dict[str, str] = field(default_factory=dict)
    catch_up_after_first_read: bool = False
    printed: tuple[str, ...] = ()


RUNS: dict[str, ExampleRun] = {
    "read-and-assert": ExampleRun(
        printed=(
            "  total_count: 7",
            "  orders_stage: 'incremental'",
            "  orders_target: 'orders_olap'",
            "  unhealthy_tasks: ['audit_sync', 'payments_sync']",
        )
    ),
    "wait-for-incremental": ExampleRun(
        config={"waitInterval": "0.05"},
        catch_up_after_first_read=True,
        printed=("  stage: 'incremental'", "  percentage: 100", "  status: 'Yes'"),
    ),
}


def load_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_example", EXAMPLES_DIR / "run_example.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_examples_are_found() -> None:
    assert {path.name for path in EXAMPLES} >= set(RUNS)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.name)
def test_the_example_runs_under_the_engine(
    example: Path,
    pulumi_engine: None,
    taurusdb_emulator_factory: Callable[..., EmulatorServer],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = RUNS.get(example.name, ExampleRun())
    hook = RequestHook()
    server = taurusdb_emulator_factory(
        dataset="demo", clock=FakeClock(), progress_per_second=PROGRESS_PER_SECOND, request_logger=hook
    )
    if run.catch_up_after_first_read:
        full = next(task for task in server.tasks(DEMO_INSTANCE_ID) if task.task_name == DEMO_FULL_TASK)
        assert (full.stage, full.percentage) == ("full", 60)
        hook.arm(lambda: server.advance((100 - 60) / PROGRESS_PER_SECOND))
    runner = load_runner()
    environment_before = dict(os.environ)

    status = runner.run(example, server, tmp_path, dict(run.config))
    assert dict(os.environ) == environment_before  # the runner restores what it exported

    printed = capsys.readouterr().out
    assert status == 0, printed
    assert "== destroy" in printed
    for line in run.printed:
        assert line in printed.split("== outputs", 1)[1]
    if run.catch_up_after_first_read:
        assert hook.fired_after is not None


def test_the_runner_rejects_a_config_item_without_a_value(capsys: pytest.CaptureFixture[str]) -> None:
    runner = load_runner()
    with pytest.raises(SystemExit) as caught:
        runner.main([str(EXAMPLES_DIR / "read-and-assert"), "--config", "instanceId"])
    assert caught.value.code == 2
    assert "--config 'instanceId': expected KEY=VALUE" in capsys.readouterr().err
