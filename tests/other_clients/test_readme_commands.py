"""The by-hand block of clients/README.md runs as written: an emulator, the settings people set
for AK/SK, and both example programs printing the demo tasks' names."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess

from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from .conftest import ROOT, base_env, require, require_node_modules

README = ROOT / "clients" / "README.md"


def by_hand_block() -> str:
    blocks = re.findall(r"^```bash\n(.*?)^```", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    (block,) = [b for b in blocks if "taurusdb_emulator --port 0" in b]
    # -e (below): a failing step fails the test instead of passing on to the final kill.
    return str(block)


def test_the_by_hand_block_lists_the_demo_tasks_with_both_examples() -> None:
    require("go", "runs the Go example")
    require("npm", "runs the TypeScript example")
    require_node_modules(ROOT / "clients" / "typescript")
    with EmulatorServer(dataset="demo") as server:
        names = [task.task_name for task in server.tasks(DEMO_INSTANCE_ID)]
    shell = subprocess.Popen(
        ["bash", "-e", "-c", by_hand_block()], cwd=ROOT, env=base_env(), start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        out, err = shell.communicate(timeout=240)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(shell.pid, signal.SIGTERM)  # the block's emulator, if a step failed before kill %1
    assert shell.returncode == 0, err[-3000:]
    assert out.splitlines() == names + names, out
