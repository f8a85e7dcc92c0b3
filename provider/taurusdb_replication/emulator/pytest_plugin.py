"""pytest fixtures for the emulator, registered as the ``taurusdb_emulator`` pytest11 plugin.

``taurusdb_emulator``: a started demo emulator with the admin API on and a :class:`FakeClock`
(``server.clock``) so time only moves when a test says so (``server.advance(seconds)``).
``taurusdb_emulator_factory(**kwargs)``: start emulators with any ``EmulatorServer`` options.
Both stop their servers at teardown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ._server import EmulatorServer, FakeClock

EmulatorFactory = Callable[..., EmulatorServer]


@pytest.fixture
def taurusdb_emulator_factory() -> Iterator[EmulatorFactory]:
    """Start emulators with ``EmulatorServer(**kwargs)`` options; all are stopped at teardown."""
    started: list[EmulatorServer] = []

    def start(**kwargs: Any) -> EmulatorServer:
        server = EmulatorServer(**kwargs).start()
        started.append(server)
        return server

    yield start
    for server in reversed(started):
        server.stop()


@pytest.fixture
def taurusdb_emulator(taurusdb_emulator_factory: EmulatorFactory) -> EmulatorServer:
    """A started demo emulator with the admin API enabled and a fake clock."""
    return taurusdb_emulator_factory(dataset="demo", admin=True, clock=FakeClock())
