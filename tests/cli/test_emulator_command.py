"""The emulator command: one error style; exit 2 (bad dataset), 1 (busy port); --admin off loopback warns."""

from __future__ import annotations

import importlib.metadata
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ._proc import run
from .conftest import base_env


def _python_m(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "taurusdb_emulator", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("how", ["cli", "python -m"])
def test_a_bad_dataset_is_exit_2_in_the_one_error_style(tmp_path: Path, how: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("instances: [{instance_id: short, tasks: []}]\n", encoding="utf-8")
    args = ["--port", "0", "--dataset", str(bad)]
    if how == "cli":
        result = run(["emulator", *args], base_env(tmp_path))
        returncode, stderr, prefix = (
            result.returncode,
            result.stderr,
            "taurusdb-replication: error: bad dataset",
        )
    else:
        done = _python_m(args, base_env(tmp_path))
        returncode, stderr, prefix = (
            done.returncode,
            done.stderr,
            "python -m taurusdb_emulator: error: bad dataset",
        )
    assert returncode == 2, stderr
    assert stderr.count("\n") == 1
    assert stderr.startswith(prefix)


def test_a_busy_port_is_exit_1_in_the_one_error_style(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        result = run(["emulator", "--port", str(busy.getsockname()[1])], base_env(tmp_path))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "taurusdb-replication: error: the emulator could not listen on 127.0.0.1:"
    )


def test_admin_off_loopback_warns(tmp_path: Path) -> None:
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: the bind fails, nothing is exposed.
    result = run(["emulator", "--host", "192.0.2.1", "--port", "0", "--admin"], base_env(tmp_path))
    assert result.returncode == 1
    assert "taurusdb-replication: warning: --admin on --host 192.0.2.1" in result.stderr
    assert "taurusdb-replication: error: " in result.stderr


# Binding every interface is the point: the banner must still name an address to connect to.
@pytest.mark.parametrize(("host", "loopback"), [("0.0.0.0", "127.0.0.1"), ("::", "[::1]")])  # noqa: S104
def test_a_wildcard_bind_prints_a_loopback_url_the_cli_connects_to(
    tmp_path: Path, host: str, loopback: str
) -> None:
    emulator = subprocess.Popen(
        [sys.executable, "-m", "taurusdb_emulator", "--host", host, "--port", "0"],
        env=base_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert emulator.stdout is not None
        banner: dict[str, str] = {}
        for line in emulator.stdout:  # the banner ends with "# Serving ..." (or at exit)
            if line.startswith("# Serving"):
                break
            key, _, value = line.rstrip("\n").partition("=")
            banner[key.removeprefix("TAURUSDB_EMULATOR_")] = value
        url = banner["URL"]
        assert url.startswith(f"http://{loopback}:"), url
        assert banner["IAM_URL"] == url + "/v3/auth/tokens"
        result = run(
            ["list", "-o", "json"],
            base_env(tmp_path)
            | {
                "TAURUSDB_ENDPOINT": url,
                "HW_PROJECT_ID": banner["PROJECT_ID"],
                "HW_ACCESS_KEY": banner["ACCESS_KEY"],
                "HW_SECRET_KEY": banner["SECRET_KEY"],
                "TAURUSDB_INSTANCE_ID": banner["INSTANCE_IDS"].split(",")[0],
            },
        )
        assert result.returncode == 0, result.stderr
        assert '"total_count": 7' in result.stdout
    finally:
        emulator.terminate()
        emulator.communicate(timeout=30)


def test_the_emulator_tells_its_version(tmp_path: Path) -> None:
    version = importlib.metadata.version("taurusdb-emulator")
    done = _python_m(["--version"], base_env(tmp_path))
    assert (done.returncode, done.stdout, done.stderr) == (0, f"python -m taurusdb_emulator {version}\n", "")
    result = run(["emulator", "--version"], base_env(tmp_path))
    assert (result.returncode, result.stdout) == (0, f"taurusdb-replication emulator {version}\n")
