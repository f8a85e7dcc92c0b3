"""Wall time of ``pulumi up`` for the example stack against a stack with no resources.

    .venv/bin/python benchmarks/pulumi_up.py [--repeat 7] [--example DIR] [--json out.json]
    .venv/bin/python benchmarks/pulumi_up.py --yaml [--repeat 7] [--json out.json]

``--yaml`` times plain ``pulumi up`` / ``pulumi preview`` (the CLI, no Automation API) of
``examples/yaml-replications`` (two invokes of the native ``taurusdb`` plugin) against a YAML
project that declares nothing, in one backend against one emulator, turns interleaved the same
way; then the invoke's own time (``TaurusDBProvider.invoke`` of ``getReplications``, in this
process) against the client library's listing (``ReplicationClient.list_replications``) of the
same instance, interleaved.

Both stacks belong to one project (the example's ``Pulumi.yaml``, as ``examples/run_example.py``
writes it) in one private file backend, with the same ``taurusdb:`` configuration against one
emulator on loopback: the only difference is the program, the example's ``__main__.py`` or a
program that declares nothing. Every operation goes through the Automation API with an inline
program (no language host is needed; ``pulumi`` and ``pulumi-resource-pulumi-python`` come from
``.tools/bin``, see scripts/install-pulumi). The Automation API's ``up`` is ``pulumi up --yes
--skip-preview``; ``preview`` is timed as well, since an interactive ``pulumi up`` runs one
first. Each stack gets one untimed first ``up`` (it creates the stack resource and the
provider); then the timed operations take turns (example, empty, empty, example, ...) so
background load hits both alike. Reported: median, min-max and standard deviation.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from pulumi import automation as auto
from taurusdb_emulator import EmulatorServer

REPO = Path(__file__).resolve().parent.parent
TOOLS_ROOT = REPO / ".tools"
DEFAULT_EXAMPLE = REPO / "examples" / "read-and-assert"
YAML_EXAMPLE = REPO / "examples" / "yaml-replications"
EMPTY_YAML = "name: yaml-empty\nruntime: yaml\ndescription: Declares nothing, the floor of a YAML up.\n"


@dataclass(frozen=True)
class Figures:
    """Wall seconds of one kind of operation on one stack."""

    stack: str
    operation: str
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)

    @property
    def stdev(self) -> float:
        return statistics.stdev(self.samples) if len(self.samples) > 1 else 0.0


def load_runner() -> ModuleType:
    """examples/run_example.py, for the engine environment and the project file it writes."""
    spec = importlib.util.spec_from_file_location("run_example", REPO / "examples" / "run_example.py")
    if spec is None or spec.loader is None:
        raise SystemExit("examples/run_example.py is missing")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def example_program(example: Path) -> Callable[[], None]:
    main = example / "__main__.py"

    def program() -> None:
        runpy.run_path(str(main), run_name="__pulumi_program__")

    return program


def empty_program() -> None:
    """A stack with no resources: what the engine costs by itself."""


def create_stack(
    name: str, project: str, program: Callable[[], None], work: Path, env: dict[str, str]
) -> auto.Stack:
    options = auto.LocalWorkspaceOptions(
        work_dir=str(work / "project"),
        pulumi_home=env["PULUMI_HOME"],
        env_vars=env,
        pulumi_command=auto.PulumiCommand(root=str(TOOLS_ROOT)),
    )
    return auto.create_stack(name, project_name=project, program=program, opts=options)


def timed(operation: Callable[[], object]) -> float:
    start = time.perf_counter()
    operation()
    return time.perf_counter() - start


def measure(example: Path, repeat: int, work: Path) -> tuple[list[Figures], dict[str, Any]]:
    """Run the turns; the figures and what the run looked like (API reads, first ups)."""
    runner = load_runner()
    env: dict[str, str] = runner.engine_environment(work)
    (work / "backend").mkdir()
    (work / "home").mkdir()
    project: str = runner.project_file(example, work)
    with EmulatorServer(dataset="demo") as server:
        config = {
            "taurusdb:endpoint": auto.ConfigValue(server.url),
            "taurusdb:projectId": auto.ConfigValue(server.project_id),
            "taurusdb:accessKey": auto.ConfigValue(server.access_key),
            "taurusdb:secretKey": auto.ConfigValue(server.secret_key, secret=True),
        }
        stacks = {
            "example": create_stack("example", project, example_program(example), work, env),
            "empty": create_stack("empty", project, empty_program, work, env),
        }
        first_up = {}
        for name, stack in stacks.items():
            stack.set_all_config(config)
            first_up[name] = timed(stack.up)
        samples: dict[tuple[str, str], list[float]] = {}
        server.reset_request_log()
        for turn in range(repeat):
            order = ("example", "empty") if turn % 2 == 0 else ("empty", "example")
            for operation in ("up", "preview"):
                for name in order:
                    run = getattr(stacks[name], operation)
                    samples.setdefault((name, operation), []).append(timed(run))
        api_requests = len(server.request_log)
        for stack in stacks.values():
            stack.destroy()
    figures = [Figures(name, operation, values) for (name, operation), values in sorted(samples.items())]
    context = {
        "first_up_seconds": first_up,
        "api_requests_per_example_operation": api_requests / (2 * repeat),
        "repeat": repeat,
    }
    return figures, context


def cli(env: dict[str, str], folder: Path, *args: str) -> None:
    """One plain ``pulumi`` command, as a user types it; a failure stops the benchmark."""
    done = subprocess.run(
        [str(TOOLS_ROOT / "bin" / "pulumi"), *args, "--non-interactive"],
        cwd=folder,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"pulumi {' '.join(args)} failed in {folder}:\n{done.stdout}{done.stderr}")


def cli_seconds(env: dict[str, str], folder: Path, args: tuple[str, ...]) -> float:
    start = time.perf_counter()
    cli(env, folder, *args)
    return time.perf_counter() - start


def yaml_projects(work: Path, server: EmulatorServer, env: dict[str, str]) -> dict[str, Path]:
    """The YAML example and an empty YAML project, each with a stack configured for ``server``."""
    folders = {"example": work / "example", "empty": work / "empty"}
    shutil.copytree(YAML_EXAMPLE, folders["example"])
    folders["empty"].mkdir()
    (folders["empty"] / "Pulumi.yaml").write_text(EMPTY_YAML, encoding="utf-8")
    for folder in folders.values():
        cli(env, folder, "stack", "init", "bench")
        for key, value in (
            ("taurusdb:endpoint", server.url),
            ("taurusdb:projectId", server.project_id),
            ("taurusdb:accessKey", server.access_key),
            ("instanceId", server.instance_ids[0]),
        ):
            cli(env, folder, "config", "set", key, value)
        cli(env, folder, "config", "set", "--secret", "taurusdb:secretKey", server.secret_key)
    return folders


def measure_yaml(repeat: int, work: Path) -> tuple[list[Figures], dict[str, Any]]:
    """Plain CLI turns on the YAML example and the empty YAML project, then the invoke timings."""
    env: dict[str, str] = load_runner().engine_environment(work)
    (work / "backend").mkdir()
    (work / "home").mkdir()
    operations = {"up": ("up", "--yes", "--skip-preview"), "preview": ("preview",)}
    with EmulatorServer(dataset="demo") as server:
        folders = yaml_projects(work, server, env)
        first_up = {name: cli_seconds(env, folder, operations["up"]) for name, folder in folders.items()}
        samples: dict[tuple[str, str], list[float]] = {}
        server.reset_request_log()
        for turn in range(repeat):
            order = ("example", "empty") if turn % 2 == 0 else ("empty", "example")
            for operation, args in operations.items():
                for name in order:
                    samples.setdefault((name, operation), []).append(cli_seconds(env, folders[name], args))
        api_requests = len(server.request_log)
        for folder in folders.values():
            cli(env, folder, "destroy", "--yes")
        invoke = invoke_figures(server, repeat * 10)
    figures = [Figures(name, operation, values) for (name, operation), values in sorted(samples.items())]
    context = {
        "first_up_seconds": first_up,
        "api_requests_per_example_operation": api_requests / (2 * repeat),
        "repeat": repeat,
        "invoke": [asdict(f) | {"median": f.median} for f in invoke],
    }
    return figures, context


def invoke_figures(server: EmulatorServer, rounds: int) -> list[Figures]:
    """``getReplications`` served by the plugin's provider against the client's own listing."""
    from taurusdb_replication import ReplicationClient
    from taurusdb_replication.pulumi.native import GET_REPLICATIONS, TaurusDBProvider

    provider = TaurusDBProvider()
    provider.configure_values(
        {
            "endpoint": server.url,
            "projectId": server.project_id,
            "accessKey": server.access_key,
            "secretKey": server.secret_key,
        }
    )
    instance = server.instance_ids[0]
    samples: dict[str, list[float]] = {"invoke": [], "client listing": []}
    with ReplicationClient.from_env(
        endpoint=server.url,
        project_id=server.project_id,
        access_key=server.access_key,
        secret_key=server.secret_key,
    ) as client:
        for turn in range(rounds):
            runs: dict[str, Callable[[], object]] = {
                "invoke": lambda: provider.read_now(GET_REPLICATIONS, {"instanceId": instance}),
                "client listing": lambda: list(client.list_replications(instance)),
            }
            for name in sorted(runs, reverse=turn % 2 == 1):
                samples[name].append(timed(runs[name]))
    return [Figures(name, "getReplications", values) for name, values in samples.items()]


def machine() -> dict[str, Any]:
    pulumi = subprocess.run(
        [str(TOOLS_ROOT / "bin" / "pulumi"), "version"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PULUMI_SKIP_UPDATE_CHECK": "true"},
    ).stdout.strip()
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
        "pulumi_cli": pulumi,
    }


def markdown(figures: list[Figures], context: dict[str, Any], info: dict[str, Any]) -> str:
    by_key = {(f.stack, f.operation): f for f in figures}
    lines = [
        f"Machine: {info['cpus']} CPUs, Python {info['python']}, Pulumi CLI {info['pulumi_cli']}, "
        f"load average before the run {info['load_average']}; {context['repeat']} turns.",
        "",
        "| operation | stack | median s | min-max s | stdev s |",
        "|---|---|---:|---:|---:|",
    ]
    for operation in ("up", "preview"):
        for stack in ("example", "empty"):
            f = by_key[(stack, operation)]
            lines.append(
                f"| `{operation}` | {stack} | {f.median:.2f} | {f.low:.2f}-{f.high:.2f} | {f.stdev:.2f} |"
            )
        extra = by_key[("example", operation)].median - by_key[("empty", operation)].median
        lines.append(f"| `{operation}` | example - empty | **{extra:+.2f}** | | |")
    first = context["first_up_seconds"]
    for invoke in context.get("invoke", []):
        f = Figures(invoke["stack"], invoke["operation"], invoke["samples"])
        lines.append(
            f"| `{f.operation}` | {f.stack} | {f.median * 1000:.1f} ms | "
            f"{f.low * 1000:.1f}-{f.high * 1000:.1f} ms | {f.stdev * 1000:.1f} ms |"
        )
    lines += [
        "",
        f"First `up` (creates the stack and the provider, untimed in the table): example "
        f"{first['example']:.2f} s, empty {first['empty']:.2f} s. The example reads the emulator "
        f"{context['api_requests_per_example_operation']:.0f} times per operation.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed turns per stack and operation")
    parser.add_argument(
        "--example", type=Path, default=DEFAULT_EXAMPLE, help="example project (read-and-assert)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--yaml", action="store_true", help="plain pulumi up of the YAML example (native plugin) instead"
    )
    args = parser.parse_args(argv)
    if args.repeat < 2:
        parser.error("--repeat: at least 2 turns")
    if not os.access(TOOLS_ROOT / "bin" / "pulumi", os.X_OK):
        parser.error("the Pulumi CLI is not in .tools/bin: run scripts/install-pulumi")
    info = machine()
    work = Path(tempfile.mkdtemp(prefix="pulumi-up-bench-"))
    try:
        if args.yaml:
            figures, context = measure_yaml(args.repeat, work)
        else:
            figures, context = measure(args.example.resolve(), args.repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(markdown(figures, context, info))
    if args.json:
        payload = {"machine": info, **context, "figures": [asdict(f) | {"median": f.median} for f in figures]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
