"""Fixtures of the CLI tests: a demo emulator (fake clock) and an environment pointing at it.

The environment is built from scratch rather than inherited, so credentials or settings of
whoever runs the tests (``HW_*``, ``HUAWEICLOUD_SDK_*``, a profile file in ``$HOME``) can
neither leak into nor change a test's outcome.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from ._proc import Running

_KEPT = ("PATH", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")


@pytest.fixture
def emulator(taurusdb_emulator: EmulatorServer) -> EmulatorServer:
    """The demo dataset, admin on, time frozen until the test calls ``advance``."""
    return taurusdb_emulator


def base_env(home: Path) -> dict[str, str]:
    """A minimal environment: no credentials, an empty home, no colour or width overrides."""
    env = {name: os.environ[name] for name in _KEPT if name in os.environ}
    env.update({"HOME": str(home), "TERM": "xterm-256color", "COLUMNS": "160", "PYTHONUNBUFFERED": "1"})
    return env


@pytest.fixture
def env(emulator: EmulatorServer, tmp_path: Path) -> dict[str, str]:
    """Everything the CLI needs for the emulator, set the way users set it: HW_* and TAURUSDB_*."""
    return base_env(tmp_path) | {
        "TAURUSDB_ENDPOINT": emulator.url,
        "HW_PROJECT_ID": emulator.project_id,
        "HW_ACCESS_KEY": emulator.access_key,
        "HW_SECRET_KEY": emulator.secret_key,
        "TAURUSDB_INSTANCE_ID": DEMO_INSTANCE_ID,
    }


@pytest.fixture
def start() -> Iterator[Callable[..., Running]]:
    """Start CLI processes (``start(args, env, tty=False)``); any still running is killed at teardown."""
    started: list[Running] = []

    def _start(args: list[str], env: dict[str, str], *, tty: bool = False) -> Running:
        process = Running(args, env, tty=tty)
        started.append(process)
        return process

    yield _start
    for process in started:
        process.close()
