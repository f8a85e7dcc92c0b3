"""The README's first command, run exactly as written, on a clean clone of the repository.

A clone holds only committed files, so this catches what a green run in the working tree
hides: a missing install step, a file nobody committed, a dependency present only here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def readme_first_command(readme: str) -> str:
    """The first line of the README's first code block, without its trailing comment."""
    block = FENCE.search(readme)
    assert block is not None, "the README has no code block"
    first_line = block.group(1).strip().splitlines()[0]
    return first_line.split(" #", 1)[0].strip()


@pytest.mark.slow
@pytest.mark.timeout(900)  # a first run installs .venv in the clone (about 30 s with a warm pip cache)
def test_the_readme_first_command_on_a_clean_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    engine = ROOT / ".tools" / "bin" / "pulumi"
    if engine.exists():  # "where the Pulumi engine is installed": scripts/test installs it here
        (clone / ".tools").symlink_to(ROOT / ".tools", target_is_directory=True)
    command = readme_first_command((clone / "README.md").read_text())
    assert command == "scripts/demo"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("HW_", "HUAWEICLOUD_SDK_"))}
    environment.pop("VIRTUAL_ENV", None)
    environment["TMPDIR"] = str(scratch)
    started = time.monotonic()
    demo = subprocess.Popen(
        ["bash", "-c", command],
        cwd=clone,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, to prove it leaves nothing running
    )
    out, err = demo.communicate(timeout=840)
    print(f"README first command ({command}) took {time.monotonic() - started:.1f} s on a clean clone")
    assert demo.returncode == 0, out + err

    # 1. The tasks as a table.
    assert "== taurusdb-replication list --output table" in out
    assert re.search(r"^TASK\s+SOURCE DATABASE\s+TARGET DATABASE\s+HEALTH\s+STAGE\s+PROGRESS", out, re.M)
    assert re.search(r"^billing_sync\s+billing\s+billing_olap\s+ok\s+full\s+\d+%", out, re.M)
    # 2. The wait for the task in full synchronisation, plain lines when not on a terminal.
    assert "== taurusdb-replication wait billing_sync" in out
    assert re.search(r"\] billing_sync: full \d+% healthy", out)
    assert "] billing_sync: incremental 100% healthy" in out
    assert "Condition met: 1 task reached stage incremental >= 100% healthy" in out
    # 3. One task as JSON.
    json_text = out.split("== taurusdb-replication get billing_sync --output json\n", 1)[1]
    task = json.loads(json_text[: json_text.index("\n}\n") + 2])
    assert (task["task_name"], task["stage"], task["percentage"]) == ("billing_sync", "incremental", 100.0)
    # 4. The Pulumi example, only where the engine is installed.
    if engine.exists():
        assert "== pulumi preview: examples/read-and-assert" in out
        assert re.search(r"^ +total_count +: 7$", out, re.M)  # read resources have outputs in preview
        assert "== destroy" not in out
    else:
        assert "== pulumi" not in out
    # 5. Nothing left behind: no process in the demo's group, the port closed, no temp files.
    url = re.search(r"^Emulator \(pid \d+\) at (http://127\.0\.0\.1:\d+)", out, re.M)
    assert url is not None
    assert re.search(r"^Emulator stopped \(pid \d+\)\.$", out, re.M)
    with pytest.raises(ProcessLookupError):
        os.killpg(demo.pid, 0)
    with pytest.raises(httpx.ConnectError):
        httpx.get(url.group(1), timeout=2)
    assert list(scratch.iterdir()) == []
