"""``EmulatorServer``: the emulator on a background thread with its own event loop.

Tests, benchmarks, the CLI and the Pulumi examples all start it the same way (a context
manager). Control methods (faults, tasks, time) are plain synchronous calls that take the
state's lock, so they work from any thread while requests are being served.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import os
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from ._app import IamAccount, build_app
from ._auth import TOKEN_TTL_SECONDS, AccessKey
from ._model import PROJECT_ID_RE, Dataset, Faults, Task, load_dataset
from ._state import EmulatorState, LoggedRequest

DEFAULT_PROJECT_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
DEFAULT_ACCESS_KEY = "EMULATORACCESSKEY000"
DEFAULT_SECRET_KEY = "EmulatorLocalSecretKey0NotACloudSecret00"  # noqa: S105 - a local test credential
DEFAULT_IAM_USER = "emulator-user"
DEFAULT_IAM_PASSWORD = "emulator-password"  # noqa: S105 - a local test credential
DEFAULT_IAM_DOMAIN = "emulator-domain"
DEFAULT_PROJECT_NAME = "cn-north-4"
DEFAULT_IDLE_TIMEOUT = 15.0
"""Seconds a connection may sit without a complete request (idle, or sending headers slowly)."""
_START_TIMEOUT_SECONDS = 30.0


def _connectable(host: str) -> str:
    """The address a client connects to for a bind address: a wildcard one (``0.0.0.0``,
    ``::``) is not an address to connect to, so its family's loopback stands for it."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host  # a name, such as localhost
    if not address.is_unspecified:
        return host
    return "::1" if address.version == 6 else "127.0.0.1"


