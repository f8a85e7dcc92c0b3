"""The spec-evolution drill: a spec change reaches every surface with one command.

On a throw-away copy of the repository (its tracked files, the installed tools linked in) the
drill adds a task property (``delay_seconds``, number or string) and an integer one (``lag_ms``,
integer or string of digits), adds a stage (``repairing``)
and removes an optional property of the page (``ext_text``), runs ``scripts/regenerate`` once,
and then checks every surface: the Python attribute and its normalized type, the CLI's JSON
and CSV, the Pulumi provider's outputs, the emulator's answers and datasets, the TypeScript and
Go types (both compiled by the command), the rendered reference, and the breaking-change check,
which must flag the removal. No file but the spec is edited.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]  # the one command: about 60 s alone

PROPERTY = "delay_seconds"
INTEGER = "lag_ms"
BIG = 9007199254740993  # 2**53 + 1: a double cannot hold it
STAGE = "repairing"
REMOVED = "ext_text"
LINKED = (
    "node_modules",
    "clients/typescript/node_modules",
    "docs/node_modules",
    "tools/hey-api/node_modules",
)
TOOLS = ("go", "node", "git")


def _evolve(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    schemas["StarRocksReplicationInfo"]["properties"][PROPERTY] = {
        "description": "Replication delay in seconds, a JSON number or a string.",
        "anyOf": [
            {"$ref": "#/components/schemas/DecimalNumber"},
            {"$ref": "#/components/schemas/DecimalString"},
        ],
    }
    schemas["StarRocksReplicationInfo"]["properties"][INTEGER] = {
        "description": "Replication lag in milliseconds, a JSON integer or a string of digits.",
        "anyOf": [{"$ref": "#/components/schemas/CountNumber"}, {"$ref": "#/components/schemas/CountString"}],
    }
    stage = schemas["ReplicationStage"]
    stage["enum"] += [STAGE, STAGE.capitalize()]
    stage["x-enum-varnames"] += [STAGE.upper(), f"{STAGE.upper()}_CAPITALISED"]
    del schemas["ReplicationPage"]["properties"][REMOVED]
    for example in spec["paths"].values():
        for response in example["get"]["responses"].values():
            for media in (response.get("content") or {}).values():
                for item in (media.get("examples") or {}).values():
                    if isinstance(item.get("value"), dict):
                        item["value"].pop(REMOVED, None)


def _git(root: Path, *args: str) -> None:
    identity = ["-c", "user.name=drill", "-c", "user.email=drill@localhost", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=root, check=True, capture_output=True)


def _run(root: Path, *command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("API_BASE_REF", None)
    return subprocess.run(
        list(command), cwd=root, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The copy after the spec change and the one command, with the stale check from before it."""
    for tool in TOOLS:
        if shutil.which(tool) is None:
            if os.environ.get("CI"):
                pytest.fail(f"{tool} is not installed (scripts/install-other-toolchains)")
            pytest.skip(f"{tool} is not installed")
    root = tmp_path_factory.mktemp("drill") / "repo"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, tracked.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(ROOT / ".venv")
    for folder in LINKED:
        if (ROOT / folder).is_dir():
            (root / folder).symlink_to(ROOT / folder)
    _git(root, "init", "-q")
    _git(root, "add", "openapi.yaml")
    _git(root, "commit", "-q", "-m", "the spec before the drill")

    spec = yaml.safe_load((root / "openapi.yaml").read_text())
    _evolve(spec)
    (root / "openapi.yaml").write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    stale = _run(root, str(root / "scripts/regenerate"), "--check")
    done = _run(root, str(root / "scripts/regenerate"))
    assert done.returncode == 0, done.stdout + done.stderr
    return root, stale


def _python(root: Path, program: str, *args: str) -> Any:
    """Run ``program`` with the copy's packages first on the path; return what it prints (JSON)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(root / "provider"), str(root / "generated_client")]),
    }
    done = subprocess.run(
        [sys.executable, "-c", program, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_check_named_every_stale_target_before_the_command(drill: tuple[Path, Any]) -> None:
    root, stale = drill
    assert stale.returncode == 1
    for target in (
        "python-client",
        "python-view",
        "emulator-fields",
        "pulumi-schema",
        "pulumi-sdks",  # judged against the schema the spec gives, not the committed one
        "typescript",
        "go",
        "docs",
        "terraform",
    ):
        assert target in stale.stderr.split("stale:")[-1], stale.stderr
    assert _run(root, str(root / "scripts/regenerate"), "--check").returncode == 0


PYTHON_VIEW = """
import json, typing
import taurusdb_replication
from taurusdb_replication import Replication, Stage
from taurusdb_replication._models import REPLICATION_FIELDS
from taurusdb_replication.pulumi._reading import instance_outputs, task_outputs
task = Replication.from_dict({"task_name": "t", "delay_seconds": "4.5", "stage": "Repairing", "brand_new": 1,
                             "lag_ms": "9007199254740993"})
