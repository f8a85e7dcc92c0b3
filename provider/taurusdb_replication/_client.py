"""The public clients: :class:`AsyncReplicationClient` and :class:`ReplicationClient`.

Design: the async client is the only implementation of paging, retries and waiting. The sync
client owns a private event loop running in a daemon thread and submits the async client's
coroutines to it (``run_coroutine_threadsafe``), blocking on the result. So there is one code
path to test and trust, and the sync client works where ``asyncio.run`` would not: inside a
running loop (Jupyter), and from Pulumi's provider threads. The cost is a thread per sync
client and a thread hop per call (tens of microseconds, nothing next to a network round trip).
"""

from __future__ import annotations

import asyncio
import functools
import os
import random
import ssl
import threading
import weakref
from collections.abc import AsyncGenerator, Coroutine, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field, fields, replace
from types import TracebackType
from typing import TYPE_CHECKING, Any, NoReturn, Required, Self, TypedDict, TypeVar, Unpack

import httpx

from . import __version__ as _version
from . import _validation
from ._body_limit import ACCEPT_ENCODING, DEFAULT_MAX_BODY_BYTES, BodyLimit
from ._condition import Condition
from ._credentials import Settings, SettingsOverrides, resolve_settings
from ._endpoints import endpoint_for_region
from ._errors import ConfigurationError, ReplicationNotFoundError, ValidationError
from ._limiter import AimdLimiter
from ._logging import Redactor, install_secret_filter, on_request, on_response
from ._models import Page, Replication, WaitResult
from ._pagination import iter_pages, snapshot, unseen
from ._proxies import ProxyRoutes
from ._retry import Deadline, Retrier, RetryPolicy, is_transient
from ._sharded_pool import ShardedTransport
from ._transport import PageFetcher
from ._waiter import ProgressCallback, poll_until

T = TypeVar("T")

DEFAULT_CONCURRENCY = 16
"""Pages in flight by default, chosen by measurement (benchmarks/README.md): at 20 ms latency and
10,000 tasks, 16 lists ~8x faster than the sequential loops; 32 and 64 gain little more
because the client's own CPU (HTTP, signing, parsing 10,000 tasks) is then the limit, while
each doubling doubles the burst the gateway sees."""

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Per request: 10 s to connect, 30 s to read/write/get a pooled connection."""


@dataclass(frozen=True)
class ClientConfig:
    """Options of a client. Every field has a production-ready default.

    ``timeout`` is per request; ``retry.deadline`` bounds a whole operation (all pages and
    retries of one listing). ``concurrency`` is the ceiling of pages in flight (it adapts down
    under throttling). ``verify`` is True, False, a CA bundle path or an ``ssl.SSLContext``.
    ``seed`` makes the retry jitter reproducible. ``max_body_bytes`` caps every response body,
    counted after decompression.
    """

    timeout: httpx.Timeout | float = field(default_factory=lambda: DEFAULT_TIMEOUT)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    concurrency: int = DEFAULT_CONCURRENCY
    page_size: int = 100
    max_rescans: int = 3
    max_pages: int = 10_000
    verify: bool | str | ssl.SSLContext = True
    language: str = "en-us"
    user_agent: str = f"taurusdb-replication/{_version}"
    seed: int | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    proxy: str | None = field(default=None, repr=False)  # user:password@ is never shown

    def __post_init__(self) -> None:
        if self.proxy is not None:
            _validation.proxy_url(self.proxy)
        _validation.positive_int(self.concurrency, "concurrency")
        _validation.positive_int(self.max_body_bytes, "max_body_bytes")
        _validation.limit(self.page_size)
        _validation.positive_int(self.max_pages, "max_pages")
        if (
            isinstance(self.max_rescans, bool)
            or not isinstance(self.max_rescans, int)
            or self.max_rescans < 0
        ):
            raise ValidationError("max_rescans", "must be an integer >= 0")
        object.__setattr__(self, "language", _validation.language(self.language))
        if not isinstance(self.timeout, httpx.Timeout):
            _validation.positive(self.timeout, "timeout")

    def with_options(self, **changes: Unpack[ConfigOptions]) -> ClientConfig:
        """A copy with the given options changed; ``None`` keeps the current value.

        Any field of :class:`ClientConfig` by name, plus two shortcuts into ``retry`` that keep
        the rest of the policy: ``max_retries`` (attempts = retries + 1, as ``HW_MAX_RETRIES``)
        and ``deadline``. An unknown name is a ``TypeError``, as for any keyword argument.
        """
        given: dict[str, Any] = {key: value for key, value in changes.items() if value is not None}
        unknown = set(given) - _CONFIG_FIELDS - _RETRY_SHORTCUTS
        if unknown:
            raise TypeError(f"with_options() got unexpected keyword arguments: {', '.join(sorted(unknown))}")
        retry: RetryPolicy = given.pop("retry", self.retry)
        if "max_retries" in given:
            retry = retry.with_max_retries(given.pop("max_retries"))
        if "deadline" in given:
            retry = replace(retry, deadline=given.pop("deadline"))
        return replace(self, retry=retry, **given)


class ConfigOptions(TypedDict, total=False):
    """Keyword options of the clients and of ``with_options``: fields of :class:`ClientConfig`
    (``None`` keeps the current value), plus ``max_retries`` and ``deadline`` (into ``retry``)."""

    timeout: httpx.Timeout | float | None
    retry: RetryPolicy | None
    max_retries: int | None
    deadline: float | None
    concurrency: int | None
    page_size: int | None
    max_rescans: int | None
    max_pages: int | None
    verify: bool | str | ssl.SSLContext | None
    language: str | None
    user_agent: str | None
    seed: int | None
    max_body_bytes: int | None
    proxy: str | None


class WaitOptions(TypedDict, total=False):
    """The keyword arguments of ``wait_for`` after the condition (see the async client)."""

    timeout: float
    interval: float
    max_interval: float | None
    on_progress: ProgressCallback | None


class ClientArguments(ConfigOptions, total=False):
    """The keyword arguments of both clients' constructors."""

    project_id: Required[str]
    auth: Required[httpx.Auth]
    region: str | None
    endpoint: str | None
    config: ClientConfig | None
    transport: httpx.AsyncBaseTransport | None


