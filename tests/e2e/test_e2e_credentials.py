"""Credentials under the real engine: rotation replaces nothing, nothing leaks, destroy is silent.

One stack lives through what an operator does (one module fixture, so the engine runs a handful
of times): ``up`` with a key pair; the key pair is rotated (the emulator restarts on the same
port accepting only the new pair) then ``preview`` and ``up``; the config switches to a token
then ``up``; the state is exported; ``destroy``. The tests then check each step's record and
search every byte the engine wrote or printed for the secret keys and the token.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import dill
import pulumi
import pulumi_taurusdb as taurusdb
import pytest
from pulumi import automation as auto
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, FakeClock
from taurusdb_replication.pulumi import StarRocksReplication, StarRocksReplications

from .engine_harness import (
    DEFAULT_PROVIDER_TYPE,
    DYNAMIC_TYPE_PREFIX,
    REWRITING_OPS,
    SECRET_SIG_KEY,
    EngineTranscript,
    Sandbox,
    change_kinds,
    files_under,
    key_pair_config,
    plain_outputs,
    secrets_in,
    secrets_in_tree,
    state_resources,
    steps,
)

pytestmark = pytest.mark.engine

INSTANCE = DEMO_INSTANCE_ID
FIRST_ACCESS_KEY = "E2EFIRSTACCESSKEY001"
FIRST_SECRET_KEY = "E2eFirstSecretKey-4hQ9ZkVw2mLr7TsXc1Bn"
ROTATED_ACCESS_KEY = "E2EROTATEDACCESSKEY2"
ROTATED_SECRET_KEY = "E2eRotatedSecretKey-Jp3Wx8Nd6Fy0Gq5Hs2"
STACK = "lifecycle"
PROVIDER_MODULE = "taurusdb_replication.pulumi.provider"


def program() -> None:
    """Both resources and the function (an invoke the taurusdb plugin serves with the stack config)."""
    tasks = StarRocksReplications("tasks", instance_id=INSTANCE, require_tasks=["orders_sync"])
    orders = StarRocksReplication(
        "orders", instance_id=INSTANCE, task_name="orders_sync", expect_healthy=True
    )
    listing = taurusdb.get_replications_output(instance_id=INSTANCE)
    pulumi.export("total_count", tasks.total_count)
    pulumi.export("orders_stage", orders.stage)
    pulumi.export("listed", listing.apply(lambda result: len(result.task_names)))


@dataclass
class Lifecycle:
    """What each step of the stack's life produced."""

    first_up: auto.UpResult
    rotated_preview: auto.PreviewResult
    rotated_preview_steps: list[tuple[str, str]]
    rotated_up: auto.UpResult
    rotated_up_steps: list[tuple[str, str]]
    rotated_statuses: list[int]
    token_up: auto.UpResult
    token_up_steps: list[tuple[str, str]]
    token: str
    exported: Mapping[str, Any]
    exported_by_cli: str
    destroy: auto.DestroyResult
    destroy_requests: int
    after_destroy: Mapping[str, Any]
    transcript: EngineTranscript

    @property
    def secrets(self) -> dict[str, str]:
        return {
            "first secret key": FIRST_SECRET_KEY,
            "rotated secret key": ROTATED_SECRET_KEY,
            "token": self.token,
        }


R = TypeVar("R", auto.UpResult, auto.PreviewResult, auto.DestroyResult)


def observed(transcript: EngineTranscript, operation: Callable[..., R]) -> tuple[R, list[tuple[str, str]]]:
    """Run one engine operation, keep everything it reported; its result and its steps."""
    events = EngineTranscript()
    result = operation(on_event=events.on_event, on_output=transcript.on_output)
    transcript.events += events.events
    transcript.record(result.stdout, result.stderr)
    return result, steps(events.events)


def emulator_accepting(access_key: str, secret_key: str, port: int = 0) -> EmulatorServer:
    """The demo emulator accepting this key pair only (the emulator holds one pair)."""
    return EmulatorServer(
        dataset="demo", port=port, clock=FakeClock(), access_key=access_key, secret_key=secret_key
    )


