"""The blocking client, :class:`ReplicationClient`: the async client driven on a loop thread.

It owns a private event loop running in a daemon thread and submits the async client's
coroutines to it (``run_coroutine_threadsafe``), blocking on the result. So there is one code
path to test and trust, and the blocking client works where ``asyncio.run`` would not: inside a
running loop (Jupyter), and from Pulumi's provider threads. The cost is a thread per client and
a thread hop per call (tens of microseconds, nothing next to a network round trip).
"""

from __future__ import annotations

import weakref
from collections.abc import AsyncGenerator, Coroutine, Iterator
from types import TracebackType
from typing import Any, Self, TypedDict, TypeVar, Unpack

import httpx

from ._client import AsyncReplicationClient
from ._client_base import ClientBase
from ._condition import Condition
from ._config import ClientConfig
from ._loop_thread import LoopThread
from ._models import Page, Replication, WaitResult
from ._pagination import unseen
from ._waiter import FailureCallback, ProgressCallback, ReadCallback

T = TypeVar("T")


class WaitOptions(TypedDict, total=False):
    """The keyword arguments of ``wait_for`` after the condition (see the async client)."""

    timeout: float
    interval: float
    max_interval: float | None
    on_progress: ProgressCallback | None
    on_read: ReadCallback | None
    on_failure: FailureCallback | None


async def _next(stream: AsyncGenerator[T, None]) -> T:
    return await anext(stream)


class ReplicationClient(ClientBase):
    """The blocking twin of :class:`AsyncReplicationClient` (same arguments, same methods).

    It drives the async client on a private event-loop thread (see the module docstring), so it
    is safe from any thread, inside Jupyter and inside Pulumi providers. Use it as a context
    manager or call :meth:`close`. ``on_progress`` callbacks of :meth:`wait_for` run on the
    client's loop thread: keep them quick, and do not call this client from them.
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
        self._async = AsyncReplicationClient(
            project_id=project_id,
            auth=auth,
            region=region,
            endpoint=endpoint,
            config=config,
            transport=transport,
            **options,
        )
        self.endpoint = self._async.endpoint
        self.project_id = self._async.project_id
        self.region = self._async.region
        self._runner = LoopThread(type(self).__name__)
        self._finalizer = weakref.finalize(self, self._runner.stop)
        self._root: ReplicationClient | None = None

    def with_options(self, **options: Any) -> Self:
        """A client with some options changed, sharing this one's pool, auth and loop thread.

        See :meth:`AsyncReplicationClient.with_options`; e.g.
        ``client.with_options(timeout=5).list_replications(instance)``.
        """
        derived = object.__new__(type(self))
        derived.__dict__.update(self.__dict__)
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
