"""The provider's Go tests: unit tests, and the acceptance tests (terraform-plugin-testing)
driving the local ``tofu`` against an emulator this test starts. TF_ACC_TERRAFORM_PATH names
the binary and TF_ACC_PROVIDER_HOST/NAMESPACE the address, so nothing is downloaded."""

from __future__ import annotations

import subprocess
from pathlib import Path

from taurusdb_emulator import EmulatorServer

from .conftest import ROOT, TOFU, base_env, emulator_env, require

MODULE = ROOT / "terraform-provider-taurusdb"


def test_go_unit_and_acceptance_tests_pass(demo: EmulatorServer, tmp_path: Path) -> None:
    env = base_env(tmp_path) | emulator_env(demo)
    env |= {
        "TF_ACC": "1",
        "TF_ACC_TERRAFORM_PATH": str(require(TOFU)),
        "TF_ACC_PROVIDER_HOST": "registry.opentofu.org",
        "TF_ACC_PROVIDER_NAMESPACE": "taurusdb",
        "TAURUSDB_EMULATOR_ADMIN_URL": demo.url + "/_emulator",
    }
    done = subprocess.run(
        ["go", "test", "-v", "-count=1", "-p", "1", "./..."],
        cwd=MODULE,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "--- SKIP" not in done.stdout


def test_go_vet_and_gofmt_are_clean() -> None:
    vet = subprocess.run(["go", "vet", "./..."], cwd=MODULE, capture_output=True, text=True, check=False)
    assert vet.returncode == 0, vet.stderr
    fmt = subprocess.run(["gofmt", "-l", "."], cwd=MODULE, capture_output=True, text=True, check=False)
    assert fmt.stdout == "", f"not gofmt-clean: {fmt.stdout}"
