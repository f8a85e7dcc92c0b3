"""A private, local Pulumi engine for end-to-end tests (the tests import it relatively).

Everything goes through the Automation API with inline programs, which needs no Python language
host (``pulumi-language-python`` cannot be built here, see tools/pulumi/README.md): the engine
only needs ``pulumi`` and ``pulumi-resource-pulumi-python`` from ``.tools/bin``. Each
:class:`Sandbox` is a temporary folder holding a file backend, a private ``PULUMI_HOME`` and the
project folder, with a passphrase secrets provider, so a test sees every file the engine writes.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import os
import re
import shutil
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pulumi import automation as auto
from taurusdb_emulator import EmulatorServer

REPO = Path(__file__).resolve().parents[2]
TOOLS_ROOT = REPO / ".tools"
BIN_DIR = TOOLS_ROOT / "bin"
ENGINE_FILES = ("pulumi", "pulumi-resource-pulumi-python", "pulumi-resource-taurusdb")
SANDBOX_TOOLS = ("pulumi", "pulumi-language-yaml", "pulumi-resource-pulumi-python")
"""What a sandbox's PATH offers: the CLI, the YAML host and the dynamic-provider launcher. The
taurusdb plugin is installed into its PULUMI_HOME instead, as users install it."""
PLUGIN = "pulumi-resource-taurusdb"
INSTALL_HINT = "run scripts/install-pulumi to build the Pulumi CLI into .tools/bin"
PROJECT = "taurusdb-e2e"
PASSPHRASE = "e2e-passphrase"  # protects only this test's throw-away state
DYNAMIC_TYPE_PREFIX = "pulumi-python:dynamic/taurusdb:"
DEFAULT_PROVIDER_TYPE = "pulumi:providers:pulumi-python"
SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d"
CREDENTIAL_ENV_PREFIXES = ("HW_", "HUAWEICLOUD_SDK_", "TAURUSDB_")
REWRITING_OPS = frozenset({"update", "replace", "create-replacement", "delete-replaced", "read-replacement"})
"""Step kinds that would mean the engine saw a change in a resource (rather than a re-read)."""


# -- is the engine there? ------------------------------------------------------------------------


def missing_engine(bin_dir: Path, environ: Mapping[str, str]) -> tuple[str, str] | None:
    """``("fail"|"skip", message)`` when the engine is not installed in ``bin_dir``, else None.

    Under CI (``CI`` set and non-empty) a missing engine must fail the run: CI installs it, so
    its absence is a broken pipeline, not an optional dependency.
    """
    absent = [name for name in ENGINE_FILES if not os.access(bin_dir / name, os.X_OK)]
    if not absent:
        return None
    message = f"Pulumi engine not installed ({', '.join(absent)} missing from {bin_dir}): {INSTALL_HINT}"
    if environ.get("CI"):
        return "fail", f"{message} (CI is set, so the engine tests may not be skipped)"
    return "skip", message


# -- a private engine ----------------------------------------------------------------------------


def venv_python() -> str:
    """The interpreter the provider process runs (it needs this package and pulumi)."""
    candidate = REPO / ".venv" / "bin" / "python"
    return str(candidate if candidate.exists() else Path(sys.executable))


@dataclass(frozen=True)
class Sandbox:
    """One temporary folder: ``backend/`` (file state), ``home/`` (PULUMI_HOME), ``project/``."""

    root: Path

    @classmethod
    def create(cls, root: Path) -> Sandbox:
        """The folders, and the taurusdb plugin installed into ``home`` (see :meth:`install_plugin`)."""
        sandbox = cls(root)
        for folder in (sandbox.backend, sandbox.home, sandbox.project, sandbox.tools):
            folder.mkdir(parents=True)
        for name in SANDBOX_TOOLS:
            if (BIN_DIR / name).exists():
                (sandbox.tools / name).symlink_to(BIN_DIR / name)
        sandbox.install_plugin()
        return sandbox

    @property
    def tools(self) -> Path:
        return self.root / "bin"

    def install_plugin(self) -> None:
        """``pulumi plugin install resource taurusdb VERSION --file FOLDER``: the engine then finds
        the plugin in PULUMI_HOME, not on PATH, and prints no "using ... from $PATH" warning."""
        from taurusdb_replication.pulumi.native import schema

        folder = self.root / "plugin"
        folder.mkdir()
        shutil.copy2(BIN_DIR / PLUGIN, folder / PLUGIN)
        command = [
            "plugin",
            "install",
            "resource",
            "taurusdb",
            str(schema()["version"]),
            "--file",
            str(folder),
        ]
        subprocess.run(
            [str(BIN_DIR / "pulumi"), *command],
            env={**os.environ, **self.env()},
            capture_output=True,
            check=True,
            timeout=120,
        )

    @property
    def backend(self) -> Path:
        return self.root / "backend"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def project(self) -> Path:
        return self.root / "project"

    def env(self) -> dict[str, str]:
        """What the CLI and the provider process it starts need; nothing reaches a service."""
        return {
            "PATH": os.pathsep.join([str(self.tools), *without_plugin(os.environ.get("PATH", ""))]),
            "PULUMI_HOME": str(self.home),
            "PULUMI_BACKEND_URL": f"file://{self.backend}",
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_PYTHON_CMD": venv_python(),
        }

    def create_stack(self, stack_name: str, program: Callable[[], None]) -> auto.Stack:
        """A new stack of the one project of this sandbox, running ``program`` by default."""
        options = auto.LocalWorkspaceOptions(
            work_dir=str(self.project),
            pulumi_home=str(self.home),
            env_vars=self.env(),
            pulumi_command=auto.PulumiCommand(root=str(self.root)),  # root/bin: the sandbox tools
            project_settings=auto.ProjectSettings(name=PROJECT, runtime="python"),
        )
        return auto.create_stack(stack_name, project_name=PROJECT, program=program, opts=options)

    def export_without_secrets(self, stack_name: str) -> str:
        """``pulumi stack export`` as a user runs it (the Automation API adds --show-secrets)."""
        result = subprocess.run(
            [str(BIN_DIR / "pulumi"), "stack", "export", "--stack", stack_name, "--non-interactive"],
            cwd=self.project,
            env={**os.environ, **self.env()},
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return result.stdout


def without_plugin(path: str) -> list[str]:
    """The folders of ``path`` that hold no taurusdb plugin (``.tools/bin``, the venv's ``bin``)."""
    return [folder for folder in path.split(os.pathsep) if folder and not (Path(folder) / PLUGIN).exists()]


def key_pair_config(
    server: EmulatorServer, *, access_key: str, secret_key: str
) -> dict[str, auto.ConfigValue]:
    """``taurusdb:`` config for an emulator with a key pair, the secret key set as a secret."""
    return {
        "taurusdb:endpoint": auto.ConfigValue(server.url),
        "taurusdb:projectId": auto.ConfigValue(server.project_id),
        "taurusdb:accessKey": auto.ConfigValue(access_key),
        "taurusdb:secretKey": auto.ConfigValue(secret_key, secret=True),
    }


def emulator_config(server: EmulatorServer) -> dict[str, auto.ConfigValue]:
    """``taurusdb:`` config for the emulator's own key pair."""
    return key_pair_config(server, access_key=server.access_key, secret_key=server.secret_key)


def api_reads(server: EmulatorServer) -> int:
    """Replication API requests the emulator served since its log was last reset."""
    return sum(1 for request in server.request_log if "/starrocks/" in request.path)


class RequestHook:
    """The emulator's ``request_logger``: runs one armed action right after a request is served.

    The emulator calls it once the answer is computed, before it is sent, so the action (e.g.
    moving emulated time) is certain to happen between two reads of the provider: no sleeping,
    no racing.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._action: Callable[[], None] | None = None
        self.fired_after: str | None = None

    def arm(self, action: Callable[[], None]) -> None:
        with self._lock:
            self._action = action
            self.fired_after = None

    def __call__(self, line: str) -> None:
        with self._lock:
            action, self._action = self._action, None
            if action is not None:
                self.fired_after = line
        if action is not None:
            action()


# -- what the engine did ------------------------------------------------------------------------


@dataclass
class EngineTranscript:
    """Everything the engine reported during some operations: events, stdout, stderr."""

    events: list[auto.EngineEvent] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def on_event(self, event: auto.EngineEvent) -> None:
        self.events.append(event)

    def on_output(self, line: str) -> None:
        self.texts.append(line)

    def record(self, *texts: str) -> None:
        self.texts.extend(texts)

    def as_bytes(self) -> bytes:
        return "\n".join([*self.texts, *(repr(event) for event in self.events)]).encode()


def steps(events: Iterable[auto.EngineEvent]) -> list[tuple[str, str]]:
    """``(op, type)`` of every step the engine announced."""
    return [
        (event.resource_pre_event.metadata.op.value, event.resource_pre_event.metadata.type)
        for event in events
        if event.resource_pre_event is not None
    ]


def read_outputs(events: Iterable[auto.EngineEvent]) -> dict[str, dict[str, Any]]:
    """Outputs of each taurusdb resource, by resource name, from the engine's events."""
    found: dict[str, dict[str, Any]] = {}
    for event in events:
        outputs_event = event.res_outputs_event
        if outputs_event is None or not outputs_event.metadata.type.startswith(DYNAMIC_TYPE_PREFIX):
            continue
        new = outputs_event.metadata.new
        assert new is not None
        found[outputs_event.metadata.urn.rsplit("::", 1)[1]] = dict(new.outputs or {})
    return found


def stack_outputs_event(events: Iterable[auto.EngineEvent]) -> dict[str, Any]:
    """The stack's outputs as the last outputs event of the Stack resource reported them."""
    outputs: dict[str, Any] = {}
    for event in events:
        outputs_event = event.res_outputs_event
        if outputs_event is not None and outputs_event.metadata.type == "pulumi:pulumi:Stack":
            assert outputs_event.metadata.new is not None
            outputs = dict(outputs_event.metadata.new.outputs or {})
    return outputs


def state_resources(deployment: Mapping[str, Any] | None, type_prefix: str) -> dict[str, dict[str, Any]]:
    """Resources of an exported deployment whose type starts with ``type_prefix``, by name."""
    return {
        resource["urn"].rsplit("::", 1)[1]: resource
        for resource in (deployment or {}).get("resources") or []
        if resource["type"].startswith(type_prefix)
    }


def change_kinds(summary: Mapping[Any, int] | None) -> set[str]:
    """The kinds of change a preview or update summary counts (``OpType`` keys or strings)."""
    return {str(getattr(kind, "value", kind)) for kind, count in (summary or {}).items() if count}


def plain_outputs(outputs: Mapping[str, auto.OutputValue]) -> dict[str, Any]:
    return {key: value.value for key, value in outputs.items()}


# -- finding a credential anywhere -----------------------------------------------------------------

_BASE64_RUN = re.compile(rb"[A-Za-z0-9+/_-]{16,}={0,2}")
_MAX_DEPTH = 3


def needles(secret: str) -> list[bytes]:
    """The secret as bytes, and the parts of its base64 (standard and URL-safe) encodings that
    appear whatever the alignment of the secret inside a longer encoded blob."""
    raw = secret.encode()
    found = [raw]
    for offset in range(3):
        encoded = base64.b64encode(bytes(offset) + raw)
        start = -(-8 * offset // 6)  # first character made of secret bits only
        end = (8 * (offset + len(raw))) // 6  # characters after this mix in what follows
        core = encoded[start:end]
        found += [core, core.replace(b"+", b"-").replace(b"/", b"_")]
    return found


def _gunzip(data: bytes) -> bytes | None:
    if data[:2] != b"\x1f\x8b":
        return None
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return None


def _views(data: bytes, depth: int = 0) -> Iterator[bytes]:
    """The bytes, decompressed if gzip, and every long base64 run in them decoded (recursively)."""
    yield data
    if depth >= _MAX_DEPTH:
        return
    inflated = _gunzip(data)
    if inflated is not None:
        yield from _views(inflated, depth + 1)
    for match in _BASE64_RUN.finditer(data):
        run = match.group().rstrip(b"=")
        run = run[: len(run) - len(run) % 4] if len(run) % 4 == 1 else run
        try:
            decoded = base64.urlsafe_b64decode(run.replace(b"+", b"-").replace(b"/", b"_") + b"==")
        except (binascii.Error, ValueError):
            continue
        yield from _views(decoded, depth + 1)


def secrets_in(data: bytes, secrets: Mapping[str, str]) -> list[str]:
    """Labels of the secrets found in ``data`` (plain, gzip, base64, base64 of gzip, ...)."""
    patterns = {label: needles(value) for label, value in secrets.items()}
    hits: set[str] = set()
    for view in _views(data):
        hits.update(label for label, found in patterns.items() if any(n in view for n in found))
    return sorted(hits)


def secrets_in_tree(root: Path, secrets: Mapping[str, str]) -> dict[str, list[str]]:
    """``{relative path: labels}`` for every file under ``root`` holding one of the secrets."""
    leaks: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            labels = secrets_in(path.read_bytes(), secrets)
            if labels:
                leaks[str(path.relative_to(root))] = labels
    return leaks


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]
