"""A real HTTP/1.1 server on 127.0.0.1 that misbehaves exactly as a test scripts it.

The emulator is faithful by design; these tests need a server that is not: bodies that never
end, gzip bombs, a byte every tenth of a second, absurd ``Retry-After`` values, JSON nested
200,000 deep. Each test hands :class:`HostileServer` one coroutine that writes the answer to
a request on the raw socket, so anything HTTP allows (and much it does not) can be sent. The
server runs its own event loop on a thread, like the emulator, and counts the requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx


@dataclass(frozen=True)
class RawRequest:
    """What the client sent: the request line's parts and the headers (names lower-cased)."""

    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)


Respond = Callable[[RawRequest, asyncio.StreamWriter], Awaitable[None]]


def head(status: int, headers: dict[str, str] | None = None, *, reason: str = "X") -> bytes:
    """A status line and headers, ready for a body."""
    lines = [f"HTTP/1.1 {status} {reason}"] + [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    """A complete response with ``Content-Length``."""
    return (
        head(
            status, {"Content-Type": "application/json", **(headers or {}), "Content-Length": str(len(body))}
        )
        + body
    )


def replying(status: int, body: bytes, headers: dict[str, str] | None = None) -> Respond:
    """A ``Respond`` that gives every request the same complete answer."""

    async def respond(_request: RawRequest, writer: asyncio.StreamWriter) -> None:
        writer.write(answer(status, body, headers))
        await writer.drain()

    return respond


def iam_then_echo(token: str) -> Respond:
    """An IAM that issues ``token`` (any POST) and a service that echoes the ``X-Auth-Token`` it
    receives back in ``error_msg`` (a 400): the secret obtained at run time, sent back."""

    async def respond(request: RawRequest, writer: asyncio.StreamWriter) -> None:
        if request.method == "POST":
            body = b'{"token": {"expires_at": "2099-01-01T00:00:00Z"}}'
            writer.write(answer(201, body, {"X-Subject-Token": token}))
        else:
            seen = request.headers.get("x-auth-token", "")
            echo = {"error_code": "DBS.280001", "error_msg": f"token {seen} is not valid here"}
            writer.write(answer(400, json.dumps(echo).encode()))
        await writer.drain()

    return respond


class HostileServer:
    """Serves ``respond`` for every request on a loopback port until :meth:`stop`."""

    def __init__(self, respond: Respond) -> None:
        self._respond = respond
        self.requests: list[RawRequest] = []
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hostile-server", daemon=True)
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> HostileServer:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the hostile server did not start")
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._listen())
        self._ready.set()
        self._loop.run_forever()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    return
                self.requests.append(request)
                await self._respond(request, writer)
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()


async def _read_request(reader: asyncio.StreamReader) -> RawRequest | None:
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    line, *rest = raw.decode("latin-1").split("\r\n")
    method, target, _ = line.split(" ", 2)
    headers = {}
    for item in rest:
        if ":" in item:
            name, value = item.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    if length:
        await reader.readexactly(length)
    return RawRequest(method, httpx.URL(target).raw_path.decode(), headers)
