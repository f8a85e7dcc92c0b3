"""Helpers shared by the Pulumi data source tests (imported by name: this folder is on sys.path)."""

from __future__ import annotations

import threading
import time
from typing import Any

from pulumi.dynamic import Config, ConfigureRequest
from taurusdb_replication.emulator import DEMO_INSTANCE_ID, EmulatorServer
from taurusdb_replication.pulumi.provider import _ReadOnlyProvider

INSTANCE = DEMO_INSTANCE_ID
MISSING_INSTANCE = "0123456789abcdef0123456789abcdefin17"
DEMO_TASKS = (
    "orders_sync",
    "billing_sync",
    "inventory_sync",
    "audit_sync",
    "legacy_sync",
    "payments_sync",
    "users_sync",
)


class SteppingClock:
    """Emulated time that moves ``step`` seconds each time the emulator reads it.

    Progress of a task in ``full`` then depends on how many requests were served, not on
    wall time, so waiting tests are deterministic and need no sleep.
    """

    def __init__(self, step: float) -> None:
        self._now = time.time()
        self._step = step
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            self._now += self._step
            return self._now


def aksk_config(server: EmulatorServer) -> dict[str, Any]:
    """A stack configuration (``taurusdb:`` keys) for the emulator with its access key."""
    return {
        "taurusdb:endpoint": server.url,
        "taurusdb:projectId": server.project_id,
        "taurusdb:accessKey": server.access_key,
        "taurusdb:secretKey": server.secret_key,
    }


def configured(provider: _ReadOnlyProvider, config: dict[str, Any], project: str = "taurusdb-tests") -> Any:
    """Call ``configure`` exactly as the provider server does."""
    provider.configure(ConfigureRequest(Config(raw_config=config, project_name=project)))
    return provider


def api_request_count(server: EmulatorServer) -> int:
    """Replication API requests served since the last ``reset_request_log``."""
    return sum(1 for r in server.request_log if "/starrocks/" in r.path)
