"""The pytest plugin loads in projects that installed the client without the emulator extra."""

from __future__ import annotations

import subprocess
import sys

_WITHOUT_AIOHTTP = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "aiohttp" or name.startswith("aiohttp."):
            raise ImportError("aiohttp is not installed")
sys.meta_path.insert(0, Block())
import taurusdb_emulator.pytest_plugin as plugin
assert "aiohttp" not in sys.modules
print(sorted(name for name in vars(plugin) if name.startswith("taurusdb_")))
"""


def test_plugin_imports_without_aiohttp() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WITHOUT_AIOHTTP], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "taurusdb_emulator" in result.stdout
    assert "taurusdb_emulator_factory" in result.stdout
