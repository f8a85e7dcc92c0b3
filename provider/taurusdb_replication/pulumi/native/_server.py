"""The gRPC plugin server the engine starts as ``pulumi-resource-taurusdb``.

The Python SDK's ``pulumi.provider`` server answers ``GetSchema`` and ``Invoke`` but drops the
configuration (its ``Configure`` keeps nothing, it has no ``CheckConfig``), runs invokes on its
event loop (a waiting read would stop it answering ``Cancel``) and appends a Python stack to
every error. This subclass fills those three gaps; everything else is the SDK's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.server import ProviderServicer
from pulumi.runtime import proto, rpc
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from taurusdb_replication import TaurusDBError
from taurusdb_replication.pulumi._errors import ProviderError

from ._provider import TaurusDBProvider


class TaurusDBServicer(ProviderServicer):
    """The SDK's servicer, with configuration and clean, non-blocking invokes."""

    provider: TaurusDBProvider

    async def CheckConfig(self, request: Any, context: Any) -> Any:
        """Validate the ``taurusdb:`` keys; the inputs go back untouched (the engine re-marks
        the secret ones, which it never sends here)."""
        values = rpc.deserialize_properties(request.news, keep_unknowns=False)
        failures = [
            proto.CheckFailure(property=failure.property, reason=failure.reason)
            for failure in self.provider.check_config(values)
        ]
        return proto.CheckResponse(inputs=request.news, failures=failures)

    async def Configure(self, request: Any, context: Any) -> Any:
        values = rpc.deserialize_properties(request.args, keep_unknowns=False)
        self.provider.configure(values)
        return proto.ConfigureResponse(acceptSecrets=True, acceptResources=True, acceptOutputs=True)

    async def Invoke(self, request: Any, context: Any) -> Any:
        """Run the read in a worker thread; a failure is one message, without a Python stack."""
        args = rpc.deserialize_properties(request.args, keep_unknowns=False)
        try:
            result = await asyncio.to_thread(self.provider.invoke, request.tok, args)
        except ProviderError as exc:
            await context.abort(grpc.StatusCode.UNKNOWN, str(exc))
        except TaurusDBError as exc:
            await context.abort(grpc.StatusCode.UNKNOWN, f"{request.tok}: {exc}")
        return await self._invoke_response(result)


async def serve(provider: TaurusDBProvider, args: list[str]) -> None:
    """Listen on a free loopback port, print it (the engine reads it) and serve until stopped."""
    parser = argparse.ArgumentParser(prog="pulumi-resource-taurusdb", description="Pulumi provider plugin")
    parser.add_argument("engine", help="the engine's address (given by the engine)")
    known, _ = parser.parse_known_args(args)
    server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
    servicer = TaurusDBServicer(provider, args, engine_address=known.engine)
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    await server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    await server.wait_for_termination()


def main(argv: list[str] | None = None) -> None:
    """The plugin's entry point (``pulumi-resource-taurusdb``)."""
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(TaurusDBProvider(), sys.argv[1:] if argv is None else argv))