@pytest.fixture(scope="module")
def lifecycle(sandbox: Sandbox) -> Lifecycle:
    transcript = EngineTranscript()
    stack = sandbox.create_stack(STACK, program)
    with emulator_accepting(FIRST_ACCESS_KEY, FIRST_SECRET_KEY) as first:
        port = first.port
        stack.set_all_config(key_pair_config(first, access_key=FIRST_ACCESS_KEY, secret_key=FIRST_SECRET_KEY))
        first_up, _ = observed(transcript, stack.up)
    # Rotation: the service now accepts only the new key pair, at the same endpoint.
    with emulator_accepting(ROTATED_ACCESS_KEY, ROTATED_SECRET_KEY, port=port) as rotated:
        stack.set_all_config(
            key_pair_config(rotated, access_key=ROTATED_ACCESS_KEY, secret_key=ROTATED_SECRET_KEY)
        )
        rotated_preview, rotated_preview_steps = observed(transcript, stack.preview)
        rotated.reset_request_log()
        rotated_up, rotated_up_steps = observed(transcript, stack.up)
        statuses = [request.status for request in rotated.request_log]

        token = rotated.issue_token()
        stack.remove_all_config(["taurusdb:accessKey", "taurusdb:secretKey"])
        stack.set_config("taurusdb:authToken", auto.ConfigValue(token, secret=True))
        token_up, token_up_steps = observed(transcript, stack.up)

        exported = stack.export_stack().deployment or {}
        exported_by_cli = sandbox.export_without_secrets(STACK)
        rotated.reset_request_log()
        destroy, _ = observed(transcript, stack.destroy)
        destroy_requests = len(rotated.request_log)
    return Lifecycle(
        first_up=first_up,
        rotated_preview=rotated_preview,
        rotated_preview_steps=rotated_preview_steps,
        rotated_up=rotated_up,
        rotated_up_steps=rotated_up_steps,
        rotated_statuses=statuses,
        token_up=token_up,
        token_up_steps=token_up_steps,
        token=token,
        exported=exported,
        exported_by_cli=exported_by_cli,
        destroy=destroy,
        destroy_requests=destroy_requests,
        after_destroy=stack.export_stack().deployment or {},
        transcript=transcript,
    )


def assert_nothing_rewritten(summary: Mapping[Any, int] | None, step_list: list[tuple[str, str]]) -> None:
    """Re-reads only: no update or replacement of a resource, and the provider is not replaced."""
    assert not REWRITING_OPS & change_kinds(summary), summary
    resource_ops = {op for op, kind in step_list if kind.startswith(DYNAMIC_TYPE_PREFIX)}
    assert resource_ops == {"read"}, step_list
    provider_ops = {op for op, kind in step_list if kind == DEFAULT_PROVIDER_TYPE}
    assert provider_ops <= {"same", "update"}, step_list  # its inputs are the config


EXPECTED_OUTPUTS = {"total_count": 7, "orders_stage": "incremental", "listed": 7}


def test_up_with_a_key_pair_from_secret_config(lifecycle: Lifecycle) -> None:
    assert plain_outputs(lifecycle.first_up.outputs) == EXPECTED_OUTPUTS


def test_rotating_the_key_pair_replaces_nothing(lifecycle: Lifecycle) -> None:
    assert_nothing_rewritten(lifecycle.rotated_preview.change_summary, lifecycle.rotated_preview_steps)
    assert_nothing_rewritten(lifecycle.rotated_up.summary.resource_changes, lifecycle.rotated_up_steps)


def test_the_rotated_key_pair_is_the_one_used(lifecycle: Lifecycle) -> None:
    # The restarted emulator accepts only the new pair, and served every read: the two resources
    # (in the provider process) and the function (in the program process).
    assert lifecycle.rotated_statuses == [200, 200, 200]
    assert plain_outputs(lifecycle.rotated_up.outputs) == EXPECTED_OUTPUTS


