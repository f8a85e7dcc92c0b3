"""The connection pool shared by a client and every client derived from it by ``with_options``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from ._config import ClientConfig


class SharedPool(httpx.AsyncBaseTransport):
    """The connection pool of a client and of every client derived from it by ``with_options``.

    Each derived client has its own ``httpx.AsyncClient`` (own timeout, headers) over this one
    transport; closing such an httpx client closes nothing here. Only :meth:`close`, called by
    the client that built the pool, closes the connections, after which every client sharing
    it refuses calls with "... is closed".
    """

    def __init__(self, transport: httpx.AsyncBaseTransport, config: ClientConfig) -> None:
        self.transport = transport
        self.tls = (config.verify, config.proxy)
        """What lives in the connections and so cannot change on a client sharing them."""
        self.closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.transport.handle_async_request(request)

    async def aclose(self) -> None:
        """An httpx client over the pool is closing: the pool stays open for the others."""

    async def close(self) -> None:
        self.closed = True
        await self.transport.aclose()
