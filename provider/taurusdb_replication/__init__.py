"""Read and assert the state of TaurusDB HTAP (StarRocks) replication tasks.

The public names of the client layer; the modules behind them are private (``_*.py``)::

    from taurusdb_replication import Condition, ReplicationClient

    with ReplicationClient.from_env() as client:          # or ReplicationClient(project_id=...,
        for task in client.list_replications(instance):   #    auth=AkSkAuth(ak, sk), region=...)
            print(task.task_name, task.stage, task.percentage, task.healthy)
        client.wait_for(instance, Condition(tasks=["orders_sync"]), timeout=1800)

Settings are resolved by :func:`resolve_settings`, each from the first of: explicit arguments,
environment variables (the vendor's ``HW_*`` and ``HUAWEICLOUD_SDK_*`` names, and this
project's ``TAURUSDB_*``), the profile file (``~/.huaweicloud/credentials`` or the vendor CLI's
shared config), the default. Every setting, its variables and profile keys are declared once in
``settings.yaml``; ``docs/settings.md`` is its table.

Every failure is a :class:`TaurusDBError`; API errors carry ``status``, ``error_code``,
``error_msg`` and ``request_id`` (also in ``str()``). Debug logging (redacted) goes to the
``taurusdb_replication`` and ``taurusdb_replication.http`` loggers. ``docs/python.md`` is
the guide.

The public surface is what ``__all__`` lists: the clients, auth, configuration, models and
errors, and :func:`resolve_settings`. Each public class and function reports this module as
its home (``__module__``), as httpx does, so reprs and tracebacks show
``taurusdb_replication.ServerError`` rather than a private module that may move.
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._auth import AkSkAuth, IamPasswordAuth, TokenAuth
    from ._client import AsyncReplicationClient
    from ._condition import Condition, Evaluation, Summary, Violation, summarize
    from ._config import ClientConfig
    from ._credentials import Settings, resolve_settings
    from ._errors import (
        ApiError,
        AuthenticationError,
        BadRequestError,
        ConfigurationError,
        InconsistentListingError,
        InstanceNotFoundError,
        MalformedResponseError,
        PermissionDeniedError,
        ProxyError,
        RedirectError,
        ReplicationNotFoundError,
        RequestTimeoutError,
        ServerError,
        TaurusDBError,
        ThrottledError,
        TransportError,
        ValidationError,
    )
    from ._models import Page, Replication, Stage, WaitResult
    from ._retry import RetryPolicy, is_transient
    from ._sync_client import ReplicationClient
    from ._waiter import ReplicationFailedError, WaitError, WaitTimeoutError

# Where each public name lives: imported on first use, so `taurusdb-replication --version`
# and the CLI's other commands that need no client do not pay for httpx (PEP 562).
_EXPORTS = {
    "AkSkAuth": "._auth",
    "ApiError": "._errors",
    "AsyncReplicationClient": "._client",
    "AuthenticationError": "._errors",
    "BadRequestError": "._errors",
    "ClientConfig": "._config",
    "Condition": "._condition",
    "ConfigurationError": "._errors",
    "Evaluation": "._condition",
    "IamPasswordAuth": "._auth",
    "InconsistentListingError": "._errors",
    "InstanceNotFoundError": "._errors",
    "MalformedResponseError": "._errors",
    "Page": "._models",
    "PermissionDeniedError": "._errors",
    "Replication": "._models",
    "ReplicationClient": "._sync_client",
    "ReplicationFailedError": "._waiter",
    "ReplicationNotFoundError": "._errors",
    "ProxyError": "._errors",
    "RedirectError": "._errors",
    "RequestTimeoutError": "._errors",
    "RetryPolicy": "._retry",
    "ServerError": "._errors",
    "Settings": "._credentials",
    "Stage": "._models",
    "Summary": "._condition",
    "TaurusDBError": "._errors",
    "ThrottledError": "._errors",
    "TokenAuth": "._auth",
    "TransportError": "._errors",
    "ValidationError": "._errors",
    "Violation": "._condition",
    "WaitError": "._waiter",
    "WaitResult": "._models",
    "WaitTimeoutError": "._waiter",
    "is_transient": "._retry",
    "resolve_settings": "._credentials",
    "summarize": "._condition",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module, __name__), name)
    if name in __all__:
        value.__module__ = __name__  # shown (repr, docs, pickles) where users import it from
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "AkSkAuth",
    "ApiError",
    "AsyncReplicationClient",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "Condition",
    "ConfigurationError",
    "Evaluation",
    "IamPasswordAuth",
    "InconsistentListingError",
    "InstanceNotFoundError",
    "MalformedResponseError",
    "Page",
    "PermissionDeniedError",
    "ProxyError",
    "RedirectError",
    "Replication",
    "ReplicationClient",
    "ReplicationFailedError",
    "ReplicationNotFoundError",
    "RequestTimeoutError",
    "RetryPolicy",
    "ServerError",
    "Settings",
    "Stage",
    "Summary",
    "TaurusDBError",
    "ThrottledError",
    "TokenAuth",
    "TransportError",
    "ValidationError",
    "Violation",
    "WaitError",
    "WaitResult",
    "WaitTimeoutError",
    "__version__",
    "is_transient",
    "resolve_settings",
    "summarize",
]
