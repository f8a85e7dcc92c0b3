"""Every example of docs/emulator.md runs as written: the Python API, the pytest fixtures, the
dataset file, the command's output lines and the admin API's curl calls.

The blocks are read out of the page, so an example that stops working fails here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, load_dataset
from taurusdb_emulator.pytest_plugin import EmulatorFactory

DOC = Path(__file__).resolve().parents[2] / "docs" / "emulator.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
BLOCKS = [(match.group(1), match.group(2)) for match in _FENCE.finditer(DOC.read_text(encoding="utf-8"))]


def _blocks(language: str) -> list[str]:
    found = [body for kind, body in BLOCKS if kind == language]
    assert found, f"docs/emulator.md has no {language} example"
    return found


def _run(
    command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_the_python_example_runs() -> None:
    scripts = [body for body in _blocks("python") if "def test_" not in body]
    assert scripts
    for script in scripts:
        done = _run([sys.executable, "-c", script])
        assert done.returncode == 0, done.stderr


def test_the_pytest_fixtures_example_passes_under_pytest(tmp_path: Path) -> None:
    (fixtures,) = [body for body in _blocks("python") if "def test_" in body]
    (tmp_path / "test_from_the_docs.py").write_text(fixtures, encoding="utf-8")
    done = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_the_dataset_file_example_loads(tmp_path: Path) -> None:
    for index, body in enumerate(_blocks("yaml")):
        path = tmp_path / f"dataset{index}.yaml"
        path.write_text(body, encoding="utf-8")
        dataset = load_dataset(str(path))
        assert dataset.instances, body


def test_the_command_prints_the_lines_the_page_shows() -> None:
    console = next(body for body in _blocks("console") if "emulator --port 0" in body)
    command, *shown = console.splitlines()
    expected_keys = [line.split("=", 1)[0] for line in shown if "=" in line and not line.startswith("#")]
    args = command.removeprefix("$ ").split()
    assert args[0] == "taurusdb-replication"
    binary = Path(sys.executable).with_name("taurusdb-replication")
    with subprocess.Popen(
        [str(binary), *args[1:]], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        printed = [process.stdout.readline().rstrip("\n") for _ in shown]
        process.terminate()
        process.wait(timeout=30)
    assert [line.split("=", 1)[0] for line in printed if "=" in line and not line.startswith("#")] == (
        expected_keys
    )
    assert [line for line in printed if line.startswith("#")] == [
        line for line in shown if line.startswith("#")
    ]


def test_the_admin_curl_calls_work(taurusdb_emulator_factory: EmulatorFactory) -> None:
    server = taurusdb_emulator_factory(dataset="demo", admin=True)
    console = next(body for body in _blocks("console") if "curl" in body)
    env = {**os.environ, "TAURUSDB_EMULATOR_ADMIN_URL": server.url + "/_emulator", "ID": DEMO_INSTANCE_ID}
    for line in console.splitlines():
        done = _run(["bash", "-c", line.removeprefix("$ ") + " --fail"], env=env)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
    assert server.faults.latency_ms == 20
    assert {task.task_name: task.status for task in server.tasks(DEMO_INSTANCE_ID)}["billing_sync"] == "No"


@pytest.mark.parametrize("language", ["python", "yaml", "console"])
def test_every_kind_of_block_is_covered(language: str) -> None:
    kinds = {kind for kind, _ in BLOCKS}
    assert kinds <= {"python", "yaml", "console", "text", ""}, kinds
    assert _blocks(language)
