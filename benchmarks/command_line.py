"""Benchmark of the ``taurusdb-replication`` command on a big instance (issue 13).

Everything is measured side by side in one run, taking turns (so background load hits every
contender alike), against one emulator in its own process serving the ``large`` dataset
(10,000 tasks) with 20 ms of latency per request. Reported as ratios, medians of ``--repeat``:

- start-up: ``taurusdb-replication --version`` against a bare ``python -c pass``
  (target: at most 0.12 s more);
- JSON: ``list -o json`` as a process against the library call it wraps, also as a process (a
  script that imports the client, builds it from the same environment and lists): both minus
  a bare interpreter's start-up, so each side pays the imports and the first-request set-up it
  needs (target: within 1.3x). For information: the same CLI time minus ``list --help`` (its
  own imports and parsing) against the call in this warm process (``json_vs_warm_library``);
- table: ``list -o table`` against ``list -o json``, both as processes, piped and on a
  terminal (a pty) (target: within 1.5x).

Each figure is given from the medians (the verdict) and from the minimums: on a machine shared
with other work the minimum is the least disturbed run of each contender.

Usage: ``python benchmarks/command_line.py [--repeat 5] [--latency-ms 20] [--json FILE]``; figures in
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pty
import select
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from emulator_load import start_emulator  # this directory is on sys.path when run as a script

ENTRY_POINT = Path(sys.executable).with_name("taurusdb-replication")
TARGETS = {
    "startup_extra_s": 0.12,
    "json_vs_library": 1.3,
    "table_vs_json_piped": 1.5,
    "table_vs_json_tty": 1.5,
}
INFORMATION = ("json_vs_warm_library",)
LIBRARY_SCRIPT = """
import os, sys
from taurusdb_replication import ReplicationClient
with ReplicationClient.from_env() as client:
    tasks = client.list_replications(os.environ["TAURUSDB_INSTANCE_ID"])
sys.exit(0 if len(tasks) == 10_000 else 1)
"""


def client_env(banner: dict[str, str]) -> dict[str, str]:
    keep = {name: os.environ[name] for name in ("PATH", "LANG", "HOME") if name in os.environ}
    return keep | {
        "TAURUSDB_ENDPOINT": banner["URL"],
        "HW_PROJECT_ID": banner["PROJECT_ID"],
        "HW_ACCESS_KEY": banner["ACCESS_KEY"],
        "HW_SECRET_KEY": banner["SECRET_KEY"],
        "TAURUSDB_INSTANCE_ID": banner["INSTANCE_IDS"].split(",")[0],
        "COLUMNS": "160",
        "TERM": "xterm-256color",
    }


def timed_process(args: list[str], env: dict[str, str], *, tty: bool = False) -> float:
    """Wall time of one process run to its end, its stdout read whole (a pipe, or a pty)."""
    start = time.perf_counter()
    if tty:
        master, slave = pty.openpty()
        process = subprocess.Popen(args, env=env, stdout=slave, stderr=subprocess.DEVNULL)
        os.close(slave)
        while True:
            select.select([master], [], [])
            try:
                if not os.read(master, 1 << 16):
                    break
            except OSError:  # EIO: the child closed the terminal
                break
        os.close(master)
        returncode = process.wait()
    else:
        done = subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
        returncode = done.returncode
    elapsed = time.perf_counter() - start
    if returncode != 0:
        raise SystemExit(f"{args[1:]} exited {returncode}")
    return elapsed


def library_listing(env: dict[str, str]) -> Callable[[], float]:
    """The call ``list`` wraps: a new client from the same settings, one full listing."""
    from taurusdb_replication import ReplicationClient, resolve_settings

    def run() -> float:
        start = time.perf_counter()
        settings = resolve_settings(environ=env)
        with ReplicationClient.from_settings(settings) as client:
            tasks = client.list_replications(env["TAURUSDB_INSTANCE_ID"])
        elapsed = time.perf_counter() - start
        if len(tasks) != 10_000:
            raise SystemExit(f"the library listed {len(tasks)} tasks")
        return elapsed

    return run


def contenders(env: dict[str, str]) -> dict[str, Callable[[], float]]:
    cli = str(ENTRY_POINT)
    return {
        "bare_python": lambda: timed_process([sys.executable, "-c", "pass"], env),
        "version": lambda: timed_process([cli, "--version"], env),
        "list_startup": lambda: timed_process([cli, "list", "--help"], env),
        "library": library_listing(env),
        "library_process": lambda: timed_process([sys.executable, "-c", LIBRARY_SCRIPT], env),
        "json_piped": lambda: timed_process([cli, "list", "-o", "json"], env),
        "table_piped": lambda: timed_process([cli, "list", "-o", "table"], env),
        "json_tty": lambda: timed_process([cli, "list", "-o", "json"], env, tty=True),
        "table_tty": lambda: timed_process([cli, "list", "-o", "table"], env, tty=True),
    }


def measure(env: dict[str, str], repeat: int) -> dict[str, list[float]]:
    """Every contender's times over ``repeat`` rounds in which each takes one turn."""
    runs = contenders(env)
    samples: dict[str, list[float]] = {name: [] for name in runs}
    for run in runs.values():  # warm-up: caches, the emulator's first pages
        run()
    for _ in range(repeat):
        for name, run in runs.items():
            gc.collect()
            samples[name].append(run())
    return samples


def ratios(walls: dict[str, float]) -> dict[str, float]:
    bare = walls["bare_python"]
    return {
        "startup_extra_s": walls["version"] - walls["bare_python"],
        "json_vs_library": (walls["json_piped"] - bare) / (walls["library_process"] - bare),
        "json_vs_warm_library": (walls["json_piped"] - walls["list_startup"]) / walls["library"],
        "table_vs_json_piped": walls["table_piped"] / walls["json_piped"],
        "table_vs_json_tty": walls["table_tty"] / walls["json_tty"],
    }


def report(samples: dict[str, list[float]], figures: dict[str, float], best: dict[str, float]) -> str:
    lines = ["contender            median s   min s"]
    lines += [f"{name:<20} {statistics.median(v):8.3f} {min(v):8.3f}" for name, v in samples.items()]
    lines.append("")
    lines.append("figure                  median     (min)   target")
    for name, value in figures.items():
        value_text = f"{value:9.3f} {best[name]:9.3f}"
        if name in INFORMATION:
            lines.append(f"{name:<22} {value_text}   (information)")
            continue
        verdict = "ok" if value <= TARGETS[name] else "MISSED"
        lines.append(f"{name:<22} {value_text}   <= {TARGETS[name]:<5} {verdict}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args()
    process, banner = start_emulator(["--latency-ms", str(args.latency_ms)])
    try:
        samples = measure(client_env(banner), args.repeat)
    finally:
        process.terminate()
        process.wait(timeout=30)
    walls = {name: statistics.median(values) for name, values in samples.items()}
    figures = ratios(walls)
    best = ratios({name: min(values) for name, values in samples.items()})
    print(report(samples, figures, best))
    if args.json:
        document: dict[str, Any] = {
            "walls_s": walls,
            "min_walls_s": {name: min(values) for name, values in samples.items()},
            "figures": figures,
            "figures_of_min": best,
            "targets": TARGETS,
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
