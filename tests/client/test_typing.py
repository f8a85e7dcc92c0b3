"""A user's program type-checks against the package installed in the project's own ``.venv``.

mypy cannot follow the import hook of a setuptools editable install; ``scripts/setup`` adds a
plain ``.pth`` so it finds the package. The program runs outside the repository (no
``mypy_path`` from pyproject.toml) and holds one deliberate mistake, so the check proves mypy
read the package's types rather than treating it as missing (``Any``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROGRAM = """
from taurusdb_replication import Condition, ReplicationClient, WaitResult


def wait(client: ReplicationClient, instance_id: str) -> WaitResult:
    return client.wait_for(instance_id, Condition(tasks=["orders_sync"]), timeout=60)


def endpoint_length(client: ReplicationClient) -> int:
    return client.endpoint  # the deliberate mistake: a str is not an int
"""


@pytest.mark.timeout(300)
def test_mypy_finds_the_package_from_the_venv(tmp_path: Path) -> None:
    (tmp_path / "program.py").write_text(PROGRAM)
    env = {key: value for key, value in os.environ.items() if key not in {"MYPYPATH", "PYTHONPATH"}}
    mypy = Path(sys.executable).with_name("mypy")
    result = subprocess.run(
        [str(mypy), "--strict", "--no-incremental", "program.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert "import-not-found" not in result.stdout, result.stdout
    assert result.stdout.splitlines() == [
        'program.py:10: error: Incompatible return value type (got "str", expected "int")  [return-value]',
        "Found 1 error in 1 file (checked 1 source file)",
    ]
