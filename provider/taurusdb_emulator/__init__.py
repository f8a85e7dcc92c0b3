"""A local emulator of the TaurusDB HTAP replication-status API, for tests and offline use.

It answers the way the real service does (api-facts.md), including its quirks and failures::

    from taurusdb_emulator import EmulatorServer, Faults

    with EmulatorServer(dataset="demo") as server:
        print(server.url, server.project_id, server.instance_ids)
        server.set_faults(Faults(error_503_rate=0.2))

See docs/emulator.md.

The names load on first use (PEP 562): the package also holds the pytest plugin, which pytest
imports in every project that installed the client, and it must not pull in aiohttp there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model import (
        DEMO_FULL_TASK,
        DEMO_INSTANCE_ID,
        EMPTY_INSTANCE_ID,
        KNOWN_STAGES,
        LARGE_INSTANCE_ID,
        Dataset,
        DatasetError,
        Faults,
        Task,
        load_dataset,
    )
    from ._server import (
        DEFAULT_ACCESS_KEY,
        DEFAULT_IAM_DOMAIN,
        DEFAULT_IAM_PASSWORD,
        DEFAULT_IAM_USER,
        DEFAULT_PROJECT_ID,
        DEFAULT_PROJECT_NAME,
        DEFAULT_SECRET_KEY,
        EmulatorServer,
        FakeClock,
    )
    from ._state import LoggedRequest

_HOMES = {
    **dict.fromkeys(
        (
            "DEMO_FULL_TASK",
            "DEMO_INSTANCE_ID",
            "EMPTY_INSTANCE_ID",
            "KNOWN_STAGES",
            "LARGE_INSTANCE_ID",
            "Dataset",
            "DatasetError",
            "Faults",
            "Task",
            "load_dataset",
        ),
        "._model",
    ),
    **dict.fromkeys(
        (
            "DEFAULT_ACCESS_KEY",
            "DEFAULT_IAM_DOMAIN",
            "DEFAULT_IAM_PASSWORD",
            "DEFAULT_IAM_USER",
            "DEFAULT_PROJECT_ID",
            "DEFAULT_PROJECT_NAME",
            "DEFAULT_SECRET_KEY",
            "EmulatorServer",
            "FakeClock",
        ),
        "._server",
    ),
    "LoggedRequest": "._state",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_ACCESS_KEY",
    "DEFAULT_IAM_DOMAIN",
    "DEFAULT_IAM_PASSWORD",
    "DEFAULT_IAM_USER",
    "DEFAULT_PROJECT_ID",
    "DEFAULT_PROJECT_NAME",
    "DEFAULT_SECRET_KEY",
    "DEMO_FULL_TASK",
    "DEMO_INSTANCE_ID",
    "EMPTY_INSTANCE_ID",
    "KNOWN_STAGES",
    "LARGE_INSTANCE_ID",
    "Dataset",
    "DatasetError",
    "EmulatorServer",
    "FakeClock",
    "Faults",
    "LoggedRequest",
    "Task",
    "load_dataset",
]
