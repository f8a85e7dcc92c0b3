"""API, auth, network and usage errors: one line on stderr, the documented exit code.

(0, 1 and 2 are covered in test_wait.py, 130 in test_interrupt.py.)
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from ._proc import run


def _one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("taurusdb-replication: error: ")
    return lines[0]


def test_a_wrong_secret_key_is_exit_3_with_code_message_and_request_id(env: dict[str, str]) -> None:
    result = run(["list"], env | {"HW_SECRET_KEY": "wrong-secret-key-0000"})
    assert result.returncode == 3
    line = _one_error_line(result.stderr)
    assert "APIGW.0301" in line
    assert "Incorrect IAM authentication information" in line
    assert "(HTTP 401)" in line
    assert "[request id: " in line
    assert "[request id: none]" not in line


def test_a_token_works_and_a_bad_token_is_exit_3(env: dict[str, str], emulator: EmulatorServer) -> None:
    no_keys = {k: v for k, v in env.items() if k not in ("HW_ACCESS_KEY", "HW_SECRET_KEY")}
    assert run(["--token", emulator.issue_token(), "list"], no_keys).returncode == 0
    assert run(["list"], no_keys | {"HW_AUTH_TOKEN": emulator.issue_token()}).returncode == 0
    result = run(["--token", "not-a-token-at-all", "list"], no_keys)
    assert result.returncode == 3
    assert "APIGW.0301" in _one_error_line(result.stderr)


def test_an_unknown_instance_is_exit_3_in_the_chosen_language(env: dict[str, str]) -> None:
    unknown = "0" * 32 + "in17"
    result = run(["--instance-id", unknown, "list"], env)
    assert result.returncode == 3
    assert "DBS.200022: Instance not found." in _one_error_line(result.stderr)
    chinese = run(["--language", "zh-cn", "--instance-id", unknown, "list"], env)
    assert chinese.returncode == 3
    assert "DBS.200022: 实例不存在" in _one_error_line(chinese.stderr)


def test_a_refused_connection_is_exit_3(env: dict[str, str]) -> None:
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run(["--max-retries", "0", "--endpoint", f"http://127.0.0.1:{port}", "list"], env)
    assert result.returncode == 3
    _one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("drop", "args", "names"),
    [
        ("TAURUSDB_INSTANCE_ID", ["list"], ["--instance-id", "TAURUSDB_INSTANCE_ID"]),
        ("HW_PROJECT_ID", ["list"], ["--project-id", "HW_PROJECT_ID"]),
        ("TAURUSDB_ENDPOINT", ["get", "x"], ["--region", "HW_REGION_NAME", "TAURUSDB_ENDPOINT"]),
        ("HW_SECRET_KEY", ["wait"], ["HW_SECRET_KEY"]),
    ],
)
def test_missing_configuration_is_exit_64_naming_what_to_set(
    env: dict[str, str], drop: str, args: list[str], names: list[str]
) -> None:
    result = run(args, {k: v for k, v in env.items() if k != drop})
    assert result.returncode == 64
    line = _one_error_line(result.stderr)
    for name in names:
        assert name in line


def test_no_credentials_at_all_lists_where_it_looked(env: dict[str, str]) -> None:
    bare = {k: v for k, v in env.items() if k not in ("HW_ACCESS_KEY", "HW_SECRET_KEY")}
    result = run(["list"], bare)
    assert result.returncode == 64
    line = _one_error_line(result.stderr)
    for name in ("HW_ACCESS_KEY", "HW_AUTH_TOKEN", "HUAWEICLOUD_SDK_AK", ".huaweicloud/credentials"):
        assert name in line


def test_credentials_from_the_vendor_sdk_profile_file(env: dict[str, str], emulator: EmulatorServer) -> None:
    home = Path(env["HOME"])
    (home / ".huaweicloud").mkdir()
    (home / ".huaweicloud" / "credentials").write_text(
        f"[basic]\nak = {emulator.access_key}\nsk = {emulator.secret_key}\n"
        f"project_id = {emulator.project_id}\n"
    )
    profile_only = {k: v for k, v in env.items() if not k.startswith("HW_")}
    result = run(["list", "-o", "csv"], profile_only)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--instance-id", "../../etc", "list"],
            "invalid --instance-id '../../etc': must be exactly 36 letters or digits",
        ),
        (
            ["--project-id", "short", "list"],
            "invalid --project-id 'short': must be exactly 32 letters or digits",
        ),
        (["--region", "mars-1", "list"], "invalid --region 'mars-1': must be lower-case words"),
        (["--endpoint", "http://example.com", "list"], "https"),
        # --region beats TAURUSDB_ENDPOINT from the environment (set here): an option wins.
        (["--region", "xx-nowhere-9", "list"], "unknown region 'xx-nowhere-9'"),
        (["list", "--output", "xml"], "'xml' is not one of"),
        (["list", "--bogus"], "No such option"),
        (["nothing"], "No such command"),
        (["--concurrency", "0", "list"], "--concurrency"),
        (["--timeout", "-1", "list"], "--timeout"),
        (["--language", "fr", "list"], "--language"),
    ],
)
def test_usage_errors_are_exit_64(env: dict[str, str], args: list[str], message: str) -> None:
    result = run(args, env)
    assert result.returncode == 64, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_instance_id_from_the_option_beats_the_environment(env: dict[str, str]) -> None:
    unknown = "1" * 32 + "in17"
    assert run(["--instance-id", unknown, "list"], env).returncode == 3
    assert (
        run(["--instance-id", DEMO_INSTANCE_ID, "list"], env | {"TAURUSDB_INSTANCE_ID": unknown}).returncode
        == 0
    )
