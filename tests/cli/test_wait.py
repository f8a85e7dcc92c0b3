"""``wait``: exit 0 when met, 1 on timeout, 2 on an abnormal or cancelled task; bars vs lines.

The emulator's clock is frozen: a task moves only when the test advances time, after it has
seen the CLI print the earlier state, so every run takes the same path.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer

from ._proc import Running, plain, run

FAST = ["--interval", "0.05s"]


def test_wait_piped_prints_one_line_per_change_and_exits_0_when_met(
    env: dict[str, str], emulator: EmulatorServer, start: Callable[..., Running]
) -> None:
    waiting = start(["wait", DEMO_FULL_TASK, *FAST], env)
    waiting.read_until(rf"{DEMO_FULL_TASK}: full 60% healthy")
    emulator.advance(4)  # 5 points per second of emulated time
    waiting.read_until(rf"{DEMO_FULL_TASK}: full 80% healthy")
    emulator.advance(60)
    result = waiting.finish()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Waiting for {DEMO_FULL_TASK} to reach stage incremental >= 100% healthy")
    progress = [line.split("] ", 1)[1] for line in lines[1:-1]]
    # One line per change, however many polls happened in between.
    assert progress == [
        f"{DEMO_FULL_TASK}: full 60% healthy",
        f"{DEMO_FULL_TASK}: full 80% healthy",
        f"{DEMO_FULL_TASK}: incremental 100% healthy",
    ]
    assert lines[-1].startswith("Condition met: 1 task reached stage incremental >= 100% healthy after")
    assert "\x1b" not in result.stdout
    assert "━" not in result.stdout


def test_wait_on_a_terminal_draws_a_progress_bar_per_task(
    env: dict[str, str], emulator: EmulatorServer, start: Callable[..., Running]
) -> None:
    waiting = start(["wait", DEMO_FULL_TASK, "orders_sync", *FAST], env, tty=True)
    waiting.read_until(rf"{DEMO_FULL_TASK}\s+━+\s+60%\s+full\s+healthy")
    waiting.read_until(r"orders_sync\s+━+\s+100%\s+incremental\s+healthy")
    emulator.advance(60)
    result = waiting.finish()
    assert result.returncode == 0, result.stderr
    text = plain(result.stdout)
    assert "Condition met: 2 tasks" in text
    assert "[   0." not in text  # no plain progress lines on a terminal


def test_wait_for_every_task_with_a_lower_bar(env: dict[str, str], emulator: EmulatorServer) -> None:
    emulator.update_task(DEMO_INSTANCE_ID, "audit_sync", status="Yes", stage="full", percentage=50)
    emulator.update_task(DEMO_INSTANCE_ID, "payments_sync", status="Yes")
    emulator.remove_task(DEMO_INSTANCE_ID, "legacy_sync")
    result = run(["wait", "--stage", "any", "--min-percentage", "0", *FAST], env)
    assert result.returncode == 0, result.stderr
    assert "Waiting for every task to reach >= 0% healthy" in result.stdout
    assert "Condition met: 6 tasks" in result.stdout


# Each poll may use what is left of --timeout: leave room for a read on a loaded machine.
def test_wait_times_out_with_exit_1_and_the_last_state(env: dict[str, str]) -> None:
    result = run(["wait", "inventory_sync", "--timeout", "2s", "--interval", "0.5s"], env)
    assert result.returncode == 1
    assert "inventory_sync: wait 0% healthy" in result.stdout
    assert result.stderr.count("\n") == 1
    assert "timed out after 2 s" in result.stderr
    assert (
        "task 'inventory_sync': expected stage incremental and percentage >= 100, "
        "read stage wait, percentage 0" in result.stderr
    )


def test_wait_for_a_task_that_does_not_exist_times_out_naming_it(env: dict[str, str]) -> None:
    result = run(["wait", "no_such_task", "--timeout", "2s", "--interval", "0.5s"], env)
    assert result.returncode == 1
    assert "task 'no_such_task': expected the task to exist, read no such task" in result.stderr


@pytest.mark.parametrize(
    ("task", "reason"),
    [("audit_sync", "expected status Yes (healthy)"), ("legacy_sync", "read stage cancelled")],
)
def test_wait_fails_fast_with_exit_2_on_an_abnormal_or_cancelled_task(
    env: dict[str, str], task: str, reason: str
) -> None:
    result = run(["wait", task, "--timeout", "30m"], env)
    assert result.returncode == 2
    assert f"waiting cannot succeed: task '{task}': " in result.stderr
    assert reason in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_wait_exits_2_when_a_task_turns_abnormal_while_waiting(
    env: dict[str, str], emulator: EmulatorServer, start: Callable[..., Running]
) -> None:
    waiting = start(["wait", DEMO_FULL_TASK, *FAST], env)
    waiting.read_until(rf"{DEMO_FULL_TASK}: full 60% healthy")
    emulator.update_task(DEMO_INSTANCE_ID, DEMO_FULL_TASK, status="No")
    result = waiting.finish()
    assert result.returncode == 2
    assert f"{DEMO_FULL_TASK}: full 60% ABNORMAL" in result.stdout
    assert f"task '{DEMO_FULL_TASK}': expected status Yes (healthy)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interval", "0"], "must be at least"),
        (["--timeout", "0"], "Invalid value for '--timeout': must be at least"),
        (["--timeout", "-5s"], "Invalid value for '--timeout'"),
        (["--timeout", "soon"], "is not a duration"),
        (["--stage", "done"], "'done' is not one of"),
        (["--min-percentage", "101"], "101"),
    ],
)
def test_wait_rejects_bad_options_with_exit_64(env: dict[str, str], args: list[str], message: str) -> None:
    result = run(["wait", *args], env)
    assert result.returncode == 64
    assert message in result.stderr
