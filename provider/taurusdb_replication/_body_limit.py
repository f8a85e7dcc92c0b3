"""A cap on the size of every response body, counted after decompression.

httpx reads a body whole and inflates ``gzip``/``deflate`` without any bound, so a server whose
chunked body never ends, or a 1 MB gzip body that inflates to 1 GB, drives the process out of
memory. This transport wrapper counts the bytes as they arrive and fails with
:class:`MalformedResponseError` (not retried: the same request gets the same answer) as soon as
the cap is passed. To count decompressed bytes without ever inflating more than the cap, it
decodes the two encodings the client accepts itself (``zlib`` with ``max_length``) and hands
httpx the plain body; httpx's own decoder has no output limit, so it cannot be used for this.
``deflate`` is read as httpx reads it: zlib-wrapped, or raw deflate (no zlib header, as some
servers send it) when the first bytes are not a zlib header.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Callable

import httpx

from ._errors import MalformedResponseError
from ._streams import WrappedStream

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
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()

        def fail(reason: str) -> MalformedResponseError:
            if encoding in _ENCODINGS:  # the body was being decoded: say from what
                reason += f" (Content-Encoding {encoding!r})"
            return MalformedResponseError(
                response.status_code, response.headers.get("X-Request-Id"), reason=reason
            )

        headers, inflater = response.headers, None
        if encoding not in ("", "identity"):
            if encoding not in _ENCODINGS:
                await stream.aclose()
                raise fail(f"Content-Encoding {encoding!r} is not one the client accepts")
            headers = httpx.Headers([(k, v) for k, v in headers.raw if k.lower() not in _PASSED_ON])
            inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)  # wbits 32+: gzip or zlib header
        raw = encoding == "deflate"
        chunks = _capped(stream, self.max_bytes, inflater, fail, raw_deflate_fallback=raw)
        return httpx.Response(
            status_code=response.status_code,
            headers=headers,
            stream=WrappedStream(chunks, stream.aclose),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


async def _capped(
    stream: httpx.AsyncByteStream,
    max_bytes: int,
    inflater: zlib._Decompress | None,
    fail: Callable[[str], MalformedResponseError],
    *,
    raw_deflate_fallback: bool = False,
) -> AsyncIterator[bytes]:
    """The body's bytes, inflated when encoded, failing once more than ``max_bytes`` came out.

    With ``raw_deflate_fallback``, a first chunk that is not zlib-wrapped is read again as raw
    deflate (httpx's ``DeflateDecoder`` does the same).
    """
    count = 0
    started = False

    def counted(data: bytes) -> bytes:
        nonlocal count
        count += len(data)
        if count > max_bytes:
            raise fail(f"the body is larger than the {max_bytes} byte cap (max_body_bytes; "
                       "decompressed bytes counted)")  # fmt: skip
        return data

    async for chunk in stream:
        if inflater is None:
            yield counted(chunk)
            continue
        while chunk:  # at most the cap plus one byte out of any one call
            try:
                inflated = inflater.decompress(chunk, max_bytes - count + 1)
            except zlib.error:
                if started or not raw_deflate_fallback:
                    raise fail("the compressed body cannot be decompressed") from None
                inflater = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate: no zlib header
                started = True
                continue
            started = True
            yield counted(inflated)
            chunk = inflater.unconsumed_tail
    if inflater is not None:
        yield counted(inflater.flush())
