"""Fixtures of the emulator's tests.

The ``taurusdb_emulator`` and ``taurusdb_emulator_factory`` fixtures come from the package's
own pytest plugin (registered as a pytest11 entry point), so these tests exercise it too.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from taurusdb_emulator import EmulatorServer


@pytest.fixture
def emulator(taurusdb_emulator: EmulatorServer) -> EmulatorServer:
    """The plugin's demo emulator (admin on, fake clock)."""
    return taurusdb_emulator


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """A plain httpx client with a short timeout (loopback only)."""
    with httpx.Client(timeout=10.0) as client:
        yield client


@pytest.fixture
def token(emulator: EmulatorServer) -> str:
    """A fresh token for the demo emulator."""
    return emulator.issue_token()
