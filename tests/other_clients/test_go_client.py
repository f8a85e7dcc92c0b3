"""The Go client: ``go vet`` is clean, its unit tests pass (signing vectors, retries, listings
against loopback servers), and against the emulator (AK/SK signing) it lists the demo tasks
normalized exactly as the Python client does."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from .conftest import ROOT, base_env, comparable, python_listing, require, run

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
        "TestOneMaskingRule",
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


DRILL_TEST = """package taurusdbhtap

import (
	"encoding/json"
	"fmt"
	"testing"
)

func TestDrill(t *testing.T) {
	var raw map[string]json.RawMessage
	_ = json.Unmarshal([]byte(`{"task_name": "a_sync", "lag_ms": 9007199254740993}`), &raw)
	const exact = 9007199254740993
	first := normalizeReplication(raw)
	if first.LagMs == nil || *first.LagMs != exact || first.GetLagMs() != exact {
		t.Fatalf("lag_ms %v", first.LagMs)
	}
	_ = json.Unmarshal([]byte(`{"task_name": "a_sync", "lag_ms": "12ms"}`), &raw)
	task := normalizeReplication(raw)
	if task.LagMs != nil || string(task.Extra["lag_ms"]) != `"12ms"` || task.Unreadable["lag_ms"] == "" {
		t.Fatalf("lag_ms %v %v", task.LagMs, task.Unreadable)
	}
	var given Options
	three := int64(3)
	given.DrillLimit = &three
	env := map[string]string{"HW_PROJECT_ID": "0123456789abcdef0123456789abcdef", "HW_AUTH_TOKEN": "t",
		"TAURUSDB_ENDPOINT": "http://127.0.0.1:1", "TAURUSDB_DRILL_LIMIT": "5", "HOME": t.TempDir()}
	getenv := func(name string) string { return env[name] }
	cases := map[*Options]string{{}: "5 environment TAURUSDB_DRILL_LIMIT", &given: "3 argument drill_limit"}
	for options, want := range cases {
		settings, err := ResolveSettings(*options, getenv)
		value := settings.Values["drill_limit"]
		if err != nil || value.Value == nil || want != fmt.Sprint(value.Value)+" "+value.Origin.String() {
			t.Fatalf("drill_limit %v from %v (%v), want %s", value.Value, value.Origin, err, want)
		}
	}
}
"""


def test_an_integer_property_and_a_new_setting_reach_go_with_no_hand_edit(go: str, tmp_path: Path) -> None:
    """The spec drill for Go: an integer property added to openapi.yaml is an exact int64 (and an
    odd-shaped value is kept with its reason), and a setting added to settings.yaml is an Options
    field read from its variable, through scripts/generate-go alone."""
    root = tmp_path / "project"
    for name in ("scripts/generate-go", "scripts/codegen", "clients/go"):
        source, copy = ROOT / name, root / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, copy)
        else:
            shutil.copy2(source, copy)
    (root / ".venv").symlink_to(ROOT / ".venv")
    spec: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    task = spec["components"]["schemas"]["StarRocksReplicationInfo"]
    lag = {"type": "integer", "nullable": True, "description": "Drill: replication lag."}
    task["properties"]["lag_ms"] = lag
    (root / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    declaration: dict[str, Any] = yaml.safe_load((ROOT / "settings.yaml").read_text())
    declaration["settings"]["drill_limit"] = {
        **declaration["settings"]["concurrency"],
        "description": "Drill: a setting added to the declaration.",
        "env": ["TAURUSDB_DRILL_LIMIT"],
        "default": 7,
    }
    (root / "settings.yaml").write_text(yaml.safe_dump(declaration, sort_keys=False))
    run([str(root / "scripts" / "generate-go")], cwd=root)
    (root / "clients/go/drill_test.go").write_text(DRILL_TEST)
    output = run([go, "test", "-count=1", "-run", "TestDrill", "-v", "."], cwd=root / "clients/go")
    assert "--- PASS: TestDrill" in output, output


def test_the_example_lists_the_demo_tasks_with_credentials_from_the_profile_file(
    go: str, emulator: EmulatorServer, tmp_path: Path
) -> None:
    """The vendor SDK's ``~/.huaweicloud/credentials`` (section ``[dev]``, named by
    ``TAURUSDB_PROFILE``) holds the project and the key pair: the Go example lists the demo
    instance with nothing else but the endpoint and the instance in the environment."""
    profile = tmp_path / ".huaweicloud" / "credentials"
    profile.parent.mkdir()
    profile.write_text(
        "[basic]\nak = WRONG-KEY\nsk = wrong\n\n"
        f"[dev]\nproject_id = {emulator.project_id}\n"
        f"ak = {emulator.access_key}\nsk = {emulator.secret_key}\n"
    )
    env = {
        **base_env(),
        "HOME": str(tmp_path),
        "GOPATH": run([go, "env", "GOPATH"], cwd=MODULE).strip(),
        "GOCACHE": run([go, "env", "GOCACHE"], cwd=MODULE).strip(),
        "TAURUSDB_PROFILE": "dev",
        "TAURUSDB_ENDPOINT": emulator.url,
        "TAURUSDB_INSTANCE_ID": DEMO_INSTANCE_ID,
    }
    printed = run([go, "run", "./examples/list-tasks"], cwd=MODULE, env=env)
    assert printed.splitlines() == [task["task_name"] for task in python_listing(emulator, DEMO_INSTANCE_ID)]
    assert emulator.secret_key not in printed
