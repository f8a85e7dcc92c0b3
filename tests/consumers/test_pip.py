"""pip: the client's wheel from dist/, then ``taurusdb-replication list`` against the emulator.

Installing the client alone registers nothing of this project in the user's other tools: no
pytest plugin (httpx's dependency anyio has its own), no Pulumi plugin launcher on PATH. The
``[emulator]`` extra brings the emulator's own distribution, whose pytest plugin then appears,
and whose command serves the listing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from other_clients.conftest import run
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from .conftest import Dist, demo_names

ENTRY_POINTS = (
    "from importlib.metadata import entry_points as e; import json; "
    "print(json.dumps(sorted(p.name for p in e(group='pytest11'))))"
)


def test_pip_installs_the_client_from_dist_and_lists_the_tasks(
    dist: Dist, tmp_path: Path, consumer_env: dict[str, str], emulator: EmulatorServer
) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python, pip = venv / "bin" / "python", [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
    client = dist.one(f"taurusdb_replication-{dist.version}-py3-none-any.whl")
    run([*pip, str(client)], cwd=tmp_path, timeout=600)
    registered = json.loads(run([str(python), "-c", ENTRY_POINTS], cwd=tmp_path))
    assert "taurusdb_emulator" not in registered, "the client alone registers no pytest plugin"
    assert not (venv / "bin" / "pulumi-resource-taurusdb").exists(), "a plugin on PATH shadows installed ones"

    cli = str(venv / "bin" / "taurusdb-replication")
    assert run([cli, "--version"], cwd=tmp_path).strip() == f"taurusdb-replication {dist.version}"
    listed = json.loads(run([cli, "list", "--output", "json"], cwd=tmp_path, env=consumer_env))
    assert [task["task_name"] for task in listed["replications"]] == demo_names(emulator)

    emulator_wheel = dist.one(f"taurusdb_emulator-{dist.version}-py3-none-any.whl")
    run([*pip, f"{client}[emulator]", str(emulator_wheel)], cwd=tmp_path, timeout=600)
    assert "taurusdb_emulator" in json.loads(run([str(python), "-c", ENTRY_POINTS], cwd=tmp_path))
    process, banner = _start_emulator(cli, tmp_path, consumer_env)
    try:
        env = consumer_env | {"TAURUSDB_ENDPOINT": banner["TAURUSDB_EMULATOR_URL"]}
        listed = json.loads(
            run([cli, "list", "-o", "json", "--instance-id", DEMO_INSTANCE_ID], tmp_path, env)
        )
        assert len(listed["replications"]) == listed["total_count"] > 0
    finally:
        process.terminate()
        process.wait(timeout=30)


def _start_emulator(cli: str, cwd: Path, env: dict[str, str]) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """``taurusdb-replication emulator --port 0`` of the installed extra; its banner's variables."""
    process = subprocess.Popen(
        [cli, "emulator", "--port", "0"], cwd=cwd, env=env, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    banner: dict[str, str] = {}
    for line in process.stdout:  # the banner ends with its "# Serving" line
        if line.startswith("# Serving"):
            break
        if "=" in line and not line.startswith("#"):
            key, value = line.rstrip("\n").split("=", 1)
            banner[key] = value
    if "TAURUSDB_EMULATOR_URL" not in banner:
        process.kill()
        raise AssertionError("the emulator did not print its banner")
    return process, banner
