"""The native provider's methods (schema, check_config, configure, invoke) against the emulator.

Called in-process as its gRPC server calls them, over loopback HTTP to a real emulator; the
proofs under the real engine (plain ``pulumi up`` of the YAML example) are in tests/e2e.
"""

from __future__ import annotations

import asyncio
import copy
import re
from dataclasses import dataclass
from typing import Any

import pytest
from pulumi.provider.experimental.provider import InvokeRequest
from pulumi_support import DEMO_TASKS, INSTANCE, aksk_config, api_request_count, configured
from taurusdb_emulator import DEMO_FULL_TASK, EmulatorServer
from taurusdb_replication.pulumi._schema import camel
from taurusdb_replication.pulumi._settings import CONFIG_KEYS, SECRET_KEYS
from taurusdb_replication.pulumi.native import (
    ARGUMENT_NAMES,
    GET_REPLICATION,
    GET_REPLICATIONS,
    TaurusDBProvider,
    schema,
)
from taurusdb_replication.pulumi.native._functions import camel_task
from taurusdb_replication.pulumi.native._provider import to_property, to_python
from taurusdb_replication.pulumi.provider import ReplicationProvider, ReplicationsProvider

from scripts.codegen import pulumi_schema
from scripts.codegen.spec_fields import ROOT as REPO
from scripts.codegen.spec_fields import load_spec, view_fields


def native_config(server: EmulatorServer) -> dict[str, Any]:
    """The Configure arguments for the emulator: ``taurusdb:`` keys without the namespace."""
    return {key.removeprefix("taurusdb:"): value for key, value in aksk_config(server).items()}


@dataclass(frozen=True)
class Result:
    """An invoke's answer as the engine receives it: outputs, or failures (property, reason)."""

    outputs: dict[str, Any]
    failures: list[tuple[str, str]]


def invoke(native: TaurusDBProvider, token: str, args: dict[str, Any]) -> Result:
    """Call ``invoke`` exactly as the SDK's server does (property values in and out)."""
    request = InvokeRequest(token, {key: to_property(value) for key, value in args.items()})
    response = asyncio.run(native.invoke(request))
    outputs = {key: to_python(value) for key, value in (response.return_value or {}).items()}
    return Result(outputs, [(f.property, f.reason) for f in response.failures])


def configured_native(server: EmulatorServer, **changes: Any) -> TaurusDBProvider:
    native = TaurusDBProvider()
    native.configure_values({**native_config(server), **changes})
    return native


@pytest.fixture
def provider(emulator: EmulatorServer) -> TaurusDBProvider:
    return configured_native(emulator)


def test_the_committed_schema_is_what_the_spec_generates() -> None:
    assert pulumi_schema.main(["--check"]) == 0
    response = asyncio.run(TaurusDBProvider().get_schema(None))  # type: ignore[arg-type]
    assert response.schema == pulumi_schema.render(pulumi_schema.build_schema())


def test_a_new_spec_property_reaches_the_task_type() -> None:
    spec = copy.deepcopy(load_spec())
    properties = spec["components"]["schemas"]["StarRocksReplicationInfo"]["properties"]
    properties["lag_seconds"] = {"type": "number", "nullable": True, "description": "Replication lag."}
    task = pulumi_schema.build_schema(spec)["types"]["taurusdb:index:Replication"]["properties"]
    assert task["lagSeconds"] == {"type": "number", "description": "Replication lag."}
    assert list(task)[:-1] == [field.camel_name for field in view_fields(spec)], "view order, extra last"


def test_config_variables_are_the_settings_keys_with_secrets_marked() -> None:
    variables = schema()["config"]["variables"]
    assert list(variables) == list(CONFIG_KEYS)
    assert {key for key, shape in variables.items() if shape.get("secret")} == set(SECRET_KEYS)


def test_function_arguments_are_the_dynamic_resources_inputs() -> None:
    functions = schema()["functions"]
    for token, reader in ((GET_REPLICATIONS, ReplicationsProvider), (GET_REPLICATION, ReplicationProvider)):
        arguments = functions[token]["inputs"]["properties"]
        assert {ARGUMENT_NAMES[name] for name in arguments} == set(reader.kind.input_keys), token


