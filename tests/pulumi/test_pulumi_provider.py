"""The provider methods (configure/check/diff/create/read/update/delete) against the emulator.

Called in-process exactly as the provider server calls them, over loopback HTTP to a real
emulator. The protocol-level tests repeat the important cases through the real process.
"""

from __future__ import annotations

import base64
import pickle
import pickletools
from typing import Any

import dill
import pytest
from pulumi.dynamic.dynamic import serialize_provider
from pulumi_support import DEMO_TASKS, INSTANCE, MISSING_INSTANCE, aksk_config, api_request_count, configured
from taurusdb_emulator import DEMO_FULL_TASK, EmulatorServer, Faults
from taurusdb_replication.pulumi import ExpectationError, ProviderError
from taurusdb_replication.pulumi.provider import ReplicationProvider, ReplicationsProvider

# The __provider blobs this release writes into stacks. Future releases must still load them
# (the classes are stored by reference): never change these strings, add new ones instead.
GOLDEN_BLOBS = {
    ReplicationsProvider: (
        "gASVRwAAAAAAAACMJHRhdXJ1c2RiX3JlcGxpY2F0aW9uLnB1bHVtaS5wcm92aWRlcpSMFFJlcGxpY2F0aW9uc1Byb3ZpZGVylJOUKYGUfZRiLg=="
    ),
    ReplicationProvider: (
        "gASVRgAAAAAAAACMJHRhdXJ1c2RiX3JlcGxpY2F0aW9uLnB1bHVtaS5wcm92aWRlcpSME1JlcGxpY2F0aW9uUHJvdmlkZXKUk5QpgZR9lGIu"
    ),
}


def outs_of(result: Any) -> dict[str, Any]:
    """The outputs of a ReadResult/CreateResult/UpdateResult (never None here)."""
    assert result.outs is not None
    outs: dict[str, Any] = result.outs
    return outs


@pytest.fixture
def instance_provider(stack_config: dict[str, Any]) -> ReplicationsProvider:
    provider: ReplicationsProvider = configured(ReplicationsProvider(), stack_config)
    return provider


@pytest.fixture
def task_provider(stack_config: dict[str, Any]) -> ReplicationProvider:
    provider: ReplicationProvider = configured(ReplicationProvider(), stack_config)
    return provider


# -- reading -----------------------------------------------------------------------------------


