"""An event loop running in a daemon thread: how the blocking client drives the async one."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")


class LoopThread:
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
