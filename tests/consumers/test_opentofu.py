"""OpenTofu: ``tofu init`` from a file-system mirror of the Terraform provider's zips in dist/.

The zips come from ``scripts/package-terraform-provider``, which ``scripts/release`` calls."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from other_clients.conftest import missing

from .conftest import Dist

ADDRESSES = '"registry.opentofu.org/taurusdb/taurusdb", "registry.terraform.io/taurusdb/taurusdb"'
MAIN_TF = """\
terraform {
  required_providers {
    taurusdb = {
      source  = "taurusdb/taurusdb"
      version = "%s"
    }
  }
}
"""


def test_tofu_init_installs_the_provider_from_a_filesystem_mirror(dist: Dist, tmp_path: Path) -> None:
    mirror = dist.folder / "terraform"
    assert sorted(mirror.rglob(f"*_{dist.version}_*.zip")), "dist/terraform holds no provider zip"
    tofu = shutil.which("tofu") or str(Path(__file__).resolve().parents[2] / ".tools" / "bin" / "tofu")
    if not Path(tofu).is_file():
        missing("tofu is not built (scripts/install-opentofu builds it)")
    (tmp_path / "tofurc").write_text(
        "provider_installation {\n"
        f'  filesystem_mirror {{\n    path    = "{mirror}"\n    include = [{ADDRESSES}]\n  }}\n'
        f"  direct {{\n    exclude = [{ADDRESSES}]\n  }}\n}}\n"
    )
    project = tmp_path / "project"
    project.mkdir()
    (project / "main.tf").write_text(MAIN_TF % dist.version)
    done = subprocess.run(
        [tofu, "init", "-input=false", "-no-color"],
        cwd=project,
        env={"TF_CLI_CONFIG_FILE": str(tmp_path / "tofurc"), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Installed taurusdb/taurusdb v{dist.version}" in done.stdout
