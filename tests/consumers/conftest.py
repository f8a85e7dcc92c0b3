"""The release as users meet it: each ecosystem installs the project only from ``dist/``.

Every test works in a temporary folder outside the repository, installs the artifacts of
``scripts/release`` the way its ecosystem installs packages (third-party dependencies still
come from their registries), and runs the main job against an emulator on loopback.
``scripts/test`` builds ``dist/`` before the suite runs; elsewhere, run ``scripts/release``
first (without it these tests skip, and fail when CI is set).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from other_clients.conftest import aksk_env, missing
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, FakeClock

from scripts.release import DIST, GO_MODULES, project_version

VERSION = project_version()


@dataclass(frozen=True)
class Dist:
    """The built ``dist/`` folder and the one version every artifact in it carries."""

    folder: Path
    version: str

    def one(self, pattern: str) -> Path:
        found = sorted(self.folder.glob(pattern))
        if len(found) != 1:
            pytest.fail(f"dist/ should hold exactly one {pattern}, holds {[p.name for p in found]}")
        return found[0]

    @property
    def goproxy(self) -> Path:
        return self.folder / "goproxy"


@pytest.fixture(scope="session")
def dist() -> Dist:
    """``dist/`` as ``scripts/release`` left it: of this version, every file as SHA256SUMS says."""
    sums = DIST / "SHA256SUMS"
    if not sums.is_file():
        missing("dist/ is not built (run scripts/release)")
    for line in sums.read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((DIST / name).read_bytes()).hexdigest() == digest, f"dist/{name} changed"
    if not (DIST / f"taurusdb_replication-{VERSION}-py3-none-any.whl").is_file():
        missing(f"dist/ is of another version than {VERSION} (run scripts/release)")
    return Dist(DIST, VERSION)


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    """The demo dataset on loopback with a frozen clock."""
    with EmulatorServer(dataset="demo", port=0, clock=FakeClock()) as server:
        yield server


@pytest.fixture
def consumer_env(emulator: EmulatorServer, tmp_path: Path) -> dict[str, str]:
    """The variables a user sets for the service, pointing at the emulator; HOME is empty."""
    home = tmp_path / "home"
    home.mkdir()
    return aksk_env(emulator, DEMO_INSTANCE_ID) | {"HOME": str(home)}


def demo_names(emulator: EmulatorServer) -> list[str]:
    return [task.task_name for task in emulator.tasks(DEMO_INSTANCE_ID)]


__all__ = ["GO_MODULES", "Dist", "demo_names"]
