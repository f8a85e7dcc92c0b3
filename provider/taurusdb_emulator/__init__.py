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

if TYPE_CHECKING:  # the names for type checkers (``X as X``: an explicit re-export)
    from ._model import DEMO_FULL_TASK as DEMO_FULL_TASK
    from ._model import DEMO_INSTANCE_ID as DEMO_INSTANCE_ID
    from ._model import EMPTY_INSTANCE_ID as EMPTY_INSTANCE_ID
    from ._model import KNOWN_STAGES as KNOWN_STAGES
    from ._model import LARGE_INSTANCE_ID as LARGE_INSTANCE_ID
    from ._model import Dataset as Dataset
    from ._model import DatasetError as DatasetError
    from ._model import Faults as Faults
    from ._model import Task as Task
    from ._model import load_dataset as load_dataset
    from ._server import DEFAULT_ACCESS_KEY as DEFAULT_ACCESS_KEY
    from ._server import DEFAULT_IAM_DOMAIN as DEFAULT_IAM_DOMAIN
    from ._server import DEFAULT_IAM_PASSWORD as DEFAULT_IAM_PASSWORD
    from ._server import DEFAULT_IAM_USER as DEFAULT_IAM_USER
    from ._server import DEFAULT_PROJECT_ID as DEFAULT_PROJECT_ID
    from ._server import DEFAULT_PROJECT_NAME as DEFAULT_PROJECT_NAME
    from ._server import DEFAULT_SECRET_KEY as DEFAULT_SECRET_KEY
    from ._server import EmulatorServer as EmulatorServer
    from ._server import FakeClock as FakeClock
    from ._state import LoggedRequest as LoggedRequest

# Where each public name lives, for the first use of the name; also the public list itself.
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
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
