"""One page through the generated operation, with typed errors and retries.

Every request of the client layer goes through
``taurusdb_htap_client.api.replication.list_star_rocks_data_replications.asyncio_detailed``
on the generated ``Client``, whose httpx client is ours (auth, timeouts, pool limits, TLS,
logging hooks).

The generated code parses the body before returning, and fails in two ways that would lose the
response: ``JSONDecodeError`` when a documented JSON status carries something else (a body
cut short, an HTML 500 page), and ``ValueError`` from ``HTTPStatus`` on non-standard codes
(499, 520). To keep the status and request id in those cases, a response event hook stores
each response in a slot that the caller installs in a :class:`~contextvars.ContextVar` just
before calling the operation. Event hooks run in the caller's task, so the slot is private
to that one call even when many pages are fetched concurrently (each asyncio task has its
own copy of the context). The slot is read only when the operation raised.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass

import httpx
from taurusdb_htap_client import Client
from taurusdb_htap_client.api.replication import list_star_rocks_data_replications as operation
from taurusdb_htap_client.models.error_response import ErrorResponse
from taurusdb_htap_client.models.list_star_rocks_data_replications_x_language import (
    ListStarRocksDataReplicationsXLanguage,
)
from taurusdb_htap_client.models.replication_page import ReplicationPage
from taurusdb_htap_client.models.star_rocks_replication_info import StarRocksReplicationInfo
from taurusdb_htap_client.types import Response, Unset

from ._errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    InstanceNotFoundError,
    MalformedResponseError,
    PermissionDeniedError,
    RequestTimeoutError,
    ServerError,
    TaurusDBError,
    ThrottledError,
    TransportError,
)
from ._limiter import AimdLimiter
from ._logging import Redactor, excerpt, logger
from ._models import Page, Replication, parse_count
from ._retry import Deadline, RetryPolicy

INSTANCE_NOT_FOUND = "DBS.200022"


@dataclass
class _Slot:
    response: httpx.Response | None = None


_LAST_RESPONSE: ContextVar[_Slot | None] = ContextVar("taurusdb_replication_last_response", default=None)


async def record_response(response: httpx.Response) -> None:
    """httpx response hook: hand the response to the call that is waiting for it."""
    slot = _LAST_RESPONSE.get()
    if slot is not None:
        slot.response = response


def _text(value: object) -> str | None:
    if value is None or isinstance(value, Unset):
        return None
    return str(value)


def retry_after_seconds(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - now())


def _error_body(content: bytes) -> ErrorResponse | None:
    """An error body the generated code did not parse (documented as HTML, or undocumented)."""
    try:
        data = json.loads(content)
    except ValueError:
        return None
    if isinstance(data, dict) and ("error_code" in data or "error_msg" in data):
        return ErrorResponse.from_dict(data)
    return None


def error_for(
    status: int,
    headers: httpx.Headers,
    content: bytes,
    parsed: ErrorResponse | None,
    redactor: Redactor,
) -> ApiError:
    """The typed error for a non-200 answer (JSON error bodies are read whatever the status)."""
    if parsed is None:
        parsed = _error_body(content)
    code = _text(parsed.error_code) if parsed is not None else None
    message = _text(parsed.error_msg) if parsed is not None else None
    request_id = (_text(parsed.request_id) if parsed is not None else None) or headers.get("X-Request-Id")
    if message is not None:
        message = redactor(message)
    body_excerpt = None if (code or message) else (excerpt(content, redactor) or None)
    cls: type[ApiError] = ApiError
    if status == 400:
        cls = InstanceNotFoundError if code == INSTANCE_NOT_FOUND else BadRequestError
    elif status == 401:
        cls = AuthenticationError
    elif status == 403:
        cls = PermissionDeniedError
    elif status == 429:
        cls = ThrottledError
    elif status >= 500:
        cls = ServerError
    error = cls(status, code, message, request_id, excerpt=body_excerpt)
    if isinstance(error, ThrottledError):
        error.retry_after = retry_after_seconds(headers.get("Retry-After"))
    return error


def _error_from_response(response: httpx.Response, redactor: Redactor) -> ApiError:
    """Typed error for a response the generated code could not parse."""
    status = response.status_code
    request_id = response.headers.get("X-Request-Id")
    try:
        data = json.loads(response.content)
    except ValueError:
        if 200 <= status < 300:
            return MalformedResponseError(
                status,
                request_id,
                reason="the body is not JSON (cut short?)",
                excerpt=excerpt(response.content, redactor) or None,
                retryable=True,
            )
        return error_for(status, response.headers, response.content, None, redactor)
    if 200 <= status < 300:
        return MalformedResponseError(
            status,
            request_id,
            reason="the JSON body does not have the documented shape",
            excerpt=excerpt(response.content, redactor) or None,
            retryable=False,
        )
    parsed = ErrorResponse.from_dict(data) if isinstance(data, dict) else None
    return error_for(status, response.headers, response.content, parsed, redactor)


def page_from(
    result: Response[ErrorResponse | ReplicationPage | str],
    offset: int,
    limit: int,
    redactor: Redactor,
) -> Page:
    """A :class:`Page` from the generated response, or raise the typed error."""
    status = int(result.status_code)
    headers = httpx.Headers(result.headers)
    parsed = result.parsed
    if status != 200:
        raise error_for(
            status, headers, result.content, parsed if isinstance(parsed, ErrorResponse) else None, redactor
        )
    request_id = headers.get("X-Request-Id")
    if not isinstance(parsed, ReplicationPage):
        raise MalformedResponseError(
            status,
            request_id,
            reason="no page in the body",
            excerpt=excerpt(result.content, redactor),
            retryable=False,
        )
    items = parsed.replications
    if items is None or isinstance(items, Unset):
        items = []
    if not isinstance(items, list) or not all(isinstance(i, StarRocksReplicationInfo) for i in items):
        raise MalformedResponseError(
            status,
            request_id,
            reason="'replications' is not a list of objects",
            excerpt=excerpt(result.content, redactor),
            retryable=False,
        )
    return Page(
        offset=offset,
        limit=limit,
        total_count=parse_count(parsed.total_count),
        replications=tuple(Replication.from_generated(item) for item in items),
        request_id=request_id,
        raw=parsed,
    )


def _transport_error(exc: httpx.HTTPError, what: str) -> TransportError:
    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeoutError(f"{what}: timed out ({name})")
    retryable = isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError)
    detail = f"{name}: {exc}" if str(exc) else name
    return TransportError(f"{what}: {detail}", retryable=retryable)


class PageFetcher:
    """Fetches one page: one attempt (:meth:`once`) or with the retry policy (:meth:`fetch`)."""

    def __init__(
        self,
        client: Client,
        *,
        project_id: str,
        language: str,
        retry: RetryPolicy,
        redactor: Redactor,
        rng: random.Random,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._client = client
        self._project_id = project_id
        self._language = ListStarRocksDataReplicationsXLanguage(language)
        self.retry = retry
        self._redactor = redactor
        self._rng = rng
        self._sleep = sleep
        self.attempts = 0
        self.retries = 0

    async def once(self, instance_id: str, limit: int, offset: int) -> Page:
        """One request; the typed error on failure."""
        slot = _Slot()
        token = _LAST_RESPONSE.set(slot)
        what = f"GET page offset={offset} limit={limit}"
        self.attempts += 1
        try:
            result = await operation.asyncio_detailed(
                self._project_id,
                instance_id,
                client=self._client,
                limit=limit,
                offset=offset,
                x_language=self._language,
            )
        except TaurusDBError:
            raise  # from an auth flow (IAM token refusal): already typed
        except httpx.HTTPError as exc:
            raise _transport_error(exc, what) from None
        except (ValueError, TypeError, KeyError, AttributeError):
            if slot.response is None:
                raise
            raise _error_from_response(slot.response, self._redactor) from None
        finally:
            _LAST_RESPONSE.reset(token)
        return page_from(result, offset, limit, self._redactor)

    async def fetch(
        self,
        instance_id: str,
        limit: int,
        offset: int,
        deadline: Deadline,
        limiter: AimdLimiter | None = None,
    ) -> Page:
        """One page with retries (backoff with full jitter, ``Retry-After``, the deadline).

        The deadline bounds everything: waiting for a slot, the request, and the sleeps.
        """
        attempt = throttled = 0
        last: TaurusDBError | None = None
        while True:
            attempt += 1
            slot: AbstractAsyncContextManager[int] = limiter.slot() if limiter else nullcontext(0)
            try:
                async with asyncio.timeout(deadline.remaining()), slot as epoch:
                    try:
                        page = await self.once(instance_id, limit, offset)
                    except TaurusDBError as exc:
                        error = exc
                    else:
                        if limiter:
                            await limiter.succeeded()
                        return page
            except TimeoutError:
                raise deadline.error(f"GET page offset={offset} limit={limit}", last) from None
            if isinstance(error, ThrottledError):
                throttled += 1
                if limiter:
                    await limiter.throttled(epoch, error.retry_after)
            if not self.retry.allows(error, attempt, throttled):
                raise error
            wait = self.retry.delay(error, attempt, self._rng)
            if not deadline.allows_wait(wait):
                raise error
            last = error
            self.retries += 1
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "retrying offset=%d after %s (attempt %d) in %.3f s", offset, error, attempt, wait
                )
            await self._sleep(wait)
