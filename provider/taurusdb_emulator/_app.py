"""The aiohttp application: the replication endpoint, the emulated IAM and the gateway around them.

A request to the replication endpoint goes through the same stages as on the real cloud:
the load balancer (injected latency, resets, 502/503), the gateway (authentication, then
throttling), then the service (parameter validation, then the instance lookup). The
middleware turns every :class:`ApiError` into the documented JSON body and adds
``X-Request-Id`` to every answer, including unknown paths.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import socket
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiohttp import web

from . import _errors
from ._auth import TOKEN_TTL_SECONDS, SignedRequest
from ._errors import ApiError
from ._model import INSTANCE_ID_RE, PROJECT_ID_RE
from ._state import Draw, EmulatorState

LOG = logging.getLogger("taurusdb_emulator")

REPLICATION_PATH = "/v3/{project_id:[^/]*}/instances/{instance_id:[^/]*}/starrocks/databases/replication"
IAM_TOKENS_PATH = "/v3/auth/tokens"
ADMIN_PREFIX = "/_emulator"
_DIGITS = re.compile(r"^[0-9]{1,18}$")


@dataclass(frozen=True)
class IamAccount:
    """The one IAM user the emulated IAM accepts (password login)."""

    user: str
    password: str
    domain: str
    project_name: str

    def __repr__(self) -> str:
        return f"IamAccount(user={self.user!r}, password=***, domain={self.domain!r})"


STATE_KEY = web.AppKey("state", EmulatorState)
IAM_KEY = web.AppKey("iam", IamAccount)
REQUEST_LOGGER_KEY = web.AppKey("request_logger", object)
BODY_TIMEOUT_KEY = web.AppKey("body_timeout", float)
_REQUEST_ID = web.RequestKey("request_id", str)


class _ConnectionReset(Exception):
    """Raised after the transport was aborted on purpose (the ``reset_rate`` fault)."""


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def gateway_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Request id, error rendering and the request log, for every route."""
    state = request.app[STATE_KEY]
    request_id = state.next_request_id()
    request[_REQUEST_ID] = request_id
    try:
        response = await handler(request)
    except ApiError as error:
        response = error.response(request_id)
    except web.HTTPMethodNotAllowed as exc:
        response = _errors.method_not_allowed(", ".join(sorted(exc.allowed_methods))).response(request_id)
    except web.HTTPNotFound:
        response = _errors.api_not_found().response(request_id)
    except web.HTTPException as exc:
        response = ApiError(exc.status, "APIGW.0201", exc.reason, gateway=True).response(request_id)
    except _ConnectionReset:
        _record(request, 0)
        return web.Response(status=200)  # never sent: the transport is already closed
    except Exception:
        LOG.exception("emulator bug while answering %s %s", request.method, request.path)
        response = _errors.internal_error("en-us").response(request_id)
    if not response.prepared:
        response.headers["X-Request-Id"] = request_id
    _record(request, response.status)
    return response


def _record(request: web.Request, status: int) -> None:
    if request.path.startswith(ADMIN_PREFIX + "/"):
        return
    request.app[STATE_KEY].log(request.method, request.path, status)
    logger = request.app[REQUEST_LOGGER_KEY]
    if callable(logger):
        logger(f"{request.method} {request.path_qs} -> {status or 'reset'}")


# The replication endpoint ---------------------------------------------------------------------


async def list_replications(request: web.Request) -> web.StreamResponse:
    """``GET /v3/{project_id}/instances/{instance_id}/starrocks/databases/replication``."""
    state = request.app[STATE_KEY]
    draw = state.draw()
    if draw.delay_seconds > 0:
        await asyncio.sleep(draw.delay_seconds)
    if draw.outcome == "reset":
        _reset_connection(request)
    if draw.outcome == "502":
        return web.Response(status=502, text=_errors.BAD_GATEWAY_HTML, content_type="text/html")
    if draw.outcome == "503":
        raise _errors.backend_unavailable()
    principal = await _authenticate(request, state)
    if draw.outcome == "429":
        # A throttling burst without waiting: Retry-After 0 keeps fault soaks fast. The
        # per-credential limiter below (rate_limit) is the realistic, clock-driven one.
        raise _errors.throttled(0)
    with state.lock:
        state.limiter.take(principal, state.now())
    language = _language(request)
    project_id, instance_id, offset, limit = _parameters(request, language)
    if project_id != state.project_id:
        raise _errors.forbidden(f"the credentials do not belong to project {project_id}")
    if draw.outcome == "500":
        raise _errors.internal_error(language)
    body = state.page_json(instance_id, offset, limit)
    if body is None:
        raise _errors.instance_not_found(language)
    if draw.mutate:
        state.mutate(instance_id)
    return await _send_json(request, body, draw)


def _reset_connection(request: web.Request) -> None:
    transport = request.transport
    if transport is not None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Linger 0 turns the close into a TCP RST, as a crashed load balancer produces.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
    raise _ConnectionReset


async def _authenticate(request: web.Request, state: EmulatorState) -> str:
    token = request.headers.get("X-Auth-Token")
    if token is not None:
        with state.lock:
            return state.tokens.check(token.strip(), state.now())
    authorization = request.headers.get("Authorization")
    if authorization is None:
        raise _errors.auth_failed("send an X-Auth-Token or sign the request (SDK-HMAC-SHA256)")
    body = await request.read()
    headers = {name.lower(): value for name, value in request.headers.items()}
    with state.lock:
        signed = SignedRequest(
            request.method, request.rel_url.raw_path, list(request.rel_url.query.items()), headers, body
        )
        return state.verifier.verify(authorization, signed, state.now())


