"""A cap on the size of every response body, counted after decompression.

httpx reads a body whole and inflates ``gzip``/``deflate`` without any bound, so a server whose
chunked body never ends, or a 1 MB gzip body that inflates to 1 GB, drives the process out of
memory. This transport wrapper counts the bytes as they arrive and fails with
:class:`MalformedResponseError` (not retried: the same request gets the same answer) as soon as
the cap is passed. To count decompressed bytes without ever inflating more than the cap, it
decodes the two encodings the client accepts itself (``zlib`` with ``max_length``) and hands
httpx the plain body; httpx's own decoder has no output limit, so it cannot be used for this.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator

import httpx

from ._errors import MalformedResponseError

DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024
"""32 MiB: a page of 100 tasks is ~30 KB, so this is a thousand times any real answer."""

ACCEPT_ENCODING = "gzip, deflate"
"""What the client asks for: exactly the encodings :class:`BodyLimit` can inflate with a bound."""

_ENCODINGS = frozenset({"gzip", "x-gzip", "deflate"})
_PASSED_ON = frozenset({b"content-encoding", b"content-length"})


class BodyLimit(httpx.AsyncBaseTransport):
    """Wraps a transport so that no response body exceeds ``max_bytes`` once decompressed."""

    def __init__(self, inner: httpx.AsyncBaseTransport, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> None:
        self.inner = inner
        self.max_bytes = max_bytes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        headers = response.headers
        inflater = None
        if encoding not in ("", "identity"):
            headers = httpx.Headers([(k, v) for k, v in headers.raw if k.lower() not in _PASSED_ON])
            # wbits 32+: zlib detects the gzip or zlib header itself.
            inflater = zlib.decompressobj(32 + zlib.MAX_WBITS) if encoding in _ENCODINGS else None
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        return httpx.Response(
            status_code=response.status_code,
            headers=headers,
            stream=_Capped(stream, self, response, encoding, inflater),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


class _Capped(httpx.AsyncByteStream):
    """The body, inflated when encoded, failing once more than the cap has arrived."""

    def __init__(
        self,
        stream: httpx.AsyncByteStream,
        limit: BodyLimit,
        response: httpx.Response,
        encoding: str,
        inflater: zlib._Decompress | None,
    ) -> None:
        self._stream = stream
        self._limit = limit
        self._response = response
        self._encoding = encoding
        self._inflater = inflater
        self._count = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._encoding not in ("", "identity") and self._inflater is None:
            raise self._error(f"Content-Encoding {self._encoding!r} is not one the client accepts")
        async for chunk in self._stream:
            if self._inflater is None:
                yield self._counted(chunk)
            else:
                for piece in self._inflate(chunk):
                    yield piece
        if self._inflater is not None:
            yield self._counted(self._inflater.flush())

    def _inflate(self, data: bytes) -> list[bytes]:
        assert self._inflater is not None
        pieces = []
        while data:
            try:
                out = self._inflater.decompress(data, self._limit.max_bytes - self._count + 1)
            except zlib.error:
                raise self._error(f"the {self._encoding} body cannot be decompressed") from None
            pieces.append(self._counted(out))
            data = self._inflater.unconsumed_tail
        return pieces

    def _counted(self, data: bytes) -> bytes:
        self._count += len(data)
        if self._count > self._limit.max_bytes:
            raise self._error(
                f"the body is larger than the {self._limit.max_bytes} byte cap "
                "(max_body_bytes; decompressed bytes counted)"
            )
        return data

    def _error(self, reason: str) -> MalformedResponseError:
        headers = self._response.headers
        return MalformedResponseError(
            self._response.status_code,
            headers.get("X-Request-Id"),
            reason=reason,
            excerpt=None,
            cut_short=False,
        )

    async def aclose(self) -> None:
        await self._stream.aclose()
