"""Named datasets and user files (the format documented in docs/emulator.md)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from taurusdb_emulator import (
    EMPTY_INSTANCE_ID,
    LARGE_INSTANCE_ID,
    Dataset,
    DatasetError,
    EmulatorServer,
    FakeClock,
    Task,
    load_dataset,
)
from taurusdb_emulator.pytest_plugin import EmulatorFactory

from ._helpers import get_page

INSTANCE = "0123456789abcdef0123456789abcdefin17"
YAML_FILE = f"""
project_id: 0123456789abcdef0123456789abcdef
instances:
  - instance_id: {INSTANCE}
    tasks:
      - task_name: orders_sync
        source_database: orders
        target_database: orders_olap
        status: "Yes"
        stage: Incremental
        percentage: "100"
        is_main_task: "true"
        region_hint: cn-north-4
      - task_name: audit_sync
        status: No
        stage: paused
        percentage: 12
        catchup_stage: null
  - instance_id: {"f" * 32}in17
"""


def test_large_and_empty() -> None:
    large = load_dataset("large")
    assert list(large.instances) == [LARGE_INSTANCE_ID]
    tasks = large.instances[LARGE_INSTANCE_ID]
    assert len(tasks) == 10_000
    assert {task.stage for task in tasks} == {"wait", "incremental", "full", "cancelled", "paused"}
    assert load_dataset("large").instances == large.instances  # deterministic
    assert load_dataset("empty").instances == {EMPTY_INSTANCE_ID: []}


def test_yaml_file(tmp_path: Path, taurusdb_emulator_factory: EmulatorFactory, http: httpx.Client) -> None:
    path = tmp_path / "tasks.yaml"
    path.write_text(YAML_FILE, encoding="utf-8")
    server = taurusdb_emulator_factory(dataset=str(path), clock=FakeClock())
    assert server.project_id == "0123456789abcdef0123456789abcdef"
    assert server.instance_ids == [INSTANCE, "f" * 32 + "in17"]
    body = get_page(http, server, server.issue_token()).json()
    orders = body["replications"][0]
    assert orders["stage"] == "Incremental"
    assert orders["is_main_task"] in (True, "true")  # a flag is sent as a boolean or as a string
    assert orders["region_hint"] == "cn-north-4"
    audit = server.tasks(INSTANCE)[1]
    assert (audit.status, audit.stage, audit.percentage, audit.source_database) == ("No", "paused", 12, None)


def test_json_file_and_the_project_id_argument_wins(
    tmp_path: Path, taurusdb_emulator_factory: EmulatorFactory
) -> None:
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps({"instances": [{"instance_id": INSTANCE, "tasks": [{"task_name": "a_b"}]}]}))
    server = taurusdb_emulator_factory(dataset=path, project_id="b" * 32, clock=FakeClock())
    assert server.project_id == "b" * 32
    assert [task.task_name for task in server.tasks(INSTANCE)] == ["a_b"]


def test_a_dataset_object(taurusdb_emulator_factory: EmulatorFactory) -> None:
    dataset = Dataset("mine", {INSTANCE: [Task("one"), Task("two", stage="full", percentage=50)]})
    server = taurusdb_emulator_factory(dataset=dataset, clock=FakeClock())
    assert server.dataset_name == "mine"
    server.advance(2)
    assert server.tasks(INSTANCE)[1].percentage == 60
    assert dataset.instances[INSTANCE][1].percentage == 50  # the caller's object is left alone


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("instances: []", "instances: must be a non-empty list"),
        ("- 1", "top level"),
        ("instances: [{instance_id: short}]", "instances[0].instance_id"),
        (
            f"instances: [{{instance_id: {INSTANCE}, tasks: [{{stage: wait}}]}}]",
            "tasks[0].task_name: is required",
        ),
        (
            f"instances: [{{instance_id: {INSTANCE}, tasks: [{{task_name: a, status: ok}}]}}]",
            "instances[0].tasks[0]: task 'a'.status",
        ),
        (
            f"instances: [{{instance_id: {INSTANCE}, tasks: [{{task_name: a, percentage: 120}}]}}]",
            "percentage",
        ),
        (
            f"instances: [{{instance_id: {INSTANCE}, tasks: [{{task_name: a}}, {{task_name: a}}]}}]",
            "appears twice",
        ),
        (f"project_id: nope\ninstances: [{{instance_id: {INSTANCE}}}]", "project_id"),
        ("instances: [", "not valid JSON/YAML"),
    ],
)
def test_bad_files_name_the_field(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(path)
    assert message in str(caught.value)


def test_unknown_dataset_name() -> None:
    with pytest.raises(DatasetError, match="neither demo, large, empty nor a readable file"):
        EmulatorServer(dataset="huge")