odd = Replication.from_dict({"task_name": "t", "delay_seconds": "12ms", "lag_ms": 1.5})
print(json.dumps({
    "integer_type": str(typing.get_type_hints(Replication)["lag_ms"]),
    "integer": task.lag_ms,
    "integer_output": task_outputs(task)["lag_ms"],
    "odd_values": [odd.delay_seconds, odd.lag_ms],
    "odd_extra": dict(odd.extra),
    "odd_reasons": dict(odd.unreadable),
    "module": taurusdb_replication.__file__,
    "type": str(typing.get_type_hints(Replication)["delay_seconds"]),
    "value": task.delay_seconds,
    "stage_is_member": task.stage is Stage.REPAIRING,
    "extra": dict(task.extra),
    "fields": list(REPLICATION_FIELDS),
    "task_outputs": task_outputs(task),
    "instance_outputs": instance_outputs([task])["replications"],
}))
"""


def test_python_has_the_attribute_with_its_normalized_type_and_pulumi_outputs_carry_it(
    drill: tuple[Path, Any],
) -> None:
    root, _ = drill
    seen = _python(root, PYTHON_VIEW)
    assert seen["module"].startswith(str(root))
    assert seen["type"] == "float | None"
    assert seen["value"] == 4.5
    assert seen["stage_is_member"] is True
    assert seen["extra"] == {"brand_new": 1}
    assert seen["fields"].index(INTEGER) == len(seen["fields"]) - 2  # before extra, after the rest
    assert seen["fields"].index(PROPERTY) == len(seen["fields"]) - 3
    assert seen["integer_type"] == "int | None"
    assert seen["integer"] == BIG
    assert seen["integer_output"] == BIG
    assert seen["odd_values"] == [None, None]  # not read, and not lost:
    assert seen["odd_extra"] == {PROPERTY: "12ms", INTEGER: 1.5}
    assert seen["odd_reasons"] == {
        PROPERTY: "expected a number, got '12ms'",
        INTEGER: "expected an integer, got 1.5",
    }
    assert seen["task_outputs"][PROPERTY] == 4.5
    assert seen["instance_outputs"][0][PROPERTY] == 4.5


EMULATOR_AND_CLI = """
import csv, io, json, os, subprocess, sys
import httpx
from taurusdb_emulator import EmulatorServer, FakeClock, load_dataset
good, bad = sys.argv[1], sys.argv[2]
instance = "0123456789abcdef0123456789abcdefin17"
for path, delay in ((good, "7"), (bad, "soon")):
    with open(path, "w") as handle:
        task = {"task_name": "x", "delay_seconds": delay, "lag_ms": 9007199254740993}
        json.dump({"instances": [{"instance_id": instance, "tasks": [task]}]}, handle)
out = {"from_file": load_dataset(good).instances[instance][0].delay_seconds,
       "integer_from_file": load_dataset(good).instances[instance][0].lag_ms}
try:
    load_dataset(bad)
except ValueError as exc:
    out["refused"] = str(exc)
with EmulatorServer(dataset="large", clock=FakeClock()) as server:
    token = server.issue_token()
    page = f"/v3/{server.project_id}/instances/{server.instance_ids[0]}/starrocks/databases/replication"
    body = httpx.get(server.url + page, params={"limit": 100}, headers={"X-Auth-Token": token}).json()
    out["served"] = sorted({type(t["delay_seconds"]).__name__ for t in body["replications"]})
    out["integer_served"] = sorted({type(t["lag_ms"]).__name__ for t in body["replications"]})
