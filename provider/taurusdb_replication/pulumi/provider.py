"""The dynamic providers behind :class:`StarRocksReplications` and :class:`StarRocksReplication`.

Compatibility contract: a stack's state stores each provider as a dill pickle *by reference*,
i.e. the names ``taurusdb_replication.pulumi.provider.ReplicationsProvider`` and
``...ReplicationProvider`` and an empty instance dict. Keep these names (and this module)
importable forever; everything else may change between releases without breaking stacks.

The providers hold nothing when pickled (``__getstate__`` drops whatever ``configure`` stored),
so no credential or client can reach the state. Credentials arrive in the provider process
only: through ``configure`` (the engine sends the stack configuration, secrets unwrapped by the
server) or the environment.

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

from . import _expectations as ex
from ._errors import ProviderError, install_clean_errors
from ._reading import find_task, instance_outputs, read_tasks, task_outputs
from ._settings import NAMESPACE, ConnectionSettings

LOCATION_KEYS: tuple[str, ...] = ("region", "endpoint", "project_id")
EXPECTATION_KEYS: tuple[str, ...] = (
    "expect_healthy",
    "expect_stage",
    "min_percentage",
    "wait_timeout",
    "wait_interval",
)

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


def _optional_text(props: Mapping[str, Any], key: str) -> str | None:
    value = props.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValidationError(key, "must be a string")
    return value


def _required_text(props: Mapping[str, Any], key: str) -> str:
    value = _optional_text(props, key)
    if value is None:
        raise ValidationError(key, "is required")
    return value


class _ReadOnlyProvider(ResourceProvider):
    """Shared machinery: settings from ``configure``, input echo, error wrapping."""

    serialize_as_secret_always = False
    """The pickle holds no secret (nothing at all), so the state can show it in clear text."""

    input_keys: ClassVar[tuple[str, ...]]
    one_task: ClassVar[bool]
    """Whether the resource is one task (``task_name`` input, task outputs) or an instance."""

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        self.__dict__.clear()

    # -- configuration -------------------------------------------------------------------------

    def configure(self, req: ConfigureRequest) -> None:
        """Keep the ``taurusdb:`` settings; never raise, so ``delete`` works with a broken config."""
        install_clean_errors()
        self.__dict__.pop(_CONFIG_ERROR, None)
        try:
            settings = ConnectionSettings.from_lookup(lambda key: req.config.get(f"{NAMESPACE}:{key}"))
        except TaurusDBError as exc:
            self.__dict__[_CONFIG_ERROR] = f"stack configuration: {exc}"
            settings = ConnectionSettings()
        self.__dict__[_CONFIGURED] = settings

    def settings_for(self, props: Mapping[str, Any]) -> ConnectionSettings:
        """Stack settings with this resource's region/endpoint/project overrides applied."""
        error = self.__dict__.get(_CONFIG_ERROR)
        if error is not None:
            raise ProviderError(error)
        base: ConnectionSettings = self.__dict__.get(_CONFIGURED) or ConnectionSettings()
        return base.with_overrides(
            region=_optional_text(props, "region"),
            endpoint=_optional_text(props, "endpoint"),
            project_id=_optional_text(props, "project_id"),
        )

    # -- the ResourceProvider interface ---------------------------------------------------------

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = []
        try:
            self.validate(plain(news))
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

    # -- reading ----------------------------------------------------------------------------------

    def observe(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """Validate, read (and wait), check expectations; the id and the outputs."""
        inputs = plain({key: props[key] for key in self.input_keys if props.get(key) is not None})
        try:
            expectation = self.validate(inputs)
            settings = self.settings_for(inputs)
            resource_id, outputs = self.read_outputs(settings, inputs, expectation)
        except ProviderError:
            raise
        except TaurusDBError as exc:
            raise ProviderError(f"{self.describe(inputs)}: {exc}") from None
        return resource_id, {**inputs, **outputs}

    def validate(self, inputs: Mapping[str, Any]) -> ex.Expectation:
        """Check every input; the expectation they describe (the named task, for one task)."""
        _required_text(inputs, "instance_id")
        task_name = _required_text(inputs, "task_name") if self.one_task else None
        for key in LOCATION_KEYS:
            _optional_text(inputs, key)
        return ex.Expectation.from_inputs(inputs, task_name=task_name)

    def describe(self, inputs: Mapping[str, Any]) -> str:
        """What this resource reads, for messages."""
        instance = f"instance {inputs.get('instance_id')}"
        return f"task {inputs.get('task_name')!r} of {instance}" if self.one_task else instance

    def read_outputs(
        self, settings: ConnectionSettings, inputs: Mapping[str, Any], expectation: ex.Expectation
    ) -> tuple[str, dict[str, Any]]:
        """Read the service; the resource id and the computed outputs."""
        instance_id = str(inputs["instance_id"])
        replications = read_tasks(settings, instance_id, expectation, what=self.describe(inputs))
        if not self.one_task:
            return instance_id, instance_outputs(replications)
        task_name = str(inputs["task_name"])
        return f"{instance_id}/{task_name}", task_outputs(find_task(replications, task_name))


class ReplicationsProvider(_ReadOnlyProvider):
    """Reads every task of one instance (``StarRocksReplications``)."""

    input_keys = ("instance_id", *LOCATION_KEYS, *EXPECTATION_KEYS, "require_tasks")
    one_task = False


class ReplicationProvider(_ReadOnlyProvider):
    """Reads one task of one instance (``StarRocksReplication``); a missing task is an error."""

    input_keys = ("instance_id", "task_name", *LOCATION_KEYS, *EXPECTATION_KEYS)
    one_task = True
