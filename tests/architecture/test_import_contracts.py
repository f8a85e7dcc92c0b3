"""The import contracts of pyproject.toml hold, and each one fails when its rule is broken.

``lint-imports`` (import-linter) reads the contracts from pyproject.toml and the packages from
``sys.path``. Each breaking case copies the three packages into a temporary folder put first
on ``PYTHONPATH``, adds one forbidden import to one module, and expects that contract, and only
that one, to be reported broken.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = {
    "taurusdb_replication": REPO / "provider" / "taurusdb_replication",
    "taurusdb_emulator": REPO / "provider" / "taurusdb_emulator",
    "taurusdb_htap_client": REPO / "generated_client" / "taurusdb_htap_client",
}
CONTRACTS = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"][
    "contracts"
]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(REPO / "pyproject.toml")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_tree_keeps_every_contract() -> None:
    done = lint_imports()
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in " ".join(done.stdout.split())


BREAKS = {
    "exceptions module imports the retry policy": (
        "taurusdb_replication/_errors.py",
        "from ._retry import RetryPolicy",
        "The signer and the exceptions module are leaves",
    ),
    "generated code imports the client layer": (
        "taurusdb_htap_client/types.py",
        "import taurusdb_replication._models",
        "The generated code sits under the client layer",
    ),
    "client layer imports a front end": (
        "taurusdb_replication/_waiter.py",
        "from taurusdb_replication.cli import _render",
        "sit side by side above the client layer",
    ),
    "Pulumi imports a private client module": (
        "taurusdb_replication/pulumi/resources.py",
        "from taurusdb_replication import _retry",
        "use only the client's public names",
    ),
    "Pulumi imports the generated code": (
        "taurusdb_replication/pulumi/resources.py",
        "import taurusdb_htap_client",
        "use only the client's public names",
    ),
    "emulator imports the client": (
        "taurusdb_emulator/_wire.py",
        "from taurusdb_replication import _models",
        "The emulator is independent of the client",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_each_contract_fails_when_broken(case: str, tmp_path: Path) -> None:
    module, line, contract = BREAKS[case]
    for name, source in PACKAGES.items():
        shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / module
    assert target.is_file(), f"{module} moved: update this test"
    target.write_text(
        target.read_text(encoding="utf-8") + f"\n{line}  # broken on purpose\n", encoding="utf-8"
    )
    done = lint_imports(tmp_path)
    assert done.returncode != 0, done.stdout
    report = " ".join(done.stdout.split())
    assert f"Contracts: {len(CONTRACTS) - 1} kept, 1 broken." in report, report
    assert contract in report.split("Broken contracts", 1)[1], report
