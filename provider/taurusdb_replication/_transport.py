"""One page through the generated operation: one attempt, typed errors, hostile bodies tamed.

Every request of the client layer goes through
``taurusdb_htap_client.api.replication.list_star_rocks_data_replications.asyncio_detailed``
on the generated ``Client``, whose httpx client is ours (auth, timeouts, pool limits, TLS,
the body cap of ``_body_limit.py``, logging hooks). Retries are ``_retry.py``'s.

The generated code parses the body before returning, and fails in ways that would lose the
response: ``JSONDecodeError`` when a documented JSON status carries something else (a body
cut short, an HTML 500 page), ``RecursionError`` for JSON nested deeper than Python's
recursion limit, ``ValueError`` for an integer of more than 4,300 digits (Python's
``int_max_str_digits``) or from ``HTTPStatus`` on non-standard codes (499, 520). To keep the
status and request id in those cases, a response event hook stores each response in a slot
that the caller installs in a :class:`~contextvars.ContextVar` just before calling the
operation. Event hooks run in the caller's task, so the slot is private to that one call even
when many pages are fetched concurrently (each asyncio task has its own copy of the context).
The slot is read only when the operation raised.

Strings are made clean: JSON may carry a lone UTF-16 surrogate (``"\\ud800"``), which Python
decodes into a ``str`` that no UTF-8 output can encode (a CLI printing it would crash). Such a
code unit becomes U+FFFD, the replacement character, as invalid bytes do in ``errors="replace"``
decoding; the rest of the string is kept. The check is one scan of the raw body per page.

Each attempt (headers and body) is bounded by the per-request timeout as a whole: httpx's read
timeout is per read, so a server dripping a byte every few seconds would otherwise hold a
request for ever.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import math
import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

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
from ._logging import Redactor, excerpt
from ._models import Page, Replication, parse_count
from ._retry import Deadline, Retrier

INSTANCE_NOT_FOUND = "DBS.200022"
_SURROGATE_IN_BODY = re.compile(rb"\\[uU][dD][89a-fA-F]|\xed[\xa0-\xbf]")
_SURROGATE = re.compile("[\ud800-\udfff]")


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
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if not math.isnan(seconds) else None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, moment.timestamp() - now())


def _loads(content: bytes) -> Any:
    """``json.loads``, with Python's own limits (recursion, integer digits) as one ValueError."""
    try:
        return json.loads(content)
    except RecursionError:
        raise _TooDeep from None


class _TooDeep(ValueError):
    """JSON nested deeper than Python's recursion limit."""


def _json_failure(exc: ValueError) -> tuple[str, bool]:
    """Why a success body could not be read, and whether it looks cut short."""
    if isinstance(exc, _TooDeep):
        return "the JSON body is nested deeper than the client parses", False
    if isinstance(exc, json.JSONDecodeError):
        return "the body is not JSON (cut short?)", True
    return f"the JSON body holds a value the client cannot read ({exc})", False


def _error_body(content: bytes) -> ErrorResponse | None:
    """An error body the generated code did not parse (documented as HTML, or undocumented)."""
    try:
        data = _loads(content)
    except ValueError:
        return None
    if isinstance(data, dict) and ("error_code" in data or "error_msg" in data):
        return ErrorResponse.from_dict(data)
    return None


_ERROR_CLASSES: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    429: ThrottledError,
}


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
    cls = _ERROR_CLASSES.get(status, ServerError if status >= 500 else ApiError)
    if status == 400 and code == INSTANCE_NOT_FOUND:
        cls = InstanceNotFoundError
    error = cls(status, code, message, request_id, excerpt=body_excerpt)
    error.retry_after = retry_after_seconds(headers.get("Retry-After"))
    return error


def _malformed(status: int, content: bytes, request_id: str | None, reason: str, cut_short: bool,
               redactor: Redactor) -> MalformedResponseError:  # fmt: skip
    return MalformedResponseError(
        status, request_id, reason=reason, excerpt=excerpt(content, redactor) or None, cut_short=cut_short
    )


def _error_from_response(response: httpx.Response, redactor: Redactor) -> ApiError:
    """Typed error for a response the generated code could not parse."""
    status = response.status_code
    request_id = response.headers.get("X-Request-Id")
    try:
        data = _loads(response.content)
    except ValueError as exc:
        if 200 <= status < 300:
            reason, cut_short = _json_failure(exc)
            return _malformed(status, response.content, request_id, reason, cut_short, redactor)
        return error_for(status, response.headers, response.content, None, redactor)
    if 200 <= status < 300:
        reason = "the JSON body does not have the documented shape"
        return _malformed(status, response.content, request_id, reason, False, redactor)
    parsed = ErrorResponse.from_dict(data) if isinstance(data, dict) else None
    return error_for(status, response.headers, response.content, parsed, redactor)


