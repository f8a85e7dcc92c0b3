"""The asyncio client, :class:`AsyncReplicationClient`: the only implementation of paging,
retries and waiting (the blocking :class:`~taurusdb_replication.ReplicationClient` drives it on
a loop thread, ``_sync_client.py``), so there is one code path to test and trust."""

from __future__ import annotations

import functools
import os
import random
import ssl
from collections.abc import AsyncGenerator, Coroutine
from types import TracebackType
from typing import Any, Self

import httpx

from . import _validation
from ._body_limit import ACCEPT_ENCODING, BodyLimit
from ._client_base import ClientBase
from ._condition import Condition
from ._config import ClientConfig, http_timeout
from ._endpoints import endpoint_for_region
from ._errors import ConfigurationError, ReplicationNotFoundError, ValidationError
from ._limiter import AimdLimiter
from ._logging import Redactor, install_secret_filter, on_request, on_response
from ._models import Page, Replication, WaitResult
from ._pagination import iter_pages, snapshot, unseen
from ._pool import SharedPool
from ._proxies import ProxyRoutes
from ._retry import Deadline, Retrier, is_transient
from ._sharded_pool import ShardedTransport
from ._transport import PageFetcher
from ._waiter import FailureCallback, ProgressCallback, ReadCallback, poll_until


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


class AsyncReplicationClient(ClientBase):
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
        **options: Any,
    ) -> None:
        """``options`` are fields of :class:`ClientConfig` (and ``max_retries``, ``deadline``),
        applied over ``config``. ``transport`` replaces the connection pool (tests, proxies); a
        :class:`SharedPool` of another client is used without being owned (``with_options``)."""
        self.project_id = _validation.project_id(project_id)
        if not isinstance(auth, httpx.Auth):
            raise ValidationError("auth", "must be an httpx.Auth such as TokenAuth or AkSkAuth")
        self.endpoint = _resolve_endpoint(region, endpoint)
        self.region = region
        self._auth = auth
        self._redactor = Redactor(getattr(auth, "secrets", ()))
        install_secret_filter()
        self.config = config = (config or ClientConfig()).with_options(**options)
        self._owns_pool = not isinstance(transport, SharedPool)
        self._pool = transport if isinstance(transport, SharedPool) else self._new_pool(transport)
        for name, before, now in zip(
            ("verify", "proxy"), self._pool.tls, (config.verify, config.proxy), strict=True
        ):
            if before != now:
                raise ValidationError(name, "cannot change on a client sharing a pool; build a new client")
        self._http = httpx.AsyncClient(
            base_url=self.endpoint,
            auth=self._auth,
            timeout=http_timeout(config.timeout),
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
            timeout=http_timeout(config.timeout),
        )

    def _new_pool(self, transport: httpx.AsyncBaseTransport | None) -> SharedPool:
        """One connection per page in flight, in small pools (see _sharded_pool.py for why)."""
        if transport is None:
            verify = _ssl_verify(self.config.verify)
            tls = self.endpoint.startswith("https:")
            transport = ShardedTransport(
                self.config.concurrency,
                verify=verify,
                tls=tls,
                routes=ProxyRoutes(self.config.proxy),  # the proxy setting, else HTTPS_PROXY, NO_PROXY, ...
            )
        return SharedPool(transport, self.config)

    def with_options(self, **options: Any) -> Self:
        """A client with some options changed that shares this one's connection pool and auth.

        For per-call overrides, as in boto3 and openai-python: cheap (no new connections, the
        same token cache), e.g. ``client.with_options(timeout=5, max_retries=0).get_page(i)``.
        Rebuilt through the constructor with this client's pool; takes the options of
        :meth:`ClientConfig.with_options`. ``verify`` and ``proxy`` cannot change (they live in
        the pool), and ``concurrency`` beyond the pool's size queues for a connection. Closing
        the derived client is optional and leaves the pool open; closing this client closes the
        pool for every client derived from it.
        """
        return type(self)(
            project_id=self.project_id,
            auth=self._auth,
            region=self.region,
            endpoint=self.endpoint,
            config=self.config.with_options(**options),
            transport=self._pool,
        )

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
        on_read: ReadCallback | None = None,
        on_failure: FailureCallback | None = None,
    ) -> WaitResult:
        """Poll until ``condition`` holds (default ``Condition()``: every task caught up).

        Polls every ``interval`` seconds, growing by 1.5x up to ``max_interval`` (default
        ``6 * interval``, at most 60 s); ``on_progress`` gets the selected tasks after each
        successful poll, ``on_read`` every task read and the service's ``total_count``,
        ``on_failure`` the error of each failed poll the wait outlives. Raises
        :class:`ReplicationFailedError` naming every task that can no longer meet the
        condition (abnormal, cancelled) as soon as one is seen, and :class:`WaitTimeoutError`
        (with the last state and every shortfall) when ``timeout`` runs out. Transient errors
        while polling do not end the wait.
        """
        _validation.instance_id(instance_id)
        if condition is None:
            condition = Condition()
        elif not isinstance(condition, Condition):
            raise ValidationError("condition", "must be a Condition")
        timeout = _validation.positive(timeout, "timeout", allow_zero=True)
        interval = _validation.positive(interval, "interval")
        cap = max_interval if max_interval is not None else max(interval, min(60.0, interval * 6))

        async def list_tasks(remaining: float) -> tuple[list[Replication], int | None]:
            return await self.list_replications_with_total(instance_id, deadline=remaining)

        return await poll_until(
            list_tasks,
            condition,
            timeout=timeout,
            interval=interval,
            max_interval=_validation.positive(cap, "max_interval"),
            on_progress=on_progress,
            on_read=on_read,
            on_failure=on_failure,
            transient=functools.partial(is_transient, policy=self.config.retry),
        )
