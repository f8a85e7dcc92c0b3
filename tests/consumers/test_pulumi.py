"""Pulumi: ``pulumi plugin install resource taurusdb V -f <archive>`` into a fresh PULUMI_HOME,
then plain ``pulumi up`` of a YAML program, with only the CLI and the YAML host on PATH (the
plugin is not): no "from $PATH" warning, and the outputs are the emulator's tasks."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest
from other_clients.conftest import ROOT, missing
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from .conftest import Dist, demo_names

BIN_DIR = ROOT / ".tools" / "bin"
PROGRAM = """\
name: consumer
runtime: yaml
config:
  instanceId:
    type: string
variables:
  listing:
    fn::invoke:
      function: taurusdb:index:getReplications
      arguments:
        instanceId: ${instanceId}
        expectHealthy: false
outputs:
  totalCount: ${listing.totalCount}
  taskNames: ${listing.taskNames}
"""


def pulumi(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(BIN_DIR / "pulumi"), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    output = done.stdout + done.stderr
    if done.returncode != 0:
        pytest.fail(f"pulumi {' '.join(args)} exited {done.returncode}:\n{output}", pytrace=False)
    return output


@pytest.mark.engine
def test_pulumi_installs_the_plugin_archive_and_up_reads_the_tasks(
    dist: Dist, tmp_path: Path, consumer_env: dict[str, str], emulator: EmulatorServer
) -> None:
    for tool in ("pulumi", "pulumi-language-yaml"):
        if not (BIN_DIR / tool).is_file():
            missing(f".tools/bin/{tool} is not built (scripts/install-pulumi)")
    archive = dist.one(f"pulumi-resource-taurusdb-v{dist.version}-linux-amd64.tar.gz")
    with tarfile.open(archive) as opened:
        launcher = opened.getmember("pulumi-resource-taurusdb")
    assert launcher.mode & 0o111, "the plugin at the archive's root is executable"

    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("pulumi", "pulumi-language-yaml"):
        (tools / tool).symlink_to(BIN_DIR / tool)
    state, project = tmp_path / "state", tmp_path / "project"
    state.mkdir()
    project.mkdir()
    env = {key: value for key, value in consumer_env.items() if not key.startswith("PULUMI")}
    env |= {
        "PATH": os.pathsep.join([str(tools), "/usr/local/bin", "/usr/bin", "/bin"]),
        "PULUMI_HOME": str(tmp_path / "pulumi-home"),
        "PULUMI_BACKEND_URL": state.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "consumer-test",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
    }
    pulumi(["plugin", "install", "resource", "taurusdb", dist.version, "-f", str(archive)], project, env)
    installed = Path(env["PULUMI_HOME"]) / "plugins" / f"resource-taurusdb-v{dist.version}"
    assert (installed / "pulumi-resource-taurusdb").is_file()

    (project / "Pulumi.yaml").write_text(PROGRAM)
    pulumi(["stack", "init", "dev"], project, env)
    settings = {
        "taurusdb:endpoint": emulator.url,
        "taurusdb:projectId": emulator.project_id,
        "taurusdb:accessKey": emulator.access_key,
        "instanceId": DEMO_INSTANCE_ID,
    }
    for key, value in settings.items():
        pulumi(["config", "set", key, value], project, env)
    pulumi(["config", "set", "--secret", "taurusdb:secretKey", emulator.secret_key], project, env)
    output = pulumi(["up", "--yes"], project, env)
    assert "from $PATH" not in output
    outputs = json.loads(pulumi(["stack", "output", "--json"], project, env))
    assert outputs["taskNames"] == demo_names(emulator)
    assert outputs["totalCount"] == len(demo_names(emulator))