def test_read_reports_every_task_and_the_summary(instance_provider: ReplicationsProvider) -> None:
    result = instance_provider.read(INSTANCE, {"instance_id": INSTANCE})
    outs = result.outs
    assert result.id == INSTANCE
    assert outs is not None
    assert outs["instance_id"] == INSTANCE
    assert outs["task_names"] == list(DEMO_TASKS)
    assert outs["total_count"] == 7
    assert outs["healthy"] is False
    assert outs["unhealthy_tasks"] == ["audit_sync", "payments_sync"]
    assert outs["stage_counts"] == {"wait": 1, "incremental": 3, "full": 1, "cancelled": 1, "paused": 1}
    billing = outs["replications"][1]
    assert billing == {
        "task_name": DEMO_FULL_TASK,
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


def test_read_of_one_task(task_provider: ReplicationProvider) -> None:
    result = task_provider.read("", {"instance_id": INSTANCE, "task_name": "payments_sync"})
    assert result.id == f"{INSTANCE}/payments_sync"
    assert result.outs == {
        "instance_id": INSTANCE,
        "task_name": "payments_sync",
        "source_database": "payments",
        "target_database": "payments_olap",
        "status": "No",
        "healthy": False,
        "stage": "incremental",
        "percentage": 100.0,
        "catchup_stage": "full",
        "catchup_percentage": 20.0,
        "is_need_repair": True,
        "is_main_task": False,
        "extra": {},
    }


def test_an_empty_instance_is_not_healthy_with_zero_tasks(
    emulator: EmulatorServer, stack_config: dict[str, Any]
) -> None:
    for name in [t.task_name for t in emulator.tasks(INSTANCE)]:
        emulator.remove_task(INSTANCE, name)
    provider = configured(ReplicationsProvider(), stack_config)
    outs = outs_of(provider.read(INSTANCE, {"instance_id": INSTANCE}))
    # One rule with Condition.met (tests/vectors/conditions.json): no tasks is not healthy.
    assert (outs["total_count"], outs["healthy"], outs["replications"]) == (0, False, [])


def test_each_read_sees_the_current_state(
    emulator: EmulatorServer, instance_provider: ReplicationsProvider
) -> None:
    first = outs_of(instance_provider.read(INSTANCE, {"instance_id": INSTANCE}))
    emulator.advance(30)  # billing_sync finishes its full sync
    second = outs_of(instance_provider.read(INSTANCE, {"instance_id": INSTANCE}))
    assert first["stage_counts"]["full"] == 1
    assert second["stage_counts"]["full"] == 0
    assert second["replications"][1]["stage"] == "incremental"


def test_refresh_reads_from_prior_outputs(instance_provider: ReplicationsProvider) -> None:
    """On refresh the server passes the old outputs; they carry the inputs, so the read works."""
    outputs = instance_provider.read(
        INSTANCE, {"instance_id": INSTANCE, "require_tasks": ["orders_sync"]}
    ).outs
    assert outputs is not None
    again = outs_of(instance_provider.read(INSTANCE, outputs))
    assert again == outputs


def test_inputs_are_echoed_so_refresh_and_import_keep_them(instance_provider: ReplicationsProvider) -> None:
    inputs = {
        "instance_id": INSTANCE,
        "expect_stage": ["incremental", "full", "wait", "paused", "cancelled"],
        "min_percentage": 0.0,
        "require_tasks": ["orders_sync"],
        "project_id": None,
    }
    outs = outs_of(instance_provider.read(INSTANCE, inputs))
    assert outs is not None
    assert {k: outs[k] for k in ("expect_stage", "min_percentage", "require_tasks")} == {
        "expect_stage": inputs["expect_stage"],
        "min_percentage": 0.0,
        "require_tasks": ["orders_sync"],
    }
    assert "project_id" not in outs


def test_secret_wrapped_inputs_are_read_as_plain_values(instance_provider: ReplicationsProvider) -> None:
    wrapped = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": INSTANCE}
    assert outs_of(instance_provider.read(INSTANCE, {"instance_id": wrapped}))["total_count"] == 7


def test_per_resource_location_overrides_the_config(emulator: EmulatorServer) -> None:
    config = aksk_config(emulator) | {
        "taurusdb:endpoint": "http://127.0.0.1:9",
        "taurusdb:projectId": "b" * 32,
    }
    provider = configured(ReplicationsProvider(), config)
    inputs = {"instance_id": INSTANCE, "endpoint": emulator.url, "project_id": emulator.project_id}
    assert outs_of(provider.read(INSTANCE, inputs))["total_count"] == 7


# -- expectations --------------------------------------------------------------------------------


def test_met_expectations_pass(task_provider: ReplicationProvider) -> None:
    inputs = {
        "instance_id": INSTANCE,
        "task_name": "orders_sync",
        "expect_healthy": True,
        "expect_stage": ["incremental"],
        "min_percentage": 100.0,
    }
    assert outs_of(task_provider.read("", inputs))["stage"] == "incremental"


def test_unmet_expectations_fail_with_one_message(task_provider: ReplicationProvider) -> None:
    inputs = {
        "instance_id": INSTANCE,
        "task_name": DEMO_FULL_TASK,
        "expect_stage": ["incremental"],
        "min_percentage": 100.0,
    }
    with pytest.raises(ExpectationError) as caught:
        task_provider.read("", inputs)
    assert str(caught.value) == (
        f"task 'billing_sync' of instance {INSTANCE}: replication expectations not met: "
        "task 'billing_sync': expected stage incremental and percentage >= 100, "
        "read stage full, percentage 60"
    )


def test_instance_expectations_judge_every_task(instance_provider: ReplicationsProvider) -> None:
    with pytest.raises(ExpectationError) as caught:
        instance_provider.read(INSTANCE, {"instance_id": INSTANCE, "expect_healthy": True})
    assert [v.task for v in caught.value.violations] == ["audit_sync", "payments_sync"]
    # One line per failing task: its name, what was expected, what was read.
    lines = str(caught.value).splitlines()
    assert lines[0] == f"instance {INSTANCE}: replication expectations not met:"
    assert [line.split(":", 1)[0] for line in lines[1:]] == [
        "  - task 'audit_sync'",
        "  - task 'payments_sync'",
    ]
    assert all("expected status Yes (healthy), read status" in line for line in lines[1:])


def test_required_tasks_are_the_ones_judged(instance_provider: ReplicationsProvider) -> None:
    inputs = {"instance_id": INSTANCE, "expect_healthy": True, "require_tasks": ["orders_sync", "users_sync"]}
    assert outs_of(instance_provider.read(INSTANCE, inputs))["total_count"] == 7
    with pytest.raises(ExpectationError, match="task 'gone_sync': expected the task to exist"):
        instance_provider.read(INSTANCE, {**inputs, "require_tasks": ["orders_sync", "gone_sync"]})


def test_a_missing_task_fails_the_single_task_read(task_provider: ReplicationProvider) -> None:
    with pytest.raises(ExpectationError, match="task 'nope': expected the task to exist, read no such task"):
        task_provider.read("", {"instance_id": INSTANCE, "task_name": "nope"})


def test_bad_inputs_fail_before_any_request(
    emulator: EmulatorServer, instance_provider: ReplicationsProvider
) -> None:
    emulator.reset_request_log()
    with pytest.raises(ProviderError, match="invalid expect_stage: 'done' is not a stage"):
        instance_provider.read(INSTANCE, {"instance_id": INSTANCE, "expect_stage": ["done"]})
    with pytest.raises(ProviderError, match="invalid instance_id: is required"):
        instance_provider.read(INSTANCE, {})
    with pytest.raises(ProviderError, match="invalid instance_id: must be exactly 36 letters or digits"):
        instance_provider.read(INSTANCE, {"instance_id": "../../etc"})
    assert api_request_count(emulator) == 0


# -- waiting -------------------------------------------------------------------------------------


def test_wait_timeout_waits_until_the_task_catches_up(moving_emulator: EmulatorServer) -> None:
    provider = configured(ReplicationProvider(), aksk_config(moving_emulator))
    inputs = {
        "instance_id": INSTANCE,
        "task_name": DEMO_FULL_TASK,
        "expect_stage": ["incremental"],
        "wait_timeout": 60.0,
        "wait_interval": 0.01,
    }
    outs = outs_of(provider.read("", inputs))
    assert (outs["stage"], outs["percentage"]) == ("incremental", 100.0)
    assert api_request_count(moving_emulator) > 1  # it polled


def test_wait_on_the_instance_with_several_stages(moving_emulator: EmulatorServer) -> None:
    provider = configured(ReplicationsProvider(), aksk_config(moving_emulator))
    inputs = {
        "instance_id": INSTANCE,
        "require_tasks": [DEMO_FULL_TASK, "orders_sync"],
        "expect_stage": ["incremental", "full"],
        "min_percentage": 100.0,
        "wait_timeout": 60.0,
        "wait_interval": 0.01,
    }
    outs = outs_of(provider.read(INSTANCE, inputs))
    assert outs["total_count"] == 7
    assert outs["replications"][1]["percentage"] == 100.0


def test_wait_timeout_fails_naming_what_was_last_read(
    emulator: EmulatorServer, task_provider: ReplicationProvider
) -> None:
    inputs = {
        "instance_id": INSTANCE,
        "task_name": "inventory_sync",
        "expect_stage": "incremental",
        "wait_timeout": 0.05,
        "wait_interval": 0.01,
    }
    with pytest.raises(ExpectationError) as caught:
        task_provider.read("", inputs)
    assert str(caught.value) == (
        f"task 'inventory_sync' of instance {INSTANCE}: "
        "replication expectations not met after waiting 0.05s: "
        "task 'inventory_sync': expected stage incremental, read stage wait"
    )


def test_wait_stops_at_once_when_a_task_turns_abnormal(
    emulator: EmulatorServer, task_provider: ReplicationProvider
) -> None:
    emulator.reset_request_log()
    inputs = {
        "instance_id": INSTANCE,
        "task_name": "audit_sync",
        "expect_healthy": True,
        "wait_timeout": 3600.0,
        "wait_interval": 60.0,
    }
    with pytest.raises(
        ExpectationError, match=r"not met \(stopped waiting\): task 'audit_sync': expected status Yes"
    ):
        task_provider.read("", inputs)
    assert api_request_count(emulator) == 1


def test_wait_for_a_task_that_does_not_exist_yet(
    emulator: EmulatorServer, task_provider: ReplicationProvider
) -> None:
    inputs = {"instance_id": INSTANCE, "task_name": "new_sync", "wait_timeout": 0.05, "wait_interval": 0.01}
    with pytest.raises(ExpectationError, match="task 'new_sync': expected the task to exist"):
        task_provider.read("", inputs)


# -- API and configuration errors ----------------------------------------------------------------


def test_api_errors_are_readable_and_carry_the_request_id(instance_provider: ReplicationsProvider) -> None:
    with pytest.raises(ProviderError) as caught:
        instance_provider.read(MISSING_INSTANCE, {"instance_id": MISSING_INSTANCE})
    message = str(caught.value)
    assert message.startswith(
        f"reading instance {MISSING_INSTANCE}: DBS.200022: Instance not found. (HTTP 400)"
    )
    assert "[request id: " in message
    assert "[request id: none]" not in message


def test_wrong_secret_key_fails_without_showing_it(emulator: EmulatorServer) -> None:
    wrong = "wrong-Secret-Key-0123456789"
    provider = configured(ReplicationsProvider(), aksk_config(emulator) | {"taurusdb:secretKey": wrong})
    with pytest.raises(ProviderError) as caught:
        provider.read(INSTANCE, {"instance_id": INSTANCE})
    assert "APIGW.0301" in str(caught.value)
    assert "request id" in str(caught.value)
    assert wrong not in str(caught.value)
    assert wrong not in repr(caught.value)


def test_server_errors_are_retried_then_reported(
    emulator: EmulatorServer, stack_config: dict[str, Any]
) -> None:
    emulator.set_faults(Faults(error_503_rate=1.0))
    provider = configured(ReplicationsProvider(), stack_config | {"taurusdb:maxRetries": "1"})
    with pytest.raises(ProviderError, match=r"\(HTTP 503\) after 2 attempts \[request id: "):
        provider.read(INSTANCE, {"instance_id": INSTANCE})
    assert api_request_count(emulator) == 2


def test_a_broken_config_fails_reads_but_never_delete(emulator: EmulatorServer) -> None:
    provider = configured(ReplicationsProvider(), {"taurusdb:accessKey": "AK", "taurusdb:maxRetries": "lots"})
    with pytest.raises(
        ProviderError, match="stack configuration: invalid taurusdb:maxRetries 'lots': must be an integer"
    ):
        provider.read(INSTANCE, {"instance_id": INSTANCE})
    emulator.reset_request_log()
    provider.delete(INSTANCE, {"instance_id": INSTANCE})
    assert api_request_count(emulator) == 0


def test_without_configure_the_environment_is_used(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAURUSDB_ENDPOINT", emulator.url)
    monkeypatch.setenv("HW_PROJECT_ID", emulator.project_id)
    monkeypatch.setenv("HW_AUTH_TOKEN", emulator.issue_token())
    assert outs_of(ReplicationsProvider().read(INSTANCE, {"instance_id": INSTANCE}))["total_count"] == 7


def test_no_credentials_anywhere_is_a_clear_error(emulator: EmulatorServer) -> None:
    provider = configured(
        ReplicationsProvider(), {"taurusdb:endpoint": emulator.url, "taurusdb:projectId": emulator.project_id}
    )
    with pytest.raises(ProviderError, match=f"instance {INSTANCE}: no credentials: set HW_ACCESS_KEY"):
        provider.read(INSTANCE, {"instance_id": INSTANCE})


# -- check / diff / create / update / delete -----------------------------------------------------


def test_check_returns_one_failure_naming_the_field() -> None:
    provider = ReplicationsProvider()
    good = {"instance_id": INSTANCE, "expect_stage": ["incremental"]}
    assert provider.check({}, good).failures == []
    result = provider.check({}, {"instance_id": INSTANCE, "min_percentage": 120})
    assert [(f.property, f.reason) for f in result.failures] == [
        ("min_percentage", "must be a number from 0 to 100")
    ]
    assert result.inputs["min_percentage"] == 120
    (failure,) = ReplicationProvider().check({}, {"instance_id": INSTANCE}).failures
    assert (failure.property, failure.reason) == ("task_name", "is required")


def test_diff_never_replaces_and_ignores_outputs() -> None:
    provider = ReplicationsProvider()
    olds = {"instance_id": INSTANCE, "total_count": 7, "__provider": "a"}
    same = provider.diff(INSTANCE, olds, {"instance_id": INSTANCE, "__provider": "a"})
    assert (same.changes, same.replaces) == (False, [])
    changed = provider.diff(INSTANCE, olds, {"instance_id": INSTANCE, "expect_healthy": True})
    assert (changed.changes, changed.replaces, changed.delete_before_replace) == (True, [], False)
    moved = provider.diff(INSTANCE, olds, {"instance_id": MISSING_INSTANCE})
    assert moved.replaces == []


def test_create_and_update_read_like_read(instance_provider: ReplicationsProvider) -> None:
    created = instance_provider.create({"instance_id": INSTANCE})
    assert created.id == INSTANCE
    assert created.outs == outs_of(instance_provider.read(INSTANCE, {"instance_id": INSTANCE}))
    updated = instance_provider.update(INSTANCE, {"instance_id": INSTANCE}, {"instance_id": INSTANCE})
    assert updated.outs == created.outs


def test_delete_makes_no_request(emulator: EmulatorServer, instance_provider: ReplicationsProvider) -> None:
    emulator.reset_request_log()
    instance_provider.delete(INSTANCE, {"instance_id": INSTANCE, "total_count": 7})
    ReplicationProvider().delete("", {})
    assert emulator.request_log == []


# -- pickling --------------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [ReplicationsProvider, ReplicationProvider])
def test_the_provider_is_pickled_by_reference_with_no_state(
    cls: type[Any], stack_config: dict[str, Any]
) -> None:
    blob = serialize_provider(cls())
    raw = base64.b64decode(blob)
    globals_ = [
        arg for op, arg, _ in pickletools.genops(raw) if op.name in ("SHORT_BINUNICODE", "BINUNICODE")
    ]
    assert globals_ == ["taurusdb_replication.pulumi.provider", cls.__name__]
    assert len(raw) < 100
    # configure stores settings (credentials included) on the instance; pickling drops them.
    configured_blob = serialize_provider(configured(cls(), stack_config))
    assert configured_blob == blob
    assert stack_config["taurusdb:secretKey"].encode() not in base64.b64decode(configured_blob)


@pytest.mark.parametrize(("cls", "blob"), GOLDEN_BLOBS.items())
def test_blobs_in_existing_stacks_still_load(cls: type[Any], blob: str) -> None:
    provider = dill.loads(base64.b64decode(blob))  # noqa: S301 - our own constant
    assert type(provider) is cls
    assert provider.__dict__ == {}
    assert serialize_provider(cls()) == blob


def test_a_configured_provider_pickles_to_nothing(stack_config: dict[str, Any]) -> None:
    provider = configured(ReplicationsProvider(), stack_config)
    assert "_configured" in provider.__dict__
    clone = pickle.loads(pickle.dumps(provider))  # noqa: S301 - pickled just above
    assert clone.__dict__ == {}
