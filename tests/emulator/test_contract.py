"""Contract: schemathesis, with all its checks and ``openapi.yaml``, finds nothing wrong.

It runs as a subprocess (``schemathesis run``), its most complete entry point (examples,
coverage and fuzzing phases), against an emulator served from this process. Path parameters
are drawn from the emulator's real ids 70% of the time, so answers with data are exercised as
much as the error paths. The documented "instance not found" answer is a 400 and a foreign
project a 403, so those count as accepting valid-looking ids. A control run with every answer
turned into a 500 proves the harness can fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from taurusdb_emulator import EmulatorServer, FakeClock, Faults

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi.yaml"
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def write_config(path: Path, server: EmulatorServer) -> Path:
    instances = ", ".join(f'"{instance}"' for instance in server.instance_ids)
    path.write_text(
        f"""
[dictionaries.projects]
values = ["{server.project_id}"]

[dictionaries.instances]
values = [{instances}]

[parameters]
"path.project_id" = {{ dictionary = "projects", probability = 0.7 }}
"path.instance_id" = {{ dictionary = "instances", probability = 0.7 }}

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "401", "403", "404"]
""",
        encoding="utf-8",
    )
    return path


def run_schemathesis(server: EmulatorServer, tmp_path: Path, seed: int) -> subprocess.CompletedProcess[str]:
    config = write_config(tmp_path / "schemathesis.toml", server)
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config),
        "run",
        str(SPEC),
        "--url",
        server.url,
        "--header",
        f"X-Auth-Token: {server.issue_token()}",
        "--checks",
        "all",
        "--max-examples",
        "50",
        "--seed",
        str(seed),
        "--workers",
        "1",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False)


@pytest.mark.parametrize(
    ("dataset", "strict", "seed"),
    [("demo", False, 1), ("demo", True, 2), ("large", False, 3), ("empty", False, 4)],
)
def test_schemathesis_finds_nothing(tmp_path: Path, dataset: str, strict: bool, seed: int) -> None:
    with EmulatorServer(dataset=dataset, strict=strict, clock=FakeClock(), seed=seed) as server:
        result = run_schemathesis(server, tmp_path, seed)
        served = server.request_log
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
    statuses = {entry.status for entry in served}
    assert 500 not in statuses
    assert {200, 400, 401, 403, 405} <= statuses  # data, validation, auth, foreign project, methods


def test_the_contract_run_can_fail(tmp_path: Path) -> None:
    with EmulatorServer(clock=FakeClock(), faults=Faults(error_500_rate=1)) as server:
        result = run_schemathesis(server, tmp_path, seed=1)
    assert result.returncode != 0
    assert "Server error" in result.stdout
