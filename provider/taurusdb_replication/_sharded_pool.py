"""A connection pool split into small shards, to keep httpcore's per-request work small.

httpcore's pool re-examines every pooled connection (an ``is_idle`` check, and a ``poll``
syscall to see whether an idle socket has expired) each time a request is queued or a
response is closed, so its cost per request grows with the number of connections, and per
listing with its square. With 16 pages in flight that bookkeeping was ~30% of the client's
CPU, and a listing is CPU-bound long before it is network-bound (benchmarks/README.md).
Several small pools, each request sent to the least busy one, do the same work with a
fraction of the checks. Everything else (TLS, timeouts, HTTP/1.1 keep-alive) is httpcore's.

The shards share one TLS context, and an ``http://`` endpoint (the emulator) gets none at all:
``ssl.create_default_context`` loads the system's CA bundle, ~20-50 ms each, which was most of a
client's construction time when every shard built its own.

Proxies live here too (``_proxies.py`` says which request takes which): each shard holds a
transport per route, direct or through one proxy, so a proxied request still goes through the
body cap above and a shard's small pool. A proxy's refusal (a ``407``, a failed ``CONNECT``)
is a :class:`ProxyError` naming the proxy without its credentials.
"""

from __future__ import annotations

import ssl

import httpx

from ._errors import ProxyError
from ._proxies import ProxyRoutes, describe
from ._streams import WrappedStream

PROXY_EXTENSION = "taurusdb_replication.proxy"
"""The request extension naming (without credentials) the proxy a request went through."""


class ShardedTransport(httpx.AsyncBaseTransport):
    """``shards`` independent ``AsyncHTTPTransport`` pools sharing ``connections`` between them."""

    def __init__(
        self,
        connections: int,
        *,
        verify: bool | ssl.SSLContext,
        tls: bool = True,
        shard_size: int = 4,
        routes: ProxyRoutes | None = None,
    ) -> None:
        sizes = [shard_size] * (connections // shard_size)
        if connections % shard_size:
            sizes.append(connections % shard_size)
        context = tls_context(verify) if tls else _NO_TLS
        self._routes = routes or ProxyRoutes()
        self._shards = [
            {
                proxy: httpx.AsyncHTTPTransport(
                    verify=context,
                    limits=httpx.Limits(max_connections=size, max_keepalive_connections=size),
                    proxy=proxy,
                )
                for proxy in (None, *self._routes.proxies)
            }
            for size in sizes
        ]
        self._capacity = sizes
        self._busy = [0] * len(sizes)

    def _pick(self) -> int:
        # The shard with the most free connections; ties go to the first, which keeps a
        # lightly loaded client on few warm connections.
        return max(range(len(self._shards)), key=lambda i: self._capacity[i] - self._busy[i])

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        proxy = self._routes.for_url(request.url)
        if proxy is not None:  # for messages: a refused connection is the proxy's
            request.extensions[PROXY_EXTENSION] = describe(proxy)
        index = self._pick()
        self._busy[index] += 1
        try:
            response = await self._shards[index][proxy].handle_async_request(request)
        except httpx.ProxyError as exc:  # the CONNECT tunnel was refused, e.g. "407 ..."
            self._busy[index] -= 1
            assert proxy is not None
            raise _refused(proxy, str(exc)) from None
        except BaseException:
            self._busy[index] -= 1
            raise
        if proxy is not None and response.status_code == 407:  # absolute-form: the proxy's answer
            self._busy[index] -= 1
            await response.aclose()
            raise _refused(proxy, f"407 {response.extensions.get('reason_phrase', b'').decode('latin-1')}")
        stream = response.stream
        assert isinstance(stream, httpx.AsyncByteStream)

        async def close() -> None:  # the connection is the shard's again once the body is closed
            try:
                await stream.aclose()
            finally:
                self._busy[index] -= 1

        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=WrappedStream(stream, close),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        for shard in self._shards:
            for transport in shard.values():
                await transport.aclose()


def _refused(proxy: str, reason: str) -> ProxyError:
    status = reason.split(" ", 1)[0]
    code = int(status) if status.isdigit() else None
    hint = " (it wants credentials: user:password@ in the proxy URL, or other ones)" if code == 407 else ""
    return ProxyError(
        f"the proxy {describe(proxy)} refused the request: {reason.strip()}{hint}",
        proxy=describe(proxy),
        status=code,
    )


def tls_context(verify: bool | ssl.SSLContext) -> ssl.SSLContext:
    """The one TLS context of a client: the caller's, the system's CAs, or unverified."""
    if isinstance(verify, ssl.SSLContext):
        return verify
    if verify:
        return ssl.create_default_context()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class _NoTls(ssl.SSLContext):
    """The context of a plain-HTTP client: no CAs loaded, and any TLS handshake is refused, so a
    request can never go out over TLS unverified by mistake."""

    def wrap_socket(self, *args: object, **kwargs: object) -> ssl.SSLSocket:
        raise ssl.SSLError("this client was built for an http:// endpoint and has no TLS context")

    def wrap_bio(self, *args: object, **kwargs: object) -> ssl.SSLObject:
        raise ssl.SSLError("this client was built for an http:// endpoint and has no TLS context")


_NO_TLS = _NoTls(ssl.PROTOCOL_TLS_CLIENT)
