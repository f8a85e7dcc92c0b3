"""Fixtures for the Pulumi data source tests: a clean environment, the emulator, stack config."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from provider_harness import CREDENTIAL_ENV_PREFIXES
from pulumi_support import SteppingClock, aksk_config
from taurusdb_emulator import EmulatorServer


@pytest.fixture(autouse=True)
def _no_ambient_credentials(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No test may pick up credentials from the developer's environment or profile file."""
    for name in list(os.environ):
        if name.startswith(CREDENTIAL_ENV_PREFIXES):
            monkeypatch.delenv(name)
    missing = tmp_path_factory.mktemp("no-profile") / "credentials"
    monkeypatch.setenv("HUAWEICLOUD_SDK_CREDENTIALS_FILE", str(missing))


@pytest.fixture
def emulator(taurusdb_emulator: EmulatorServer) -> EmulatorServer:
    """The demo emulator with a fake clock (time moves only with ``advance``)."""
    return taurusdb_emulator


@pytest.fixture
def moving_emulator(taurusdb_emulator_factory: Callable[..., EmulatorServer]) -> EmulatorServer:
    """The demo emulator whose clock moves 1 s per read: ``billing_sync`` (full, 60 %, +5 %/s)
    reaches incremental after a handful of requests."""
    return taurusdb_emulator_factory(
        dataset="demo", admin=True, clock=SteppingClock(1.0), progress_per_second=5.0
    )


@pytest.fixture
def stack_config(emulator: EmulatorServer) -> dict[str, Any]:
    """The ``taurusdb:`` stack configuration for the demo emulator (access key pair)."""
    return aksk_config(emulator)
