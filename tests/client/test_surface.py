"""The public surface: what ``taurusdb_replication`` exports, where its classes say they live,
and what importing it costs (no server stack, no YAML, no Pulumi)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import traceback

import taurusdb_replication
from taurusdb_replication import ReplicationFailedError, ServerError, Stage, TokenAuth, Violation

HEAVY = ("taurusdb_emulator", "aiohttp", "yaml", "pulumi", "grpc", "dill", "taurusdb_replication.cli")


def heavy_modules_after(statement: str) -> list[str]:
    """The heavy modules a fresh interpreter has loaded after running ``statement``."""
    report = f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))"
    probe = f"import json, sys\n{statement}\n{report}"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(out.stdout)
    return loaded


def test_import_loads_no_server_stack_no_yaml_no_pulumi() -> None:
    assert heavy_modules_after("import taurusdb_replication") == []


def test_the_probe_would_see_a_heavy_import() -> None:
    """The same probe reports a module it should catch (so the test above can fail)."""
    assert "yaml" in heavy_modules_after("import taurusdb_replication, yaml")


def test_the_surface_is_clients_auth_config_models_errors_and_resolve_settings() -> None:
    exported = set(taurusdb_replication.__all__)
    assert {
        "ReplicationClient",
        "AsyncReplicationClient",
        "TokenAuth",
        "AkSkAuth",
        "IamPasswordAuth",
        "ClientConfig",
        "RetryPolicy",
        "Condition",
        "Replication",
        "Page",
        "Stage",
        "WaitResult",
        "TaurusDBError",
        "resolve_settings",
    } <= exported
    internals = {
        "Redactor",
        "REGIONS",
        "ENDPOINT_ENV",
        "DEFAULT_TIMEOUT",
        "SettingsOverrides",
        "AkSkCredentials",
    }
    assert not internals & exported
    assert not any(hasattr(taurusdb_replication, name) for name in internals)


def test_public_names_report_the_public_module() -> None:
    for name in taurusdb_replication.__all__:
        if not name.startswith("__"):
            assert getattr(taurusdb_replication, name).__module__ == "taurusdb_replication", name
    assert repr(Stage.FULL) == "<Stage.FULL: 'full'>"
    error = ServerError(503, None, None, "r1")
    line = traceback.format_exception_only(error)[-1]
    assert line.startswith("taurusdb_replication.ServerError: ")
    assert repr(TokenAuth("t0ken")).startswith("TokenAuth(")


def test_public_objects_still_pickle_by_their_public_name() -> None:
    error = ReplicationFailedError([Violation("a", "status Yes (healthy)", "status 'No'", final=True)])
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)
    assert type(clone) is ReplicationFailedError
    assert str(clone) == str(error)
    assert b"taurusdb_replication._" not in pickle.dumps(error)
    assert pickle.loads(pickle.dumps(Stage.INCREMENTAL)) is Stage.INCREMENTAL  # noqa: S301
