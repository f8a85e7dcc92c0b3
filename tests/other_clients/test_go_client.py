"""The Go client generated from openapi.yaml is ``go vet`` clean and its Go tests list the
emulator's demo tasks, decoding the wire quirks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import PAGE_SIZE, ROOT, require, run, without_page_count

MODULE = ROOT / "clients" / "go"


@pytest.fixture(scope="module")
def go() -> str:
    return require("go", "Go 1.25 or newer builds and tests the Go client")


def test_go_vet_is_clean(go: str) -> None:
    run([go, "vet", "./..."], cwd=MODULE)


@pytest.fixture(scope="module")
def go_test_run(
    go: str, client_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict[str, Any]]:
    """``go test -v`` against the emulator: its output and the listing its test wrote."""
    result = tmp_path_factory.mktemp("go") / "listing.json"
    env = {**client_env, "TAURUSDB_RESULT_FILE": str(result)}
    output = run([go, "test", "-count=1", "-v", "./..."], cwd=MODULE, env=env)
    listing: dict[str, Any] = json.loads(Path(result).read_text())
    return output, listing


def test_every_go_test_ran_and_passed(go_test_run: tuple[str, dict[str, Any]]) -> None:
    output, _ = go_test_run
    passed = set(re.findall(r"^--- PASS: (\w+)", output, re.MULTILINE))
    assert {
        "TestDecodeWireQuirks",
        "TestDecodeRejectsNonNumericPercentage",
        "TestListDemoTasks",
        "TestWrongTokenIsAGatewayError",
    } <= passed, output
    assert "--- SKIP" not in output, output


def test_go_client_lists_every_demo_task_normalised(
    go_test_run: tuple[str, dict[str, Any]], expected_listing: dict[str, Any]
) -> None:
    _, listing = go_test_run
    assert without_page_count(listing) == expected_listing
    assert listing["pages"] == len(expected_listing["tasks"]) // PAGE_SIZE + 1


def test_go_test_output_never_shows_the_token(go_test_run: tuple[str, dict[str, Any]], token: str) -> None:
    output, listing = go_test_run
    assert token not in output
    assert token not in json.dumps(listing)
