"""The response-body wrapper that the client's transports share (the body cap, the sharded pool).

Each of them hands httpx a body of its own making and must act when httpx closes it; this is
that wrapper once, so each transport says only what it adds.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable

import httpx


class WrappedStream(httpx.AsyncByteStream):
    """A response body read from ``chunks``; ``close`` runs once, when httpx closes the body."""

    def __init__(self, chunks: AsyncIterable[bytes], close: Callable[[], Awaitable[None]]) -> None:
        self._chunks = chunks
        self._close: Callable[[], Awaitable[None]] | None = close

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._chunks:
            yield chunk

    async def aclose(self) -> None:
        close, self._close = self._close, None
        if close is not None:
            await close()
