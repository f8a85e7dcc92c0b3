"""When to send a request again, and how long to wait first.

A small immutable policy object rather than a retry library: the whole need is "exponential
backoff with full jitter, honour ``Retry-After``, stop at N attempts or at a deadline", a few
lines that must also cooperate with the pagination's shared deadline and its throttling gate,
which decorator-style libraries (tenacity, stamina) would hide rather than help with.

What is retried: HTTP 429, 500, 502, 503, 504; connection errors and timeouts; success
statuses whose body is not JSON (cut short in transit). Never another 4xx: those are the
caller's mistake or an auth problem, and retrying AK/SK failures would lock the key after 5.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import _validation
from ._errors import (
    ApiError,
    RequestTimeoutError,
    TaurusDBError,
    ThrottledError,
    TransportError,
    ValidationError,
)

DEFAULT_MAX_RETRIES = 5
"""Same default as the vendor's Terraform provider (``HW_MAX_RETRIES``)."""


@dataclass(frozen=True)
class RetryPolicy:
    """Retry settings. ``max_attempts`` counts the first try; 429 answers have their own budget.

    ``deadline`` bounds a whole operation (a listing with all its pages and retries), in
    seconds; ``None`` means no overall bound beyond the attempt counts.
    """

    max_attempts: int = DEFAULT_MAX_RETRIES + 1
    max_throttled_attempts: int = 30
    base_delay: float = 0.25
    max_delay: float = 20.0
    deadline: float | None = 300.0

    def __post_init__(self) -> None:
        _validation.positive_int(self.max_attempts, "max_attempts")
        _validation.positive_int(self.max_throttled_attempts, "max_throttled_attempts")
        _validation.positive(self.base_delay, "base_delay", allow_zero=True)
        _validation.positive(self.max_delay, "max_delay", allow_zero=True)
        if self.deadline is not None:
            _validation.positive(self.deadline, "deadline")

    @classmethod
    def from_max_retries(cls, max_retries: int, **overrides: float | None) -> RetryPolicy:
        """Build from a retry count as people set it (``HW_MAX_RETRIES``): attempts = retries + 1."""
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ValidationError("max_retries", "must be an integer >= 0")
        return cls(max_attempts=max_retries + 1, **overrides)  # type: ignore[arg-type]

    @staticmethod
    def retryable(error: BaseException) -> bool:
        """Whether an error may go away if the same request is sent again."""
        if isinstance(error, ApiError | TransportError):
            return error.retryable
        return False

    def allows(self, error: TaurusDBError, attempt: int, throttled_attempts: int) -> bool:
        """Whether another attempt is allowed after ``attempt`` tries (``throttled_attempts`` of them 429)."""
        if not self.retryable(error):
            return False
        if isinstance(error, ThrottledError):
            return throttled_attempts < self.max_throttled_attempts
        return attempt - throttled_attempts < self.max_attempts

    def backoff(self, failures: int, rng: random.Random) -> float:
        """Full jitter: uniform in [0, min(max_delay, base_delay * 2**(failures-1))]."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** max(0, failures - 1)))
        return rng.uniform(0.0, ceiling)

    def delay(self, error: TaurusDBError, failures: int, rng: random.Random) -> float:
        """How long to wait before the next attempt: at least ``Retry-After`` when there is one."""
        wait = self.backoff(failures, rng)
        if isinstance(error, ThrottledError) and error.retry_after is not None:
            # Honour the server's figure, plus a little jitter so a wave does not return at once.
            wait = min(max(error.retry_after, 0.0), self.max_delay) + rng.uniform(0.0, self.base_delay)
        return wait


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
