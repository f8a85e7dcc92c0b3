"""Wall time and peak memory of ``tofu plan`` of examples/terraform-replications over the
emulator's 10,000-task instance, beside a sequential offset loop like the vendor's data source
(``limit=100&offset=N`` until an empty page), in one run against one emulator.

    .venv/bin/python benchmarks/terraform_plan.py [--repeat 5] [--json out.json]

Needs ``scripts/install-opentofu`` (``tofu`` and the provider in .tools/bin). The example is
copied into a temporary folder and initialised once from a filesystem mirror made by
``scripts/package-terraform-provider`` (untimed); then the contenders take turns (plan, loop,
loop, plan, ...) so background load hits both alike. The watched task is set to one that meets
the example's expectation. Peak memory is the largest sum of resident memory of ``tofu`` and
every process under it (the provider), sampled every 10 ms from /proc; the loop's is this
process's growth while it runs (the loop holds every task name, like a data source).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from list_replications import Emulator, start_emulator, terraform_loop

REPO = Path(__file__).resolve().parent.parent
TOFU = REPO / ".tools" / "bin" / "tofu"
EXAMPLE = REPO / "examples" / "terraform-replications"


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    pids, index = [pid], 0
    while index < len(pids):
        try:
            for task in Path(f"/proc/{pids[index]}/task").iterdir():
                pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
        index += 1
    return pids


def run_measured(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak resident KiB of the process tree, and stderr of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_rss_kib(pid) for pid in _tree(process.pid)))
            done.wait(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    return wall, peak, err


def loop_measured(emulator: Emulator) -> tuple[float, int, int]:
    """Wall seconds, peak traced KiB and task count of the vendor-style loop (in this process)."""
    tracemalloc.start()
    start = time.perf_counter()
    count = terraform_loop(emulator)
    wall = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return wall, peak // 1024, count


def watched_task(emulator: Emulator) -> str:
    """A task that meets the example's expectation (healthy, incremental, 100%)."""
    with httpx.Client(base_url=emulator.url, auth=emulator.auth(), timeout=30) as http:
        for item in http.get(emulator.path, params={"limit": 100, "offset": 0}).json()["replications"]:
            caught_up = (
                str(item.get("stage")).lower() == "incremental" and float(item.get("percentage") or 0) == 100
            )
            if item.get("status") == "Yes" and caught_up:
                return str(item["task_name"])
    raise SystemExit("no caught-up task on the first page")


# Two smaller configurations that split the example's time: one data source holding the 10,000
# tasks with a one-number output (what the engine pays for 10,000 objects in state), and the same
# read filtered to one task (the provider's listing of 10,000 tasks with almost nothing to hold).
DATA_ONLY = """terraform {
  required_providers {
    taurusdb = { source = "taurusdb/taurusdb" }
  }
}
provider "taurusdb" {}
variable "instance_id" { type = string }
variable "watched_task" { type = string }
data "taurusdb_replications" "all" {
  instance_id = var.instance_id%s
}
output "total" { value = data.taurusdb_replications.all.total_count }
"""
CONFIGURATIONS = {
    "example": None,
    "one_data_source": DATA_ONLY % "",
    "filtered_to_one_task": DATA_ONLY % "\n  task_names  = [var.watched_task]",
}


def prepare(work: Path, emulator: Emulator) -> dict[str, str]:
    package = [str(REPO / "scripts" / "package-terraform-provider"), str(work / "mirror")]
    subprocess.run([*package, "--cli-config", str(work / "tofurc")], check=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(work),
        "TF_CLI_CONFIG_FILE": str(work / "tofurc"),
        "CHECKPOINT_DISABLE": "1",
        "TF_IN_AUTOMATION": "1",
        "TAURUSDB_ENDPOINT": emulator.url,
        "HW_PROJECT_ID": emulator.info["project_id"],
        "HW_ACCESS_KEY": emulator.info["access_key"],
        "HW_SECRET_KEY": emulator.info["secret_key"],
        "TF_VAR_instance_id": emulator.instance_id,
        "TF_VAR_watched_task": watched_task(emulator),
    }
    for name, text in CONFIGURATIONS.items():
        (work / name).mkdir()
        if text is None:
            shutil.copy(EXAMPLE / "main.tf", work / name / "main.tf")
        else:
            (work / name / "main.tf").write_text(text)
        init = [str(TOFU), "init", "-no-color"]
        subprocess.run(init, cwd=work / name, env=env, check=True, capture_output=True)
    return env


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "stdev": statistics.stdev(values) if len(values) > 1 else 0.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not TOFU.is_file():
        raise SystemExit("run scripts/install-opentofu first")
    emulator = start_emulator(10_000, 0.0)
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in [*CONFIGURATIONS, "vendor_loop"]}
    try:
        with tempfile.TemporaryDirectory(prefix="terraform-plan-bench-") as tmp:
            env = prepare(Path(tmp), emulator)

            def plan(name: str) -> Callable[[], None]:
                command = [str(TOFU), "plan", "-no-color"]
                return lambda: runs[name].append(run_measured(command, Path(tmp) / name, env)[:2])

            turns = [plan(name) for name in CONFIGURATIONS]
            turns.append(lambda: runs["vendor_loop"].append(loop_measured(emulator)[:2]))
            for index in range(args.repeat):
                for turn in turns if index % 2 == 0 else reversed(turns):
                    turn()
            _, _, tasks = loop_measured(emulator)
    finally:
        emulator.stop()
    result: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_version()}",
        "tasks": tasks,
        "repeat": args.repeat,
        "peak_memory": "plans: largest RSS sum of tofu and the provider; vendor_loop: traced Python heap",
    }
    loop_median = statistics.median(w for w, _ in runs["vendor_loop"])
    for name, measured in runs.items():
        walls = [w for w, _ in measured]
        result[name] = {
            "seconds": summary(walls),
            "peak_mib": round(max(m for _, m in measured) / 1024, 1),
            "over_vendor_loop": round(statistics.median(walls) / loop_median, 2),
        }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