with EmulatorServer(dataset=good, clock=FakeClock()) as server:
    env = {**os.environ, "TAURUSDB_ENDPOINT": server.url, "HW_PROJECT_ID": server.project_id,
           "HW_ACCESS_KEY": server.access_key, "HW_SECRET_KEY": server.secret_key,
           "TAURUSDB_INSTANCE_ID": instance}
    cli = [sys.executable, "-m", "taurusdb_replication.cli", "list", "-o"]
    as_json = subprocess.run([*cli, "json"], env=env, capture_output=True, text=True, timeout=120)
    as_csv = subprocess.run([*cli, "csv"], env=env, capture_output=True, text=True, timeout=120)
    out["json"] = json.loads(as_json.stdout or "null") or as_json.stderr
    out["json_text"] = as_json.stdout
    out["csv_header"] = next(csv.reader(io.StringIO(as_csv.stdout)), as_csv.stderr)
print(json.dumps(out))
"""


def test_the_emulator_serves_it_and_the_cli_json_and_csv_carry_it(
    drill: tuple[Path, Any], tmp_path: Path
) -> None:
    root, _ = drill
    seen = _python(root, EMULATOR_AND_CLI, str(tmp_path / "good.json"), str(tmp_path / "bad.json"))
    assert seen["from_file"] == 7
    assert f"tasks[0]: task 'x'.{PROPERTY}: must be a number" in seen["refused"]
    assert seen["served"] == ["int", "str"]  # both wire forms the spec allows
    assert [task[PROPERTY] for task in seen["json"]["replications"]] == [7.0], seen["json"]
    assert seen["integer_from_file"] == BIG
    assert seen["integer_served"] == ["int", "str"]
    assert f'"{INTEGER}": {BIG}' in seen["json_text"]  # byte for byte, not 9007199254740992
    assert PROPERTY in seen["csv_header"]


def test_typescript_go_and_the_reference_have_it(drill: tuple[Path, Any]) -> None:
    root, _ = drill
    schema = (root / "clients/typescript/src/schema.ts").read_text()
    assert f"{PROPERTY}?:" in schema
    assert f'"{STAGE}"' in schema
    assert REMOVED not in schema
    go = (root / "clients/go/client.gen.go").read_text()
    assert "DelaySeconds *StarRocksReplicationInfo_DelaySeconds" in go
    assert f'ReplicationStage = "{STAGE}"' in go
    reference = (root / "docs/api.html").read_text()
    assert PROPERTY in reference


def test_the_terraform_provider_has_it_typed_and_builds(drill: tuple[Path, Any]) -> None:
    root, _ = drill
    schema = (root / "terraform-provider-taurusdb/internal/provider/schema.gen.go").read_text()
    assert re.search(rf'"{PROPERTY}":\s+schema\.Float64Attribute\{{Computed: true', schema)
    assert f'"{STAGE}",' in schema
    assert f"| `{PROPERTY}` | number |" in (root / "docs/terraform.md").read_text()
    built = _run(root / "terraform-provider-taurusdb", "go", "build", "-o", os.devnull, ".")
    assert built.returncode == 0, built.stderr


def test_the_native_pulumi_schema_and_its_sdks_have_it(drill: tuple[Path, Any]) -> None:
    root, _ = drill
    schema = json.loads((root / "provider/taurusdb_replication/pulumi/native/schema.json").read_text())
    task = schema["types"]["taurusdb:index:Replication"]["properties"]
    assert task["delaySeconds"]["type"] == "number"
    assert task["lagMs"]["type"] == "integer"  # a double in Pulumi: exact to 2**53 (docs/pulumi.md)
    assert "delaySeconds" in (root / "sdk/nodejs/types/output.ts").read_text()
    assert "def delay_seconds(self)" in (root / "sdk/python/pulumi_taurusdb/outputs.py").read_text()
    go = "\n".join(path.read_text() for path in (root / "sdk/go/taurusdb").glob("*.go"))
    assert "DelaySeconds" in go


def test_the_breaking_change_check_flags_the_removal(drill: tuple[Path, Any]) -> None:
    root, _ = drill
    done = _run(root, str(root / "scripts/api-changes"))
    assert done.returncode == 1, done.stdout + done.stderr
    removal = f"`[response-optional-property-removed]` removed the optional property `{REMOVED}`"
    assert f"BREAKING (not recorded): {removal}" in done.stdout
    assert f"added the optional property `replications/items/{PROPERTY}`" in done.stdout
    assert "BREAKING" not in next(line for line in done.stdout.splitlines() if STAGE in line)
