"""Drive the real dynamic provider process over gRPC, the way the Pulumi engine does.

``python -u -m pulumi.dynamic`` is what the engine launches (through the CLI's
``pulumi-resource-pulumi-python`` script): it prints its port and serves the
``ResourceProvider`` service. :class:`DynamicProviderProcess` starts it, connects with the stubs
in ``pulumi.runtime.proto`` and offers one method per RPC, taking and returning plain dicts.
Secrets travel as the engine sends them (the secret signature object), unknowns as the
engine's unknown sentinel. The process's stderr is kept (``stderr_text()``) so tests can search
it for leaked secrets. Reusable by any test (the engine E2E tests included).
"""

from __future__ import annotations

import base64
import os
import queue
import subprocess
import sys
import tempfile
import threading
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import grpc
from google.protobuf import struct_pb2
from google.protobuf.json_format import MessageToDict
from pulumi.dynamic.dynamic import ResourceProvider, serialize_provider
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
PROVIDER_KEY = "__provider"
START_TIMEOUT = 60.0
CALL_TIMEOUT = 60.0

CREDENTIAL_ENV_PREFIXES = ("HW_", "HUAWEICLOUD_SDK_", "TAURUSDB_")


def secret(value: Any) -> dict[str, Any]:
    """A value wrapped as the engine wraps secrets on the wire."""
    return {SECRET_SIG_KEY: SECRET_SIG, "value": value}


def is_secret(value: Any) -> bool:
    return isinstance(value, dict) and value.get(SECRET_SIG_KEY) == SECRET_SIG


def unwrap(value: Any) -> Any:
    """Drop secret wrappers everywhere in a decoded property value."""
    if is_secret(value):
        return unwrap(value["value"])
    if isinstance(value, dict):
        return {key: unwrap(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unwrap(item) for item in value]
    return value


def to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    """Plain dict (secrets pre-wrapped with :func:`secret`) to the wire's Struct."""
    struct = struct_pb2.Struct()
    struct.update({key: value for key, value in props.items() if value is not None})
    return struct


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    decoded: dict[str, Any] = MessageToDict(struct)
    return decoded


def provider_blob(provider: ResourceProvider) -> str:
    """The ``__provider`` input exactly as ``pulumi.dynamic.Resource`` computes it."""
    blob: str = serialize_provider(provider)
    return blob


def pickled_bytes(blob: str) -> bytes:
    return base64.b64decode(blob)


def clean_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without any credential variable, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(CREDENTIAL_ENV_PREFIXES)}
    env["HUAWEICLOUD_SDK_CREDENTIALS_FILE"] = os.devnull
    env.update(extra or {})
    return env


@dataclass(frozen=True)
class CallError:
    """A failed RPC: the gRPC status code and the details text the engine would print."""

    code: grpc.StatusCode
    details: str

    @property
    def message(self) -> str:
        """The exception's message: the SDK's dynamic-provider server sends the whole traceback
        (``pulumi.dynamic.__main__``), whose first unindented line after the header starts the
        ``module.Class: message`` part."""
        lines = self.details.splitlines()
        if not lines or not lines[0].startswith("Traceback"):
            return self.details
        start = next(i for i, line in enumerate(lines[1:], 1) if not line.startswith(" "))
        return "\n".join(lines[start:]).split(": ", 1)[1]


