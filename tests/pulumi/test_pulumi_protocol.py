"""The real provider process (``python -m pulumi.dynamic``) driven over gRPC as the engine does.

Configure carries the stack config with secrets wrapped, Read carries the inputs twice (a read
step) or the old outputs (a refresh), errors come back as the gRPC details the engine prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from provider_harness import (
    PROVIDER_KEY,
    UNKNOWN,
    DynamicProviderProcess,
    call_error,
    clean_environment,
    provider_blob,
    urn,
)
from pulumi.runtime.proto import provider_pb2
from pulumi_support import DEMO_TASKS, INSTANCE, MISSING_INSTANCE, aksk_config, api_request_count
from taurusdb_emulator import DEMO_FULL_TASK, EmulatorServer
from taurusdb_replication.pulumi.provider import ReplicationProvider, ReplicationsProvider

SECRET_KEYS = {"taurusdb:secretKey", "taurusdb:authToken", "taurusdb:securityToken"}
INSTANCE_URN = urn("StarRocksReplications", "tasks")
TASK_URN = urn("StarRocksReplication", "billing")
INSTANCES_BLOB = provider_blob(ReplicationsProvider())
TASK_BLOB = provider_blob(ReplicationProvider())


def instance_inputs(**extra: Any) -> dict[str, Any]:
    return {"instance_id": INSTANCE, PROVIDER_KEY: INSTANCES_BLOB, **extra}


def task_inputs(task_name: str, **extra: Any) -> dict[str, Any]:
    return {"instance_id": INSTANCE, "task_name": task_name, PROVIDER_KEY: TASK_BLOB, **extra}


@pytest.fixture
def process() -> Iterator[DynamicProviderProcess]:
    with DynamicProviderProcess() as started:
        yield started


@pytest.fixture
def configured_process(
    process: DynamicProviderProcess, stack_config: dict[str, Any]
) -> DynamicProviderProcess:
    process.configure(stack_config, secret_keys=SECRET_KEYS)
    return process


def test_configure_declines_secrets_like_every_python_dynamic_provider(
    process: DynamicProviderProcess, stack_config: dict[str, Any]
) -> None:
    response = process.configure(stack_config, secret_keys=SECRET_KEYS)
    assert response.acceptSecrets is False


def test_read_step_returns_the_tasks(
    configured_process: DynamicProviderProcess, emulator: EmulatorServer
) -> None:
    resource_id, outs = configured_process.read(INSTANCE_URN, INSTANCE, instance_inputs())
    assert resource_id == INSTANCE
    assert outs["task_names"] == list(DEMO_TASKS)
    assert outs["total_count"] == 7
    assert outs["healthy"] is False
    assert outs["stage_counts"] == {"wait": 1, "incremental": 3, "full": 1, "cancelled": 1, "paused": 1}
    assert outs["replications"][0]["task_name"] == "orders_sync"
    assert outs[PROVIDER_KEY] == INSTANCES_BLOB
    assert emulator.request_log[-1].status == 200


def test_read_of_one_task_and_a_refresh_from_its_outputs(configured_process: DynamicProviderProcess) -> None:
    inputs = task_inputs("orders_sync", expect_stage=["incremental"], expect_healthy=True)
    resource_id, outs = configured_process.read(TASK_URN, f"{INSTANCE}/orders_sync", inputs)
    assert resource_id == f"{INSTANCE}/orders_sync"
    assert (outs["stage"], outs["percentage"], outs["status"], outs["healthy"]) == (
        "incremental",
        100,
        "Yes",
        True,
    )
    assert (outs["source_database"], outs["target_database"]) == ("orders", "orders_olap")
    refreshed_id, refreshed = configured_process.read(TASK_URN, resource_id, inputs, state=outs)
    assert (refreshed_id, refreshed) == (resource_id, outs)


def test_every_read_sees_the_current_state(
    configured_process: DynamicProviderProcess, emulator: EmulatorServer
) -> None:
    _, before = configured_process.read(TASK_URN, "x", task_inputs(DEMO_FULL_TASK))
    emulator.advance(30)
    _, after = configured_process.read(TASK_URN, "x", task_inputs(DEMO_FULL_TASK))
    assert (before["stage"], after["stage"]) == ("full", "incremental")


def test_an_unmet_expectation_is_the_error_the_engine_prints(
    configured_process: DynamicProviderProcess,
) -> None:
    error = call_error(
        configured_process.read, TASK_URN, "x", task_inputs(DEMO_FULL_TASK, expect_stage=["incremental"])
    )
    assert error.code == grpc.StatusCode.UNKNOWN
    # The SDK's dynamic-provider server sends any failure as its traceback (pulumi.dynamic.__main__,
    # _abort_with_traceback); the message is its last line.
    assert error.details.startswith("Traceback (most recent call last):")
    assert error.message == (
        f"task 'billing_sync' of instance {INSTANCE}: replication expectations not met: "
        "task 'billing_sync': expected stage incremental, read stage full"
    )


def test_api_errors_arrive_readable_with_the_request_id(configured_process: DynamicProviderProcess) -> None:
    inputs = instance_inputs(instance_id=MISSING_INSTANCE)
    error = call_error(configured_process.read, INSTANCE_URN, MISSING_INSTANCE, inputs)
    assert error.message.startswith(f"reading instance {MISSING_INSTANCE}: DBS.200022: Instance not found.")
    assert "[request id: " in error.details


def test_a_wrong_key_is_reported_without_echoing_any_secret(
    process: DynamicProviderProcess, emulator: EmulatorServer
) -> None:
    wrong = "Wrong-Secret-Key-For-This-Test-42"
    process.configure(aksk_config(emulator) | {"taurusdb:secretKey": wrong}, secret_keys=SECRET_KEYS)
    error = call_error(process.read, INSTANCE_URN, INSTANCE, instance_inputs())
    assert "APIGW.0301" in error.details
    assert "[request id: " in error.details
    assert wrong not in error.details
    assert wrong not in process.stderr_text()


def test_secrets_are_never_echoed_back(
    configured_process: DynamicProviderProcess, stack_config: dict[str, Any]
) -> None:
    secret = stack_config["taurusdb:secretKey"]
    raw = configured_process.read_raw(INSTANCE_URN, INSTANCE, instance_inputs())
    _, created = configured_process.create(INSTANCE_URN, instance_inputs())
    inputs, _ = configured_process.check(INSTANCE_URN, instance_inputs())
    error = call_error(configured_process.read, INSTANCE_URN, INSTANCE, instance_inputs(expect_healthy=True))
    for text in (raw.decode("utf-8", "replace"), repr(created), repr(inputs), error.details):
        assert secret not in text
    assert secret not in configured_process.stderr_text()


def test_a_token_from_secret_config(process: DynamicProviderProcess, emulator: EmulatorServer) -> None:
    token = emulator.issue_token()
    config = {
        "taurusdb:endpoint": emulator.url,
        "taurusdb:projectId": emulator.project_id,
        "taurusdb:authToken": token,
    }
    process.configure(config, secret_keys=SECRET_KEYS)
    raw = process.read_raw(INSTANCE_URN, INSTANCE, instance_inputs())
    assert b"billing_sync" in raw
    assert token.encode() not in raw


def test_the_environment_chain_when_the_config_is_empty(emulator: EmulatorServer) -> None:
    env = clean_environment(
        {
            "TAURUSDB_ENDPOINT": emulator.url,
            "HW_PROJECT_ID": emulator.project_id,
            "HW_ACCESS_KEY": emulator.access_key,
            "HW_SECRET_KEY": emulator.secret_key,
        }
    )
    with DynamicProviderProcess(env=env) as process:
        process.configure({"other:key": "value"})
        _, outs = process.read(INSTANCE_URN, INSTANCE, instance_inputs())
    assert outs["total_count"] == 7


def test_rotating_the_key_changes_nothing_the_engine_compares(emulator: EmulatorServer) -> None:
    """Same inputs and provider blob before and after rotation: Diff says none, no replacement."""
    first_config = aksk_config(emulator)
    rotated = {k: v for k, v in first_config.items() if "Key" not in k} | {
        "taurusdb:authToken": emulator.issue_token()
    }
    with DynamicProviderProcess() as before:
        before.configure(first_config, secret_keys=SECRET_KEYS)
        checked_before, _ = before.check(INSTANCE_URN, instance_inputs())
        id_before, outs_before = before.read(INSTANCE_URN, INSTANCE, instance_inputs())
    with DynamicProviderProcess() as after:
        after.configure(rotated, secret_keys=SECRET_KEYS)
        checked_after, _ = after.check(INSTANCE_URN, instance_inputs())
        id_after, outs_after = after.read(INSTANCE_URN, INSTANCE, instance_inputs())
        diff = after.diff(INSTANCE_URN, INSTANCE, outs_before, checked_after)
    assert checked_before == checked_after
    assert (id_before, outs_before) == (id_after, outs_after)
    assert diff.changes == provider_pb2.DiffResponse.DIFF_NONE
    assert list(diff.replaces) == []


def test_check_reports_bad_inputs_as_failures(configured_process: DynamicProviderProcess) -> None:
    _, failures = configured_process.check(
        INSTANCE_URN, instance_inputs(expect_stage=["done"], min_percentage=100)
    )
    assert failures == [
        ("expect_stage", "'done' is not a stage; use one of wait, incremental, full, cancelled, paused")
    ]


def test_create_returns_the_id_and_outputs(configured_process: DynamicProviderProcess) -> None:
    resource_id, outs = configured_process.create(TASK_URN, task_inputs("users_sync"))
    assert resource_id == f"{INSTANCE}/users_sync"
    assert (outs["stage"], outs["catchup_stage"]) == ("incremental", "wait")


def test_diff_of_changed_inputs_never_replaces(configured_process: DynamicProviderProcess) -> None:
    diff = configured_process.diff(
        INSTANCE_URN,
        INSTANCE,
        instance_inputs(),
        instance_inputs(instance_id=MISSING_INSTANCE, expect_healthy=True),
    )
    assert diff.changes == provider_pb2.DiffResponse.DIFF_SOME
    assert list(diff.replaces) == []
    assert diff.deleteBeforeReplace is False


def test_delete_never_calls_the_api_and_never_fails(emulator: EmulatorServer) -> None:
    with DynamicProviderProcess() as process:
        process.configure({"taurusdb:maxRetries": "not a number", "taurusdb:accessKey": "AK"})
        emulator.reset_request_log()
        process.delete(INSTANCE_URN, INSTANCE, instance_inputs(total_count=7))
        process.delete(TASK_URN, "x", task_inputs("orders_sync"))
        error = call_error(process.read, INSTANCE_URN, INSTANCE, instance_inputs())
    assert api_request_count(emulator) == 0
    assert error.message.startswith(
        "stack configuration: invalid taurusdb:maxRetries 'not a number': must be an integer"
    )


def test_unknown_inputs_in_a_preview_read_are_ignored(configured_process: DynamicProviderProcess) -> None:
    """The engine sends unknowns for Output inputs not resolved yet; the read still runs."""
    _, outs = configured_process.read(TASK_URN, "x", task_inputs(DEMO_FULL_TASK, min_percentage=UNKNOWN))
    assert outs["percentage"] == 60


def test_wait_timeout_in_the_provider_process(moving_emulator: EmulatorServer) -> None:
    with DynamicProviderProcess() as process:
        process.configure(aksk_config(moving_emulator), secret_keys=SECRET_KEYS)
        inputs = task_inputs(
            DEMO_FULL_TASK, expect_stage=["incremental"], wait_timeout=60, wait_interval=0.01
        )
        _, outs = process.read(TASK_URN, "x", inputs)
    assert (outs["stage"], outs["percentage"]) == ("incremental", 100)