def test_get_replications_has_the_dynamic_resources_outputs(
    provider: TaurusDBProvider, emulator: EmulatorServer
) -> None:
    result = invoke(provider, GET_REPLICATIONS, {"instanceId": INSTANCE})
    assert not result.failures
    dynamic = configured(ReplicationsProvider(), aksk_config(emulator))
    _, outs = dynamic.observe({"instance_id": INSTANCE})
    assert result.outputs["replications"] == [camel_task(task) for task in outs["replications"]]
    for name in ("instance_id", "task_names", "total_count", "healthy", "unhealthy_tasks", "stage_counts"):
        assert result.outputs[camel(name)] == outs[name], name
    assert result.outputs["taskNames"] == list(DEMO_TASKS)
    assert set(result.outputs) == set(schema()["functions"][GET_REPLICATIONS]["outputs"]["properties"])


def test_get_replication_returns_the_tasks_fields(provider: TaurusDBProvider) -> None:
    result = invoke(
        provider,
        GET_REPLICATION,
        {"instanceId": INSTANCE, "taskName": "orders_sync", "expectStages": ["Incremental"]},
    )
    assert not result.failures
    assert result.outputs["taskName"] == "orders_sync"
    assert (result.outputs["stage"], result.outputs["healthy"]) == ("incremental", True)
    assert result.outputs["instanceId"] == INSTANCE


def test_an_unmet_expectation_is_one_failure_per_failing_task(provider: TaurusDBProvider) -> None:
    result = invoke(provider, GET_REPLICATIONS, {"instanceId": INSTANCE, "expectHealthy": True})
    where = f"instance {INSTANCE}"
    assert result.failures == [
        (where, "task 'audit_sync': expected status Yes (healthy), read status 'No'"),
        (where, "task 'payments_sync': expected status Yes (healthy), read status 'No'"),
    ]
    assert result.outputs == {}


def test_task_names_limit_the_judgement_and_must_exist(provider: TaurusDBProvider) -> None:
    met = invoke(
        provider,
        GET_REPLICATIONS,
        {"instanceId": INSTANCE, "taskNames": ["orders_sync"], "expectHealthy": True},
    )
    assert met.outputs["totalCount"] == len(DEMO_TASKS), "every task is still read"
    missing = invoke(provider, GET_REPLICATIONS, {"instanceId": INSTANCE, "taskNames": ["nope"]})
    assert [reason.split(" (")[0] for _, reason in missing.failures] == [
        "task 'nope': expected the task to exist, read no such task"
    ]


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ({"instanceId": INSTANCE, "expectStages": ["sideways"]}, "expectStages"),
        ({"instanceId": INSTANCE, "minPercentage": 101}, "minPercentage"),
        ({"instanceId": INSTANCE, "waitTimeout": -1}, "waitTimeout"),
        ({"instanceId": INSTANCE, "expectHealthy": "yes"}, "expectHealthy"),
        ({"instanceId": INSTANCE, "taskName": "orders_sync"}, "taskName"),
        ({}, "instanceId"),
    ],
)
def test_bad_arguments_are_check_failures_named_as_in_the_schema(
    provider: TaurusDBProvider, emulator: EmulatorServer, args: dict[str, Any], argument: str
) -> None:
    emulator.reset_request_log()
    result = invoke(provider, GET_REPLICATIONS, args)
    assert [failure[0] for failure in result.failures] == [argument]
    assert api_request_count(emulator) == 0, "nothing is read with a bad argument"


def test_wait_timeout_waits_until_the_task_catches_up(moving_emulator: EmulatorServer) -> None:
    result = invoke(
        configured_native(moving_emulator),
        GET_REPLICATION,
        {
            "instanceId": INSTANCE,
            "taskName": DEMO_FULL_TASK,
            "expectStages": ["incremental"],
            "waitTimeout": 60,
            "waitInterval": 0.01,
        },
    )
    assert result.outputs["stage"] == "incremental"
    assert api_request_count(moving_emulator) > 2


