"""Helpers shared by the Pulumi data source tests (imported by name: this folder is on sys.path)."""

from __future__ import annotations

import asyncio
import base64
import gc
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TypeVar, cast

import dill
import pulumi
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.runtime import settings as pulumi_settings
from pulumi.runtime.stack import wait_for_rpcs
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer
from taurusdb_replication.pulumi.native import TaurusDBProvider
from taurusdb_replication.pulumi.provider import ReadOnlyProvider

T = TypeVar("T")
INSTANCE = DEMO_INSTANCE_ID
UNKNOWN_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""The engine's sentinel for an unknown value (here: an id not known in a preview)."""
MISSING_INSTANCE = "0123456789abcdef0123456789abcdefin17"
DEMO_TASKS = (
    "orders_sync",
    "billing_sync",
    "inventory_sync",
    "audit_sync",
    "legacy_sync",
    "payments_sync",
    "users_sync",
)


class SteppingClock:
    """Emulated time that moves ``step`` seconds each time the emulator reads it.

    Progress of a task in ``full`` then depends on how many requests were served, not on
    wall time, so waiting tests are deterministic and need no sleep.
    """

    def __init__(self, step: float) -> None:
        self._now = time.time()
        self._step = step
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            self._now += self._step
            return self._now


def aksk_config(server: EmulatorServer) -> dict[str, Any]:
    """A stack configuration (``taurusdb:`` keys) for the emulator with its access key."""
    return {
        "taurusdb:endpoint": server.url,
        "taurusdb:projectId": server.project_id,
        "taurusdb:accessKey": server.access_key,
        "taurusdb:secretKey": server.secret_key,
    }


def configured(provider: ReadOnlyProvider, config: dict[str, Any], project: str = "taurusdb-tests") -> Any:
    """Call ``configure`` exactly as the provider server does."""
    provider.configure(ConfigureRequest(Config(raw_config=config, project_name=project)))
    return provider


def api_request_count(server: EmulatorServer) -> int:
    """Replication API requests served since the last ``reset_request_log``."""
    return sum(1 for r in server.request_log if "/starrocks/" in r.path)


class ProviderBackedMocks(pulumi.runtime.Mocks):
    """Reads are served by the real provider (unpickled from the program's input), like the engine."""

    def __init__(self, stack_config: dict[str, Any]) -> None:
        self.stack_config = stack_config
        self.reads: list[pulumi.runtime.MockResourceArgs] = []
        self.registrations: list[pulumi.runtime.MockResourceArgs] = []
        self.calls: list[pulumi.runtime.MockCallArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        if not args.typ.startswith("pulumi-python:dynamic/taurusdb:"):
            self.registrations.append(args)
            return f"{args.name}-id", dict(args.inputs)
        self.reads.append(args)
        if args.resource_id == UNKNOWN_ID:  # the engine skips reads whose id is unknown
            return args.resource_id, {}
        provider = dill.loads(base64.b64decode(args.inputs["__provider"]))  # noqa: S301 - the program's own blob
        result = configured(provider, self.stack_config).read(args.resource_id, dict(args.inputs))
        return result.id, dict(result.outs or {})

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]]]:
        """Invokes (the generated SDK's functions) are served by the native plugin's provider."""
        self.calls.append(args)
        native = TaurusDBProvider()
        native.configure_values({key.removeprefix("taurusdb:"): v for key, v in self.stack_config.items()})
        outputs, failures = native.read_now(args.token, dict(args.args))
        return outputs, [(failure.property, failure.reason) for failure in failures]


@contextmanager
def mocked_program(
    mocks: ProviderBackedMocks,
    *,
    preview: bool,
    config: dict[str, Any],
    secret_keys: list[str],
    project: str = "taurusdb-tests",
) -> Iterator[ProviderBackedMocks]:
    """Install the mocks (on a fresh event loop, set_mocks is global) and undo it afterwards."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.set_all_config(config, secret_keys)
    pulumi.runtime.set_mocks(mocks, project=project, stack="test", preview=preview)
    try:
        yield mocks
    finally:
        # Tests that never ran a program leave the Stack's registration pending: finish it.
        with suppress(Exception):
            loop.run_until_complete(wait_for_rpcs())
        pulumi_settings.SETTINGS.outputs.clear()
        _retrieve_faults(loop)
        asyncio.set_event_loop(None)
        loop.close()


def _retrieve_faults(loop: asyncio.AbstractEventLoop) -> None:
    """Mark the faults of a failed program's futures as seen.

    A failed program leaves every Output of the failed resources holding the error, for the
    program's exit to report; under the mocks nobody does, and asyncio would log each one
    ("Future exception was never retrieved") when the interpreter exits.
    """
    for obj in gc.get_objects():
        if isinstance(obj, asyncio.Future) and obj.get_loop() is loop and obj.done() and not obj.cancelled():
            obj.exception()


_pulumi_test: Callable[[Callable[[], Any]], Callable[[], None]] = pulumi.runtime.test


def run(program: Callable[[], Any]) -> None:
    """Run a program function under the mocks and wait for every Output it returns."""
    _pulumi_test(program)()


def awaited(value: Awaitable[T]) -> pulumi.Output[T]:
    """An Output of an awaitable (the SDK accepts any awaitable as an Input)."""
    return pulumi.Output.from_input(cast(pulumi.Input[T], value))
