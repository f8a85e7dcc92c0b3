"""``watch``: JSON lines when piped, a live table on a terminal, transient errors survived."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from taurusdb_emulator import DEMO_FULL_TASK, EmulatorServer, Faults

from ._proc import Running, plain, run

FAST = ["--interval", "0.05s"]


def test_watch_piped_prints_one_json_document_per_refresh(env: dict[str, str]) -> None:
    result = run(["watch", "--iterations", "3", *FAST], env)
    assert result.returncode == 0, result.stderr
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(documents) == 3
    for document in documents:
        assert list(document) == ["observed_at", "total_count", "replications"]
        assert datetime.fromisoformat(document["observed_at"]).tzinfo is not None
        assert document["total_count"] == 7


def test_watch_sees_changes_between_refreshes(
    env: dict[str, str], emulator: EmulatorServer, start: Callable[..., Running]
) -> None:
    watching = start(["watch", "--iterations", "1000", *FAST], env)
    watching.read_until(r'"percentage": 60\.0')
    emulator.advance(60)
    watching.read_until(r'"task_name": "billing_sync"[^}]*"stage": "incremental"')
    watching.close()


def test_watch_table_when_piped_on_request(env: dict[str, str]) -> None:
    result = run(["watch", "--output", "table", "--iterations", "2", *FAST], env)
    assert result.returncode == 0, result.stderr
    assert plain(result.stdout).count("replication tasks") == 2
    assert result.stdout.count(DEMO_FULL_TASK) == 2


def test_watch_on_a_terminal_redraws_a_live_table(env: dict[str, str], start: Callable[..., Running]) -> None:
    result = start(["watch", "--iterations", "2", *FAST], env, tty=True).finish()
    assert result.returncode == 0, result.stderr
    text = plain(result.stdout)
    assert "TASK" in text
    assert "Ctrl-C to stop" in text
    assert "{" not in text


def test_watch_keeps_going_through_transient_errors(env: dict[str, str], emulator: EmulatorServer) -> None:
    emulator.set_faults(Faults(error_503_rate=1.0))
    result = run(["--max-retries", "0", "watch", "--iterations", "2", *FAST], env)
    assert result.returncode == 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    # The prefix of every other line this program writes on stderr.
    assert all(line.startswith("taurusdb-replication: refresh failed, retrying: ") for line in lines)
    assert "HTTP 503" in result.stderr


def test_watch_ends_on_an_auth_error_with_exit_3(env: dict[str, str]) -> None:
    result = run(["watch", *FAST], env | {"HW_SECRET_KEY": "not-the-secret-key"})
    assert result.returncode == 3
    assert "APIGW.0301" in result.stderr
