"""npm: the TypeScript client's tarball from dist/, installed into a scratch project, then the
README's listing (type-checked under --strict) against the emulator; and the Pulumi Node SDK's
tarball, installed beside @pulumi/pulumi, imports and type-checks."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

from other_clients.conftest import ROOT, require, run
from other_clients.test_packaging import readme_block
from taurusdb_emulator import EmulatorServer

from scripts.release import NODE_SDK_TOOLS, TYPESCRIPT_CLIENT

from .conftest import Dist, demo_names

TSC_OPTIONS = ["--strict", "--module", "nodenext", "--target", "es2022", "--types", "node"]


def _pinned(*names: str) -> list[str]:
    lock = json.loads((ROOT / TYPESCRIPT_CLIENT / "package-lock.json").read_text())["packages"]
    return [f"{name}@{lock[f'node_modules/{name}']['version']}" for name in names]


def _scratch(folder: Path) -> None:
    (folder / "package.json").write_text(json.dumps({"name": "scratch", "private": True, "type": "module"}))


def _manifest(tarball: Path) -> dict[str, object]:
    with tarfile.open(tarball) as archive:
        return json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type,no-any-return]


def test_npm_installs_the_client_from_dist_and_lists_the_tasks(
    dist: Dist, tmp_path: Path, consumer_env: dict[str, str], emulator: EmulatorServer
) -> None:
    require("npm", "installs the TypeScript client's tarball")
    tarball = dist.one(f"taurusdb-replication-client-{dist.version}.tgz")
    manifest = _manifest(tarball)
    assert manifest["version"] == dist.version
    assert "private" not in manifest
    _scratch(tmp_path)
    install = ["npm", "install", "--no-audit", "--no-fund", "--prefer-offline"]
    run([*install, str(tarball), *_pinned("typescript", "@types/node")], cwd=tmp_path, timeout=300)
    (tmp_path / "main.ts").write_text(readme_block(ROOT / TYPESCRIPT_CLIENT / "README.md", "ts"))
    run(["node", str(tmp_path / "node_modules/typescript/bin/tsc"), *TSC_OPTIONS, "main.ts"], cwd=tmp_path)
    printed = run(["node", "main.js"], cwd=tmp_path, env=consumer_env)
    assert [line.split(" ")[0] for line in printed.splitlines()] == demo_names(emulator)


def test_npm_installs_the_pulumi_node_sdk_from_dist(dist: Dist, tmp_path: Path) -> None:
    require("npm", "installs the Pulumi Node SDK's tarball")
    tarball = dist.one(f"taurusdb-replication-pulumi-taurusdb-{dist.version}.tgz")
    manifest = _manifest(tarball)
    assert manifest["version"] == dist.version
    assert "private" not in manifest
    assert manifest["types"] == "./index.d.ts"
    assert "." in manifest["exports"]  # type: ignore[operator]
    pulumi = json.loads((NODE_SDK_TOOLS / "@pulumi" / "pulumi" / "package.json").read_text())["version"]
    _scratch(tmp_path)
    install = ["npm", "install", "--no-audit", "--no-fund", "--prefer-offline", str(tarball)]
    run(
        [*install, f"@pulumi/pulumi@{pulumi}", *_pinned("typescript", "@types/node")],
        cwd=tmp_path,
        timeout=600,
    )
    (tmp_path / "main.ts").write_text(
        'import * as taurusdb from "@taurusdb-replication/pulumi-taurusdb";\n'
        "const call: typeof taurusdb.getReplications = taurusdb.getReplications;\n"
        "console.log(typeof call, typeof taurusdb.getReplicationOutput, taurusdb.Provider.name);\n"
    )
    run(["node", str(tmp_path / "node_modules/typescript/bin/tsc"), *TSC_OPTIONS, "main.ts"], cwd=tmp_path)
    assert run(["node", "main.js"], cwd=tmp_path).split() == ["function", "function", "Provider"]