class EnvOptions(SettingsOverrides, ConfigOptions, total=False):
    """The keyword arguments of ``from_env``: settings to resolve, and client options."""


_CONFIG_FIELDS = frozenset(f.name for f in fields(ClientConfig))
_RETRY_SHORTCUTS = frozenset({"max_retries", "deadline"})


def _lookahead(concurrency: int) -> int:
    """Pages scheduled ahead of the one being consumed. The limiter bounds what is in flight;
    a look-ahead larger than that keeps every slot busy while an early page is still pending
    (head-of-line blocking would otherwise idle slots whose pages already arrived)."""
    return concurrency * 4


def _ssl_verify(verify: bool | str | ssl.SSLContext) -> bool | ssl.SSLContext:
    if isinstance(verify, str):
        if not os.path.isfile(verify):
            raise ValidationError(
                "verify", "must be True, False, an ssl.SSLContext or the path of a PEM file"
            )
        return ssl.create_default_context(cafile=verify)
    return verify


def _resolve_endpoint(region: str | None, endpoint: str | None) -> str:
    if endpoint:
        return _validation.endpoint(endpoint)
    if region:
        return endpoint_for_region(region)
    raise ConfigurationError("pass a region or an endpoint", missing=("region", "endpoint"))


class _Pool(httpx.AsyncBaseTransport):
    """The connection pool of a client and of every client derived from it by ``with_options``.

    Each derived client has its own ``httpx.AsyncClient`` (own timeout, headers) over this one
    transport; closing such an httpx client closes nothing here. Only :meth:`close`, called by
    the client that built the pool, closes the connections, after which every client sharing
    it refuses calls with "... is closed".
    """

    def __init__(self, transport: httpx.AsyncBaseTransport, verify: bool | ssl.SSLContext) -> None:
        self.transport = transport
        self.verify = verify
        self.closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.transport.handle_async_request(request)

    async def aclose(self) -> None:
        """An httpx client over the pool is closing: the pool stays open for the others."""

    async def close(self) -> None:
        self.closed = True
        await self.transport.aclose()


