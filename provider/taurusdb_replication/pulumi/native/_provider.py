"""The native ``taurusdb`` provider: the package schema, the ``taurusdb:`` config, the invokes.

Unlike the dynamic providers, this one runs as a plugin the engine starts for programs in any
language, so it can serve functions (``Invoke``), which a dynamic provider cannot. It holds the
stack's connection settings in memory only (the engine sends them with ``Configure``, secrets
included); nothing it holds is ever written to the state.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any, cast

from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config as DynamicConfig
from pulumi.provider.provider import CheckFailure, InvokeResult, Provider

from taurusdb_replication import TaurusDBError
from taurusdb_replication.pulumi._errors import ProviderError
from taurusdb_replication.pulumi._settings import ConnectionSettings
from taurusdb_replication.pulumi.provider import _ReadOnlyProvider, plain

from ._functions import ArgumentError, Function, functions

SCHEMA_FILE = "schema.json"


@cache
def schema_text() -> str:
    """The committed package schema (generated from the spec by scripts/codegen/pulumi_schema.py)."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The package schema as data."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


class _StackConfig:
    """The ``taurusdb:`` values of a Configure request, looked up as the dynamic providers do
    (``taurusdb:region``); also what :meth:`check_config` validates."""

    def __init__(self, namespace: str, values: Mapping[str, Any]) -> None:
        self._prefix = f"{namespace}:"
        self._values = dict(values)

    def get(self, key: str) -> object:
        return self._values.get(key.removeprefix(self._prefix))

    def __repr__(self) -> str:
        return f"_StackConfig(keys={sorted(self._values)})"


class TaurusDBProvider(Provider):
    """Serves ``getReplications`` and ``getReplication``; see :mod:`._functions`."""

    def __init__(self) -> None:
        data = schema()
        super().__init__(version=str(data["version"]), schema=schema_text())
        self.package = str(data["name"])
        self.functions: dict[str, Function] = functions(data)
        self.readers: dict[str, _ReadOnlyProvider] = {
            token: function.reader() for token, function in self.functions.items()
        }
        self.configure({})

    def check_config(self, values: Mapping[str, Any]) -> list[CheckFailure]:
        """Problems with the ``taurusdb:`` configuration, named by key (secrets never echoed)."""
        try:
            ConnectionSettings.from_lookup(_StackConfig(self.package, plain(dict(values))).get)
        except TaurusDBError as exc:
            fallback = getattr(exc, "field", f"{self.package}:config")  # a bad value: where it came from
            key = next(iter(getattr(exc, "missing", ()) or ()), fallback)
            return [CheckFailure(str(key).removeprefix(f"{self.package}:"), str(exc))]
        return []

    def configure(self, values: Mapping[str, Any]) -> None:
        """Keep the configuration for the invokes; a bad one fails each invoke, not Configure,
        so ``pulumi destroy`` still works while it is being fixed."""
        config = cast(DynamicConfig, _StackConfig(self.package, plain(dict(values))))
        for reader in self.readers.values():
            reader.configure(ConfigureRequest(config))

    def invoke(self, token: str, args: Mapping[str, Any]) -> InvokeResult:
        """One read; an unmet expectation or a failed read raises :class:`ProviderError`."""
        function = self.functions.get(token)
        if function is None:
            raise ProviderError(f"unknown function {token}; this provider serves {', '.join(self.functions)}")
        reader = self.readers[token]
        try:
            inputs = function.inputs(plain(dict(args)))
            function.validate(reader, inputs)
        except ArgumentError as exc:
            return InvokeResult({}, [CheckFailure(exc.argument, exc.rule)])
        _, outputs = reader.observe(inputs)
        return InvokeResult(function.result(outputs))
