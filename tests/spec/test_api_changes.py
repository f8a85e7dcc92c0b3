"""The breaking-change check (scripts/api-changes, oasdiff) flags what breaks clients, only that.

Each test edits a copy of the spec and compares it with the committed one, so nothing in the
working tree changes.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, SPEC_PATH

Edit = Callable[[dict[str, Any]], None]
OPERATION = "/v3/{project_id}/instances/{instance_id}/starrocks/databases/replication"


def _task(spec: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = spec["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    return properties


def _remove_property(spec: dict[str, Any]) -> None:
    del _task(spec)["is_main_task"]


def _remove_enum_value(spec: dict[str, Any]) -> None:
    stage = spec["components"]["schemas"]["ReplicationStage"]
    index = stage["enum"].index("paused")
    del stage["enum"][index], stage["x-enum-varnames"][index]


def _narrow_type(spec: dict[str, Any]) -> None:
    _task(spec)["percentage"] = {"$ref": "#/components/schemas/DecimalNumber"}


def _new_required_parameter(spec: dict[str, Any]) -> None:
    parameter = {"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}
    spec["paths"][OPERATION]["get"]["parameters"].append(parameter)


def _add_property_and_enum_value(spec: dict[str, Any]) -> None:
    _task(spec)["delay_seconds"] = {
        "description": "Replication delay.",
        "anyOf": [
            {"$ref": "#/components/schemas/DecimalNumber"},
            {"$ref": "#/components/schemas/DecimalString"},
        ],
    }
    stage = spec["components"]["schemas"]["ReplicationStage"]
    stage["enum"].append("repairing")
    stage["x-enum-varnames"].append("REPAIRING")


def _run(tmp_path: Path, edit: Edit, *extra: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("go") is None:
        if os.environ.get("CI"):
            pytest.fail("go is not installed (scripts/install-other-toolchains builds oasdiff)")
        pytest.skip("go is not installed")
    spec = copy.deepcopy(yaml.safe_load(SPEC_PATH.read_text()))
    edit(spec)
    revised = tmp_path / "openapi.yaml"
    revised.write_text(yaml.safe_dump(spec, sort_keys=False))
    changelog = tmp_path / "api-changelog.md"
    command = [sys.executable, str(ROOT / "scripts/api_changes.py"), "--base-file", str(SPEC_PATH)]
    command += ["--spec", str(revised), "--changelog", str(changelog), *extra]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)


@pytest.mark.parametrize(
    ("edit", "flagged"),
    [
        (_remove_property, "removed the optional property `replications/items/is_main_task`"),
        (_remove_enum_value, "`paused`"),
        (_narrow_type, "replications/items/percentage"),
        (_new_required_parameter, "`region`"),
    ],
    ids=["removed-property", "removed-enum-value", "narrowed-type", "new-required-parameter"],
)
def test_a_breaking_change_fails_until_recorded(tmp_path: Path, edit: Edit, flagged: str) -> None:
    done = _run(tmp_path, edit)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "BREAKING (not recorded)" in done.stdout
    assert flagged in done.stdout
    assert "not recorded in" in done.stderr

    assert _run(tmp_path, edit, "--record").returncode == 0
    assert "**breaking**" in (tmp_path / "api-changelog.md").read_text()
    again = _run(tmp_path, edit)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "BREAKING (recorded)" in again.stdout


def test_a_new_property_and_enum_value_are_listed_not_breaking(tmp_path: Path) -> None:
    done = _run(tmp_path, _add_property_and_enum_value)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BREAKING" not in done.stdout
    assert "added the optional property `replications/items/delay_seconds`" in done.stdout
    assert "`repairing`" in done.stdout
    _run(tmp_path, _add_property_and_enum_value, "--record")
    assert "delay_seconds" in (tmp_path / "api-changelog.md").read_text()


def test_the_committed_spec_has_no_unrecorded_breaking_change() -> None:
    if shutil.which("go") is None and not os.environ.get("CI"):
        pytest.skip("go is not installed")
    done = subprocess.run([str(ROOT / "scripts/api-changes")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