def test_switching_to_a_token_replaces_nothing(lifecycle: Lifecycle) -> None:
    assert_nothing_rewritten(lifecycle.token_up.summary.resource_changes, lifecycle.token_up_steps)
    assert plain_outputs(lifecycle.token_up.outputs) == EXPECTED_OUTPUTS


def _string_leaves(value: Any, in_secret: bool = False) -> Iterator[tuple[str, bool]]:
    """Every string in a decoded JSON value, and whether it sits inside a secret wrapper."""
    if isinstance(value, dict):
        wrapped = in_secret or SECRET_SIG_KEY in value
        for key, item in value.items():
            yield key, wrapped
            yield from _string_leaves(item, wrapped)
    elif isinstance(value, list):
        for item in value:
            yield from _string_leaves(item, in_secret)
    elif isinstance(value, str):
        yield value, in_secret


def test_the_exported_state_holds_no_credential(lifecycle: Lifecycle) -> None:
    # What `pulumi stack export` shows a user: secrets only as ciphertext.
    assert secrets_in(lifecycle.exported_by_cli.encode(), lifecycle.secrets) == []
    # Decrypted (the Automation API exports with --show-secrets): the only credential is the
    # token, inside a secret value, in the default providers' inputs (the engine stores the stack
    # config there: pulumi-python's for the resources, taurusdb's for the function's invoke);
    # nothing in the resources, their __provider blobs or the outputs.
    for resource in lifecycle.exported["resources"]:
        leaks = [
            (text, wrapped)
            for text, wrapped in _string_leaves(resource)
            if secrets_in(text.encode(), lifecycle.secrets)
        ]
        if resource["type"] in (DEFAULT_PROVIDER_TYPE, "pulumi:providers:taurusdb"):
            assert leaks
            assert all(wrapped for _, wrapped in leaks), leaks
        else:
            assert leaks == [], resource["urn"]
    assert secrets_in(json.dumps(lifecycle.exported).encode(), lifecycle.secrets) == ["token"]


def test_the_pickled_providers_are_empty_references(lifecycle: Lifecycle) -> None:
    resources = state_resources(lifecycle.exported, DYNAMIC_TYPE_PREFIX)
    assert set(resources) == {"tasks", "orders"}
    for resource in resources.values():
        for props in (resource["inputs"], resource["outputs"]):
            blob = props["__provider"]
            assert isinstance(blob, str)  # stored in clear text: there is nothing secret in it
            raw = base64.b64decode(blob)
            assert secrets_in(raw, lifecycle.secrets) == []
            provider = dill.loads(raw)  # noqa: S301 - this test's own state
            assert type(provider).__module__ == PROVIDER_MODULE
            assert vars(provider) == {}
            assert len(raw) < 100  # a class reference and an empty dict, nothing else


def test_no_file_the_engine_wrote_holds_a_credential(lifecycle: Lifecycle, sandbox: Sandbox) -> None:
    assert files_under(sandbox.backend)
    assert files_under(sandbox.home)
    assert secrets_in_tree(sandbox.root, lifecycle.secrets) == {}
    # The search does read these files: the first access key (plain config, not a secret) is
    # found in the history the backend keeps.
    assert secrets_in_tree(sandbox.backend, {"access key": FIRST_ACCESS_KEY})


def test_no_engine_message_holds_a_credential(lifecycle: Lifecycle) -> None:
    assert lifecycle.transcript.events
    assert secrets_in(lifecycle.transcript.as_bytes(), lifecycle.secrets) == []


def test_destroy_makes_no_api_call_and_empties_the_state(lifecycle: Lifecycle) -> None:
    assert lifecycle.destroy_requests == 0
    assert set(state_resources(lifecycle.exported, DYNAMIC_TYPE_PREFIX)) == {"tasks", "orders"}
    assert state_resources(lifecycle.after_destroy, DYNAMIC_TYPE_PREFIX) == {}
    assert change_kinds(lifecycle.destroy.summary.resource_changes) <= {"delete", "discard"}