def _language(request: web.Request) -> str:
    values = request.headers.getall("X-Language", [])
    if not values:
        return "en-us"
    if len(values) > 1 or values[0] not in _errors.LANGUAGES:
        raise _errors.invalid_parameter("X-Language", "en-us")
    return values[0]


def _parameters(request: web.Request, language: str) -> tuple[str, str, int, int]:
    project_id = request.match_info["project_id"]
    if not PROJECT_ID_RE.match(project_id):
        raise _errors.invalid_parameter("project_id", language)
    instance_id = request.match_info["instance_id"]
    if not INSTANCE_ID_RE.match(instance_id):
        raise _errors.invalid_parameter("instance_id", language)
    limit = _integer(request, "limit", 100, 1, 100, language)
    offset = _integer(request, "offset", 0, 0, None, language)
    return project_id, instance_id, offset, limit


def _integer(request: web.Request, name: str, default: int, low: int, high: int | None, language: str) -> int:
    values = request.rel_url.query.getall(name, [])
    if not values:
        return default
    text = values[0].strip()
    # Offsets beyond 18 digits are past any instance's end; reject them rather than page absurdly.
    if len(values) > 1 or not _DIGITS.match(text):
        raise _errors.invalid_parameter(name, language)
    value = int(text)
    if value < low or (high is not None and value > high):
        raise _errors.invalid_parameter(name, language)
    return value


async def _send_json(request: web.Request, payload: bytes, draw: Draw) -> web.StreamResponse:
    if draw.truncate:
        payload = payload[: max(1, len(payload) // 2)]
    if draw.slow_body_seconds <= 0:
        return web.Response(body=payload, content_type="application/json")
    response = web.StreamResponse(status=200, headers={"X-Request-Id": request[_REQUEST_ID]})
    response.content_type = "application/json"
    response.content_length = len(payload)
    await response.prepare(request)
    # Headers go out at once; the body follows in ten pieces, the last one after the full delay.
    step = max(1, -(-len(payload) // 10))
    starts = range(0, len(payload), step)
    for start in starts:
        await asyncio.sleep(draw.slow_body_seconds / len(starts))
        await response.write(payload[start : start + step])
    await response.write_eof()
    return response


# The emulated IAM -----------------------------------------------------------------------------


def _iam_error(status: int, title: str, message: str) -> web.Response:
    body = {"error": {"code": status, "title": title, "message": message}}
    return web.json_response(body, status=status)


def _dig(data: object, *path: str) -> object:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


async def iam_tokens(request: web.Request) -> web.StreamResponse:
    """``POST /v3/auth/tokens`` with a password body: 201, ``X-Subject-Token``, ``expires_at``."""
    state, account = request.app[STATE_KEY], request.app[IAM_KEY]
    try:
        async with asyncio.timeout(request.app[BODY_TIMEOUT_KEY]):
            raw = await request.read()
    except TimeoutError:
        response = _iam_error(408, "Request Timeout", "The request body did not arrive in time.")
        response.force_close()  # the rest of the body may never come: do not wait to discard it
        return response
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deeply
        return _iam_error(400, "Bad Request", "The request body must be JSON (nested at most ~1000 deep).")
    methods = _dig(data, "auth", "identity", "methods")
    if not isinstance(methods, list) or "password" not in methods:
        return _iam_error(400, "Bad Request", 'auth.identity.methods: must be ["password"].')
    user = _dig(data, "auth", "identity", "password", "user")
    name, password = _dig(user, "name"), _dig(user, "password")
    domain = _dig(user, "domain", "name")
    if not all(isinstance(v, str) for v in (name, password, domain)):
        return _iam_error(
            400,
            "Bad Request",
            "auth.identity.password.user: name, password and domain.name must be strings.",
        )
    if (name, password, domain) != (account.user, account.password, account.domain):
        return _iam_error(401, "Unauthorized", "The username or password is wrong.")
    project = _dig(data, "auth", "scope", "project")
    project_id, project_name = _dig(project, "id"), _dig(project, "name")
    if project_id != state.project_id and project_name != account.project_name:
        return _iam_error(
            400,
            "Bad Request",
            f"auth.scope.project: must name project {account.project_name} or id {state.project_id}.",
        )
    with state.lock:
        now = state.now()
        token, issued = state.tokens.issue(
            now=now, ttl_seconds=TOKEN_TTL_SECONDS, project_id=state.project_id, user=account.user
        )
    body = {
        "token": {
            "expires_at": _iso(issued.expires_at),
            "issued_at": _iso(issued.issued_at),
            "methods": ["password"],
            "project": {
                "id": state.project_id,
                "name": account.project_name,
                "domain": {"name": account.domain},
            },
            "user": {"name": account.user, "domain": {"name": account.domain}},
            "catalog": [],
        }
    }
    return web.json_response(body, status=201, headers={"X-Subject-Token": token})


def build_app(
    state: EmulatorState,
    iam: IamAccount,
    *,
    admin: bool,
    request_logger: Callable[[str], None] | None = None,
    body_timeout: float = 15.0,
) -> web.Application:
    """The whole emulator as one aiohttp application (request bodies: 1 MiB, ``body_timeout`` s)."""
    app = web.Application(middlewares=[gateway_middleware], client_max_size=1024**2)
    app[STATE_KEY] = state
    app[IAM_KEY] = iam
    app[REQUEST_LOGGER_KEY] = request_logger
    app[BODY_TIMEOUT_KEY] = body_timeout
    app.router.add_get(REPLICATION_PATH, list_replications, allow_head=False)
    app.router.add_post(IAM_TOKENS_PATH, iam_tokens)
    if admin:
        from ._admin import add_admin_routes

        add_admin_routes(app, ADMIN_PREFIX)
    return app
