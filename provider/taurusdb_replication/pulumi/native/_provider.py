"""The native ``taurusdb`` provider: the package schema, the ``taurusdb:`` config, the invokes.

Unlike the dynamic providers, this one runs as a plugin the engine starts for programs in any
language, so it can serve functions (``Invoke``), which a dynamic provider cannot. It is
written against ``pulumi.provider.experimental`` (the SDK's provider interface with
``check_config``, ``configure`` and ``invoke`` as overridable methods and a public ``main``),
pinned with the SDK's minor version in pyproject.toml and proven under the real engine by
tests/e2e. It holds the stack's connection settings in memory only (the engine sends them
with ``Configure``, secrets included); nothing it holds is ever written to the state.

Every expected failure of an invoke is returned as the invoke's *failures*, never raised: one
per failing task for an unmet expectation, one naming the argument for a bad argument, one
naming the key for a bad configuration. Each language SDK turns failures into the program's
error without the gRPC status text a raised error would carry (``rpc error: code = Unknown
desc = ...``); only a bug raises, and keeps its Python stack.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    Provider,
)

from taurusdb_replication import ConfigurationError, TaurusDBError, ValidationError
from taurusdb_replication.pulumi._errors import ExpectationError
from taurusdb_replication.pulumi._schema import schema, schema_text
from taurusdb_replication.pulumi._settings import ConnectionSettings

from ._functions import INPUT_NAMES, ArgumentError, Function, functions


def to_python(value: PropertyValue) -> Any:
    """A property value as plain data (secrets unwrapped: inputs here are ids and numbers)."""
    inner = value.value
    if isinstance(inner, Mapping):
        return {key: to_python(item) for key, item in inner.items()}
    if isinstance(inner, list | tuple):
        return [to_python(item) for item in inner]
    return inner


def to_property(value: Any) -> PropertyValue:
    """Plain data as a property value (numbers travel as floats on the wire anyway)."""
    if isinstance(value, Mapping):
        return PropertyValue({key: to_property(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return PropertyValue([to_property(item) for item in value])
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))
    return PropertyValue(value)


def plain_map(values: Mapping[str, PropertyValue]) -> dict[str, Any]:
    return {key: to_python(value) for key, value in values.items()}


class TaurusDBProvider(Provider):
    """Serves ``getReplications`` and ``getReplication``; see :mod:`._functions`."""

    def __init__(self) -> None:
        data = schema()
        self.version = str(data["version"])
        self.package = str(data["name"])
        self.functions: dict[str, Function] = functions(data)
        self.settings = ConnectionSettings()
        self.config_error: str | None = None

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(schema=schema_text())

    def config_failures(self, values: Mapping[str, Any]) -> list[CheckFailure]:
        """Problems with the ``taurusdb:`` configuration, named by key (secrets never echoed)."""
        try:
            ConnectionSettings.from_lookup(values.get)
        except TaurusDBError as exc:
            return [CheckFailure(self.config_key(exc), str(exc))]
        return []

    def config_key(self, error: TaurusDBError) -> str:
        """The key a configuration error is about (without the namespace)."""
        fallback = getattr(error, "field", None) or f"{self.package}:config"  # a bad value: its origin
        missing = getattr(error, "missing", ()) or (fallback,)
        return str(missing[0]).removeprefix(f"{self.package}:")

    async def check_config(self, request: CheckRequest) -> CheckResponse:
        """Validate the ``taurusdb:`` keys; the inputs go back untouched."""
        failures = self.config_failures(plain_map(request.new_inputs))
        return CheckResponse(inputs=request.new_inputs, failures=failures)

    def configure_values(self, values: Mapping[str, Any]) -> None:
        """Keep the configuration for the invokes; a bad one fails each invoke, not Configure,
        so ``pulumi destroy`` still works while it is being fixed."""
        try:
            self.settings, self.config_error = ConnectionSettings.from_lookup(values.get), None
        except TaurusDBError as exc:
            self.settings, self.config_error = ConnectionSettings(), f"stack configuration: {exc}"

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        self.configure_values(plain_map(request.args))
        return ConfigureResponse(accept_secrets=True, accept_resources=True, accept_outputs=True)

    def read_now(self, token: str, args: Mapping[str, Any]) -> tuple[dict[str, Any], list[CheckFailure]]:
        """One read: its outputs, or the failures to report (blocking; see :meth:`invoke`).

        An unmet expectation gives one failure per failing task, its reason the task's line and
        its property the instance (with how long the read waited), which every SDK prints after
        the reason.
        """
        function = self.functions.get(token)
        if function is None:
            served = ", ".join(self.functions)
            return {}, [CheckFailure("token", f"unknown function {token}; this provider serves {served}")]
        if self.config_error is not None:
            return {}, [CheckFailure("config", self.config_error)]
        try:
            inputs = function.inputs(args)
            _, outputs = function.read.observe(self.settings, inputs)
        except ArgumentError as exc:
            return {}, [CheckFailure(exc.argument, exc.rule)]
        except ValidationError as exc:
            return {}, [CheckFailure(INPUT_NAMES.get(exc.field, exc.field), exc.rule)]
        except ExpectationError as exc:
            where = " ".join(filter(None, (f"instance {inputs['instance_id']}", exc.note)))
            return {}, [CheckFailure(where, line) for line in exc.lines]
        except ConfigurationError as exc:
            return {}, [CheckFailure(self.config_key(exc), str(exc))]
        except TaurusDBError as exc:
            return {}, [CheckFailure("instanceId", str(exc))]
        return function.result(outputs), []

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        """Run the read in a worker thread, so a waiting read never stops the server answering."""
        outputs, failures = await asyncio.to_thread(self.read_now, request.tok, plain_map(request.args))
        if failures:
            return InvokeResponse(failures=failures)
        return InvokeResponse(return_value={key: to_property(value) for key, value in outputs.items()})
