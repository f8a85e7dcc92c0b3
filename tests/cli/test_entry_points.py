"""The ways in: the console script, ``python -m``, the ``emulator`` subcommand, shell completion."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import httpx
from taurusdb_emulator import DEMO_INSTANCE_ID

from ._proc import Running, run
from .conftest import base_env


def test_python_dash_m_is_the_same_command(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "taurusdb_replication.cli", "list", "-o", "csv"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == run(["list", "-o", "csv"], env).stdout


def test_the_emulator_subcommand_serves_until_interrupted(
    tmp_path: Path, start: Callable[..., Running]
) -> None:
    emulator = start(["emulator", "--port", "0"], base_env(tmp_path))
    banner = emulator.read_until(r"# Serving until interrupted")
    values = dict(line.split("=", 1) for line in banner.splitlines() if line.startswith("TAURUSDB_EMULATOR_"))
    assert values["TAURUSDB_EMULATOR_INSTANCE_IDS"] == DEMO_INSTANCE_ID
    url = values["TAURUSDB_EMULATOR_URL"]
    assert url.startswith("http://127.0.0.1:")
    client_env = base_env(tmp_path) | {
        "TAURUSDB_ENDPOINT": url,
        "HW_PROJECT_ID": values["TAURUSDB_EMULATOR_PROJECT_ID"],
        "HW_ACCESS_KEY": values["TAURUSDB_EMULATOR_ACCESS_KEY"],
        "HW_SECRET_KEY": values["TAURUSDB_EMULATOR_SECRET_KEY"],
        "TAURUSDB_INSTANCE_ID": DEMO_INSTANCE_ID,
    }
    assert run(["get", "orders_sync"], client_env).returncode == 0
    emulator.interrupt()
    result = emulator.finish(timeout=15)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    try:
        httpx.get(url, timeout=2)
    except httpx.ConnectError:
        pass
    else:
        raise AssertionError("the emulator still answers after SIGINT")


def _python(script: str, args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env=base_env(home),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_the_cli_imports_without_the_emulator_and_explains_what_is_missing(tmp_path: Path) -> None:
    # Hide aiohttp as if the 'emulator' extra were not installed.
    script = textwrap.dedent(
        """
        import sys
        sys.modules["aiohttp"] = None
        from taurusdb_replication.cli import run
        assert "taurusdb_emulator" not in sys.modules
        sys.exit(run(sys.argv[1:]))
        """
    )
    for args, code in ((["regions", "-o", "csv"], 0), (["emulator", "--port", "0"], 64)):
        done = _python(script, args, tmp_path)
        assert done.returncode == code, done.stderr
    assert "pip install 'taurusdb-replication[emulator]'" in done.stderr


def _complete(words: str, tmp_path: Path) -> list[str]:
    env = base_env(tmp_path) | {
        "_TAURUSDB_REPLICATION_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = run([], env)
    assert result.returncode == 0, result.stderr
    return [line.split(",", 1)[1] for line in result.stdout.splitlines()]


def test_shell_completion(tmp_path: Path) -> None:
    source = run([], base_env(tmp_path) | {"_TAURUSDB_REPLICATION_COMPLETE": "bash_source"})
    assert source.returncode == 0
    assert "_taurusdb_replication_completion" in source.stdout
    assert "complete -o nosort -F _taurusdb_replication_completion taurusdb-replication" in source.stdout
    assert _complete("taurusdb-replication w", tmp_path) == ["wait", "watch"]
    assert _complete("taurusdb-replication --region cn-north-", tmp_path) == [
        "cn-north-11", "cn-north-2", "cn-north-4", "cn-north-9",
    ]  # fmt: skip
    assert _complete("taurusdb-replication list --output ", tmp_path) == ["table", "json", "yaml", "csv"]


def test_version_loads_neither_httpx_nor_rich(tmp_path: Path) -> None:
    """Start-up: what ``--version`` does not need stays unloaded (speed: benchmarks/command_line.py)."""
    probe = textwrap.dedent(
        """
        import sys
        from taurusdb_replication.cli import run
        code = run(sys.argv[1:])
        heavy = sorted(n for n in ("httpx", "rich", "taurusdb_htap_client", "asyncio") if n in sys.modules)
        print(code, ",".join(heavy) or "none", file=sys.stderr)
        """
    )
    for args in (["--version"], ["--version", "list"]):
        done = _python(probe, args, tmp_path)
        assert done.stderr.split() == ["0", "none"], (args, done.stderr)
