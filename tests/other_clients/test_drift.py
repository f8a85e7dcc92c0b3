"""The committed TypeScript, Go and HTML outputs are exactly what openapi.yaml produces, and the
``--check`` of each script notices a spec change that was not regenerated.

The second kind of test works on a copy of the project in a temporary folder (same scripts,
same pinned tools, a spec with one more property), so nothing in the working tree changes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, require, require_node_modules


@dataclass(frozen=True)
class Target:
    script: str
    outputs: tuple[str, ...]
    tools: tuple[str, ...]
    node_modules: tuple[str, ...]
    copy: tuple[str, ...]
    """Files and folders the script reads, besides openapi.yaml and node_modules."""
    shows_diff: bool
    """Whether --check prints a diff (the HTML page is one long line: it only says it differs)."""


TARGETS = [
    Target(
        "generate-typescript",
        ("clients/typescript/src/schema.ts", "clients/typescript/src/view.gen.ts"),
        ("node",),
        ("clients/typescript",),
        ("clients/typescript/package.json", "clients/typescript/package-lock.json",
         "clients/typescript/tsconfig.json", "clients/typescript/src", "clients/typescript/examples",
         "clients/typescript/test", "scripts/codegen"),
        True,
    ),
    Target(
        "generate-go",
        ("clients/go/client.gen.go", "clients/go/view.gen.go"),
        ("go",),
        (),
        ("clients/go", "scripts/codegen", "settings.yaml"),
        True,
    ),
    Target(
        "build-docs",
        ("docs/api.html",),
        ("node",),
        ("docs",),
        ("docs/package.json", "docs/package-lock.json", "docs/api.html"),
        False,
    ),
]  # fmt: skip
IDS = [target.script for target in TARGETS]
PROBE = "drift_probe_field"


def ready(target: Target) -> None:
    for tool in target.tools:
        require(tool, f"scripts/{target.script} needs it")
    for folder in target.node_modules:
        require_node_modules(ROOT / folder)


def script(root: Path, target: Target, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(root / "scripts" / target.script), *args],
        cwd=root, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_committed_output_is_what_the_spec_produces(target: Target) -> None:
    ready(target)
    done = script(ROOT, target, "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"(is|are) up to date with openapi.yaml", done.stdout), done.stdout


def changed_spec() -> str:
    """openapi.yaml with one more task property."""
    spec: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    task = spec["components"]["schemas"]["StarRocksReplicationInfo"]
    task["properties"][PROBE] = {"type": "string", "nullable": True, "description": "Drift probe."}
    return yaml.safe_dump(spec, sort_keys=False, allow_unicode=True)


def sandbox(tmp_path: Path, target: Target) -> Path:
    """A copy of what the script reads, with the changed spec and the real installed tools."""
    root = tmp_path / "project"
    (root / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / target.script, root / "scripts")
    (root / "openapi.yaml").write_text(changed_spec())
    for name in target.copy:
        source, copy = ROOT / name, root / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns("node_modules", "dist"))
        else:
            shutil.copy2(source, copy)
    for folder in target.node_modules:
        (root / folder / "node_modules").symlink_to(ROOT / folder / "node_modules")
    (root / ".venv").symlink_to(ROOT / ".venv")  # the view generators run under the project's Python
    return root


@pytest.mark.parametrize("target", TARGETS, ids=IDS)
def test_check_fails_on_a_spec_change_until_regenerated(target: Target, tmp_path: Path) -> None:
    ready(target)
    root = sandbox(tmp_path, target)

    stale = script(root, target, "--check")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert f"run scripts/{target.script} and commit the result" in stale.stderr
    if target.shows_diff:
        assert PROBE in stale.stdout or "DriftProbeField" in stale.stdout, stale.stdout

    regenerated = script(root, target)
    assert regenerated.returncode == 0, regenerated.stdout + regenerated.stderr
    assert script(root, target, "--check").returncode == 0
    for output in target.outputs:
        assert (root / output).read_bytes() != (ROOT / output).read_bytes(), (
            f"{output} ignored the new property"
        )


OUTPUTS = [(target, output) for target in TARGETS for output in target.outputs]


@pytest.mark.parametrize(("target", "output"), OUTPUTS, ids=[output for _, output in OUTPUTS])
def test_check_fails_on_a_hand_edit(target: Target, output: str, tmp_path: Path) -> None:
    ready(target)
    root = sandbox(tmp_path, target)
    (root / "openapi.yaml").write_bytes((ROOT / "openapi.yaml").read_bytes())
    with (root / output).open("a") as handle:
        handle.write("\n// edited by hand\n")
    done = script(root, target, "--check")
    assert done.returncode == 1, done.stdout + done.stderr


def test_unknown_argument_is_refused() -> None:
    require("bash", "the scripts are bash")
    for target in TARGETS:
        done = script(ROOT, target, "--chekc")
        assert done.returncode == 2
        assert "unknown argument: --chekc" in done.stderr
