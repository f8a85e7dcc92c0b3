"""Authentication as ``httpx.Auth`` flows: IAM token, AK/SK signing, IAM password.

Each class is an httpx auth flow (a generator that edits the request, yields it, and may look
at the response and yield more requests), so the same objects work with the client layer,
with a plain ``httpx.Client`` and with the generated client. The signing algorithm itself
lives in :mod:`taurusdb_replication.signing`, shared with the emulator that verifies it.

None of these objects shows its secret in ``repr``, and none can be pickled: a pickled auth
object is a secret written to disk (Pulumi state, caches), so that fails loudly instead. Each
registers its secrets with ``_logging.register_secrets`` when built, so every redactor of the
process blanks them, including those obtained later: fetched IAM tokens and the signatures sent.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import weakref
from collections import deque
from collections.abc import AsyncGenerator, Callable, Generator
from datetime import UTC, datetime
from typing import NoReturn

import httpx

from . import signing
from ._errors import ApiError, AuthenticationError, ConfigurationError
from ._logging import Redactor, excerpt, register_secrets
from ._masks import mask_key
from ._safe_text import clean

# Hop-by-hop and transport headers that proxies may rewrite: signing them would make a
# valid request fail verification after an innocent rewrite on the way.
_UNSIGNED = frozenset(
    {
        "authorization",
        "connection",
        "keep-alive",
        "te",
        "upgrade",
        "transfer-encoding",
        "content-length",
        "accept-encoding",
    }
)
_TOKEN_HEADER = "X-Auth-Token"  # noqa: S105 (a header name)
_REMEMBERED = 16
"""How many fetched tokens or sent signatures an auth object keeps for redaction (the recent
ones are those a server can still echo)."""


class _SecretAuth(httpx.Auth):
    """Common guard: no pickling, no secret in ``repr``."""

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} holds credentials and cannot be pickled; "
            "build it where it is used (e.g. inside the provider method) from the environment"
        )


class TokenAuth(_SecretAuth):
    """Sends an IAM token in ``X-Auth-Token``."""

    def __init__(self, token: str) -> None:
        if not isinstance(token, str) or not token.strip():
            raise ConfigurationError("the token is empty", missing=("token",))
        self._token = token.strip()
        register_secrets(self)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers[_TOKEN_HEADER] = self._token
        yield request

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values a redactor must blank."""
        return (self._token,)

    def __repr__(self) -> str:
        return "TokenAuth(token=***)"


