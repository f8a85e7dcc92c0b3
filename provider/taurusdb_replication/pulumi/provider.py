"""The dynamic providers behind :class:`StarRocksReplications` and :class:`StarRocksReplication`.

Compatibility contract: a stack's state stores each provider as a dill pickle *by reference*,
i.e. the names ``taurusdb_replication.pulumi.provider.ReplicationsProvider`` and
``...ReplicationProvider`` and an empty instance dict. Keep these names (and this module)
importable forever; everything else may change between releases without breaking stacks.

The providers hold nothing when pickled (``__getstate__`` drops whatever ``configure`` stored),
so no credential or client can reach the state. Credentials arrive in the provider process
only: through ``configure`` (the engine sends the stack configuration, secrets unwrapped by the
server) or the environment.

Reading, judging and shaping outputs is :class:`~._reading.Read`'s, shared with the native
plugin's functions. A failure is raised as a :class:`ProviderError`; the SDK's dynamic-provider
server reports it as its Python traceback, whose last line is the message (the native
functions report clean lines, see ``native/_provider.py``).

The resources are *read* resources (``ResourceOptions(id=...)``): the engine calls ``read`` on
every preview and update and never ``delete``. ``check``/``diff``/``create``/``update`` are
implemented for completeness and for engines or tools that register instead of read; they
never ask for a replacement, and ``delete`` never calls the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pulumi.runtime import rpc

from taurusdb_replication import TaurusDBError, ValidationError

from ._errors import ProviderError
from ._reading import INSTANCE, TASK, Read
from ._settings import NAMESPACE, ConnectionSettings

_CONFIGURED = "_configured"
_CONFIG_ERROR = "_config_error"


def plain(value: Any) -> Any:
    """Strip Pulumi's secret wrappers: inputs here are ids, names and numbers, never credentials."""
    if rpc.is_rpc_secret(value):
        return plain(rpc.unwrap_rpc_secret(value))
    if isinstance(value, Mapping):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


class ReadOnlyProvider(ResourceProvider):
    """Shared machinery: settings from ``configure``, input echo, error wrapping."""

    serialize_as_secret_always = False
    """The pickle holds no secret (nothing at all), so the state can show it in clear text."""

    kind: ClassVar[Read]
    """The read this resource is: an instance's tasks or one task."""

    @property
    def input_keys(self) -> tuple[str, ...]:
        return self.kind.input_keys

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self.__dict__.clear()

    # -- configuration -------------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the ``taurusdb:`` settings; never raise, so ``delete`` works with a broken config."""
        self.__dict__.pop(_CONFIG_ERROR, None)
        try:
            settings = ConnectionSettings.from_lookup(lambda key: req.config.get(f"{NAMESPACE}:{key}"))
        except TaurusDBError as exc:
            self.__dict__[_CONFIG_ERROR] = f"stack configuration: {exc}"
            settings = ConnectionSettings()
        self.__dict__[_CONFIGURED] = settings

    def settings(self) -> ConnectionSettings:
        """The stack's settings (the read applies a resource's own location)."""
        error = self.__dict__.get(_CONFIG_ERROR)
        if error is not None:
            raise ProviderError(error)
        configured: ConnectionSettings = self.__dict__.get(_CONFIGURED) or ConnectionSettings()
        return configured

    # -- the ResourceProvider interface ---------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = []
        try:
            self.kind.validate(plain(news))
        except ValidationError as exc:
            failures.append(CheckFailure(exc.field, exc.rule))
        return CheckResult(news, failures)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = [key for key in self.input_keys if plain(olds.get(key)) != plain(news.get(key))]
        return DiffResult(changes=bool(changed), replaces=[], stables=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        resource_id, outs = self.observe(props)
        return CreateResult(resource_id, outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        resource_id, outs = self.observe(props)
        return ReadResult(id_ or resource_id, outs)

    def update(self, _id: str, _olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self.observe(news)[1])

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        """Nothing to delete: the resource only reads. Never calls the API, never fails."""

    def observe(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """The shared read of this resource's inputs; every expected failure a ProviderError."""
        inputs = plain({key: props[key] for key in self.input_keys if props.get(key) is not None})
        try:
            return self.kind.observe(self.settings(), inputs)
        except ProviderError:
            raise
        except TaurusDBError as exc:
            raise ProviderError(f"{self.kind.describe(inputs)}: {exc}") from None


class ReplicationsProvider(ReadOnlyProvider):
    """Reads every task of one instance (``StarRocksReplications``)."""

    kind = INSTANCE


class ReplicationProvider(ReadOnlyProvider):
    """Reads one task of one instance (``StarRocksReplication``); a missing task is an error."""

    kind = TASK