class FakeClock:
    """A clock that only moves when told to: pass it as ``clock=`` and call :meth:`advance`."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else float(start)
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        if not seconds >= 0:
            raise ValueError("seconds: must be 0 or more")
        with self._lock:
            self._now += seconds

    def __repr__(self) -> str:
        return f"FakeClock(now={self():.3f})"


class EmulatorServer:
    """A faithful local stand-in for the replication-status service, on loopback.

    ``None`` credentials take deterministic defaults (printed by the CLI), so scripts and
    docs can rely on them. See docs/emulator.md for every option.
    """

    def __init__(
        self,
        dataset: str | os.PathLike[str] | Dataset = "demo",
        host: str = "127.0.0.1",
        port: int = 0,
        project_id: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        strict: bool = False,
        faults: Faults | None = None,
        rate_limit: float | None = None,
        admin: bool = False,
        clock: Callable[[], float] | None = None,
        progress_per_second: float = 5.0,
        seed: int = 0,
        *,
        security_token: str | None = None,
        iam_user: str | None = None,
        iam_password: str | None = None,
        iam_domain: str | None = None,
        project_name: str = DEFAULT_PROJECT_NAME,
        request_logger: Callable[[str], None] | None = None,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    ) -> None:
        loaded = load_dataset(dataset, seed)
        if (
            isinstance(idle_timeout, bool)
            or not isinstance(idle_timeout, int | float)
            or not idle_timeout > 0
        ):
            raise ValueError(f"idle_timeout: must be a positive number of seconds, got {idle_timeout!r}")
        project = project_id or loaded.project_id or DEFAULT_PROJECT_ID
        if not PROJECT_ID_RE.match(project):
            raise ValueError(f"project_id: must be 32 letters or digits, got {project!r}")
        if not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"port: must be an integer from 0 to 65535, got {port!r}")
        self._key = AccessKey(
            access_key or DEFAULT_ACCESS_KEY, secret_key or DEFAULT_SECRET_KEY, security_token
        )
        self._iam = IamAccount(
            iam_user or DEFAULT_IAM_USER,
            iam_password or DEFAULT_IAM_PASSWORD,
            iam_domain or DEFAULT_IAM_DOMAIN,
            project_name,
        )
        self._dataset_name = loaded.name
        self._state = EmulatorState(
            loaded,
            project_id=project,
            keys=[self._key],
            strict=strict,
            faults=faults or Faults(),
            rate_limit=rate_limit,
            clock=clock or time.time,
            progress_per_second=progress_per_second,
            seed=seed,
        )
        self._host = host
        self._requested_port = port
        self._admin = admin
        self._request_logger = request_logger
        self._idle_timeout = float(idle_timeout)
        self.clock = clock or time.time
        self._port: int | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None

    # Life cycle -----------------------------------------------------------------------------

    def start(self) -> EmulatorServer:
        """Bind and serve on a background thread; returns once the port accepts connections."""
        if self._thread is not None:
            raise RuntimeError("the emulator is already started")
        ready = threading.Event()
        failure: list[BaseException] = []
        loop = asyncio.new_event_loop()

        def run() -> None:
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._bind())
            except BaseException as exc:  # reported to the starting thread
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._unbind())
            loop.close()

        self._loop = loop
        self._thread = threading.Thread(target=run, name=f"taurusdb-emulator-{id(self):x}", daemon=True)
        self._thread.start()
        if not ready.wait(_START_TIMEOUT_SECONDS):
            raise RuntimeError("the emulator did not start within 30 s")
        if failure:
            self._thread.join()
            self._thread = None
            raise RuntimeError(f"the emulator could not listen on {self._host}:{self._requested_port}: "
                               f"{failure[0]}") from failure[0]  # fmt: skip
        return self

    async def _bind(self) -> None:
        app = build_app(
            self._state,
            self._iam,
            admin=self._admin,
            request_logger=self._request_logger,
            body_timeout=self._idle_timeout,
        )
        # aiohttp's keep-alive timer starts when a connection opens and again after each answer,
        # and closes the connection if no complete request arrived by then: so it is both the
        # idle timeout and the header-read timeout (a slowloris is dropped after it).
        runner = web.AppRunner(
            app,
            access_log=None,
            shutdown_timeout=2.0,
            handle_signals=False,
            keepalive_timeout=self._idle_timeout,
        )
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._requested_port, reuse_address=True)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        server = site._server
        sockets = getattr(server, "sockets", None) or []
        self._port = int(sockets[0].getsockname()[1]) if sockets else self._requested_port

    async def _unbind(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        # A connection the client closed just before stop() can leave its handler task
        # finishing up; end it here rather than have the closed loop destroy it pending.
        current = asyncio.current_task()
        leftovers = [task for task in asyncio.all_tasks() if task is not current]
        for task in leftovers:
            task.cancel()
        await asyncio.gather(*leftovers, return_exceptions=True)

    def stop(self) -> None:
        """Stop serving, close every connection and join the thread (idempotent)."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        if thread.is_alive():
            with contextlib.suppress(RuntimeError):  # the loop already closed
                loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=30)
        self._thread = None
        self._loop = None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._port is not None and self._thread is not None else "not started"
        return f"EmulatorServer({where}, dataset={self._dataset_name!r}, project_id={self.project_id!r})"

    # Connection details ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether the server is serving."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        """The port it listens on (known once started)."""
        if self._port is None:
            raise RuntimeError("the emulator is not started; use it as a context manager or call start()")
        return self._port

    @property
    def host(self) -> str:
        """The address it listens on."""
        return self._host

    @property
    def url(self) -> str:
        """Base URL such as ``http://127.0.0.1:8790``: one to connect to, so a wildcard bind
        (``0.0.0.0``, ``::``) gives the loopback address of its family."""
        host = _connectable(self._host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def project_id(self) -> str:
        """The project id the emulator serves."""
        return self._state.project_id

    @property
    def access_key(self) -> str:
        """The access key it accepts."""
        return self._key.access_key

    @property
    def secret_key(self) -> str:
        """The secret key it accepts (a local emulator credential)."""
        return self._key.secret_key

    @property
    def security_token(self) -> str | None:
        """The security token that makes the key a temporary one, if configured."""
        return self._key.security_token

    @property
    def iam_user(self) -> str:
        """User name the emulated IAM accepts."""
        return self._iam.user

    @property
    def iam_password(self) -> str:
        """Password the emulated IAM accepts (a local emulator credential)."""
        return self._iam.password

    @property
    def iam_domain(self) -> str:
        """Domain (account) name the emulated IAM accepts."""
        return self._iam.domain

    @property
    def project_name(self) -> str:
        """Project (region) name the emulated IAM scopes tokens to."""
        return self._iam.project_name

    @property
    def iam_url(self) -> str:
        """The emulated IAM token endpoint (same port)."""
        return self.url + "/v3/auth/tokens"

    @property
    def dataset_name(self) -> str:
        """``demo``, ``large``, ``empty``, a file path or the name of a Dataset object."""
        return self._dataset_name

    @property
    def instance_ids(self) -> list[str]:
        """Instance ids of the dataset, in order."""
        return self._state.instance_ids

    @property
    def strict(self) -> bool:
        """Whether answers follow the vendor page's tables exactly."""
        return self._state.strict

    # Control --------------------------------------------------------------------------------

    def now(self) -> float:
        """Emulated time (the clock plus every :meth:`advance`)."""
        return self._state.now()

    def issue_token(self, ttl_seconds: float = TOKEN_TTL_SECONDS) -> str:
        """A token that ``X-Auth-Token`` accepts until ``ttl_seconds`` of emulated time pass."""
        with self._state.lock:
            token, _ = self._state.tokens.issue(
                now=self._state.now(), ttl_seconds=ttl_seconds, project_id=self.project_id, user=self.iam_user
            )
        return token

    @property
    def faults(self) -> Faults:
        """The faults in force."""
        return self._state.faults

    def set_faults(self, faults: Faults | None) -> None:
        """Replace the faults (``None`` clears them)."""
        self._state.faults = faults or Faults()

    @property
    def rate_limit(self) -> float | None:
        """Requests per second per credential, or ``None``."""
        return self._state.limiter.per_second

    def set_rate_limit(self, per_second: float | None) -> None:
        """Set or clear the per-credential rate limit (buckets start full)."""
        with self._state.lock:
            self._state.limiter.per_second = per_second

    def tasks(self, instance_id: str) -> list[Task]:
        """A snapshot (copies) of an instance's tasks, progress applied."""
        return self._state.tasks(instance_id)

    def add_task(self, instance_id: str, task: Task, position: int | None = None) -> None:
        """Add a task at the end (or at ``position``)."""
        self._state.add_task(instance_id, task, position)

    def remove_task(self, instance_id: str, task_name: str) -> None:
        """Remove a task by name (``KeyError`` if absent)."""
        self._state.remove_task(instance_id, task_name)

    def update_task(self, instance_id: str, task_name: str, /, **fields: Any) -> Task:
        """Change task fields, e.g. ``status="No"``; returns the updated task."""
        return self._state.update_task(instance_id, task_name, **fields)

    def advance(self, seconds: float) -> None:
        """Move emulated time forward (progress, token expiry, lock-out, rate limit)."""
        self._state.advance(seconds)

    @property
    def request_log(self) -> list[LoggedRequest]:
        """``(method, path, status)`` of every request served (admin calls excepted)."""
        return self._state.request_log

    def reset_request_log(self) -> None:
        """Forget the requests served so far."""
        self._state.reset_request_log()

    def wait_for_requests(
        self, predicate: Callable[[list[LoggedRequest]], bool], *, timeout: float = 30.0
    ) -> bool:
        """Block until ``predicate(request_log)`` holds, woken by each request served, so a test
        can wait for a client's n-th request without sleeping; False after ``timeout`` seconds."""
        return self._state.wait_for_requests(predicate, timeout)
