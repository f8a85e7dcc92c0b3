"""The native provider's two functions, served by the dynamic providers' own reading code.

``getReplications`` and ``getReplication`` are the data-source twins of the resources
``StarRocksReplications`` and ``StarRocksReplication``: their arguments are renamed to those
resources' inputs and handed to the same provider classes, so both surfaces validate, read,
wait, judge and shape outputs with one piece of code. Only the names differ: Pulumi schemas
use camelCase (each SDK maps it to its language's style, ``task_name`` in Python).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taurusdb_replication import ValidationError
from taurusdb_replication.pulumi.provider import ReplicationProvider, ReplicationsProvider, _ReadOnlyProvider

GET_REPLICATIONS = "taurusdb:index:getReplications"
GET_REPLICATION = "taurusdb:index:getReplication"

ARGUMENT_NAMES: dict[str, str] = {
    "instanceId": "instance_id",
    "taskName": "task_name",
    "taskNames": "require_tasks",
    "expectHealthy": "expect_healthy",
    "expectStages": "expect_stage",
    "minPercentage": "min_percentage",
    "waitTimeout": "wait_timeout",
    "waitInterval": "wait_interval",
    "region": "region",
    "endpoint": "endpoint",
    "projectId": "project_id",
}
"""Function argument -> resource input of the dynamic provider that does the work."""

_INPUT_NAMES = {snake: camel for camel, snake in ARGUMENT_NAMES.items()}


class ArgumentError(ValueError):
    """An argument breaks a rule; ``argument`` is its schema name (the invoke's CheckFailure)."""

    def __init__(self, argument: str, rule: str) -> None:
        self.argument = argument
        self.rule = rule
        super().__init__(f"invalid {argument}: {rule}")


def camel(name: str) -> str:
    """``total_count`` -> ``totalCount``: the output names of the schema."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def camel_task(task: Mapping[str, Any]) -> dict[str, Any]:
    """A normalized task with schema names; ``extra`` keeps the wire's own field names."""
    return {camel(key): value for key, value in task.items()}


@dataclass(frozen=True)
class Function:
    """One function of the schema, served by one dynamic provider class."""

    token: str
    reader: type[_ReadOnlyProvider]
    outputs: tuple[str, ...]

    def inputs(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """The dynamic provider's inputs; an argument the function does not take is refused."""
        inputs: dict[str, Any] = {}
        for name, value in args.items():
            snake = ARGUMENT_NAMES.get(name)
            if snake is None or snake not in self.reader.input_keys:
                raise ArgumentError(name, f"is not an argument of {self.token}")
            if value is not None:
                inputs[snake] = value
        return inputs

    def validate(self, reader: _ReadOnlyProvider, inputs: Mapping[str, Any]) -> None:
        """Check every argument before any request, naming it as the schema does."""
        try:
            reader.validate(inputs)
        except ValidationError as exc:
            raise ArgumentError(_INPUT_NAMES.get(exc.field, exc.field), exc.rule) from None

    def result(self, outputs: Mapping[str, Any]) -> dict[str, Any]:
        """The dynamic provider's outputs renamed, and only those the schema declares."""
        renamed = {camel(key): value for key, value in outputs.items()}
        if "replications" in renamed:
            renamed["replications"] = [camel_task(task) for task in renamed["replications"]]
        return {name: renamed.get(name) for name in self.outputs}


def functions(schema: Mapping[str, Any]) -> dict[str, Function]:
    """Every function the schema declares, with the output names it lists."""
    readers: dict[str, type[_ReadOnlyProvider]] = {
        GET_REPLICATIONS: ReplicationsProvider,
        GET_REPLICATION: ReplicationProvider,
    }
    declared = schema["functions"]
    unknown = set(declared) - set(readers)
    if unknown:
        raise ValueError(f"the schema declares functions this provider does not serve: {sorted(unknown)}")
    return {
        token: Function(token, readers[token], tuple(declared[token]["outputs"]["properties"]))
        for token in declared
    }
