"""Every ``bash`` block of docs/terraform.md, run in order in one shell from the repository's
root, with a fresh HOME and the emulator's variables exported as docs/emulator.md prints them."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from taurusdb_emulator import EmulatorServer

from .conftest import ROOT, TOFU, base_env, require

DOC = ROOT / "docs" / "terraform.md"
EXAMPLE = ROOT / "examples" / "terraform-replications"


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.S | re.M)


def test_every_bash_block_runs(demo: EmulatorServer, tmp_path: Path) -> None:
    require(TOFU)
    found = blocks("bash")
    assert len(found) == 4
    script = "set -euo pipefail\n" + "".join(f'cd "{ROOT}"\n{body}' for body in found)
    env = base_env(tmp_path) | {
        "TMPDIR": str(tmp_path),
        "TAURUSDB_EMULATOR_URL": demo.url,
        "TAURUSDB_EMULATOR_PROJECT_ID": demo.project_id,
        "TAURUSDB_EMULATOR_ACCESS_KEY": demo.access_key,
        "TAURUSDB_EMULATOR_SECRET_KEY": demo.secret_key,
    }
    before = sorted(p.name for p in EXAMPLE.iterdir())
    done = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OpenTofu v1.10.6" in done.stdout
    assert "Provider development overrides are in effect" in done.stderr + done.stdout
    assert "Apply complete" in done.stdout
    names = json.loads(done.stdout.strip().splitlines()[-1])
    assert names == [task.task_name for task in demo.tasks(demo.instance_ids[0])]
    assert sorted(p.name for p in EXAMPLE.iterdir()) == before, "the example folder must stay clean"
    mirror = tmp_path / ".terraform.d" / "taurusdb-mirror" / "registry.opentofu.org" / "taurusdb" / "taurusdb"
    assert sorted(p.name.split("_", 2)[-1] for p in mirror.iterdir()) == ["SHA256SUMS", "linux_amd64.zip"]


def test_the_hcl_block_is_valid_hcl(tmp_path: Path) -> None:
    """The side-by-side snippet parses (tofu fmt -check refuses invalid HCL)."""
    require(TOFU)
    (hcl,) = blocks("hcl")
    (tmp_path / "snippet.tf").write_text(hcl, encoding="utf-8")
    done = subprocess.run(
        [str(TOFU), "fmt", "-check", "-diff", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
