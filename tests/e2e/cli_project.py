"""Plain ``pulumi`` commands on a project folder, as a user runs them (the tests import it relatively).

The native provider serves every language, so its proofs run the real CLI on real projects
(``runtime: yaml``) rather than the Automation API: ``pulumi stack init``, ``config set``,
``preview``, ``up``, ``destroy``, each a subprocess with the :class:`Sandbox`'s private backend
and ``PULUMI_HOME``. The engine starts ``pulumi-language-yaml`` and ``pulumi-resource-taurusdb``
from ``.tools/bin``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from taurusdb_emulator import EmulatorServer, FakeClock, Task

from .engine_harness import BIN_DIR, REPO, Sandbox

NATIVE_ENGINE_FILES = ("pulumi", "pulumi-language-yaml", "pulumi-resource-taurusdb")
COMMAND_TIMEOUT = 300.0
"""A hung engine fails the test instead of the CI run."""


def missing_native_engine(bin_dir: Path = BIN_DIR) -> list[str]:
    """The executables the native-provider proofs need that ``scripts/install-pulumi`` did not install."""
    return [name for name in NATIVE_ENGINE_FILES if not os.access(bin_dir / name, os.X_OK)]


@dataclass(frozen=True)
class Run:
    """One finished command: its exit code and everything it printed."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def check(self) -> Run:
        if self.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(self.args)} exited {self.returncode}:\n{self.output}")
        return self


@dataclass(frozen=True)
class CliProject:
    """A copy of an example folder inside a sandbox, and one stack of it."""

    sandbox: Sandbox
    folder: Path
    stack: str
    path: str | None = None
    """``PATH`` instead of the sandbox's (which puts ``.tools/bin`` first)."""

    @classmethod
    def copy(
        cls, sandbox: Sandbox, example: str, stack: str, *, name: str | None = None, path: str | None = None
    ) -> CliProject:
        """Copy ``examples/<example>`` into the sandbox and ``pulumi stack init`` ``stack``."""
        folder = sandbox.root / (name or example)
        if not folder.exists():
            shutil.copytree(REPO / "examples" / example, folder)
        project = cls(sandbox, folder, stack, path)
        project.run("stack", "init", stack, stack_arg=False).check()
        return project

    def run(self, *args: str, stack_arg: bool = True) -> Run:
        command = [str(BIN_DIR / "pulumi"), *args, "--non-interactive"]
        if stack_arg:
            command += ["--stack", self.stack]
        env = {**os.environ, **self.sandbox.env()}
        if self.path is not None:
            env["PATH"] = self.path
        result = subprocess.run(
            command,
            cwd=self.folder,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=COMMAND_TIMEOUT,
        )
        return Run(tuple(args), result.returncode, result.stdout, result.stderr)

    def set_config(self, values: Mapping[str, object], *, secret: bool = False) -> None:
        for key, value in values.items():
            flags = ["--secret"] if secret else ["--plaintext"]
            self.run("config", "set", *flags, key, str(value)).check()

    def remove_config(self, *keys: str) -> None:
        for key in keys:
            self.run("config", "rm", key).check()

    def up(self) -> Run:
        return self.run("up", "--yes", "--skip-preview")

    def outputs(self) -> dict[str, Any]:
        """The stack outputs as JSON (secrets shown: the test compares values)."""
        result = self.run("stack", "output", "--json", "--show-secrets").check()
        loaded: dict[str, Any] = json.loads(result.stdout)
        return loaded

    def export(self) -> str:
        """``pulumi stack export`` as a user runs it (secrets stay encrypted)."""
        return self.run("stack", "export").check().stdout


def still_emulator(access_key: str, secret_key: str, **options: Any) -> EmulatorServer:
    """The demo emulator with a fake clock (tasks change only when a test changes them) and a
    test's own key pair, so a search for the secret key finds only what this test wrote."""
    return EmulatorServer(
        dataset="demo", admin=True, clock=FakeClock(), access_key=access_key, secret_key=secret_key, **options
    )


def emulator_key_config(server: EmulatorServer) -> tuple[dict[str, str], dict[str, str]]:
    """``taurusdb:`` config for the emulator's key pair: (plain keys, keys to set with --secret)."""
    plain = {
        "taurusdb:endpoint": server.url,
        "taurusdb:projectId": server.project_id,
        "taurusdb:accessKey": server.access_key,
    }
    return plain, {"taurusdb:secretKey": server.secret_key}


def without_nulls(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Output tasks with null fields left out (the Node.js SDK keeps them, the others drop them)."""
    return [{key: value for key, value in task.items() if value is not None} for task in tasks]


def expected_task(task: Task) -> dict[str, Any]:
    """A task as the emulator holds it, in the native provider's output shape (camelCase,
    ``healthy`` derived, nulls dropped as the engine drops them)."""
    shaped = {
        "taskName": task.task_name,
        "sourceDatabase": task.source_database,
        "targetDatabase": task.target_database,
        "status": task.status,
        "healthy": (task.status or "").lower() == "yes",
        "stage": task.stage,
        "percentage": task.percentage,
        "catchupStage": task.catchup_stage,
        "catchupPercentage": task.catchup_percentage,
        "isNeedRepair": task.is_need_repair,
        "isMainTask": task.is_main_task,
        "extra": dict(task.extra),
    }
    return {key: value for key, value in shaped.items() if value is not None}


class StepClock:
    """Emulated time that moves ``step`` seconds per reading: progress follows requests."""

    def __init__(self, step: float) -> None:
        self._clock = FakeClock()
        self._step = step

    def __call__(self) -> float:
        self._clock.advance(self._step)
        return self._clock()


@dataclass(frozen=True)
class ProgramStack:
    """One stack of an Automation API example program (Go, TypeScript): ``command OPERATION``,
    the stack given in ``TAURUSDB_EXAMPLE_*`` variables, in its own folder of a sandbox."""

    command: tuple[str, ...]
    sandbox: Sandbox
    name: str
    config: dict[str, dict[str, Any]]

    def run(self, operation: str) -> subprocess.CompletedProcess[str]:
        workdir = self.sandbox.project / self.name
        workdir.mkdir(exist_ok=True)
        env = {
            **os.environ,
            **self.sandbox.env(),
            "TAURUSDB_EXAMPLE_WORKDIR": str(workdir),
            "TAURUSDB_EXAMPLE_STACK": self.name,
            "TAURUSDB_EXAMPLE_CONFIG": json.dumps(self.config),
        }
        return subprocess.run(
            [*self.command, operation],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=COMMAND_TIMEOUT,
        )

    def up(self) -> dict[str, Any]:
        done = self.run("up")
        assert done.returncode == 0, done.stderr
        outputs: dict[str, Any] = json.loads(done.stdout)
        return outputs


def program_config(server: EmulatorServer, instance_id: str, **extra: str) -> dict[str, dict[str, Any]]:
    """Config for :class:`ProgramStack`: the emulator, its key pair (the secret key as a secret)."""
    plain = {
        "taurusdb:endpoint": server.url,
        "taurusdb:projectId": server.project_id,
        "taurusdb:accessKey": server.access_key,
        "instanceId": instance_id,
        **extra,
    }
    config = {key: {"value": value, "secret": False} for key, value in plain.items()}
    return {**config, "taurusdb:secretKey": {"value": server.secret_key, "secret": True}}
