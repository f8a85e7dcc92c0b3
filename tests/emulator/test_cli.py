"""``python -m taurusdb_emulator`` (the same command as ``taurusdb-replication emulator``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from click.testing import CliRunner
from taurusdb_emulator import DEMO_INSTANCE_ID, LARGE_INSTANCE_ID
from taurusdb_emulator.cli import emulator_command

BASE = [sys.executable, "-m", "taurusdb_emulator", "--port", "0"]


class Running:
    """A started emulator process and the KEY=value lines of its banner."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.values: dict[str, str] = {}
        self.keys: list[str] = []
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("# Serving"):
                break
            if not line.startswith("#"):
                key, _, value = line.rstrip("\n").partition("=")
                self.keys.append(key)
                self.values[key.removeprefix("TAURUSDB_EMULATOR_")] = value

    def stop(self, sig: int = signal.SIGTERM) -> tuple[int, str]:
        self.process.send_signal(sig)
        _, stderr = self.process.communicate(timeout=30)
        return self.process.returncode, stderr


@contextmanager
def emulator_process(*args: str, env: dict[str, str] | None = None) -> Iterator[Running]:
    process = subprocess.Popen(
        [*BASE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )
    try:
        yield Running(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=30)


def iam_token(values: dict[str, str]) -> str:
    user = {
        "name": values["IAM_USER"],
        "password": values["IAM_PASSWORD"],
        "domain": {"name": values["IAM_DOMAIN"]},
    }
    body = {
        "auth": {
            "identity": {"methods": ["password"], "password": {"user": user}},
            "scope": {"project": {"name": values["PROJECT_NAME"]}},
        }
    }
    response = httpx.post(values["IAM_URL"], json=body, timeout=10)
    assert response.status_code == 201
    return response.headers["X-Subject-Token"]


def page(values: dict[str, str], token: str, instance: str | None = None) -> httpx.Response:
    instance = instance or values["INSTANCE_IDS"].split(",")[0]
    url = f"{values['URL']}/v3/{values['PROJECT_ID']}/instances/{instance}/starrocks/databases/replication"
    return httpx.get(url, headers={"X-Auth-Token": token}, timeout=10)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_banner_serve_and_clean_exit(sig: int) -> None:
    with emulator_process() as running:
        assert running.keys[:5] == [
            "TAURUSDB_EMULATOR_URL",
            "TAURUSDB_EMULATOR_PROJECT_ID",
            "TAURUSDB_EMULATOR_ACCESS_KEY",
            "TAURUSDB_EMULATOR_SECRET_KEY",
            "TAURUSDB_EMULATOR_INSTANCE_IDS",
        ]
        values = running.values
        assert values["URL"].startswith("http://127.0.0.1:")
        assert values["INSTANCE_IDS"] == DEMO_INSTANCE_ID
        assert "ADMIN_URL" not in values
        assert page(values, iam_token(values)).json()["total_count"] in (7, "7")
        code, stderr = running.stop(sig)
    assert code == 0
    assert "Traceback" not in stderr
    assert "Emulator stopped" in stderr


def test_options_reach_the_server() -> None:
    args = [
        "--dataset",
        "large",
        "--strict",
        "--admin",
        "--error-503-rate",
        "1",
        "--seed",
        "3",
        "--log-requests",
    ]
    with emulator_process(*args) as running:
        values = running.values
        assert values["INSTANCE_IDS"] == LARGE_INSTANCE_ID
        token = iam_token(values)
        assert page(values, token).status_code == 503
        state = httpx.get(values["ADMIN_URL"] + "/state", timeout=10).json()
        assert state["strict"] is True
        httpx.put(values["ADMIN_URL"] + "/faults", json={}, timeout=10)
        assert page(values, token).json()["total_count"] == "10000"
        code, stderr = running.stop()
    assert code == 0
    assert "-> 503" in stderr
    assert token not in stderr


def test_credentials_from_the_environment() -> None:
    env = {"TAURUSDB_EMULATOR_SECRET_KEY": "my-local-secret", "TAURUSDB_EMULATOR_ACCESS_KEY": "MYKEY"}
    with emulator_process("--project-id", "c" * 32, env=env) as running:
        assert running.values["SECRET_KEY"] == "my-local-secret"
        assert running.values["ACCESS_KEY"] == "MYKEY"
        assert running.values["PROJECT_ID"] == "c" * 32
        assert running.stop()[0] == 0


def test_a_bad_dataset_is_a_usage_error() -> None:
    result = subprocess.run(
        [*BASE, "--dataset", "nope"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "neither demo, large, empty nor a readable file" in result.stderr
    assert result.stdout == ""


def test_a_bad_fault_rate_is_a_usage_error() -> None:
    result = subprocess.run(
        [*BASE, "--error-500-rate", "0.7", "--reset-rate", "0.7"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "must not exceed 1" in result.stderr


def test_a_busy_port_exits_1() -> None:
    with emulator_process() as first:
        port = first.values["URL"].rsplit(":", 1)[1]
        result = subprocess.run(
            [sys.executable, "-m", "taurusdb_emulator", "--port", port],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        first.stop()
    assert result.returncode == 1
    assert f"could not listen on 127.0.0.1:{port}" in result.stderr


def test_the_command_object_mounts_under_another_cli() -> None:
    assert emulator_command.name == "emulator"
    result = CliRunner().invoke(emulator_command, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--dataset", "--latency-ms", "--rate-limit", "--strict", "--admin"):
        assert option in result.output
