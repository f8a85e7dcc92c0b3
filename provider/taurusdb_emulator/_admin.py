"""The admin HTTP API under ``/_emulator/``: the same controls as ``EmulatorServer``'s methods.

It exists so that tests in other languages, shell scripts and a running CLI emulator can
inject faults, move time and edit tasks. It is only mounted when asked for (``admin=True`` or
``--admin``) and needs no credentials, so it must only ever listen on loopback.
"""

from __future__ import annotations

import json
import math
from typing import Any

from aiohttp import web

from ._auth import TOKEN_TTL_SECONDS
from ._errors import ApiError
from ._model import DatasetError, Faults, Task
from ._state import EmulatorState

_routes = web.RouteTableDef()
"""The admin routes, relative to the prefix they are mounted under."""
_TASKS = "/instances/{instance_id}/tasks"


def _bad(message: str, status: int = 400) -> ApiError:
    return ApiError(status, f"EMULATOR.{status}", message)


async def _json(request: web.Request) -> Any:
    raw = await request.read()
    if not raw:
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise _bad("the request body must be JSON") from None


def _state(request: web.Request) -> EmulatorState:
    from ._app import STATE_KEY

    return request.app[STATE_KEY]


@_routes.get("/state")
async def get_state(request: web.Request) -> web.Response:
    """Project, instances, faults, rate limit and emulated time."""
    state = _state(request)
    return web.json_response(
        {
            "project_id": state.project_id,
            "instance_ids": state.instance_ids,
            "strict": state.strict,
            "faults": state.faults.to_dict(),
            "rate_limit": state.limiter.per_second,
            "now": state.now(),
        }
    )


@_routes.get("/faults")
async def get_faults(request: web.Request) -> web.Response:
    """The faults in force."""
    return web.json_response(_state(request).faults.to_dict())


@_routes.put("/faults")
@_routes.patch("/faults")
async def put_faults(request: web.Request) -> web.Response:
    """Replace the faults (PUT: unnamed knobs go back to 0) or merge them (PATCH)."""
    state = _state(request)
    data = await _json(request)
    base = state.faults if request.method == "PATCH" else Faults()
    try:
        state.faults = Faults.from_mapping(data, base)
    except (TypeError, ValueError) as exc:
        raise _bad(str(exc)) from None
    return web.json_response(state.faults.to_dict())


@_routes.get("/rate-limit")
async def get_rate_limit(request: web.Request) -> web.Response:
    """``{"per_second": N | null}``."""
    return web.json_response({"per_second": _state(request).limiter.per_second})


@_routes.put("/rate-limit")
async def put_rate_limit(request: web.Request) -> web.Response:
    """Set or clear (``null``) the per-credential rate limit."""
    state = _state(request)
    data = await _json(request)
    if not isinstance(data, dict) or "per_second" not in data:
        raise _bad('body: must be {"per_second": <number> | null}')
    value = data["per_second"]
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise _bad("per_second: must be a positive number or null")
    try:
        with state.lock:
            state.limiter.per_second = value
    except ValueError as exc:
        raise _bad(str(exc)) from None
    return web.json_response({"per_second": state.limiter.per_second})


@_routes.get(_TASKS)
async def list_tasks(request: web.Request) -> web.Response:
    """All tasks of an instance in canonical form."""
    state = _state(request)
    try:
        tasks = state.tasks(request.match_info["instance_id"])
    except KeyError as exc:
        raise _bad(str(exc.args[0]), 404) from None
    return web.json_response([task.to_dict() for task in tasks])


@_routes.post(_TASKS)
async def add_task(request: web.Request) -> web.Response:
    """Add a task (body: task fields; query ``position`` inserts it there instead of at the end)."""
    state = _state(request)
    data = await _json(request)
    position_text = request.query.get("position")
    position = None
    if position_text is not None:
        if not position_text.isdigit():
            raise _bad("position: must be an integer of 0 or more")
        position = int(position_text)
    try:
        task = Task.from_mapping(data, "body")
        state.add_task(request.match_info["instance_id"], task, position)
    except KeyError as exc:
        raise _bad(str(exc.args[0]), 404) from None
    except (DatasetError, ValueError) as exc:
        raise _bad(str(exc)) from None
    return web.json_response(task.to_dict(), status=201)


@_routes.patch(_TASKS + "/{task_name}")
async def update_task(request: web.Request) -> web.Response:
    """Change fields of a task, e.g. ``{"status": "No"}`` to make it abnormal."""
    state = _state(request)
    data = await _json(request)
    if not isinstance(data, dict):
        raise _bad("body: must be a JSON object of task fields")
    try:
        task = state.update_task(request.match_info["instance_id"], request.match_info["task_name"], **data)
    except KeyError as exc:
        raise _bad(str(exc.args[0]), 404) from None
    except (TypeError, ValueError) as exc:
        raise _bad(str(exc)) from None
    return web.json_response(task.to_dict())


@_routes.delete(_TASKS + "/{task_name}")
async def remove_task(request: web.Request) -> web.Response:
    """Remove a task."""
    try:
        _state(request).remove_task(request.match_info["instance_id"], request.match_info["task_name"])
    except KeyError as exc:
        raise _bad(str(exc.args[0]), 404) from None
    return web.Response(status=204)


@_routes.post("/advance")
async def advance(request: web.Request) -> web.Response:
    """Move emulated time forward: ``{"seconds": N}``."""
    state = _state(request)
    data = await _json(request)
    seconds = data.get("seconds") if isinstance(data, dict) else None
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not math.isfinite(seconds):
        raise _bad("seconds: must be a number of 0 or more")
    try:
        state.advance(seconds)
    except ValueError as exc:
        raise _bad(str(exc)) from None
    return web.json_response({"now": state.now()})


@_routes.get("/requests")
async def get_requests(request: web.Request) -> web.Response:
    """The request log as ``[{"method", "path", "status"}]``."""
    return web.json_response([entry._asdict() for entry in _state(request).request_log])


@_routes.delete("/requests")
async def clear_requests(request: web.Request) -> web.Response:
    """Empty the request log."""
    _state(request).reset_request_log()
    return web.Response(status=204)


@_routes.post("/tokens")
async def issue_token(request: web.Request) -> web.Response:
    """A token for the API without going through IAM: ``{"ttl_seconds": N}`` (default a day)."""
    from ._app import IAM_KEY

    state = _state(request)
    data = await _json(request)
    ttl = data.get("ttl_seconds", TOKEN_TTL_SECONDS) if isinstance(data, dict) else None
    if isinstance(ttl, bool) or not isinstance(ttl, int | float):
        raise _bad("ttl_seconds: must be a positive number")
    try:
        with state.lock:
            token, issued = state.tokens.issue(
                now=state.now(), ttl_seconds=ttl, project_id=state.project_id, user=request.app[IAM_KEY].user
            )
    except ValueError as exc:
        raise _bad(str(exc)) from None
    return web.json_response({"token": token, "expires_at": issued.expires_at}, status=201)


def add_admin_routes(app: web.Application, prefix: str) -> None:
    """Mount the admin API under ``prefix`` (each handler names its own route above)."""
    for route in _routes:
        assert isinstance(route, web.RouteDef)
        app.router.add_route(route.method, prefix + route.path, route.handler, **route.kwargs)
