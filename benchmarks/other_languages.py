"""Benchmark: listing 10,000 tasks in TypeScript, Go and Python, side by side in one run.

One emulator (the ``large`` dataset, 20 ms of latency per request, in its own process as in
``list_replications.py``), three programs that each print every task name of the instance,
all signing with AK/SK and reading their settings from the same ``HW_*`` environment:

* **typescript**: ``clients/typescript/dist/examples/list-tasks.js`` under node;
* **go**: ``clients/go/examples/list-tasks``, built once before timing;
* **python**: ``ReplicationClient.from_env().list_replications`` in a fresh interpreter (the
  same work as the other two, process start included).

Each program's start-up (the same command without ``TAURUSDB_INSTANCE_ID``: it loads its
client and exits) is timed too, so "listing" = wall - start-up. A first listing in a process
also pays for new connections and cold code, so each language is timed warm as well: a
second listing on the same client, in-process (``clients/typescript/test/bench-list.ts``, the
Go test binary's ``BenchmarkListAllReplications``, and a ``ReplicationClient`` here).
Contenders take turns and the median of ``--repeat`` rounds is reported; every run's output
must be the Python client's 10,000 names, or the script exits 1.

Usage: ``python benchmarks/other_languages.py [--latency-ms 20] [--repeat 5] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from list_replications import Emulator, start_emulator
from taurusdb_replication import ReplicationClient

ROOT = Path(__file__).resolve().parents[1]
TYPESCRIPT = ROOT / "clients" / "typescript"
GO_MODULE = ROOT / "clients" / "go"
PYTHON_PROGRAM = (
    "import os, sys\n"
    "from taurusdb_replication import ReplicationClient\n"
    "instance = os.environ.get('TAURUSDB_INSTANCE_ID')\n"
    "if not instance: sys.exit(2)\n"
    "with ReplicationClient.from_env() as client:\n"
    "    names = [task.task_name for task in client.list_replications(instance)]\n"
    "sys.stdout.write(''.join(f'{name}\\n' for name in names))\n"
)


def environment(emulator: Emulator) -> dict[str, str]:
    """What a user of AK/SK sets, and nothing of the caller's own Huawei Cloud settings."""
    inherited = {
        k: v for k, v in os.environ.items() if not k.startswith(("HW_", "HUAWEICLOUD_SDK_", "TAURUSDB_"))
    }
    return {
        **inherited,
        "TAURUSDB_ENDPOINT": emulator.url,
        "HW_PROJECT_ID": emulator.info["project_id"],
        "HW_ACCESS_KEY": emulator.info["access_key"],
        "HW_SECRET_KEY": emulator.info["secret_key"],
        "TAURUSDB_INSTANCE_ID": emulator.instance_id,
    }


def build(folder: Path) -> dict[str, list[str]]:
    """Compile the TypeScript example and build the Go one; the commands to time."""
    node, go = shutil.which("node"), shutil.which("go")
    if node is None or go is None:
        raise SystemExit("other_clients: node and go must be on PATH (scripts/install-other-toolchains)")
    subprocess.run(
        [node, "node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], cwd=TYPESCRIPT, check=True
    )
    binary = folder / "list-tasks"
    subprocess.run([go, "build", "-o", str(binary), "./examples/list-tasks"], cwd=GO_MODULE, check=True)
    subprocess.run([go, "test", "-c", "-o", str(folder / "go.test"), "."], cwd=GO_MODULE, check=True)
    return {
        "typescript": [node, str(TYPESCRIPT / "dist" / "examples" / "list-tasks.js")],
        "go": [str(binary)],
        "python": [sys.executable, "-c", PYTHON_PROGRAM],
    }


def warm_typescript(env: dict[str, str]) -> float:
    """One warm listing in node (after a first one on the same client)."""
    helper = [shutil.which("node") or "node", str(TYPESCRIPT / "dist" / "test" / "bench-list.js")]
    done = subprocess.run(
        helper, env={**env, "BENCH_REPEAT": "1"}, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    if result["tasks"] != 10_000:
        raise SystemExit(f"typescript (warm): {result['tasks']} tasks")
    return float(result["seconds"][0])


def warm_go(binary: Path, env: dict[str, str]) -> float:
    """One warm listing by the Go test binary's benchmark (after a first one on the same client)."""
    command = [str(binary), "-test.run", "^$", "-test.bench", "ListAllReplications", "-test.benchtime", "1x"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=GO_MODULE)
    found = re.search(r"^BenchmarkListAllReplications\S*\s+1\s+(\d+) ns/op", done.stdout, re.MULTILINE)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"go (warm): {done.stdout[-500:]}{done.stderr[-500:]}")
    return int(found.group(1)) / 1e9


def timed(command: list[str], env: dict[str, str], expected: list[str] | None) -> float:
    """Wall seconds of one run; its output must be the expected names (None: a start-up run)."""
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=300)
    wall = time.perf_counter() - start
    if expected is None:
        if done.returncode != 2:
            raise SystemExit(
                f"{command[0]}: a start-up run should exit 2, got {done.returncode}: {done.stderr}"
            )
    elif done.returncode != 0 or done.stdout.splitlines() != expected:
        raise SystemExit(
            f"{' '.join(command[:2])}: wrong listing (exit {done.returncode}): {done.stderr[-500:]}"
        )
    return wall


