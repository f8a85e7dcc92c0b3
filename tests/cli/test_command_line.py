"""Connection options before or after the command, one name per timeout, values echoed with their source."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer

from ._proc import Running, run


def _without(env: dict[str, str], *names: str) -> dict[str, str]:
    return {key: value for key, value in env.items() if key not in names}


def _error(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("taurusdb-replication: error: "), stderr
    return lines[0]


def test_the_readme_example_instance_id_after_the_command(env: dict[str, str]) -> None:
    result = run(
        ["list", "--instance-id", DEMO_INSTANCE_ID, "-o", "csv"], _without(env, "TAURUSDB_INSTANCE_ID")
    )
    assert result.returncode == 0, result.stderr
    assert "billing_sync" in result.stdout


def test_endpoint_after_get_and_verbose_after_list(env: dict[str, str], emulator: EmulatorServer) -> None:
    got = run(["get", DEMO_FULL_TASK, "--endpoint", emulator.url], _without(env, "TAURUSDB_ENDPOINT"))
    assert got.returncode == 0, got.stderr
    assert json.loads(got.stdout)["task_name"] == DEMO_FULL_TASK
    verbose = run(["list", "-v", "-o", "csv"], env)
    assert verbose.returncode == 0
    assert " DEBUG taurusdb_replication.http: GET " in verbose.stderr


def test_region_after_wait_is_read_and_an_unknown_region_lists_the_known_ones(env: dict[str, str]) -> None:
    result = run(["wait", DEMO_FULL_TASK, "--region", "mars-1"], _without(env, "TAURUSDB_ENDPOINT"))
    assert result.returncode == 64
    line = _error(result.stderr)
    assert "invalid --region 'mars-1'" in line
    assert "cn-north-4" in line
    assert "af-south-1" in line


def test_a_value_after_the_command_wins_over_one_before_it(env: dict[str, str]) -> None:
    unknown = "1" * 32 + "in17"
    result = run(["--instance-id", unknown, "list", "--instance-id", DEMO_INSTANCE_ID, "-o", "csv"], env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", ["list", "get", "wait", "watch", "config"])
def test_every_command_shows_the_connection_options_in_its_help(env: dict[str, str], command: str) -> None:
    result = run([command, "--help"], env)
    assert result.returncode == 0
    for flag in (
        "--instance-id",
        "--endpoint",
        "--region",
        "--profile",
        "--request-timeout",
        "--no-color",
        "-v",
    ):
        assert flag in result.stdout, (command, flag)


def test_the_request_timeout_and_the_wait_timeout_have_different_names(env: dict[str, str]) -> None:
    waited = run(
        ["wait", "inventory_sync", "--request-timeout", "20s", "--timeout", "1s", "--interval", "0.5s"], env
    )
    assert waited.returncode == 1
    assert "(timeout 1s," in waited.stdout
    legacy = run(["--timeout", "20s", "list", "-o", "csv"], env)
    assert legacy.returncode == 0
    assert "--timeout before the command is deprecated" in legacy.stderr
    assert "--request-timeout" in legacy.stderr


@pytest.mark.parametrize(
    ("args", "extra_env", "expected", "not_expected"),
    [
        (["--language", "fr", "list"], {}, "invalid --language 'fr'", "TAURUSDB_LANGUAGE"),
        (["list"], {"TAURUSDB_LANGUAGE": "fr"}, "invalid TAURUSDB_LANGUAGE 'fr'", "--language"),
        (["list", "--instance-id", ""], {}, "invalid --instance-id ''", "set TAURUSDB_INSTANCE_ID"),
        (["list"], {"TAURUSDB_INSTANCE_ID": "abc"}, "invalid TAURUSDB_INSTANCE_ID 'abc'", "--instance-id"),
        (
            ["list"],
            {"HW_PROJECT_ID": "abc"},
            "invalid HW_PROJECT_ID 'abc': must be exactly 32",
            "--project-id",
        ),
        (
            ["list", "--endpoint", "http://example.com"],
            {},
            "invalid --endpoint 'http://example.com'",
            "set with",
        ),
        (
            ["list", "--endpoint", "http://user:pw@example.com"],
            {},
            "invalid --endpoint: must not hold credentials",
            "pw@",
        ),
    ],
)
def test_an_invalid_value_is_echoed_with_where_it_came_from(
    env: dict[str, str], args: list[str], extra_env: dict[str, str], expected: str, not_expected: str
) -> None:
    result = run(args, env | extra_env)
    assert result.returncode == 64
    line = _error(result.stderr)
    assert expected in line
    assert not_expected not in line


@pytest.mark.parametrize(
    "args", [["list", "--bogus"], ["nothing"], ["list", "-o", "xml"], ["wait", "--interval", "0"]]
)
def test_usage_errors_have_the_one_error_style(env: dict[str, str], args: list[str]) -> None:
    result = run(args, env)
    assert result.returncode == 64
    assert "--help" in _error(result.stderr)
    assert "Usage:" not in result.stderr


def test_no_color_after_the_command(env: dict[str, str], start: Callable[..., Running]) -> None:
    coloured = start(["list"], env, tty=True).finish()
    assert "\x1b[" in coloured.stdout
    plain_run = start(["list", "--no-color"], env, tty=True).finish()
    assert plain_run.returncode == 0, plain_run.stderr
    assert "ABNORMAL" in plain_run.stdout
    assert "\x1b[" not in plain_run.stdout
