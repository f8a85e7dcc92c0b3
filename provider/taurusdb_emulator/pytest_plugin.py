"""pytest fixtures for the emulator, registered as the ``taurusdb_emulator`` pytest11 plugin.

``taurusdb_emulator``: a started demo emulator with the admin API on and a ``FakeClock``
(``server.clock``) so time only moves when a test says so (``server.advance(seconds)``).
``taurusdb_emulator_factory(**kwargs)``: start emulators with any ``EmulatorServer`` options.
Both stop their servers at teardown.

The entry point is the ``taurusdb-emulator`` distribution's (packaging/taurusdb-emulator), not
the client's: installing the client registers no plugin. pytest loads this module in every
project where the emulator is installed, so it imports the emulator's server (and aiohttp) only
when a test asks for a fixture. The package's ``__init__`` is lazy for the same reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from taurusdb_emulator import EmulatorServer

EmulatorFactory = Callable[..., "EmulatorServer"]


def _emulator_module() -> Any:
    try:
        import taurusdb_emulator as emulator
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        pytest.fail(
            f"the taurusdb emulator fixtures need the 'emulator' extra "
            f"(pip install 'taurusdb-replication[emulator]'): {exc}",
            pytrace=False,
        )
    return emulator


@pytest.fixture
def taurusdb_emulator_factory() -> Iterator[EmulatorFactory]:
    """Start emulators with ``EmulatorServer(**kwargs)`` options; all are stopped at teardown."""
    emulator = _emulator_module()
    started: list[EmulatorServer] = []

    def start(**kwargs: Any) -> EmulatorServer:
        server: EmulatorServer = emulator.EmulatorServer(**kwargs).start()
        started.append(server)
        return server

    yield start
    for server in reversed(started):
        server.stop()


@pytest.fixture
def taurusdb_emulator(taurusdb_emulator_factory: EmulatorFactory) -> EmulatorServer:
    """A started demo emulator with the admin API enabled and a fake clock."""
    return taurusdb_emulator_factory(dataset="demo", admin=True, clock=_emulator_module().FakeClock())
