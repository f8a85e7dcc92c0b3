"""A real forward proxy on 127.0.0.1, and a TLS front for the emulator, for the proxy tests.

:class:`ForwardProxy` speaks what corporate proxies speak: ``CONNECT host:port`` tunnels (for
``https://`` targets: the proxy sees only the host name, never a header of the tunnelled
request) and absolute-form requests (``GET http://host:port/path``, for plain ``http://``),
optionally behind ``Proxy-Authorization: Basic`` (a ``407`` without it). It resolves host
names only from its own table, so a request that reaches a name in that table went through
it. :class:`TlsFront` serves TLS with a certificate of a test CA and relays the plain bytes to
the emulator: the emulator behind TLS, under a name only the proxy can resolve.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ssl
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Self


@dataclass(frozen=True)
class Seen:
    """One request the proxy read: method, target, headers (names lower-cased)."""

    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)


class _LoopThread:
    """An asyncio server on its own loop thread, stopped with :meth:`stop`."""

    def __init__(
        self, handler: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
    ) -> None:
        self._handler = handler
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0
        self.ssl: ssl.SSLContext | None = None

    def start(self) -> Self:
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the server did not start")
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._listen())
        self._ready.set()
        self._loop.run_forever()

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self.ssl)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._handler(reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def stop(self) -> None:
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop.close()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


async def _relay(
    client: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter],
) -> None:
    await asyncio.gather(_pipe(client[0], upstream[1]), _pipe(upstream[0], client[1]))


class ForwardProxy(_LoopThread):
    """``CONNECT`` and absolute-form forwarding to the hosts of ``hosts`` only."""

    def __init__(
        self, hosts: dict[str, tuple[str, int]], *, credentials: tuple[str, str] | None = None
    ) -> None:
        super().__init__(self._handle)
        self.hosts = hosts
        self.credentials = credentials
        self.seen: list[Seen] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        line, *rest = head.split("\r\n")
        method, target, _ = line.split(" ", 2)
        headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in rest if ":" in h)}
        self.seen.append(Seen(method, target, headers))
        if self.credentials is not None:
            expected = base64.b64encode(":".join(self.credentials).encode()).decode()
            if headers.get("proxy-authorization") != f"Basic {expected}":
                writer.write(
                    b'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="t"\r\n'
                    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
                )
                await writer.drain()
                return
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            upstream = await self._open(host, int(port))
            if upstream is None:
                writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
                return
            writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
            await writer.drain()
            await _relay((reader, writer), upstream)
            return
        await self._forward(method, target, rest, (reader, writer))

    async def _open(self, host: str, port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        address = self.hosts.get(f"{host}:{port}") or self.hosts.get(host)
        if address is None:
            return None
        return await asyncio.open_connection(address[0], port if address[1] == 0 else address[1])

    async def _forward(
        self,
        method: str,
        target: str,
        rest: list[str],
        client: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    ) -> None:
        """An absolute-form request, sent on in origin form on a connection closed after it."""
        assert target.startswith("http://"), target
        authority, _, path = target[len("http://") :].partition("/")
        host, _, port = authority.rpartition(":")
        upstream = await self._open(host, int(port or 80))
        if upstream is None:
            client[1].write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        kept = [h for h in rest if h and not h.lower().startswith(("proxy-", "connection:"))]
        upstream[1].write(
            (
                f"{method} /{path} HTTP/1.1\r\n" + "\r\n".join([*kept, "Connection: close"]) + "\r\n\r\n"
            ).encode("latin-1")
        )
        await upstream[1].drain()
        await _relay(client, upstream)


class TlsFront(_LoopThread):
    """TLS on a loopback port, relayed as plain bytes to ``backend`` (the emulator's port)."""

    def __init__(self, backend: int, context: ssl.SSLContext) -> None:
        super().__init__(self._handle)
        self.backend = backend
        self.ssl = context

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream = await asyncio.open_connection("127.0.0.1", self.backend)
        await _relay((reader, writer), upstream)
