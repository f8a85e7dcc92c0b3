"""The native provider's two functions: the resources' reads under the schema's names.

``getReplications`` and ``getReplication`` are the data-source twins of the resources
``StarRocksReplications`` and ``StarRocksReplication``: their arguments are renamed to those
resources' inputs and handed to the same :class:`~.._reading.Read`, so every surface
validates, reads, waits, judges and shapes outputs with one piece of code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from taurusdb_replication.pulumi._reading import INSTANCE, TASK, Read
from taurusdb_replication.pulumi._schema import GET_REPLICATION, GET_REPLICATIONS, camel

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
"""Function argument -> resource input (the names ``Read`` validates and reports)."""

INPUT_NAMES = {snake: camel for camel, snake in ARGUMENT_NAMES.items()}

READS: dict[str, Read] = {GET_REPLICATIONS: INSTANCE, GET_REPLICATION: TASK}


class ArgumentError(ValueError):
    """An argument breaks a rule; ``argument`` is its schema name (the invoke's CheckFailure)."""

    def __init__(self, argument: str, rule: str) -> None:
        self.argument = argument
        self.rule = rule
        super().__init__(f"invalid {argument}: {rule}")


def camel_task(task: Mapping[str, Any]) -> dict[str, Any]:
    """A normalized task with schema names; ``extra`` keeps the wire's own field names."""
    return {camel(key): value for key, value in task.items()}


@dataclass(frozen=True)
class Function:
    """One function of the schema, served by one kind of read."""

    token: str
    read: Read
    outputs: tuple[str, ...]

    def inputs(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """The read's inputs; an argument the function does not take is refused."""
        inputs: dict[str, Any] = {}
        for name, value in args.items():
            snake = ARGUMENT_NAMES.get(name)
            if snake is None or snake not in self.read.input_keys:
                raise ArgumentError(name, f"is not an argument of {self.token}")
            if value is not None:
                inputs[snake] = value
        return inputs

    def result(self, outputs: Mapping[str, Any]) -> dict[str, Any]:
        """The read's outputs renamed, and only those the schema declares."""
        renamed = {camel(key): value for key, value in outputs.items()}
        if "replications" in renamed:
            renamed["replications"] = [camel_task(task) for task in renamed["replications"]]
        return {name: renamed.get(name) for name in self.outputs}


def functions(schema: Mapping[str, Any]) -> dict[str, Function]:
    """Every function the schema declares, with the output names it lists."""
    declared = schema["functions"]
    unknown = set(declared) - set(READS)
    if unknown:
        raise ValueError(f"the schema declares functions this provider does not serve: {sorted(unknown)}")
    return {
        token: Function(token, READS[token], tuple(declared[token]["outputs"]["properties"]))
        for token in declared
    }