class DynamicProviderProcess:
    """The provider process and a connected ``ResourceProviderStub``.

    ``project`` becomes ``PULUMI_PROJECT`` (the server prefixes unnamespaced config keys with
    it). ``env`` replaces the inherited environment (default: :func:`clean_environment`).
    """

    def __init__(
        self,
        *,
        project: str = "taurusdb-tests",
        env: Mapping[str, str] | None = None,
        python: str = sys.executable,
    ) -> None:
        self._project = project
        self._env = dict(env) if env is not None else clean_environment()
        self._env["PULUMI_PROJECT"] = project
        self._python = python
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process
        self._process: subprocess.Popen[bytes] | None = None
        self._channel: grpc.Channel | None = None
        self.stub: provider_pb2_grpc.ResourceProviderStub | None = None
        self.port: int | None = None

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> Self:
        self._process = subprocess.Popen(
            [self._python, "-u", "-m", "pulumi.dynamic"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=self._env,
        )
        self.port = self._read_port(self._process)
        self._channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
        grpc.channel_ready_future(self._channel).result(timeout=START_TIMEOUT)
        self.stub = provider_pb2_grpc.ResourceProviderStub(self._channel)
        return self

    def _read_port(self, process: subprocess.Popen[bytes]) -> int:
        """The first stdout line is the port; read it on a thread so a silent process can't hang us."""
        assert process.stdout is not None
        lines: queue.Queue[bytes] = queue.Queue()
        stdout = process.stdout
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            self.stop()
            raise RuntimeError(f"provider process printed no port: {self.stderr_text()}") from None
        if not line.strip().isdigit():
            self.stop()
            raise RuntimeError(f"provider process printed {line!r} instead of a port: {self.stderr_text()}")
        return int(line)

    def stop(self) -> None:
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        self._stderr.close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def stderr_text(self) -> str:
        self._stderr.flush()
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace")

    def _stub(self) -> provider_pb2_grpc.ResourceProviderStub:
        if self.stub is None:
            raise RuntimeError("the provider process is not started")
        return self.stub

    # -- RPCs -------------------------------------------------------------------------------------

    def configure(
        self, config: Mapping[str, Any], *, secret_keys: Collection[str] = ()
    ) -> provider_pb2.ConfigureResponse:
        """Send the stack config as the engine does: ``variables`` and ``args`` (secrets wrapped)."""
        args = {key: secret(value) if key in secret_keys else value for key, value in config.items()}
        request = provider_pb2.ConfigureRequest(
            variables={key: str(value) for key, value in config.items()},
            args=to_struct(args),
            acceptSecrets=True,
            acceptResources=True,
        )
        response: provider_pb2.ConfigureResponse = self._stub().Configure(request, timeout=CALL_TIMEOUT)
        return response

    def check(
        self, urn: str, news: Mapping[str, Any], olds: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        request = provider_pb2.CheckRequest(urn=urn, olds=to_struct(olds or {}), news=to_struct(news))
        response = self._stub().Check(request, timeout=CALL_TIMEOUT)
        return from_struct(response.inputs), [(f.property, f.reason) for f in response.failures]

    def read(
        self, urn: str, id_: str, inputs: Mapping[str, Any], state: Mapping[str, Any] | None = None
    ) -> tuple[str, dict[str, Any]]:
        """A read step (``state`` None: the engine sends the inputs twice) or a refresh."""
        request = provider_pb2.ReadRequest(
            id=id_,
            urn=urn,
            properties=to_struct(state if state is not None else inputs),
            inputs=to_struct(inputs),
        )
        response = self._stub().Read(request, timeout=CALL_TIMEOUT)
        return response.id, from_struct(response.properties)

    def read_raw(self, urn: str, id_: str, inputs: Mapping[str, Any]) -> bytes:
        """The serialized ReadResponse, to search every byte the engine would receive."""
        request = provider_pb2.ReadRequest(
            id=id_, urn=urn, properties=to_struct(inputs), inputs=to_struct(inputs)
        )
        response = self._stub().Read(request, timeout=CALL_TIMEOUT)
        raw: bytes = response.SerializeToString()
        return raw

    def create(
        self, urn: str, props: Mapping[str, Any], *, preview: bool = False
    ) -> tuple[str, dict[str, Any]]:
        request = provider_pb2.CreateRequest(urn=urn, properties=to_struct(props), preview=preview)
        response = self._stub().Create(request, timeout=CALL_TIMEOUT)
        return response.id, from_struct(response.properties)

    def diff(
        self, urn: str, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> provider_pb2.DiffResponse:
        request = provider_pb2.DiffRequest(id=id_, urn=urn, olds=to_struct(olds), news=to_struct(news))
        response: provider_pb2.DiffResponse = self._stub().Diff(request, timeout=CALL_TIMEOUT)
        return response

    def delete(self, urn: str, id_: str, props: Mapping[str, Any]) -> None:
        request = provider_pb2.DeleteRequest(id=id_, urn=urn, properties=to_struct(props))
        self._stub().Delete(request, timeout=CALL_TIMEOUT)


def call_error(call: Any, *args: Any, **kwargs: Any) -> CallError:
    """Run an RPC method that must fail; its status code and details."""
    try:
        call(*args, **kwargs)
    except grpc.RpcError as exc:
        return CallError(exc.code(), exc.details() or "")
    raise AssertionError(f"{getattr(call, '__name__', call)} succeeded but was expected to fail")


def urn(type_name: str, name: str, *, project: str = "taurusdb-tests", stack: str = "test") -> str:
    return f"urn:pulumi:{stack}::{project}::pulumi-python:dynamic/taurusdb:{type_name}::{name}"


@contextmanager
def provider_process(**kwargs: Any) -> Iterator[DynamicProviderProcess]:
    with DynamicProviderProcess(**kwargs) as process:
        yield process


def search_files(root: Path, needles: Collection[str]) -> list[tuple[Path, str]]:
    """Every (file, needle) pair where a needle occurs in a file under ``root`` (bytes, any file)."""
    found: list[tuple[Path, str]] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found.extend((path, needle) for needle in needles if needle and needle.encode() in data)
    return found
