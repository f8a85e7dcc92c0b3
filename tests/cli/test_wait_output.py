"""``wait -o json`` for scripts, the heartbeat of a piped wait, and "not found yet" rows on a terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer, Faults, Task

from ._proc import Running, plain, run
from .test_output import KEYS

FAST = ["--interval", "0.05s"]


def test_wait_json_prints_the_final_state_in_the_list_shape(env: dict[str, str]) -> None:
    result = run(["wait", "orders_sync", "users_sync", "-o", "json", *FAST], env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["total_count", "replications"]
    assert [row["task_name"] for row in document["replications"]] == ["orders_sync", "users_sync"]
    assert all(list(row) == KEYS for row in document["replications"])
    assert "Condition met: 2 tasks" in result.stderr  # the human lines go to stderr


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_wait_output_total_count_is_the_services_total_as_in_list(env: dict[str, str], fmt: str) -> None:
    result = run(["wait", "orders_sync", "--exclude", "users_sync", "-o", fmt, *FAST], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == ("total_count: 7" if fmt == "yaml" else "{")
    if fmt == "json":
        assert json.loads(result.stdout)["total_count"] == 7  # the demo instance's seven tasks
        assert len(json.loads(result.stdout)["replications"]) == 1


def test_wait_json_prints_the_last_state_on_a_timeout_too(env: dict[str, str]) -> None:
    result = run(["wait", "inventory_sync", "-o", "json", "--timeout", "1s", "--interval", "0.3s"], env)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["replications"][0]["stage"] == "wait"


def test_a_piped_wait_prints_a_heartbeat_when_nothing_changes(
    env: dict[str, str], emulator: EmulatorServer, start: Callable[..., Running]
) -> None:
    waiting = start(["wait", DEMO_FULL_TASK, *FAST, "--heartbeat", "0.2s"], env)
    waiting.read_until(rf"{DEMO_FULL_TASK}: full 60% healthy")
    waiting.read_until(r"still waiting: 1 task unchanged for \d+s \(\d+ polls so far\)")
    first = waiting.output.count("still waiting")
    waiting.read_until("(?s)" + "still waiting.*" * (first + 1))
    emulator.advance(60)
    result = waiting.finish()
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Condition met")


def test_a_named_task_that_does_not_exist_yet_gets_a_row_on_a_terminal(
    env: dict[str, str], emulator: EmulatorServer, start: Callable[..., Running]
) -> None:
    waiting = start(["wait", "new_sync", "orders_sync", *FAST], env, tty=True)
    waiting.read_until(r"new_sync\s.*not found yet")
    waiting.read_until(r"orders_sync\s+━+\s+100%")
    emulator.add_task(DEMO_INSTANCE_ID, Task("new_sync", "n", "n_olap", "Yes", "incremental", 100))
    result = waiting.finish()
    assert result.returncode == 0, result.stderr
    assert "Condition met: 2 tasks" in plain(result.stdout)


def test_a_piped_wait_says_once_that_a_task_is_not_found_yet(env: dict[str, str]) -> None:
    result = run(["wait", "new_sync", "--timeout", "1s", "--interval", "0.2s"], env)
    assert result.returncode == 1
    assert result.stdout.count("new_sync: not found yet") == 1


def test_a_failed_wait_names_every_failing_task_with_what_was_read(env: dict[str, str]) -> None:
    result = run(["wait", *FAST], env)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("taurusdb-replication: error: waiting cannot succeed: ")
    for task, read in (
        ("audit_sync", "status 'No'"),
        ("legacy_sync", "stage cancelled"),
        ("payments_sync", "status 'No'"),
    ):
        part = lines[0].split(f"task '{task}': ", 1)[1].split("; task '", 1)[0]
        assert read in part, (task, part)
    assert "orders_sync" not in lines[0]


FAILED_READ = re.compile(r"^taurusdb-replication: \[\s*\d+\.\ds\] refresh failed, retrying")


def test_wait_tells_failed_reads_at_once_then_once_per_heartbeat(env: dict[str, str]) -> None:
    unreachable = env | {"TAURUSDB_ENDPOINT": "http://127.0.0.1:1"}  # connection refused
    args = ["--max-retries", "0", "wait", "orders_sync", "--timeout", "2.5s", "--interval", "0.05s"]
    result = run([*args, "--heartbeat", "1s"], unreachable)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert FAILED_READ.match(lines[0]), lines
    assert "onnect" in lines[0]  # the error itself, e.g. "connection refused"
    # Dozens of polls failed; one line at first, then at most one per heartbeat (2.5 s / 1 s).
    failed = [line for line in lines if FAILED_READ.match(line)]
    assert 2 <= len(failed) <= 4, lines
    assert "failed reads in a row" in failed[1]
    assert lines[-1].startswith("taurusdb-replication: error: timed out after 2.5 s")
    assert len(lines) == len(failed) + 1


def test_wait_says_when_reads_succeed_again(
    env: dict[str, str], emulator: EmulatorServer, start: Callable[..., Running]
) -> None:
    emulator.set_faults(Faults(error_503_rate=1.0))
    waiting = start(["--max-retries", "0", "wait", "orders_sync", *FAST], env)
    assert emulator.wait_for_requests(lambda log: sum(r.status == 503 for r in log) >= 3)
    emulator.set_faults(None)
    result = waiting.finish()
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert FAILED_READ.match(lines[0]), lines
    assert "HTTP 503" in lines[0]
    succeeded = r"taurusdb-replication: \[\s*\d+\.\ds\] refresh succeeded after \d+ failed reads$"
    assert re.match(succeeded, lines[-1]), lines
    assert result.stdout.splitlines()[-1].startswith("Condition met: 1 task")
