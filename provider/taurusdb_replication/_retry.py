"""When to send a request again, how long to wait first, and the loop that does it.

A small immutable policy object and one loop rather than a retry library: the whole need is
"exponential backoff with full jitter, honour ``Retry-After`` up to a ceiling, stop after N
retries or at a deadline", a few lines that must also cooperate with the pagination's shared
deadline and its throttling gate, which decorator-style libraries (tenacity, stamina) would
hide rather than help with.

:meth:`RetryPolicy.retryable` is the one place that decides whether a failure is worth another
try: the statuses in ``retryable_statuses`` (429, 500, 502, 503, 504 by default), network
failures and timeouts, and success statuses whose body is not JSON (cut short in transit).
Never another 4xx: those are the caller's mistake or an auth problem, and retrying AK/SK
failures would lock the key after 5. Every retryable answer spends the same budget
(``max_attempts``), 429 included, so ``max_retries=0`` sends exactly one request.

A server may ask for a wait (``Retry-After``, seconds or an HTTP date). It is honoured up to
``max_retry_after`` (60 s by default, the rule of the Stainless-generated SDKs); a wait past
that ceiling, or past the operation's deadline, is not slept through: the error is raised at
once and says what the server asked. The limiter's throttling gate gets the same ceiling.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, replace
from typing import TypeVar

from . import _validation
from ._errors import (
    ApiError,
    InconsistentListingError,
    MalformedResponseError,
    RequestTimeoutError,
    TaurusDBError,
    ThrottledError,
    TransportError,
    ValidationError,
)
from ._limiter import AimdLimiter
from ._logging import logger
from ._settings_table import BY_NAME

T = TypeVar("T")

DEFAULT_MAX_RETRIES: int = BY_NAME["max_retries"].default  # type: ignore[assignment]
"""The declaration's default (settings.yaml), the vendor Terraform provider's (``HW_MAX_RETRIES``)."""

RETRYABLE_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})
"""Throttling and the server-side failures that a gateway or load balancer recovers from."""

DEFAULT_MAX_RETRY_AFTER = 60.0
"""The longest wait a server may ask for before the request fails instead (seconds)."""


@dataclass(frozen=True)
class RetryPolicy:
    """Retry settings. ``max_attempts`` counts the first try and every retry, whatever the answer.

    ``deadline`` bounds a whole operation (a listing with all its pages and retries), in
    seconds; ``None`` means no overall bound beyond the attempt count. ``max_retry_after`` is
    the ceiling of any wait a server asks for (see the module docstring).
    """

    max_attempts: int = DEFAULT_MAX_RETRIES + 1
    base_delay: float = 0.25
    max_delay: float = 20.0
    deadline: float | None = 300.0
    retryable_statuses: frozenset[int] = RETRYABLE_STATUSES
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER

    def __post_init__(self) -> None:
        _validation.positive_int(self.max_attempts, "max_attempts")
        _validation.positive(self.base_delay, "base_delay", allow_zero=True)
        _validation.positive(self.max_delay, "max_delay", allow_zero=True)
        _validation.positive(self.max_retry_after, "max_retry_after", allow_zero=True)
        if self.deadline is not None:
            _validation.positive(self.deadline, "deadline")
        statuses = self.retryable_statuses
        if isinstance(statuses, str) or not all(
            isinstance(s, int) and not isinstance(s, bool) and 100 <= s <= 599 for s in statuses
        ):
            raise ValidationError("retryable_statuses", "must be HTTP status codes from 100 to 599")
        object.__setattr__(self, "retryable_statuses", frozenset(statuses))

    @classmethod
    def from_max_retries(cls, max_retries: int, **overrides: float | None) -> RetryPolicy:
        """Build from a retry count as people set it (``HW_MAX_RETRIES``): attempts = retries + 1."""
        return cls().with_max_retries(max_retries, **overrides)

    def with_max_retries(self, max_retries: int, **overrides: float | None) -> RetryPolicy:
        """A copy allowing ``max_retries`` retries (so ``max_retries + 1`` requests at most)."""
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValidationError("max_retries", "must be an integer >= 0")
        return replace(self, max_attempts=max_retries + 1, **overrides)  # type: ignore[arg-type]

    def retryable(self, error: BaseException) -> bool:
        """Whether an error may go away if the same request is sent again (the one rule)."""
        if isinstance(error, MalformedResponseError):
            return error.cut_short
        if isinstance(error, ApiError):
            return error.status in self.retryable_statuses
        if isinstance(error, TransportError):
            return error.network
        return False

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Full jitter: uniform in [0, min(max_delay, base_delay * 2**(failures-1))]."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** max(0, failures - 1)))
        return rng.uniform(0.0, ceiling)

    def next_wait(
        self, error: TaurusDBError, attempt: int, rng: random.Random, deadline: Deadline
    ) -> float | None:
        """How long to wait before attempt ``attempt + 1``, or None to give up.

        When the server asked for a wait that is not honoured, the error is told why, so its
        message says what the server asked.
        """
        if not self.retryable(error) or attempt >= self.max_attempts:
            return None
        asked = error.retry_after if isinstance(error, ApiError) else None
        if asked is None:
            wait = self.backoff(attempt, rng)
            return wait if deadline.allows_wait(wait) else None
        assert isinstance(error, ApiError)
        if asked > self.max_retry_after:
            error.gave_up_after(
                attempt,
                f"the server asked to wait {asked:.0f} s (Retry-After), "
                f"more than the {self.max_retry_after:g} s ceiling",
            )
            return None
        # The server's figure plus a little jitter, so a wave of clients does not return at once.
        wait = asked + rng.uniform(0.0, self.base_delay)
        if not deadline.allows_wait(wait):
            error.gave_up_after(
                attempt,
                f"the server asked to wait {asked:.0f} s (Retry-After), past the operation's "
                f"deadline ({deadline.remaining() or 0.0:.1f} s left)",
            )
            return None
        return wait


DEFAULT_POLICY = RetryPolicy()


def is_transient(error: BaseException, policy: RetryPolicy | None = None) -> bool:
    """Whether trying the same thing again later may succeed.

    True for throttling, 5xx, network failures, cut bodies and a task list that kept changing;
    false for bad input, credentials, permissions and unknown instances. The waiter polls on
    through transient errors; front ends (``watch``) use it to decide whether to keep going.
    For API and transport errors the answer is ``policy``'s (a client's ``config.retry``;
    the default :class:`RetryPolicy` when not given), the one place that decides whether a
    request is worth sending again, so a client polls on by the rule it retries by.
    """
    return (policy or DEFAULT_POLICY).retryable(error) or isinstance(error, InconsistentListingError)


class Deadline:
    """The moment an operation must end by; shared by every page of a listing."""

    def __init__(self, seconds: float | None, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.seconds = seconds
        self._end = None if seconds is None else clock() + seconds

    def remaining(self) -> float | None:
        """Seconds left (never negative), or None when unbounded."""
        return None if self._end is None else max(0.0, self._end - self._clock())

    def allows_wait(self, seconds: float) -> bool:
        """Whether sleeping ``seconds`` still leaves time for another attempt."""
        remaining = self.remaining()
        return remaining is None or seconds < remaining

    def error(self, what: str, last: TaurusDBError | None) -> RequestTimeoutError:
        """The error for running out of time, naming the last failure if there was one."""
        text = f"{what}: the operation's deadline of {self.seconds:g} s ran out"
        if last is not None:
            text += f" (last error: {last})"
        return RequestTimeoutError(text)


@dataclass
class Retrier:
    """Runs one request under a :class:`RetryPolicy`: the retry loop of the client layer."""

    policy: RetryPolicy
    rng: random.Random
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def run(
        self,
        send: Callable[[], Awaitable[T]],
        what: str,
        deadline: Deadline,
        limiter: AimdLimiter | None = None,
    ) -> T:
        """``send()`` until it succeeds, the policy gives up, or the deadline passes.

        The deadline bounds everything: waiting for a limiter slot, each request, the sleeps.
        """
        attempt = 0
        last: TaurusDBError | None = None
        while True:
            attempt += 1
            slot: AbstractAsyncContextManager[int] = limiter.slot() if limiter else nullcontext(0)
            try:
                async with asyncio.timeout(deadline.remaining()), slot as epoch:
                    try:
                        result = await send()
                    except TaurusDBError as exc:
                        error = exc
                    else:
                        if limiter:
                            limiter.succeeded()
                        return result
            except TimeoutError:
                raise deadline.error(what, last) from None
            wait = self.policy.next_wait(error, attempt, self.rng, deadline)
            if limiter and isinstance(error, ThrottledError):
                limiter.throttled(epoch, error.retry_after if wait is not None else None)
            if wait is None:
                if isinstance(error, ApiError | TransportError) and error.attempts < attempt:
                    error.gave_up_after(attempt)
                raise error
            last = error
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug("retrying %s after %s (attempt %d) in %.3f s", what, error, attempt, wait)
            await self.sleep(wait)
