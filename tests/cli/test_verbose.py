"""``-v``: a DEBUG log of every request and tracebacks on errors, with no secret anywhere."""

from __future__ import annotations

import re

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, EmulatorServer

from ._proc import run

# A header's name may appear in a message ("the X-Auth-Token is not valid"); a header's value never.
FORBIDDEN = re.compile(
    r"(?i)(authorization|x-auth-token|x-security-token)['\"]?\s*[:=]|signature=\w|hmac-sha256 access="
)


def _assert_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text
    assert not FORBIDDEN.search(text), FORBIDDEN.search(text)


def test_verbose_logs_each_request_without_the_secret_key(
    env: dict[str, str], emulator: EmulatorServer
) -> None:
    result = run(["-v", "list", "-o", "csv"], env)
    assert result.returncode == 0
    assert re.search(
        r"DEBUG taurusdb_replication\.http: GET http://127\.0\.0\.1:\d+/v3/.* -> 200 request_id=\w+",
        result.stderr,
    )
    assert "'auth': 'aksk'" in result.stderr
    assert "'source.credentials': 'HW_ACCESS_KEY'" in result.stderr
    _assert_no_secret(result.stderr + result.stdout, emulator.secret_key)


def test_verbose_error_shows_a_traceback_without_the_secret(env: dict[str, str]) -> None:
    wrong = "Wrong0SecretKey0That0Must0Not0Leak"
    result = run(["-v", "get", DEMO_FULL_TASK], env | {"HW_SECRET_KEY": wrong})
    assert result.returncode == 3
    assert "Traceback (most recent call last)" in result.stderr
    assert "AuthenticationError" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].startswith("taurusdb-replication: error: APIGW.0301")
    _assert_no_secret(result.stderr, wrong)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_verbose_never_shows_a_token(env: dict[str, str], emulator: EmulatorServer, how: str) -> None:
    no_keys = {k: v for k, v in env.items() if k not in ("HW_ACCESS_KEY", "HW_SECRET_KEY")}
    for token, code in ((emulator.issue_token(), 0), ("Bogus0Token0" + "x" * 40, 3)):
        args, environment = (
            (["--token", token], no_keys) if how == "option" else ([], no_keys | {"HW_AUTH_TOKEN": token})
        )
        result = run([*args, "-v", "list"], environment)
        assert result.returncode == code, result.stderr
        assert "DEBUG" in result.stderr
        _assert_no_secret(result.stderr, token)


def test_without_verbose_there_is_no_log_and_no_traceback(env: dict[str, str]) -> None:
    ok = run(["list"], env)
    assert ok.stderr == ""
    failed = run(["list"], env | {"HW_SECRET_KEY": "wrong-secret-key-0000"})
    assert failed.returncode == 3
    assert "Traceback" not in failed.stderr
    assert len(failed.stderr.splitlines()) == 1