def test_a_bad_config_fails_the_invoke_and_check_config_names_the_key(emulator: EmulatorServer) -> None:
    native = TaurusDBProvider()
    config = {**native_config(emulator), "maxRetries": -1}
    assert [f.property for f in native.config_failures(config)] == ["maxRetries"]
    assert native.config_failures(native_config(emulator)) == []
    native.configure_values(config)
    [(key, reason)] = invoke(native, GET_REPLICATIONS, {"instanceId": INSTANCE}).failures
    assert key == "config"
    assert "maxRetries" in reason


def test_no_secret_in_failures_or_the_providers_repr(emulator: EmulatorServer) -> None:
    native = TaurusDBProvider()
    config = {**native_config(emulator), "accessKey": None}
    failures = native.config_failures(config)
    assert [f.property for f in failures] == ["accessKey"]
    for text in [repr(native), *(f.reason for f in failures), repr(native.settings)]:
        assert emulator.secret_key not in text


def test_an_unknown_function_or_argument_is_refused(provider: TaurusDBProvider) -> None:
    [(_, reason)] = invoke(provider, "taurusdb:index:nope", {}).failures
    assert reason.startswith("unknown function taurusdb:index:nope")
    result = invoke(provider, GET_REPLICATIONS, {"instanceId": INSTANCE, "colour": "red"})
    assert result.failures[0][0] == "colour"


def test_the_docs_show_the_yaml_example_as_committed() -> None:
    docs = (REPO / "docs" / "pulumi.md").read_text(encoding="utf-8")
    example = (REPO / "examples" / "yaml-replications" / "Pulumi.yaml").read_text(encoding="utf-8")
    assert f"```yaml\n{example}```" in docs


EXAMPLE_PROGRAMS = {
    "typescript": "examples/typescript-native/index.ts",
    "python": "examples/python-native/__main__.py",
    "go": "examples/go-native/main.go",
}


def _dedented_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_docs_language_snippets_are_lines_of_the_programs_the_engine_runs() -> None:
    """docs/pulumi.md's TypeScript, Python and Go lines stand, in order, in the example programs
    that tests/e2e runs under the engine, so they cannot drift from a program that works."""
    docs = (REPO / "docs" / "pulumi.md").read_text(encoding="utf-8")
    section = docs.split("### TypeScript, Python and Go", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"^```(typescript|python|go)\n(.*?)^```", section, flags=re.MULTILINE | re.DOTALL)
    assert {language for language, _ in blocks} == set(EXAMPLE_PROGRAMS)
    for language, body in blocks:
        program = "\n".join(_dedented_lines((REPO / EXAMPLE_PROGRAMS[language]).read_text(encoding="utf-8")))
        assert "\n".join(_dedented_lines(body)) in program, (language, body)


def test_the_readme_yaml_is_part_of_the_example_plain_pulumi_up_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = (REPO / "examples" / "yaml-replications" / "Pulumi.yaml").read_text(encoding="utf-8")
    excerpts = re.findall(r"^```yaml\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)
    assert excerpts
    assert all(excerpt in example for excerpt in excerpts)


def test_iam_password_config_reads_and_a_missing_part_is_named(emulator: EmulatorServer) -> None:
    native = TaurusDBProvider()
    password = {
        "userName": emulator.iam_user,
        "password": emulator.iam_password,
        "domainName": emulator.iam_domain,
    }
    config = {
        "endpoint": emulator.url,
        "projectId": emulator.project_id,
        "authUrl": emulator.iam_url,
        **password,
    }
    assert native.config_failures(config) == []
    native.configure_values(config)
    assert invoke(native, GET_REPLICATIONS, {"instanceId": INSTANCE}).outputs["taskNames"] == list(DEMO_TASKS)
    partial = {key: value for key, value in config.items() if key != "domainName"}
    failures = native.config_failures(partial)
    assert [f.property for f in failures] == ["domainName"]
    assert emulator.iam_password not in failures[0].reason
