"""One page of the operation: one attempt, one parse, typed errors.

Every request is built by the generated view's ``page_request`` (``_view.py``, from the spec's
path template, query and header parameters; a test holds it equal to the generated client's
own request) and sent on the client's httpx client (auth, timeouts, pool limits, TLS, proxies,
the body cap of ``_body_limit.py``, logging hooks). Retries are ``_retry.py``'s.

The answer is parsed once, by the generated view only: ``read_page`` (the page), the tasks
(``Replication.from_dict``) and ``ErrorView`` (the error body), not first into the generated
models and then into the view, because that second pass over every task was the largest CPU
cost of a listing (benchmarks/README.md). The generated model stays one property away
(``Replication.raw``, ``Page.raw``), and a property test holds the two paths equal.

Reading the response here also keeps it whole when the body is not what the spec says (cut
short, HTML, nested too deep, a number past Python's 4,300 digits): each becomes a typed error
with the status and request id.

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
from types import MappingProxyType
from typing import Any

import httpx

from ._errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    InstanceNotFoundError,
    MalformedResponseError,
    PermissionDeniedError,
    RedirectError,
    RequestTimeoutError,
    ServerError,
    TaurusDBError,
    ThrottledError,
    TransportError,
)
from ._limiter import AimdLimiter
from ._logging import Redactor, excerpt
from ._models import Page, Replication
from ._retry import Deadline, Retrier
from ._safe_text import clean
from ._sharded_pool import PROXY_EXTENSION
from ._view import ErrorView, PageShapeError, page_request, read_page

INSTANCE_NOT_FOUND = "DBS.200022"
_SURROGATE_IN_BODY = re.compile(rb"\\[uU][dD][89a-fA-F]|\xed[\xa0-\xbf]")
_SURROGATE = re.compile("[\ud800-\udfff]")


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


def _error_body(content: bytes) -> ErrorView | None:
    """The error body as the generated view reads it, when the body is one."""
    try:
        return ErrorView.from_body(_body(content))
    except ValueError:
        return None


_ERROR_CLASSES: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    429: ThrottledError,
}


def error_for(status: int, headers: httpx.Headers, content: bytes, redactor: Redactor) -> ApiError:
    """The typed error for a non-200 answer (JSON error bodies are read whatever the status)."""
    parsed = _error_body(content)
    code = _safe(parsed.error_code if parsed is not None else None, redactor)
    message = _safe(parsed.error_msg if parsed is not None else None, redactor)
    request_id = _safe(
        (parsed.request_id if parsed is not None else None) or headers.get("X-Request-Id"), redactor
    )
    body_excerpt = None if (code or message) else (excerpt(content, redactor) or None)
    if 300 <= status < 400:
        location = _safe(_masked_query(headers.get("Location")), redactor)
        return RedirectError(status, None, location, request_id)
    cls = _ERROR_CLASSES.get(status, ServerError if status >= 500 else ApiError)
    if status == 400 and code == INSTANCE_NOT_FOUND:
        cls = InstanceNotFoundError
    error = cls(status, code, message, request_id, excerpt=body_excerpt)
    error.retry_after = retry_after_seconds(headers.get("Retry-After"))
    return error


def _masked_query(url: str | None) -> str | None:
    """A URL with its query string shown as ``***`` (it may carry a ticket or a signature)."""
    if url is None or "?" not in url:
        return url
    return url.split("?", 1)[0] + "?***"


def _safe(text: str | None, redactor: Redactor) -> str | None:
    """The service's text for a message: secrets blanked, control characters shown as escapes."""
    return None if text is None else clean(redactor(text))


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


def _body(content: bytes) -> Any:
    """The JSON body, with clean strings (raises ``ValueError``, :class:`_TooDeep` included)."""
    data = _loads(content)
    if not _may_hold_surrogates(content):
        return data
    try:
        return _clean(data)
    except RecursionError:  # as deep as json.loads allows, and this walk sits on a deeper stack
        raise _TooDeep from None


def page_from(response: httpx.Response, offset: int, limit: int, redactor: Redactor) -> Page:
    """A :class:`Page` from the answer to one request, or raise the typed error."""
    status, content = response.status_code, response.content
    if status != 200:
        raise error_for(status, response.headers, content, redactor)
    request_id = response.headers.get("X-Request-Id")

    def malformed(reason: str, cut_short: bool = False) -> MalformedResponseError:
        return MalformedResponseError(
            status, request_id, reason=reason, excerpt=excerpt(content, redactor) or None, cut_short=cut_short
        )

    try:
        body = _body(content)
    except ValueError as exc:
        media = response.headers.get("Content-Type", "").split(";", 1)[0].strip().lower()
        if media and not _is_json(media):  # a captive portal's or a proxy's page: the same on retry
            raise malformed(
                f"the body is {clean(media)}, not JSON (a captive portal, a proxy's or a gateway's page?)"
            ) from None
        raise malformed(*_json_failure(exc)) from None
    try:
        total, items = read_page(body)
    except PageShapeError as exc:
        raise malformed(str(exc)) from None
    return Page(
        offset=offset,
        limit=limit,
        total_count=total,
        replications=tuple(map(Replication.from_dict, items)),
        request_id=request_id,
        wire=MappingProxyType(body),
    )


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


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
        proxy = exc.request.extensions.get(PROXY_EXTENSION)
        if proxy:
            where += f" through the proxy {proxy}"
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
        http: httpx.AsyncClient,
        *,
        project_id: str,
        language: str,
        retrier: Retrier,
        redactor: Redactor,
        timeout: httpx.Timeout | float,
    ) -> None:
        self._http = http
        self._project_id = project_id
        self._language = language
        self.retrier = retrier
        self._redactor = redactor
        self._attempt_timeout = _attempt_timeout(timeout)

    async def once(self, instance_id: str, limit: int, offset: int) -> Page:
        """One request, bounded in time as a whole; the typed error on failure."""
        request = page_request(
            self._project_id, instance_id, limit=limit, offset=offset, x_language=self._language
        )
        what = f"GET page offset={offset} limit={limit}"
        try:
            async with asyncio.timeout(self._attempt_timeout):
                response = await self._http.request(
                    request.method, request.url, params=request.params, headers=request.headers
                )
        except TaurusDBError:
            raise  # from an auth flow (IAM token refusal) or the body cap: already typed
        except httpx.HTTPError as exc:
            raise _transport_error(exc, what) from None
        except TimeoutError:
            raise RequestTimeoutError(
                f"{what}: no complete answer within the {self._attempt_timeout:g} s request timeout"
            ) from None
        return page_from(response, offset, limit, self._redactor)

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