class _ClientBase:
    """What the async client and its blocking twin share: the environment-driven constructors
    (both take the same keyword arguments) and the refusal to be pickled."""

    if TYPE_CHECKING:  # the constructor these classmethods call

        def __init__(self, **arguments: Unpack[ClientArguments]) -> None: ...

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        config: ClientConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Unpack[ConfigOptions],
    ) -> Self:
        """A client from resolved :class:`Settings` (see :func:`resolve_settings`).

        ``options`` (``timeout=``, ``concurrency=``, ...) override ``config`` and the settings.
        """
        config = (config or ClientConfig()).with_options(
            max_retries=settings.max_retries, verify=None if settings.verify is True else settings.verify
        )
        return cls(
            project_id=settings.project_id,
            auth=settings.auth(),
            endpoint=settings.endpoint,
            region=settings.region,
            config=config.with_options(**options),
            transport=transport,
        )

    @classmethod
    def from_env(
        cls,
        *,
        environ: Mapping[str, str] | None = None,
        config: ClientConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Unpack[EnvOptions],
    ) -> Self:
        """A client from arguments, then ``HW_*``, ``HUAWEICLOUD_SDK_*``, the profile file.

        ``options`` are settings (``region=``, ``project_id=``, ``max_retries=``, ... as for
        :func:`resolve_settings`) and client options (``timeout=``, ``concurrency=``, ...).
        """
        settings: dict[str, Any] = {k: v for k, v in options.items() if k in _SETTINGS_KEYS}
        client_options: dict[str, Any] = {k: v for k, v in options.items() if k not in _SETTINGS_KEYS}
        resolved = resolve_settings(environ=environ, **settings)
        return cls.from_settings(resolved, config=config, transport=transport, **client_options)

    def __reduce__(self) -> NoReturn:
        raise TypeError(f"{type(self).__name__} holds credentials and connections and cannot be pickled")

    def _clone(self) -> Self:
        """A shallow copy (``copy.copy`` would go through the refusing ``__reduce__``)."""
        twin = object.__new__(type(self))
        twin.__dict__.update(self.__dict__)
        return twin


_SETTINGS_KEYS = frozenset(SettingsOverrides.__annotations__)


