"""The clients as users consume them: the npm package from a packed tarball installed into a
scratch project, the Go module through ``go get`` with a ``replace`` in a scratch module, each
running the five-line use of its README (AK/SK signing) against the emulator."""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from .conftest import ROOT, require, require_node_modules, run

TYPESCRIPT = ROOT / "clients" / "typescript"
GO_MODULE = ROOT / "clients" / "go"
MODULE_PATH = "github.com/taurusdb-replication/taurusdb-replication/clients/go"


def readme_block(readme: Path, language: str) -> str:
    """The first fenced code block of that language in the README."""
    match = re.search(
        rf"^```{language}\n(.*?)^```", readme.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL
    )
    assert match, f"{readme.relative_to(ROOT)} has no {language} block"
    return match.group(1)


def demo_names(emulator: EmulatorServer) -> list[str]:
    return [task.task_name for task in emulator.tasks(DEMO_INSTANCE_ID)]


@pytest.fixture(scope="module")
def tarball(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``npm pack`` of the client (its prepack script compiles it)."""
    require("npm", "packs the TypeScript client")
    require_node_modules(TYPESCRIPT)
    folder = tmp_path_factory.mktemp("pack")
    run(["npm", "pack", "--pack-destination", str(folder)], cwd=TYPESCRIPT)
    (packed,) = folder.glob("*.tgz")
    return packed


def test_the_tarball_holds_the_compiled_module_its_types_and_nothing_else(tarball: Path) -> None:
    with tarfile.open(tarball) as archive:
        names = set(archive.getnames())
        manifest = json.load(archive.extractfile("package/package.json"))  # type: ignore[arg-type]
    assert {"package/dist/src/index.js", "package/dist/src/index.d.ts", "package/README.md"} <= names
    assert not [n for n in names if n.endswith(".ts") and not n.endswith(".d.ts")], (
        "TypeScript sources shipped"
    )
    assert not [n for n in names if "/test/" in n or "/examples/" in n or "node_modules" in n]
    assert manifest["type"] == "module"
    assert manifest["exports"]["."] == {"types": "./dist/src/index.d.ts", "import": "./dist/src/index.js"}
    assert set(manifest["dependencies"]) == {"openapi-fetch", "undici", "lossless-json"}


def test_installed_from_the_tarball_the_readme_use_type_checks_and_lists_the_demo_tasks(
    tarball: Path, tmp_path: Path, client_env: dict[str, str], emulator: EmulatorServer
) -> None:
    lock = json.loads((TYPESCRIPT / "package-lock.json").read_text())["packages"]
    pinned = [f"{name}@{lock[f'node_modules/{name}']['version']}" for name in ("typescript", "@types/node")]
    (tmp_path / "package.json").write_text(json.dumps({"name": "scratch", "private": True, "type": "module"}))
    install = ["npm", "install", "--no-audit", "--no-fund", "--prefer-offline", str(tarball), *pinned]
    run(install, cwd=tmp_path, timeout=300)
    (tmp_path / "main.ts").write_text(readme_block(TYPESCRIPT / "README.md", "ts"))
    tsc = str(tmp_path / "node_modules" / "typescript" / "bin" / "tsc")
    options = ["--strict", "--module", "nodenext", "--target", "es2022", "--types", "node"]
    run(["node", tsc, *options, "main.ts"], cwd=tmp_path)
    printed = run(["node", "main.js"], cwd=tmp_path, env=client_env)
    assert [line.split(" ")[0] for line in printed.splitlines()] == demo_names(emulator)


def test_go_get_through_a_replace_builds_the_readme_use_and_lists_the_demo_tasks(
    tmp_path: Path, client_env: dict[str, str], emulator: EmulatorServer
) -> None:
    go = require("go", "builds a scratch module that uses the Go client")
    env = {**client_env, "GOFLAGS": "-mod=mod"}
    run([go, "mod", "init", "example.com/scratch"], cwd=tmp_path, env=env)
    run([go, "mod", "edit", f"-replace={MODULE_PATH}={GO_MODULE}"], cwd=tmp_path, env=env)
    (tmp_path / "main.go").write_text(readme_block(GO_MODULE / "README.md", "go"))
    # A replaced module has no published version: ask for v0.0.0, which the replace then serves.
    run([go, "get", f"{MODULE_PATH}@v0.0.0"], cwd=tmp_path, env=env)
    printed = run([go, "run", "."], cwd=tmp_path, env=env)
    assert [line.split(" ")[0] for line in printed.splitlines()] == demo_names(emulator)
    assert MODULE_PATH in (tmp_path / "go.mod").read_text()
