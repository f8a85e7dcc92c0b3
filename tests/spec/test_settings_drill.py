"""The settings drill: a setting added to settings.yaml reaches every surface with one command.

On a throw-away copy of the repository the drill declares one new setting (``drill_limit``: an
integer with a variable, profile keys, a CLI option, a Pulumi key and a Terraform attribute),
runs ``scripts/regenerate`` for the targets the declaration feeds, and checks the library
argument, the environment chain, the profile (INI and shared config), the CLI option, its
``--help`` and ``config``, the Pulumi config (schema and reading) and the docs' table. No file
but settings.yaml is edited by hand.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ._copies import copy_repository, fingerprint

pytestmark = pytest.mark.timeout(300)

SETTING = """
  drill_limit:
    type: integer
    validation: positive_integer
    description: "A setting added by the drill."
    default: 7
    secret: false
    python: drill_limit
    cli: --drill-limit
    env: [TAURUSDB_DRILL_LIMIT]
    profile: {ini: drill_limit, shared: drillLimit}
    pulumi: drillLimit
    terraform: drill_limit
"""
TARGETS = ("settings", "settings-docs", "pulumi-schema")
ENVIRON = {
    "TAURUSDB_ENDPOINT": "http://127.0.0.1:9",
    "HW_PROJECT_ID": "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    "HW_ACCESS_KEY": "AKDRILL",
    "HW_SECRET_KEY": "SKDRILL",
}


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("settings-drill"))
    declaration = root / "settings.yaml"
    text = declaration.read_text()
    declaration.write_text(text.replace("\n  instance_id:\n", SETTING + "\n  instance_id:\n", 1))
    before = fingerprint(root)
    only = [arg for target in TARGETS for arg in ("--only", target)]
    done = subprocess.run(
        [str(root / "scripts" / "regenerate"), *only], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    changed = {name for name, digest in fingerprint(root).items() if before.get(name) != digest}
    assert changed == {
        "provider/taurusdb_replication/_settings_table.py",
        "docs/settings.md",
        "provider/taurusdb_replication/pulumi/native/schema.json",
    }
    return root


def _run(
    root: Path, home: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Python in the copy (its packages first on the path), with a HOME of its own."""
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("HW_", "HUAWEICLOUD_SDK_", "TAURUSDB_"))},
        "PYTHONPATH": os.pathsep.join([str(root / "provider"), str(root / "generated_client")]),
        "HOME": str(home),
        **(env or {}),
    }
    return subprocess.run([sys.executable, *args], env=environ, capture_output=True, text=True, check=False)


def _resolved(root: Path, home: Path, env: dict[str, str], arguments: str = "") -> Any:
    program = (
        "import json; from taurusdb_replication import resolve_settings\n"
        f"s = resolve_settings({arguments})\n"
        "r = s.values['drill_limit']; print(json.dumps([r.value, str(r.origin)]))"
    )
    done = _run(root, home, "-c", program, env=ENVIRON | env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_library_resolves_it_through_the_whole_chain(drill: Path, tmp_path: Path) -> None:
    assert _resolved(drill, tmp_path, {}) == [7, "default"]
    (tmp_path / ".huaweicloud").mkdir()
    (tmp_path / ".huaweicloud" / "credentials").write_text("[basic]\ndrill_limit = 5\n")
    assert _resolved(drill, tmp_path, {}) == [5, f"{tmp_path}/.huaweicloud/credentials [basic] drill_limit"]
    assert _resolved(drill, tmp_path, {"TAURUSDB_DRILL_LIMIT": "4"}) == [4, "TAURUSDB_DRILL_LIMIT"]
    assert _resolved(drill, tmp_path, {"TAURUSDB_DRILL_LIMIT": "4"}, "drill_limit=3") == [
        3,
        "argument drill_limit",
    ]
    shared = tmp_path / "config.json"
    shared.write_text(json.dumps({"current": "d", "profiles": [{"name": "d", "drillLimit": "6"}]}))
    assert _resolved(drill, tmp_path, {"HW_SHARED_CONFIG_FILE": str(shared)}) == [
        6,
        f"{shared} [d] drillLimit",
    ]
    refused = _run(
        drill,
        tmp_path,
        "-c",
        "from taurusdb_replication import resolve_settings; resolve_settings()",
        env=ENVIRON | {"TAURUSDB_DRILL_LIMIT": "0"},
    )
    assert "invalid TAURUSDB_DRILL_LIMIT '0': must be an integer >= 1" in refused.stderr


def test_the_command_line_has_the_option_in_help_and_config(drill: Path, tmp_path: Path) -> None:
    helped = _run(drill, tmp_path, "-m", "taurusdb_replication.cli", "list", "--help", env=ENVIRON)
    assert "--drill-limit" in helped.stdout
    assert "TAURUSDB_DRILL_LIMIT" in helped.stdout
    shown = _run(
        drill,
        tmp_path,
        "-m",
        "taurusdb_replication.cli",
        "config",
        "-o",
        "json",
        "--drill-limit",
        "9",
        env=ENVIRON,
    )
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["drill_limit"] == {"value": 9, "source": "--drill-limit"}


def test_the_pulumi_config_has_the_key(drill: Path, tmp_path: Path) -> None:
    schema = json.loads((drill / "provider/taurusdb_replication/pulumi/native/schema.json").read_text())
    assert schema["config"]["variables"]["drillLimit"]["type"] == "integer"
    assert "TAURUSDB_DRILL_LIMIT" in schema["config"]["variables"]["drillLimit"]["description"]
    program = (
        "from taurusdb_replication.pulumi import ConnectionSettings\n"
        "print(ConnectionSettings.from_lookup({'drillLimit': '3'}.get).drill_limit)"
    )
    done = _run(drill, tmp_path, "-c", program)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"


def test_the_docs_table_lists_it(drill: Path) -> None:
    row = next(
        line for line in (drill / "docs/settings.md").read_text().splitlines() if "`drill_limit`" in line
    )
    for name in (
        "`--drill-limit`",
        "`TAURUSDB_DRILL_LIMIT`",
        "INI `drill_limit`",
        "taurusdb:drillLimit",
        "`7`",
    ):
        assert name in row
