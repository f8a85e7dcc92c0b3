"""The TypeScript client generated from openapi.yaml compiles under ``tsc --strict`` and lists the
emulator's demo tasks, decoding the wire quirks, through its smoke program."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from taurusdb_emulator import EmulatorServer

from .conftest import PAGE_SIZE, ROOT, require, require_node_modules, run, without_page_count

PACKAGE = ROOT / "clients" / "typescript"


@pytest.fixture(scope="module")
def smoke_program() -> Path:
    """The smoke program, compiled with the pinned TypeScript under --strict."""
    node = require("node", "Node 20 or newer runs the TypeScript smoke program")
    require_node_modules(PACKAGE)
    run([node, "node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--strict"], cwd=PACKAGE)
    return PACKAGE / "dist" / "smoke" / "list-tasks.js"


def smoke(program: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["node", str(program)], env=env, cwd=PACKAGE, capture_output=True, text=True, timeout=60, check=False
    )


def test_smoke_program_lists_every_demo_task_normalised(
    smoke_program: Path, client_env: dict[str, str], expected_listing: dict[str, Any]
) -> None:
    done = smoke(smoke_program, client_env)
    assert done.returncode == 0, done.stderr
    listing = json.loads(done.stdout)
    assert without_page_count(listing) == expected_listing
    # Offsets are item indexes: n tasks in pages of PAGE_SIZE, plus the short (maybe empty) last one.
    assert listing["pages"] == len(expected_listing["tasks"]) // PAGE_SIZE + 1


def test_smoke_program_never_prints_the_token(
    smoke_program: Path, client_env: dict[str, str], token: str
) -> None:
    done = smoke(smoke_program, client_env)
    assert done.returncode == 0, done.stderr
    assert token not in done.stdout + done.stderr


def test_wrong_token_is_reported_by_error_code_without_the_token(
    smoke_program: Path, client_env: dict[str, str]
) -> None:
    wrong = "MIIwrong-token-" + "x" * 40
    done = smoke(smoke_program, {**client_env, "TAURUSDB_AUTH_TOKEN": wrong})
    assert done.returncode == 1
    assert "HTTP 401 APIGW.0301" in done.stderr
    assert wrong not in done.stdout + done.stderr
    assert done.stdout == ""


def test_missing_setting_is_named(smoke_program: Path, client_env: dict[str, str]) -> None:
    env = {key: value for key, value in client_env.items() if key != "TAURUSDB_INSTANCE_ID"}
    done = smoke(smoke_program, env)
    assert done.returncode == 1
    assert "TAURUSDB_INSTANCE_ID is required" in done.stderr


def test_page_size_out_of_range_is_refused(smoke_program: Path, client_env: dict[str, str]) -> None:
    done = smoke(smoke_program, {**client_env, "TAURUSDB_PAGE_SIZE": "101"})
    assert done.returncode == 1
    assert "TAURUSDB_PAGE_SIZE must be an integer from 1 to 100" in done.stderr


def test_an_empty_instance_lists_nothing(smoke_program: Path, client_env: dict[str, str]) -> None:
    with EmulatorServer(dataset="empty", port=0) as server:
        env = {
            **client_env,
            "TAURUSDB_ENDPOINT": server.url,
            "TAURUSDB_PROJECT_ID": server.project_id,
            "TAURUSDB_INSTANCE_ID": server.instance_ids[0],
            "TAURUSDB_AUTH_TOKEN": server.issue_token(),
        }
        done = smoke(smoke_program, env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"total_count": 0, "pages": 1, "tasks": []}
