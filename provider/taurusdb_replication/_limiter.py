"""Adaptive concurrency (AIMD) and a shared throttling gate for the page fetches.

A fixed number of parallel requests either wastes a generous gateway or hammers a throttled
one. The limiter starts at the configured ceiling; each 429 halves the limit (multiplicative
decrease, at most once per "epoch" so one burst of 429s from the same wave counts once) and
closes a gate for every worker until ``Retry-After`` has passed; each success adds
``1/limit`` (additive increase: about +1 per limit's worth of successes) back up to the
ceiling. That is TCP's congestion control applied to an HTTP API, and it makes a listing run
near the gateway's rate instead of failing or spinning on 429s.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress


class AimdLimiter:
    """An asyncio semaphore whose size adapts to throttling. Use one per operation."""

    def __init__(self, ceiling: int, *, floor: int = 1, clock: Callable[[], float] = time.monotonic) -> None:
        self.ceiling = max(1, ceiling)
        self.floor = max(1, min(floor, self.ceiling))
        self._limit = float(self.ceiling)
        self._in_flight = 0
        self._epoch = 0
        self._gate_until = 0.0
        self._clock = clock
        self._changed = asyncio.Condition()
        self.decreases = 0
        self.peak_in_flight = 0

    @property
    def limit(self) -> int:
        """The current number of requests allowed in flight."""
        return max(self.floor, int(self._limit))

    @property
    def epoch(self) -> int:
        """Changes on every decrease; pass it back to :meth:`throttled`."""
        return self._epoch

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[int]:
        """Wait for a free slot and the gate to open; yields the epoch at entry."""
        async with self._changed:
            while True:
                wait = self._gate_until - self._clock()
                if wait > 0:
                    with suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), timeout=wait)
                    continue
                if self._in_flight < self.limit:
                    break
                await self._changed.wait()
            self._in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self._in_flight)
            epoch = self._epoch
        try:
            yield epoch
        finally:
            async with self._changed:
                self._in_flight -= 1
                self._changed.notify_all()

    async def succeeded(self) -> None:
        """Additive increase."""
        if self._limit < self.ceiling:
            async with self._changed:
                self._limit = min(float(self.ceiling), self._limit + 1.0 / self._limit)
                self._changed.notify_all()

    async def throttled(self, epoch: int, retry_after: float | None) -> None:
        """Multiplicative decrease (once per epoch) and close the gate for ``retry_after`` s."""
        async with self._changed:
            if epoch == self._epoch:
                self._limit = max(float(self.floor), self._limit / 2.0)
                self._epoch += 1
                self.decreases += 1
            if retry_after:
                self._gate_until = max(self._gate_until, self._clock() + retry_after)
            self._changed.notify_all()
