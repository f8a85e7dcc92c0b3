"""Adaptive concurrency (AIMD) and a shared throttling gate for the page fetches.

A fixed number of parallel requests either wastes a generous gateway or hammers a throttled
one. The limiter starts at the configured ceiling; each 429 halves the limit (multiplicative
decrease, at most once per "epoch" so one burst of 429s from the same wave counts once) and
closes a gate for every worker until ``Retry-After`` has passed (never longer than
``max_gate``, the retry policy's ceiling on server-requested waits); each success adds
``1/limit`` (additive increase: about +1 per limit's worth of successes) back up to the
ceiling. That is TCP's congestion control applied to an HTTP API, and it makes a listing run
near the gateway's rate instead of failing or spinning on 429s.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress


class AimdLimiter:
    """An asyncio semaphore whose size adapts to throttling. Use one per operation.

    Waiters queue in order and a freed slot wakes exactly one of them (a condition variable
    woke them all on every release: with a look-ahead of dozens of pages that was dozens of
    wake-ups per page, all on the CPU the listing is bound by). A waiter that is woken and then
    cancelled passes its wake-up on, so no free slot is left with nobody to take it.
    """

    def __init__(
        self, ceiling: int, *, max_gate: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ceiling = max(1, ceiling)
        self.max_gate = max_gate
        self._limit = float(self.ceiling)
        self._in_flight = 0
        self._epoch = 0
        self._gate_until = 0.0
        self._clock = clock
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._gate_changed: asyncio.Event | None = None

    @property
    def limit(self) -> int:
        """The current number of requests allowed in flight."""
        return max(1, int(self._limit))

    @property
    def epoch(self) -> int:
        """Changes on every decrease; pass it back to :meth:`throttled`."""
        return self._epoch

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[int]:
        """Wait for a free slot and the gate to open; yields the epoch at entry."""
        await self._enter()
        try:
            yield self._epoch
        finally:
            self._in_flight -= 1
            self._wake(1)

    async def _enter(self) -> None:
        while True:
            wait = self._gate_until - self._clock()
            if wait > 0:
                await self._gate_opening(wait)
            elif self._in_flight < self.limit:
                self._in_flight += 1
                return
            else:
                await self._queue()

    async def _gate_opening(self, wait: float) -> None:
        """Sleep until the gate's time, or until the state changes (then the caller re-reads)."""
        if self._gate_changed is None:
            self._gate_changed = asyncio.Event()
        with suppress(TimeoutError):
            await asyncio.wait_for(self._gate_changed.wait(), timeout=wait)

    async def _queue(self) -> None:
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._wake(1)  # woken for a slot, then cancelled: hand the wake-up on
            raise

    def _wake(self, count: int) -> None:
        while count > 0 and self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():  # a cancelled waiter is skipped
                waiter.set_result(None)
                count -= 1

    def _state_changed(self) -> None:
        if self._gate_changed is not None:
            self._gate_changed.set()
            self._gate_changed = None

    def succeeded(self) -> None:
        """Additive increase."""
        if self._limit < self.ceiling:
            before = self.limit
            self._limit = min(float(self.ceiling), self._limit + 1.0 / self._limit)
            self._wake(self.limit - before)
            self._state_changed()

    def throttled(self, epoch: int, retry_after: float | None) -> None:
        """Multiplicative decrease (once per epoch) and close the gate for ``retry_after`` s
        (at most ``max_gate``)."""
        if epoch == self._epoch:
            self._limit = max(1.0, self._limit / 2.0)
            self._epoch += 1
        if retry_after:
            until = self._clock() + min(retry_after, self.max_gate)
            self._gate_until = max(self._gate_until, until)
        self._state_changed()
