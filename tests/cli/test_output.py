"""``list``, ``get`` and ``regions`` in every output format, piped and on a terminal."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_FULL_TASK, DEMO_INSTANCE_ID, EmulatorServer, Task
from taurusdb_replication import __version__
from taurusdb_replication._endpoints import REGIONS

from ._proc import Running, plain, run
from .conftest import base_env

KEYS = [
    "task_name",
    "source_database",
    "target_database",
    "status",
    "healthy",
    "stage",
    "percentage",
    "catchup_stage",
    "catchup_percentage",
    "is_need_repair",
    "is_main_task",
    "extra",
]
DEMO_TASKS = [
    "orders_sync",
    "billing_sync",
    "inventory_sync",
    "audit_sync",
    "legacy_sync",
    "payments_sync",
    "users_sync",
]


def test_list_piped_defaults_to_the_documented_json(env: dict[str, str]) -> None:
    result = run(["list"], env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["total_count", "replications"]
    assert document["total_count"] == len(DEMO_TASKS)
    assert [r["task_name"] for r in document["replications"]] == DEMO_TASKS
    for replication in document["replications"]:
        assert list(replication) == KEYS
    billing = document["replications"][1]
    # Normalized values: lower-case stage, numbers, booleans (the wire sends strings).
    assert billing == {
        "task_name": "billing_sync",
        "source_database": "billing",
        "target_database": "billing_olap",
        "status": "Yes",
        "healthy": True,
        "stage": "full",
        "percentage": 60.0,
        "catchup_stage": None,
        "catchup_percentage": 0.0,
        "is_need_repair": False,
        "is_main_task": False,
        "extra": {},
    }
    assert "\x1b[" not in result.stdout
    assert result.stderr == ""


def test_list_json_keeps_fields_the_spec_does_not_know(env: dict[str, str], emulator: EmulatorServer) -> None:
    emulator.add_task(DEMO_INSTANCE_ID, Task("extra_sync", "a_db", "b_db", extra={"sync_mode": "fast"}))
    document = json.loads(run(["list", "--output", "json"], env).stdout)
    assert document["replications"][-1]["extra"] == {"sync_mode": "fast"}
    rows = list(csv.DictReader(io.StringIO(run(["list", "--output", "csv"], env).stdout)))
    assert json.loads(rows[-1]["extra"]) == {"sync_mode": "fast"}
    table = plain(run(["get", "extra_sync", "--output", "table"], env).stdout)
    assert "extra.sync_mode" in table
    assert '"fast"' in table


def test_list_csv_has_the_documented_header_and_plain_values(env: dict[str, str]) -> None:
    result = run(["list", "-o", "csv"], env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == KEYS
    by_name = {row[0]: dict(zip(KEYS, row, strict=True)) for row in rows[1:]}
    assert list(by_name) == DEMO_TASKS
    assert by_name["billing_sync"]["percentage"] == "60"
    assert by_name["billing_sync"]["healthy"] == "true"
    assert by_name["billing_sync"]["catchup_stage"] == ""
    assert by_name["audit_sync"]["healthy"] == "false"
    assert by_name["payments_sync"]["catchup_stage"] == "full"


def test_list_table_when_asked_for_while_piped(env: dict[str, str]) -> None:
    result = run(["list", "--output", "table"], env)
    assert result.returncode == 0, result.stderr
    lines = plain(result.stdout).splitlines()
    assert lines[0].startswith(f"Instance {DEMO_INSTANCE_ID}: 7 replication tasks")
    assert lines[1].split() == [
        "TASK", "SOURCE", "DATABASE", "TARGET", "DATABASE", "HEALTH", "STAGE", "PROGRESS", "CATCH-UP",
        "REPAIR", "MAIN",
    ]  # fmt: skip
    billing = next(line.split() for line in lines if line.startswith("billing_sync"))
    assert billing == ["billing_sync", "billing", "billing_olap", "ok", "full", "60%", "-", "no", "no"]
    audit = next(line.split() for line in lines if line.startswith("audit_sync"))
    assert audit[3] == "ABNORMAL"


def test_list_on_a_terminal_defaults_to_a_table(env: dict[str, str], start: Callable[..., Running]) -> None:
    result = start(["list"], env, tty=True).finish()
    assert result.returncode == 0, result.stderr
    text = plain(result.stdout)
    assert "TASK" in text
    assert "billing_sync" in text
    assert "{" not in text


def test_colours_on_a_terminal_and_none_with_no_color(
    env: dict[str, str], start: Callable[..., Running]
) -> None:
    colour = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m")
    coloured = start(["list"], env, tty=True).finish()
    assert colour.search(coloured.stdout)
    for args, extra in ((["--no-color", "list"], {}), (["list"], {"NO_COLOR": "1"})):
        result = start(args, env | extra, tty=True).finish()
        assert result.returncode == 0
        assert "ABNORMAL" in result.stdout
        assert not colour.search(result.stdout), result.stdout


@pytest.mark.parametrize("fmt", ["json", "csv", "table", None])
def test_get_one_task_in_every_format(env: dict[str, str], fmt: str | None) -> None:
    args = ["get", DEMO_FULL_TASK] + (["--output", fmt] if fmt else [])
    result = run(args, env)
    assert result.returncode == 0, result.stderr
    if fmt in ("json", None):  # piped: JSON by default
        document = json.loads(result.stdout)
        assert list(document) == KEYS
        assert document["task_name"] == DEMO_FULL_TASK
        assert document["stage"] == "full"
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [row["task_name"] for row in rows] == [DEMO_FULL_TASK]
    else:
        fields = dict(line.split(None, 1) for line in plain(result.stdout).splitlines() if line.strip())
        assert fields["task_name"].strip() == DEMO_FULL_TASK
        assert fields["percentage"].strip() == "60%"
        assert fields["healthy"].strip() == "ok"


def test_get_an_unknown_task_is_an_api_error_naming_it(env: dict[str, str]) -> None:
    result = run(["get", "no_such_task"], env)
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "no_such_task" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_regions_need_no_configuration(tmp_path: Path, fmt: str) -> None:
    result = run(["regions", "--output", fmt], base_env(tmp_path))
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        rows = json.loads(result.stdout)["regions"]
        assert {row["region"]: row["endpoint"] for row in rows} == dict(REGIONS)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == len(REGIONS) == 20
        assert {"region": "cn-north-4", "endpoint": REGIONS["cn-north-4"]} in rows
    else:
        assert "https://gaussdb.cn-north-4.myhuaweicloud.com" in result.stdout
        assert "https://gaussdb-mysql.af-south-1.myhuaweicloud.com" in result.stdout


def test_version_and_help(env: dict[str, str]) -> None:
    version = run(["--version"], env)
    assert (version.returncode, version.stdout.strip()) == (0, f"taurusdb-replication {__version__}")
    helped = run(["--help"], env)
    assert helped.returncode == 0
    for word in (
        "list",
        "get",
        "wait",
        "watch",
        "regions",
        "emulator",
        "HW_REGION_NAME",
        "TAURUSDB_ENDPOINT",
    ):
        assert word in helped.stdout
    for command in ("list", "get", "wait", "watch", "regions"):
        assert run([command, "--help"], env).returncode == 0