def warm_python(emulator: Emulator, env: dict[str, str], expected: list[str]) -> Callable[[], float]:
    client = ReplicationClient.from_env(environ=env)
    client.list_replications(emulator.instance_id)  # connections open, code paths warm

    def run() -> float:
        start = time.perf_counter()
        names = [task.task_name for task in client.list_replications(emulator.instance_id)]
        wall = time.perf_counter() - start
        if names != expected:
            raise SystemExit("python (warm): wrong listing")
        return wall

    return run


def measure(emulator: Emulator, repeat: int) -> dict[str, Any]:
    env = environment(emulator)
    startup_env = {k: v for k, v in env.items() if k != "TAURUSDB_INSTANCE_ID"}
    with ReplicationClient.from_env(environ=env) as reference:
        expected = [str(task.task_name) for task in reference.list_replications(emulator.instance_id)]
    if len(expected) != 10_000:
        raise SystemExit(f"the large dataset listed {len(expected)} tasks, not 10,000")
    with tempfile.TemporaryDirectory() as folder:
        commands = build(Path(folder))
        warm = warm_python(emulator, env, expected)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        startups: dict[str, list[float]] = {name: [] for name in commands}
        warms: dict[str, list[float]] = {name: [] for name in commands}
        emulator_cpu: list[float] = []
        for _ in range(repeat):
            for name, command in commands.items():
                walls[name].append(timed(command, env, expected))
                startups[name].append(timed(command, startup_env, None))
            warms["typescript"].append(warm_typescript(env))
            warms["go"].append(warm_go(Path(folder) / "go.test", env))
            before = emulator.cpu_seconds()
            warms["python"].append(warm())
            emulator_cpu.append(emulator.cpu_seconds() - before)

    def medians(runs: dict[str, list[float]]) -> dict[str, float]:
        return {name: statistics.median(values) for name, values in runs.items()}

    return {
        "repeat": repeat,
        "tasks": len(expected),
        "wall_s": medians(walls),
        "startup_s": medians(startups),
        "warm_s": medians(warms),
        "emulator_cpu_s_per_listing": statistics.median(emulator_cpu),
    }


def report(figures: dict[str, Any]) -> str:
    wall, startup, warm = figures["wall_s"], figures["startup_s"], figures["warm_s"]
    python = wall["python"] - startup["python"]
    rows = [
        "| language | program s | start-up s | first listing s | vs python | warm listing s | vs python |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("typescript", "go", "python"):
        listing = wall[name] - startup[name]
        cells = f"{wall[name]:.3f} | {startup[name]:.3f} | {listing:.3f} | {python / listing:.2f}x"
        rows.append(f"| {name} | {cells} | {warm[name]:.3f} | {warm['python'] / warm[name]:.2f}x |")
    rows.append(f"\nEmulator CPU per listing: {figures['emulator_cpu_s_per_listing']:.3f} s")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    emulator = start_emulator(10_000, args.latency_ms)
    try:
        figures = {"latency_ms": args.latency_ms, **measure(emulator, args.repeat)}
    finally:
        emulator.stop()
    print(report(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