def _clean(value: Any) -> Any:
    """The JSON value with every lone surrogate replaced by U+FFFD (see the module docstring)."""
    if isinstance(value, str):
        if _SURROGATE.search(value) is None:
            return value
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _may_hold_surrogates(content: bytes) -> bool:
    # Single bytes first (memchr: <1 us a page); the regex alone is ~10% of a page's parse.
    suspect = b"\\" in content or b"\xed" in content
    return suspect and _SURROGATE_IN_BODY.search(content) is not None


def _cleaned(content: bytes, parsed: object) -> object:
    """``parsed``, or the page parsed again from clean strings when the body may hold surrogates."""
    if not isinstance(parsed, ReplicationPage) or not _may_hold_surrogates(content):
        return parsed
    try:
        data = _clean(json.loads(content))
    except RecursionError:  # as deep as json.loads allows, and this walk sits on a deeper stack
        raise _TooDeep from None
    return ReplicationPage.from_dict(data)


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
    try:
        body = _cleaned(result.content, result.parsed)
        if not isinstance(body, ReplicationPage):
            raise _malformed(status, result.content, request_id, "no page in the body", False, redactor)
        total = parse_count(body.total_count)
    except ValueError as exc:  # _TooDeep, or a total_count string past Python's digit limit
        reason = _json_failure(exc)[0] if isinstance(exc, _TooDeep) else f"total_count cannot be read ({exc})"
        raise _malformed(status, result.content, request_id, reason, False, redactor) from None
    items = body.replications
    if items is None or isinstance(items, Unset):
        items = []
    if not isinstance(items, list) or not all(isinstance(i, StarRocksReplicationInfo) for i in items):
        reason = "'replications' is not a list of objects"
        raise _malformed(status, result.content, request_id, reason, False, redactor)
    return Page(
        offset=offset,
        limit=limit,
        total_count=total,
        replications=tuple(Replication.from_generated(item) for item in items),
        request_id=request_id,
        raw=body,
    )


def _root_os_error(exc: BaseException) -> OSError | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno is not None:
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _transport_error(exc: httpx.HTTPError, what: str) -> TransportError:
    """A typed error naming what was sent, where to, and the cause in words."""
    name = type(exc).__name__
    where = ""
    try:
        url = exc.request.url
        where = f" at {url.host}:{url.port or (443 if url.scheme == 'https' else 80)}"
    except RuntimeError:  # no request attached
        pass
    if isinstance(exc, httpx.TimeoutException):
        return RequestTimeoutError(f"{what}: timed out{where} ({name})")
    cause = _root_os_error(exc)
    if isinstance(cause, ConnectionRefusedError):
        detail = "connection refused"
    elif cause is not None:
        detail = f"{name}: {cause.strerror or cause}"
    else:
        detail = f"{name}: {exc}" if str(exc) else name
    network = isinstance(exc, httpx.NetworkError | httpx.RemoteProtocolError)
    return TransportError(f"{what}: {detail}{where}", network=network)


def _attempt_timeout(timeout: httpx.Timeout | float) -> float | None:
    """The per-request timeout, as a bound on one whole attempt (headers and body)."""
    if isinstance(timeout, httpx.Timeout):
        return timeout.read
    return float(timeout)


class PageFetcher:
    """Fetches one page: one attempt (:meth:`once`) or with retries (:meth:`fetch`)."""

    def __init__(
        self,
        client: Client,
        *,
        project_id: str,
        language: str,
        retrier: Retrier,
        redactor: Redactor,
        timeout: httpx.Timeout | float,
    ) -> None:
        self._client = client
        self._project_id = project_id
        self._language = ListStarRocksDataReplicationsXLanguage(language)
        self.retrier = retrier
        self._redactor = redactor
        self._attempt_timeout = _attempt_timeout(timeout)

    async def once(self, instance_id: str, limit: int, offset: int) -> Page:
        """One request, bounded in time as a whole; the typed error on failure."""
        slot = _Slot()
        token = _LAST_RESPONSE.set(slot)
        what = f"GET page offset={offset} limit={limit}"
        try:
            async with asyncio.timeout(self._attempt_timeout):
                result = await operation.asyncio_detailed(
                    self._project_id,
                    instance_id,
                    client=self._client,
                    limit=limit,
                    offset=offset,
                    x_language=self._language,
                )
        except TaurusDBError:
            raise  # from an auth flow (IAM token refusal) or the body cap: already typed
        except httpx.HTTPError as exc:
            raise _transport_error(exc, what) from None
        except TimeoutError:
            raise RequestTimeoutError(
                f"{what}: no complete answer within the {self._attempt_timeout:g} s request timeout"
            ) from None
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
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
        """One page with the retry policy (see ``_retry.py``)."""
        return await self.retrier.run(
            lambda: self.once(instance_id, limit, offset),
            f"GET page offset={offset} limit={limit}",
            deadline,
            limiter,
        )
