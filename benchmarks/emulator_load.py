"""Bounded loopback load on the emulator: throughput and latency of 100-task pages.

Starts the emulator in its own process (``python -m taurusdb_emulator --dataset
large --port 0``) so that its event loop does not share a GIL with the load generator, gets
a token from its emulated IAM (or signs every request with AK/SK), then sends ``--requests``
GETs of 100-task pages at offsets spread over the 10,000 tasks from ``--concurrency``
independent httpx clients. Prints throughput and p50/p90/p99/max latency.

    .venv/bin/python benchmarks/emulator_load.py [--requests 2000] [--concurrency 20] [--auth token|aksk]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from taurusdb_emulator import EmulatorServer, Faults
from taurusdb_replication import signing


def start_emulator(extra: list[str]) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Start the CLI emulator and read its KEY=value banner."""
    command = [
        sys.executable,
        "-m",
        "taurusdb_emulator",
        "--dataset",
        "large",
        "--port",
        "0",
        *extra,
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    values: dict[str, str] = {}
    for line in process.stdout:
        if line.startswith("# Serving"):
            break
        if "=" in line and not line.startswith("#"):
            key, _, value = line.strip().partition("=")
            values[key.removeprefix("TAURUSDB_EMULATOR_")] = value
    return process, values


def cpu_seconds(pid: int) -> float | None:
    """User+system CPU time of a process (Linux /proc), to show what the emulator itself spent."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def get_token(values: dict[str, str]) -> str:
    """Log in to the emulated IAM with the printed local credentials."""
    user = {
        "name": values["IAM_USER"],
        "password": values["IAM_PASSWORD"],
        "domain": {"name": values["IAM_DOMAIN"]},
    }
    body = {
        "auth": {
            "identity": {"methods": ["password"], "password": {"user": user}},
            "scope": {"project": {"name": values["PROJECT_NAME"]}},
        }
    }
    response = httpx.post(values["IAM_URL"], json=body, timeout=10)
    response.raise_for_status()
    return response.headers["X-Subject-Token"]


def signed(values: dict[str, str], url: httpx.URL) -> dict[str, str]:
    """AK/SK headers for one GET (the client-side cost is part of the measured latency)."""
    headers = {
        "Host": url.netloc.decode(),
        "X-Sdk-Date": signing.format_sdk_date(datetime.now(UTC)),
        "X-Project-Id": values["PROJECT_ID"],
    }
    headers["Authorization"] = signing.sign(
        access_key=values["ACCESS_KEY"],
        secret_key=values["SECRET_KEY"],
        method="GET",
        path=url.path,
        query=url.params.multi_items(),
        headers=headers,
    )
    return headers


async def worker(
    client: httpx.AsyncClient,
    number: int,
    count: int,
    values: dict[str, str],
    auth: str,
    token: str,
    latencies: list[float],
) -> int:
    """One client sending ``count`` requests back to back; returns the number of failures."""
    base = f"{values['URL']}/v3/{values['PROJECT_ID']}/instances/{values['INSTANCE_IDS']}"
    failures = 0
    for index in range(count):
        offset = ((number * count + index) * 100) % 10_000
        url = httpx.URL(f"{base}/starrocks/databases/replication", params={"limit": 100, "offset": offset})
        headers = {"X-Auth-Token": token} if auth == "token" else signed(values, url)
        started = time.perf_counter()
        response = await client.get(url, headers=headers)
        body = response.json() if response.status_code == 200 else None
        latencies.append(time.perf_counter() - started)
        if body is None or len(body["replications"]) != 100:
            failures += 1
    return failures


async def load(values: dict[str, str], requests: int, concurrency: int, auth: str) -> dict[str, Any]:
    """Run the load and summarise it."""
    token = get_token(values) if auth == "token" else ""
    latencies: list[float] = []
    per_worker = requests // concurrency
    # Clients are built before the clock starts: building one (its TLS context) blocks the loop
    # for milliseconds, which would show up as emulator latency of the other clients' requests.
    clients = [httpx.AsyncClient(timeout=30) for _ in range(concurrency)]
    try:
        started = time.perf_counter()
        failures = await asyncio.gather(
            *(worker(clients[n], n, per_worker, values, auth, token, latencies) for n in range(concurrency))
        )
        elapsed = time.perf_counter() - started
    finally:
        for client in clients:
            await client.aclose()
    ordered = sorted(latencies)

    def quantile(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    return {
        "requests": len(latencies),
        "concurrency": concurrency,
        "auth": auth,
        "failures": sum(failures),
        "seconds": round(elapsed, 3),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "tasks_per_second": round(100 * len(latencies) / elapsed),
        "p50_ms": round(quantile(0.50), 2),
        "p90_ms": round(quantile(0.90), 2),
        "p99_ms": round(quantile(0.99), 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2),
    }


def run_in_process(options: argparse.Namespace) -> None:
    """The same load against an ``EmulatorServer`` thread, as in-process tests use it."""
    with EmulatorServer(dataset="large", faults=Faults(latency_ms=options.latency_ms)) as server:
        values = {
            "URL": server.url,
            "PROJECT_ID": server.project_id,
            "INSTANCE_IDS": server.instance_ids[0],
            "ACCESS_KEY": server.access_key,
            "SECRET_KEY": server.secret_key,
            "IAM_URL": server.iam_url,
            "IAM_USER": server.iam_user,
            "IAM_PASSWORD": server.iam_password,
            "IAM_DOMAIN": server.iam_domain,
            "PROJECT_NAME": server.project_name,
        }
        summary = asyncio.run(load(values, options.requests, options.concurrency, options.auth))
    summary["in_process"] = True
    report(summary)


def report(summary: dict[str, Any]) -> None:
    """One readable line, then the JSON summary."""
    print(
        f"{summary['requests']} requests x 100 tasks, {summary['concurrency']} clients, "
        f"auth={summary['auth']}: "
        f"{summary['requests_per_second']} req/s ({summary['tasks_per_second']} tasks/s), "
        f"p50 {summary['p50_ms']} ms, p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms, "
        f"failures {summary['failures']}; emulator CPU "
        f"{summary.get('emulator_cpu_ms_per_request', '?')} ms/request"
    )
    print(json.dumps(summary, indent=2))


def main() -> None:
    """Parse options, run, print a table line and the JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--auth", choices=["token", "aksk"], default="token")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="emulator's injected latency")
    parser.add_argument(
        "--in-process", action="store_true", help="serve from a thread of this process (shares the GIL)"
    )
    options = parser.parse_args()
    if options.requests < options.concurrency or options.concurrency < 1:
        parser.error("--requests must be at least --concurrency, which must be at least 1")
    if options.in_process:
        run_in_process(options)
        return
    process, values = start_emulator(["--latency-ms", str(options.latency_ms)])
    try:
        cpu_before = cpu_seconds(process.pid)
        summary = asyncio.run(load(values, options.requests, options.concurrency, options.auth))
        cpu_after = cpu_seconds(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
    if cpu_before is not None and cpu_after is not None:
        spent = cpu_after - cpu_before
        summary["emulator_cpu_seconds"] = round(spent, 3)
        summary["emulator_cpu_ms_per_request"] = round(1000 * spent / summary["requests"], 3)
        summary["emulator_cpu_share"] = round(spent / summary["seconds"], 2)
    summary["emulator_exit_code"] = process.returncode
    report(summary)


if __name__ == "__main__":
    main()