class AsyncReplicationClient(_ClientBase):
    """Reads the replication tasks of TaurusDB HTAP StarRocks instances (asyncio).

    Build it with an endpoint (or a known region), a project id and an ``httpx.Auth`` from
    this package (:class:`TokenAuth`, :class:`AkSkAuth`, :class:`IamPasswordAuth`), or from the
    environment with :meth:`from_env`. Use it as an async context manager, or call
    :meth:`aclose`. One instance serves many concurrent calls, on one event loop.
    """

    def __init__(
        self,
        *,
        project_id: str,
        auth: httpx.Auth,
        region: str | None = None,
        endpoint: str | None = None,
        config: ClientConfig | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        **options: Unpack[ConfigOptions],
    ) -> None:
        self.project_id = _validation.project_id(project_id)
        if not isinstance(auth, httpx.Auth):
            raise ValidationError("auth", "must be an httpx.Auth such as TokenAuth or AkSkAuth")
        self.endpoint = _resolve_endpoint(region, endpoint)
        self.region = region
        self._auth = auth
        self._redactor = Redactor(getattr(auth, "secrets", ()))
        install_secret_filter()
        cfg = (config or ClientConfig()).with_options(**options)
        verify = _ssl_verify(cfg.verify)
        # One connection per page in flight, in small pools (see _sharded_pool.py for why).
        self._pool = _Pool(
            transport
            or ShardedTransport(
                cfg.concurrency,
                verify=verify,
                tls=self.endpoint.startswith("https:"),
                routes=ProxyRoutes(cfg.proxy),  # the proxy setting, else HTTPS_PROXY, NO_PROXY, ...
            ),
            verify,
        )
        self._owns_pool = True
        self._connect(cfg)

    def _connect(self, config: ClientConfig) -> None:
        """The per-client parts over the (possibly shared) pool: httpx client, fetcher."""
        self.config = config
        self._http = httpx.AsyncClient(
            base_url=self.endpoint,
            auth=self._auth,
            timeout=config.timeout,
            verify=self._pool.verify,
            headers={
                "User-Agent": config.user_agent,
                "X-Project-Id": self.project_id,
                "Accept-Encoding": ACCEPT_ENCODING,
            },
            event_hooks={"request": [on_request], "response": [on_response]},
            transport=BodyLimit(self._pool, config.max_body_bytes),
            follow_redirects=False,
        )
        self._fetcher = PageFetcher(
            self._http,
            project_id=self.project_id,
            language=config.language,
            retrier=Retrier(config.retry, random.Random(config.seed)),  # noqa: S311 (jitter, not cryptography)
            redactor=self._redactor,
            timeout=config.timeout,
        )

    def with_options(self, **options: Unpack[ConfigOptions]) -> Self:
        """A client with some options changed that shares this one's connection pool and auth.

        For per-call overrides, as in boto3 and openai-python: cheap (no new connections, the
        same token cache), e.g. ``client.with_options(timeout=5, max_retries=0).get_page(i)``.
        Takes the options of :meth:`ClientConfig.with_options`; ``verify`` cannot change (TLS
        lives in the pool), and ``concurrency`` beyond the pool's size queues for a connection.
        Closing the derived client is optional and leaves the pool open; closing this client
        closes the pool for every client derived from it.
        """
        config = self.config.with_options(**options)
        for pooled in ("verify", "proxy"):
            if getattr(config, pooled) != getattr(self.config, pooled):
                raise ValidationError(pooled, "cannot change on a client sharing a pool; build a new client")
        derived = self._clone()
        derived._owns_pool = False
        derived._connect(config)
        return derived

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`aclose` ran on this client or on the client that owns its pool."""
        return self._http.is_closed or self._pool.closed

    def _check_open(self) -> None:
        if self.is_closed:
            raise RuntimeError(f"{type(self).__name__} is closed; create a new client")

    async def aclose(self) -> None:
        """Close the client; the connection pool too unless it came from :meth:`with_options`."""
        await self._http.aclose()
        if self._owns_pool:
            await self._pool.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(endpoint={self.endpoint!r}, project_id={self.project_id!r}, auth={self._auth!r})"

    # -- operations ----------------------------------------------------------------------------

    def _deadline(self, seconds: float | None = None) -> Deadline:
        configured = self.config.retry.deadline
        if seconds is not None and configured is not None:
            seconds = min(seconds, configured)
        return Deadline(seconds if seconds is not None else configured)

    def _limiter(self) -> AimdLimiter:
        return AimdLimiter(self.config.concurrency, max_gate=self.config.retry.max_retry_after)

    def _fetch_with(self, instance_id: str, deadline: Deadline, limiter: AimdLimiter) -> Any:
        self._check_open()
        size = self.config.page_size

        def fetch(offset: int) -> Coroutine[Any, Any, Page]:
            return self._fetcher.fetch(instance_id, size, offset, deadline, limiter)

        return fetch

    async def get_page(self, instance_id: str, limit: int = 100, offset: int = 0) -> Page:
        """One raw page (with retries), typed."""
        _validation.instance_id(instance_id)
        _validation.limit(limit)
        _validation.offset(offset)
        self._check_open()
        return await self._fetcher.fetch(instance_id, limit, offset, self._deadline())

    async def list_replications(self, instance_id: str) -> list[Replication]:
        """Every task of the instance, in service order, as one consistent snapshot."""
        replications, _ = await self.list_replications_with_total(instance_id)
        return replications

    async def list_replications_with_total(
        self, instance_id: str, *, deadline: float | None = None
    ) -> tuple[list[Replication], int | None]:
        """Like :meth:`list_replications`, plus the ``total_count`` the service reported."""
        _validation.instance_id(instance_id)
        cfg = self.config
        fetch = self._fetch_with(instance_id, self._deadline(deadline), self._limiter())
        items, total = await snapshot(
            fetch,
            page_size=cfg.page_size,
            window=_lookahead(cfg.concurrency),
            max_pages=cfg.max_pages,
            max_rescans=cfg.max_rescans,
        )
        return items, total  # a snapshot never holds a name twice (see _pagination.inconsistency)

    async def iter_pages(self, instance_id: str) -> AsyncGenerator[Page, None]:
        """Pages in order as they arrive (concurrently fetched ahead); no rescans."""
        _validation.instance_id(instance_id)
        cfg = self.config
        fetch = self._fetch_with(instance_id, self._deadline(), self._limiter())
        async for page in iter_pages(
            fetch, page_size=cfg.page_size, window=_lookahead(cfg.concurrency), max_pages=cfg.max_pages
        ):
            yield page

    async def iter_replications(self, instance_id: str) -> AsyncGenerator[Replication, None]:
        """Tasks streamed page by page, de-duplicated by name.

        Unlike :meth:`list_replications` this cannot rescan what it already handed out, so a
        list changing during the stream gives each task at most once but no snapshot.
        """
        seen: set[str] = set()
        async for page in self.iter_pages(instance_id):
            for replication in unseen(page.replications, seen):
                yield replication

    async def get_replication(self, instance_id: str, task_name: str) -> Replication:
        """One task by name; :class:`ReplicationNotFoundError` when absent. Stops at the first match."""
        _validation.task_name(task_name)
        stream = self.iter_replications(instance_id)
        try:
            async for replication in stream:
                if replication.task_name == task_name:
                    return replication
        finally:
            await stream.aclose()
        raise ReplicationNotFoundError(instance_id, task_name)

    async def wait_for(
        self,
        instance_id: str,
        condition: Condition | None = None,
        *,
        timeout: float = 1800.0,
        interval: float = 10.0,
        max_interval: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> WaitResult:
        """Poll until ``condition`` holds (default ``Condition()``: every task caught up).

        Polls every ``interval`` seconds, growing by 1.5x up to ``max_interval`` (default
        ``6 * interval``, at most 60 s); ``on_progress`` gets the selected tasks after each
        successful poll. Raises :class:`ReplicationFailedError` naming every task that can no
        longer meet the condition (abnormal, cancelled) as soon as one is seen, and
        :class:`WaitTimeoutError` (with the last state and every shortfall) when ``timeout``
        runs out. Transient errors while polling do not end the wait.
        """
        _validation.instance_id(instance_id)
        if condition is None:
            condition = Condition()
        elif not isinstance(condition, Condition):
            raise ValidationError("condition", "must be a Condition")
        timeout = _validation.positive(timeout, "timeout", allow_zero=True)
        interval = _validation.positive(interval, "interval")
        cap = max_interval if max_interval is not None else max(interval, min(60.0, interval * 6))

        async def list_tasks(remaining: float) -> list[Replication]:
            replications, _ = await self.list_replications_with_total(instance_id, deadline=remaining)
            return replications

        return await poll_until(
            list_tasks,
            condition,
            timeout=timeout,
            interval=interval,
            max_interval=_validation.positive(cap, "max_interval"),
            on_progress=on_progress,
            transient=functools.partial(is_transient, policy=self.config.retry),
        )


async def _next(stream: AsyncGenerator[T, None]) -> T:
    return await anext(stream)


class _LoopThread:
    """An event loop running forever in a daemon thread, fed coroutines from other threads."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stopped = False
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._serve, name="taurusdb-replication-loop", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run on the loop and wait; Ctrl-C (or any interruption) cancels the coroutine."""
        if self.stopped:
            coroutine.close()
            raise RuntimeError(f"{self.name} is closed; create a new client")
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError(
                "a ReplicationClient cannot be called from its own callbacks; use the async client"
            )
        future: Future[T] = asyncio.run_coroutine_threadsafe(coroutine, self.loop)
        try:
            return future.result()
        except BaseException:
            future.cancel()
            raise

    def stop(self) -> None:
        self.stopped = True
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout=10)
            self.loop.close()


class ReplicationClient(_ClientBase):
    """The blocking twin of :class:`AsyncReplicationClient` (same arguments, same methods).

    It drives the async client on a private event-loop thread (see the module docstring), so it
    is safe from any thread, inside Jupyter and inside Pulumi providers. Use it as a context
    manager or call :meth:`close`. ``on_progress`` callbacks of :meth:`wait_for` run on the
    client's loop thread: keep them quick, and do not call this client from them.
    """

    def __init__(self, **arguments: Unpack[ClientArguments]) -> None:
        self._async = AsyncReplicationClient(**arguments)
        self.endpoint = self._async.endpoint
        self.project_id = self._async.project_id
        self.region = self._async.region
        self._runner = _LoopThread(type(self).__name__)
        self._finalizer = weakref.finalize(self, self._runner.stop)
        self._root: ReplicationClient | None = None

    def with_options(self, **options: Unpack[ConfigOptions]) -> Self:
        """A client with some options changed, sharing this one's pool, auth and loop thread.

        See :meth:`AsyncReplicationClient.with_options`; e.g.
        ``client.with_options(timeout=5).list_replications(instance)``.
        """
        derived = self._clone()
        derived._async = self._async.with_options(**options)
        derived._root = self._root or self  # keeps the owner (and its loop thread) alive
        return derived

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        if self._async.is_closed:
            coroutine.close()
            raise RuntimeError(f"{type(self).__name__} is closed; create a new client")
        return self._runner.run(coroutine)

    @property
    def config(self) -> ClientConfig:
        return self._async.config

    @property
    def is_closed(self) -> bool:
        """Whether :meth:`close` ran on this client or on the client that owns its pool."""
        return self._async.is_closed or self._runner.stopped

    def close(self) -> None:
        """Close the client; the pool and loop thread too unless it came from :meth:`with_options`."""
        if self._runner.stopped:
            return
        if self._root is not None:
            self._runner.run(self._async.aclose())
            return
        try:
            self._runner.run(self._async.aclose())
        finally:
            self._finalizer()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return repr(self._async).replace("AsyncReplicationClient", "ReplicationClient", 1)

    def get_page(self, instance_id: str, limit: int = 100, offset: int = 0) -> Page:
        """One raw page (with retries), typed."""
        return self._run(self._async.get_page(instance_id, limit, offset))

    def list_replications(self, instance_id: str) -> list[Replication]:
        """Every task of the instance, in service order, as one consistent snapshot."""
        return self._run(self._async.list_replications(instance_id))

    def list_replications_with_total(
        self, instance_id: str, *, deadline: float | None = None
    ) -> tuple[list[Replication], int | None]:
        """Like :meth:`list_replications`, plus the ``total_count`` the service reported."""
        return self._run(self._async.list_replications_with_total(instance_id, deadline=deadline))

    def iter_pages(self, instance_id: str) -> Iterator[Page]:
        """Pages in order as they arrive; no rescans."""
        stream = self._async.iter_pages(instance_id)
        try:
            while True:
                try:
                    page = self._run(_next(stream))
                except StopAsyncIteration:
                    return
                yield page
        finally:
            if not self._runner.stopped:
                self._runner.run(stream.aclose())

    def iter_replications(self, instance_id: str) -> Iterator[Replication]:
        """Tasks streamed page by page, de-duplicated by name (no snapshot guarantee)."""
        seen: set[str] = set()
        for page in self.iter_pages(instance_id):
            yield from unseen(page.replications, seen)

    def get_replication(self, instance_id: str, task_name: str) -> Replication:
        """One task by name; :class:`ReplicationNotFoundError` when absent."""
        return self._run(self._async.get_replication(instance_id, task_name))

    def wait_for(
        self, instance_id: str, condition: Condition | None = None, **options: Unpack[WaitOptions]
    ) -> WaitResult:
        """Poll until ``condition`` holds (see :meth:`AsyncReplicationClient.wait_for`)."""
        return self._run(self._async.wait_for(instance_id, condition, **options))
