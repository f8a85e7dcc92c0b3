"""``list`` and ``watch`` selectors, applied to one consistent listing: --stage, --unhealthy, --task."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ._proc import plain, run


def _names(stdout: str) -> list[str]:
    return [row["task_name"] for row in json.loads(stdout)["replications"]]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--stage", "full"], ["billing_sync"]),
        (
            ["--stage", "incremental", "--stage", "WAIT"],
            ["orders_sync", "inventory_sync", "payments_sync", "users_sync"],
        ),
        (["--unhealthy"], ["audit_sync", "payments_sync"]),
        (["--task", "users_sync", "--task", "orders_sync"], ["orders_sync", "users_sync"]),
        (["--unhealthy", "--stage", "paused"], ["audit_sync"]),
        (["--task", "no_such_task"], []),
    ],
)
def test_list_filters(env: dict[str, str], args: list[str], names: list[str]) -> None:
    result = run(["list", "-o", "json", *args], env)
    assert result.returncode == 0, result.stderr
    assert _names(result.stdout) == names
    # Selectors change only the list; total_count stays the service's (seven tasks here).
    assert json.loads(result.stdout)["total_count"] == 7


def test_filters_apply_to_csv_and_table_too(env: dict[str, str]) -> None:
    rows = list(csv.DictReader(io.StringIO(run(["list", "-o", "csv", "--unhealthy"], env).stdout)))
    assert [row["task_name"] for row in rows] == ["audit_sync", "payments_sync"]
    table = plain(run(["list", "-o", "table", "--stage", "full"], env).stdout).splitlines()
    assert table[0].endswith(": 1 of 7 replication tasks")
    assert [line.split()[0] for line in table[2:]] == ["billing_sync"]


def test_watch_takes_the_same_selectors(env: dict[str, str]) -> None:
    result = run(
        ["watch", "--iterations", "2", "--interval", "0.05s", "--unhealthy", "--task", "audit_sync"], env
    )
    assert result.returncode == 0, result.stderr
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(documents) == 2
    assert all(_names(json.dumps(document)) == ["audit_sync"] for document in documents)


def test_an_unknown_stage_is_a_usage_error(env: dict[str, str]) -> None:
    result = run(["list", "--stage", "done"], env)
    assert result.returncode == 64
    assert "'done' is not one of" in result.stderr


def test_columns_pick_any_field_of_the_spec_in_order(env: dict[str, str]) -> None:
    result = run(["list", "-o", "table", "--columns", "catchup_percentage,task_name,status"], env)
    assert result.returncode == 0, result.stderr
    lines = plain(result.stdout).splitlines()
    assert lines[1].split() == ["CATCHUP", "PERCENTAGE", "TASK", "STATUS"]
    assert {line.split()[1] for line in lines[2:]} >= {"orders_sync", "billing_sync"}
    default = plain(run(["list", "-o", "table"], env).stdout).splitlines()[1]
    assert default.split()[:2] == ["TASK", "SOURCE"]


def test_watch_takes_columns_too(env: dict[str, str]) -> None:
    result = run(
        ["watch", "-o", "table", "--iterations", "1", "--interval", "0.05s", "--columns", "stage"], env
    )
    assert result.returncode == 0, result.stderr
    assert plain(result.stdout).splitlines()[1].split() == ["STAGE"]


def test_an_unknown_column_names_the_value_and_the_fields(env: dict[str, str]) -> None:
    result = run(["list", "--columns", "task_name,colour"], env)
    assert result.returncode == 64
    assert "'task_name,colour' names 'colour'; use any of: task_name," in result.stderr


def test_columns_keep_only_those_keys_in_json_in_order(env: dict[str, str]) -> None:
    # Piped, the default output is JSON: --columns must not be ignored there.
    result = run(
        ["list", "--exclude", "audit_sync", "--sort-by", "percentage", "--columns", "stage,task_name"], env
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["total_count"] == 7
    tasks = document["replications"]
    assert [list(task) for task in tasks] == [["stage", "task_name"]] * 6
    whole = json.loads(run(["list", "--exclude", "audit_sync", "--sort-by", "percentage"], env).stdout)
    assert [task["task_name"] for task in tasks] == [task["task_name"] for task in whole["replications"]]
    assert [task["stage"] for task in tasks] == [task["stage"] for task in whole["replications"]]
    lines = result.stdout.splitlines()
    assert len(lines) == 3 + 6 + 2  # still one task per line
    assert all(line.startswith('    {"stage": ') for line in lines[3:-2])


def test_columns_apply_to_yaml_and_to_what_query_reads(env: dict[str, str]) -> None:
    result = run(["list", "-o", "yaml", "--task", "orders_sync", "--columns", "percentage,task_name"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2:] == ["- percentage: 100.0", "  task_name: orders_sync"]
    result = run(["list", "--columns", "task_name", "--query", "replications[0]"], env)
    assert json.loads(result.stdout) == {"task_name": "orders_sync"}


def test_watch_json_lines_take_columns_too(env: dict[str, str]) -> None:
    result = run(["watch", "--iterations", "1", "--interval", "0.05s", "--columns", "task_name"], env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["total_count"] == 7
    assert [list(task) for task in document["replications"]] == [["task_name"]] * 7
