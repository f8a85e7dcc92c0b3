"""The spec is reusable by another generator family than the committed ones.

@hey-api/openapi-ts (pinned in tools/hey-api/package-lock.json, installed by
scripts/install-other-toolchains) generates a TypeScript SDK from openapi.yaml into a temporary
folder; it must report no warning, name every component schema as the spec does (named anyOf
branches, no ``Response2``-style suffix from a clash), and compile under ``tsc --strict``. The
output is not committed: only the property of the spec is checked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT, SPEC_PATH

TOOLS = ROOT / "tools" / "hey-api"
BIN = TOOLS / "node_modules" / ".bin"
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "noEmit": True,
        "target": "ES2022",
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "lib": ["ES2022", "DOM", "DOM.Iterable"],
        "noUnusedLocals": True,
    },
    "include": ["client/**/*.ts"],
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not (BIN / "openapi-ts").exists() or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("@hey-api/openapi-ts is not installed (scripts/install-other-toolchains)")
        pytest.skip("@hey-api/openapi-ts is not installed: run scripts/install-other-toolchains")
    out = tmp_path_factory.mktemp("hey-api")
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0", "CI": "1"}
    command = [str(BIN / "openapi-ts"), "--input", str(SPEC_PATH), "--output", str(out / "client")]
    done = subprocess.run(command, cwd=out, env=env, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out, done.stdout + done.stderr


def test_generation_reports_no_warning(generated: tuple[Path, str]) -> None:
    _, log = generated
    assert not re.search(r"warn|error|deprecat", log, re.IGNORECASE), log


def test_every_component_schema_is_a_type_of_the_same_name(generated: tuple[Path, str]) -> None:
    import yaml

    out, _ = generated
    types = (out / "client" / "types.gen.ts").read_text()
    declared = set(re.findall(r"^export type (\w+) =", types, re.MULTILINE))
    schemas = set(yaml.safe_load(SPEC_PATH.read_text())["components"]["schemas"])
    assert schemas <= declared
    assert not any(re.fullmatch(r"\w+\d", name) and name[:-1] in declared for name in declared), declared


def test_the_generated_sdk_compiles_under_tsc_strict(generated: tuple[Path, str]) -> None:
    out, _ = generated
    (out / "tsconfig.json").write_text(json.dumps(TSCONFIG))
    done = subprocess.run(
        [str(BIN / "tsc"), "-p", str(out / "tsconfig.json")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
