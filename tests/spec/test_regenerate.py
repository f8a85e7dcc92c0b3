"""scripts/regenerate --check passes on the committed tree and fails on every kind of drift.

Each test copies the spec, the scripts and the generated client into a temporary folder and
runs the real script there, so the working tree is never touched.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "openapi.yaml", tmp_path / "openapi.yaml")
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    shutil.copytree(
        ROOT / "generated_client", tmp_path / "generated_client", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def _check(workspace: Path, *only: str) -> subprocess.CompletedProcess[str]:
    only = only or ("--only", "python-client")
    command = [sys.executable, str(workspace / "scripts" / "regenerate.py"), "--check", *only]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_committed_client_is_in_sync(workspace: Path) -> None:
    result = _check(workspace)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hand_edit_of_a_generated_file_is_caught(workspace: Path) -> None:
    model = workspace / "generated_client/taurusdb_htap_client/models/star_rocks_replication_info.py"
    model.write_text(model.read_text().replace("percentage", "percent", 1))
    result = _check(workspace)
    assert result.returncode == 1
    assert "star_rocks_replication_info.py (committed)" in result.stdout
    assert "-    percent" in result.stdout or "+    percentage" in result.stdout
    assert "out of date" in result.stderr


def test_spec_change_without_regenerating_is_caught(workspace: Path) -> None:
    spec = workspace / "openapi.yaml"
    spec.write_text(spec.read_text().replace("Extended field (null in practice).", "Extended field."))
    result = _check(workspace)
    assert result.returncode == 1
    assert "Extended field." in result.stdout


def test_stale_extra_file_is_caught(workspace: Path) -> None:
    (workspace / "generated_client/taurusdb_htap_client/models/leftover.py").write_text("X = 1\n")
    result = _check(workspace)
    assert result.returncode == 1
    assert "stale or hand-added" in result.stdout


def test_regenerate_restores_the_committed_bytes(workspace: Path) -> None:
    target = workspace / "generated_client/taurusdb_htap_client/client.py"
    original = target.read_bytes()
    target.write_text("broken\n")
    (workspace / "generated_client/stale.txt").write_text("stale\n")
    command = [sys.executable, str(workspace / "scripts" / "regenerate.py"), "--only", "python-client"]
    subprocess.run(command, check=True, capture_output=True)
    assert target.read_bytes() == original
    assert not (workspace / "generated_client/stale.txt").exists()


def test_build_artefacts_of_a_local_install_are_not_drift(workspace: Path) -> None:
    """``pip install ./generated_client`` leaves git-ignored build files; they are not edits."""
    (workspace / "generated_client/build/lib").mkdir(parents=True)
    (workspace / "generated_client/build/lib/x.py").write_text("X = 1\n")
    (workspace / "generated_client/taurusdb_htap_client.egg-info").mkdir()
    (workspace / "generated_client/taurusdb_htap_client.egg-info/PKG-INFO").write_text("Name: x\n")
    assert _check(workspace).returncode == 0


def _with_view(workspace: Path) -> Path:
    view = workspace / "provider/taurusdb_replication/_view.py"
    view.parent.mkdir(parents=True)
    shutil.copy(ROOT / "provider/taurusdb_replication/_view.py", view)
    return view


def test_check_names_each_stale_target(workspace: Path) -> None:
    _with_view(workspace)
    spec = workspace / "openapi.yaml"
    spec.write_text(spec.read_text().replace("Progress percentage (0-100)", "Progress (0-100)"))
    result = _check(workspace, "--only", "python-client", "--only", "python-view")
    assert result.returncode == 1
    assert "stale: python-client, python-view" in result.stderr
    assert '+    """Progress (0-100), a JSON number or a string."""' in result.stdout


def test_hand_edit_of_the_view_is_caught_and_regenerating_restores_it(workspace: Path) -> None:
    view = _with_view(workspace)
    original = view.read_bytes()
    edited = view.read_text().replace("set_percentage(view, parsed)", "set_percentage(view, value)")
    assert edited.encode() != original
    view.write_text(edited)
    result = _check(workspace, "--only", "python-view")
    assert result.returncode == 1
    assert "stale: python-view" in result.stderr
    command = [sys.executable, str(workspace / "scripts" / "regenerate.py"), "--only", "python-view"]
    subprocess.run(command, check=True, capture_output=True)
    assert view.read_bytes() == original


def test_every_target_is_listed_once_with_a_step() -> None:
    from scripts import regenerate

    names = [target.name for target in regenerate.TARGETS]
    assert len(set(names)) == len(names)
    assert {"python-client", "python-view", "typescript", "go", "docs"} <= set(names)
    assert all(callable(target.step) for target in regenerate.TARGETS)
