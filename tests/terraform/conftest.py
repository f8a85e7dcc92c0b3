"""Shared set-up of the Terraform/OpenTofu tests: the built binaries, a filesystem mirror
holding the packaged provider, an emulator, and a runner for ``tofu`` that can never reach a
public registry (the CLI configuration installs taurusdb/taurusdb only from the mirror and
nothing else exists in the configurations)."""

from __future__ import annotations

import functools
import json
import os
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from taurusdb_emulator import EmulatorServer, FakeClock

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".tools" / "bin"
TOFU = BIN / "tofu"
PROVIDER = BIN / "terraform-provider-taurusdb"


def require(path: Path) -> Path:
    """The binary; a missing one skips (on a developer's machine) or fails (in CI)."""
    if path.is_file() and os.access(path, os.X_OK):
        return path
    hint = f"{path.relative_to(ROOT)} is missing: run scripts/install-opentofu"
    if os.environ.get("CI"):
        pytest.fail(f"{hint} (CI is set, so the Terraform tests may not be skipped)", pytrace=False)
    pytest.skip(hint)


@pytest.fixture(scope="session")
def mirror_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CLI configuration installing the provider, packaged once per run by
    scripts/package-terraform-provider, from a filesystem mirror only."""
    require(TOFU)
    out = tmp_path_factory.mktemp("mirror")
    command = [str(ROOT / "scripts" / "package-terraform-provider"), str(out / "mirror")]
    subprocess.run([*command, "--cli-config", str(out / "tofurc")], check=True, cwd=ROOT)
    return out / "tofurc"


@dataclass
class Tofu:
    """Runs ``tofu`` in one working folder with a fixed environment (no network but loopback)."""

    workdir: Path
    env: Mapping[str, str]

    def run(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(TOFU), *args],
            cwd=self.workdir,
            env=dict(self.env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(
                f"tofu {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
            )
        return done

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(TOFU), *args],
            cwd=self.workdir,
            env=dict(self.env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@functools.cache
def go_env() -> dict[str, str]:
    """Go's caches as the caller has them: a test's own HOME must not mean a cold build."""
    done = subprocess.run(
        ["go", "env", "-json", "GOCACHE", "GOMODCACHE", "GOPATH"], capture_output=True, text=True
    )
    return json.loads(done.stdout) if done.returncode == 0 else {}


def base_env(home: Path) -> dict[str, str]:
    """A clean environment: no HW_*/HUAWEICLOUD_* of the caller, no proxies, no checkpoint calls."""
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR", "GOFLAGS", "GOPROXY")
    env = {name: os.environ[name] for name in keep if name in os.environ} | go_env()
    env.update(
        HOME=str(home),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        CHECKPOINT_DISABLE="1",
        TF_IN_AUTOMATION="1",
        TF_INPUT="0",
    )
    return env


def emulator_env(server: EmulatorServer) -> dict[str, str]:
    """The provider's settings for the emulator, from the environment (HW_* and TAURUSDB_ENDPOINT)."""
    return {
        "TAURUSDB_ENDPOINT": server.url,
        "HW_PROJECT_ID": server.project_id,
        "HW_ACCESS_KEY": server.access_key,
        "HW_SECRET_KEY": server.secret_key,
    }


@pytest.fixture
def demo() -> Iterator[EmulatorServer]:
    """The demo dataset with the admin API and a fake clock: nothing moves unless a test says so."""
    with EmulatorServer(dataset="demo", admin=True, clock=FakeClock()) as server:
        yield server


def files_holding(folder: Path, secret: str) -> list[str]:
    """Every file under ``folder`` (zip archives opened) whose bytes hold ``secret``."""
    import zipfile

    found = []
    needle = secret.encode()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if needle in data:
            found.append(str(path.relative_to(folder)))
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                found += [
                    f"{path.relative_to(folder)}!{n}" for n in archive.namelist() if needle in archive.read(n)
                ]
    return found
