"""Ctrl-C during ``watch`` and ``wait``: exit 130, no traceback, nothing left behind.

SIGINT is sent only after the process printed its first output, so the signal always lands
while the command is running, not while Python is still starting.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

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
