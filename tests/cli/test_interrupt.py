"""Ctrl-C during ``watch`` and ``wait``: exit 130, no traceback, nothing left behind.

SIGINT is sent only after the process printed its first output, so the signal always lands
while the command is running, not while Python is still starting.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from taurusdb_emulator import EmulatorServer

from ._proc import Running

SCENARIOS = {
    "watch-piped": (["watch", "--interval", "0.05s"], False, r'"total_count": 7'),
    "watch-terminal": (["watch", "--interval", "0.05s"], True, r"Ctrl-C to stop"),
    "wait-piped": (["wait", "inventory_sync", "--interval", "0.05s"], False, r"inventory_sync: wait 0%"),
    "wait-terminal": (["wait", "inventory_sync", "--interval", "0.05s"], True, r"inventory_sync\s+━+\s+0%"),
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_ctrl_c_exits_130_without_a_traceback(
    env: dict[str, str], start: Callable[..., Running], scenario: str
) -> None:
    args, tty, first_output = SCENARIOS[scenario]
    process = start(args, env, tty=tty)
    process.read_until(first_output)
    process.interrupt()
    result = process.finish(timeout=15)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr
    assert "Interrupted." in result.stderr


@pytest.mark.parametrize(
    ("args", "first_output"),
    [
        (["watch", "--interval", "0.05s"], r'"total_count": 7'),
        (["watch", "--output", "table", "--interval", "0.05s"], r"replication tasks"),
        (["wait", "billing_sync", "--interval", "0.05s"], r"billing_sync: full 60%"),
    ],
)
def test_a_reader_going_away_exits_141_never_0(
    env: dict[str, str],
    emulator: EmulatorServer,
    start: Callable[..., Running],
    args: list[str],
    first_output: str,
) -> None:
    """``watch | head -1``: like any Unix tool, the status of a closed pipe (so pipefail sees it)."""
    process = start(args, env)
    process.read_until(first_output)
    assert process.proc.stdout is not None
    process.proc.stdout.close()  # what `head` does once it has its line
    emulator.advance(4)  # so that `wait` has a change to print
    assert process.proc.wait(timeout=15) == 141
    assert process.proc.stderr is not None
    assert process.proc.stderr.read() == b""
