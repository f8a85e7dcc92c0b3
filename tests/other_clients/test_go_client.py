"""The Go client: ``go vet`` is clean, its unit tests pass (signing vectors, retries, listings
against loopback servers), and against the emulator (AK/SK signing) it lists the demo tasks
normalized exactly as the Python client does."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, comparable, require, run

MODULE = ROOT / "clients" / "go"


@pytest.fixture(scope="module")
def go() -> str:
    return require("go", "Go 1.25 or newer builds and tests the Go client")


def test_go_vet_is_clean(go: str) -> None:
    run([go, "vet", "./..."], cwd=MODULE)


@pytest.fixture(scope="module")
def go_test_run(
    go: str, client_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, list[dict[str, Any]]]:
    """``go test -v`` with the emulator's settings: its output and the listing its test wrote."""
    result = tmp_path_factory.mktemp("go") / "listing.json"
    env = {**client_env, "TAURUSDB_RESULT_FILE": str(result)}
    output = run([go, "test", "-count=1", "-v", "./..."], cwd=MODULE, env=env)
    listing: list[dict[str, Any]] = json.loads(Path(result).read_text())
    return output, listing


def test_every_go_test_ran_and_passed(go_test_run: tuple[str, list[dict[str, Any]]]) -> None:
    output, _ = go_test_run
    passed = set(re.findall(r"^--- PASS: (\w+)", output, re.MULTILINE))
    assert {
        "TestListFromEnvironment",
        "TestSigningVectorsPureFunctions",
        "TestSigningVectorsOnTheWire",
        "TestNormalizeWireQuirks",
        "TestFailuresAreRetriedAndThrottlingHonoursRetryAfter",
        "TestTheContextDeadlineBoundsRetries",
        "TestRedirectToAnotherHostIsNeverFollowed",
        "TestHTTPSProxyFromTheEnvironmentCarriesTheRequestsThroughConnect",
        "TestAProxyRefusalIsAProxyErrorWithoutItsCredentials",
        "TestTheRequestTimeoutBoundsEachAttemptAndTheCall",
        "TestServiceTextIsCleanedAndEchoedSecretsMasked",
        "TestConditionVectors",
        "TestSettingsVectors",
        "TestPrintingATaskShowsItsValues",
        "TestAValueTheViewCannotReadIsKeptWithTheReason",
        "TestIntegersStayExact",
        "TestWaitReturnsOnceTheTasksMeetTheCondition",
        "TestWaitStopsAtOnceWhenATaskCannotSucceed",
        "TestWaitTimesOutNamingEveryShortfall",
    } <= passed, output
    assert "--- SKIP" not in output, output
    assert "--- FAIL" not in output, output


def test_lists_every_demo_task_normalized_as_the_python_client_does(
    go_test_run: tuple[str, list[dict[str, Any]]], expected_listing: list[dict[str, Any]]
) -> None:
    _, listing = go_test_run
    assert comparable(listing) == expected_listing


def test_go_test_output_never_shows_the_secret_key(
    go_test_run: tuple[str, list[dict[str, Any]]], client_env: dict[str, str]
) -> None:
    output, listing = go_test_run
    assert client_env["HW_SECRET_KEY"] not in output
    assert client_env["HW_SECRET_KEY"] not in json.dumps(listing)