class AkSkAuth(_SecretAuth):
    """Signs each request with ``SDK-HMAC-SHA256`` (api-facts section 4).

    Adds ``X-Sdk-Date`` unless the request already carries one (as the vendor's signer does, so
    a caller can pin the date), ``X-Security-Token`` for temporary credentials, then signs every
    header except hop-by-hop ones and sets ``Authorization``. ``clock`` is injectable for tests.
    """

    requires_request_body = True

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        security_token: str | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        missing = [
            name for name, value in (("access_key", access_key), ("secret_key", secret_key)) if not value
        ]
        if missing:
            raise ConfigurationError("AK/SK signing needs both keys", missing=missing)
        self.access_key = access_key
        self._secret_key = secret_key
        self._security_token = security_token or None
        self._clock = clock or (lambda: datetime.now(UTC))
        self._signatures: deque[str] = deque(maxlen=_REMEMBERED)
        register_secrets(self)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.sign(request)
        yield request

    def sign(self, request: httpx.Request) -> None:
        """Add the date, security token and ``Authorization`` headers to ``request`` in place."""
        if signing.DATE_HEADER not in request.headers:
            request.headers[signing.DATE_HEADER] = signing.format_sdk_date(self._clock())
        if self._security_token:
            request.headers["X-Security-Token"] = self._security_token
        request.headers.pop("Authorization", None)
        headers = {name: value for name, value in request.headers.items() if name.lower() not in _UNSIGNED}
        raw_path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        authorization = signing.sign(
            access_key=self.access_key,
            secret_key=self._secret_key,
            method=request.method,
            path=raw_path,
            query=request.url.params.multi_items(),
            headers=headers,
            body=request.content,
        )
        request.headers["Authorization"] = authorization
        self._signatures.append(authorization.rpartition("Signature=")[2])

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values a redactor must blank."""
        return tuple(s for s in (self._secret_key, self._security_token, *self._signatures) if s)

    def __repr__(self) -> str:
        token = ", security_token=***" if self._security_token else ""
        return f"AkSkAuth(access_key={mask_key(self.access_key)!r}, secret_key=***{token})"


class IamPasswordAuth(_SecretAuth):
    """Fetches a project-scoped token from IAM with a password, caches it, refreshes on 401.

    The token is reused until ``refresh_margin`` seconds before its ``expires_at``. When the
    service answers 401 the token is fetched again once and the request re-sent; a second 401
    is returned to the caller. Concurrent requests share one fetch (a lock per event loop in
    async code, a thread lock in sync code). The token request is sent through the same httpx
    client, so it gets the same timeouts, TLS settings and logging (which never logs bodies:
    the body carries the password).
    """

    def __init__(
        self,
        user_name: str,
        password: str,
        domain_name: str,
        *,
        iam_endpoint: str,
        project_id: str | None = None,
        project_name: str | None = None,
        refresh_margin: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        missing = [
            n
            for n, v in (("user_name", user_name), ("password", password), ("domain_name", domain_name))
            if not v
        ]
        if not (project_id or project_name):
            missing.append("project_id")
        if missing:
            raise ConfigurationError("IAM password authentication is incomplete", missing=missing)
        self.user_name = user_name
        self._password = password
        self.domain_name = domain_name
        self.project_id = project_id
        self.project_name = project_name
        self.token_url = _token_url(iam_endpoint)
        self._margin = refresh_margin
        self._clock = clock
        self._token: str | None = None
        self._fetched: deque[str] = deque(maxlen=_REMEMBERED)
        self._expires_at = 0.0
        self._generation = 0
        self._thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self.fetches = 0
        """How many tokens were fetched (for tests and diagnostics)."""
        register_secrets(self)

    # -- decisions shared by both flows ------------------------------------------------------

    def _fresh(self) -> bool:
        return self._token is not None and self._clock() < self._expires_at - self._margin

    def _token_request(self) -> httpx.Request:
        scope = {"id": self.project_id} if self.project_id else {"name": self.project_name}
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": self.user_name,
                            "password": self._password,
                            "domain": {"name": self.domain_name},
                        }
                    },
                },
                "scope": {"project": scope},
            }
        }
        return httpx.Request("POST", self.token_url, json=body)

    def _store(self, response: httpx.Response) -> None:
        token = response.headers.get("X-Subject-Token")
        if response.status_code != 201 or not token:
            self._fail(response)
        self._token = token
        self._fetched.append(token)
        self._expires_at = _expiry(response, self._clock())
        self._generation += 1
        self.fetches += 1

    def _fail(self, response: httpx.Response) -> NoReturn:
        redactor = Redactor(self.secrets)
        try:
            data = json.loads(response.content)
            error = data.get("error", data) if isinstance(data, dict) else {}
            code = error.get("error_code") or error.get("code")
            message = error.get("error_msg") or error.get("message") or error.get("title")
            if str(code) == str(response.status_code):  # IAM's "code" echoes the HTTP status
                code = None
        except (ValueError, AttributeError):
            code, message = None, None
        request_id = response.headers.get("X-Request-Id")
        cls = AuthenticationError if response.status_code in (400, 401, 403) else ApiError
        raise cls(
            response.status_code,
            clean(str(code)) if code is not None else None,
            clean(redactor(f"IAM token request failed: {message}"))
            if message
            else "IAM token request failed",
            request_id,
            excerpt=None if message else excerpt(response.content, redactor),
        )

    def _authorize(self, request: httpx.Request) -> int:
        assert self._token is not None
        request.headers[_TOKEN_HEADER] = self._token
        return self._generation

    # -- flows -----------------------------------------------------------------------------------

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        with self._thread_lock:
            if not self._fresh():
                token_response = yield self._token_request()
                token_response.read()
                self._store(token_response)
            generation = self._authorize(request)
        response = yield request
        if response.status_code != 401:
            return
        with self._thread_lock:
            if self._generation == generation:
                token_response = yield self._token_request()
                token_response.read()
                self._store(token_response)
            self._authorize(request)
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        lock = self._loop_lock()
        async with lock:
            if not self._fresh():
                token_response = yield self._token_request()
                await token_response.aread()
                self._store(token_response)
            generation = self._authorize(request)
        response = yield request
        if response.status_code != 401:
            return
        async with lock:
            if self._generation == generation:
                token_response = yield self._token_request()
                await token_response.aread()
                self._store(token_response)
            self._authorize(request)
        yield request

    def _loop_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._loop_locks.get(loop)
        if lock is None:
            lock = self._loop_locks[loop] = asyncio.Lock()
        return lock

    def invalidate(self) -> None:
        """Forget the cached token (the next request fetches a new one)."""
        self._token = None

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values a redactor must blank."""
        return (self._password, *self._fetched)

    def __repr__(self) -> str:
        return (
            f"IamPasswordAuth(user_name={self.user_name!r}, domain_name={self.domain_name!r}, password=***)"
        )


def _token_url(iam_endpoint: str) -> str:
    base = iam_endpoint.rstrip("/")
    if base.endswith("/auth/tokens"):
        return base
    return base + "/auth/tokens" if base.endswith("/v3") else base + "/v3/auth/tokens"


def _expiry(response: httpx.Response, now: float) -> float:
    """``token.expires_at`` from the body; 24 hours from now when absent or unreadable."""
    try:
        text = json.loads(response.content)["token"]["expires_at"]
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")).timestamp()
    except (ValueError, KeyError, TypeError):
        return now + 24 * 3600
