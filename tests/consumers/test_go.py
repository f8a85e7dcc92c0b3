"""Go: the recipe of docs/release.md, from a scratch module in any folder: dist/goproxy as the
first module proxy, the module's checksum not looked up in the public checksum database, then
``go get MODULE@vX.Y.Z`` and the README's listing against the emulator."""

from __future__ import annotations

import subprocess
from pathlib import Path

from other_clients.conftest import ROOT, require, run
from other_clients.test_packaging import readme_block
from taurusdb_emulator import EmulatorServer

from .conftest import GO_MODULES, Dist, demo_names

CLIENT = "github.com/taurusdb-replication/taurusdb-replication/clients/go"


def go_env(go: str, dist: Dist, tmp_path: Path) -> dict[str, str]:
    """docs/release.md's variables; a private module cache (a cached v0.1.0 of an older dist/
    would otherwise be reused), fed from the shared cache's download folder before the network."""
    shared = subprocess.run([go, "env", "GOMODCACHE"], capture_output=True, text=True, check=True).stdout
    proxies = [dist.goproxy.as_uri(), (Path(shared.strip()) / "cache" / "download").as_uri()]
    return {
        "GOPROXY": ",".join([*proxies, "https://proxy.golang.org"]),
        "GONOSUMDB": "github.com/taurusdb-replication/taurusdb-replication",
        "GOMODCACHE": str(tmp_path / "modcache"),
        "GOFLAGS": "-modcacherw",
    }


def test_go_gets_the_client_from_dists_module_proxy_and_lists_the_tasks(
    dist: Dist, tmp_path: Path, consumer_env: dict[str, str], emulator: EmulatorServer
) -> None:
    go = require("go", "builds a scratch module that uses the Go client")
    assert CLIENT in GO_MODULES
    env = consumer_env | go_env(go, dist, tmp_path)
    project = tmp_path / "scratch"
    project.mkdir()
    run([go, "mod", "init", "example.com/scratch"], cwd=project, env=env)
    (project / "main.go").write_text(readme_block(ROOT / "clients" / "go" / "README.md", "go"))
    run([go, "get", f"{CLIENT}@v{dist.version}"], cwd=project, env=env, timeout=300)
    assert f"{CLIENT} v{dist.version}" in (project / "go.mod").read_text()
    printed = run([go, "run", "."], cwd=project, env=env, timeout=300)
    assert [line.split(" ")[0] for line in printed.splitlines()] == demo_names(emulator)
