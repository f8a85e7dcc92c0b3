"""Benchmark: the TypeScript client's exact-integer JSON parse against ``JSON.parse``.

Node 20's ``JSON.parse`` turns integers beyond 2^53 into the nearest double, so the TypeScript
client parses a page with ``lossless-json`` whenever it could hold one (a run of 16 digits) and
with ``JSON.parse`` otherwise (``clients/typescript/src/json.ts``). This measures, side by side
in one node process, the 100 pages of the emulator's ``large`` dataset (10,000 tasks) as the
emulator sends them: ``JSON.parse``; ``parseExactJson`` on them (the fast path, what a real
listing pays); and ``parseExactJson`` on the same pages each holding one integer beyond 2^53
(the lossless path). Contenders take turns; the median of ``--repeat`` rounds is reported.

Usage: ``python benchmarks/typescript_json_parse.py [--repeat 7]`` (after ``npm ci`` and a
``tsc`` build in ``clients/typescript``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx
from taurusdb_emulator import LARGE_INSTANCE_ID, EmulatorServer

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "clients" / "typescript" / "dist" / "test" / "bench-json.js"
PATH = "/v3/{project}/instances/{instance}/starrocks/databases/replication"


def pages() -> list[str]:
    """Every page of the ``large`` dataset, 100 tasks each, as the emulator's bytes."""
    with EmulatorServer(dataset="large", port=0) as server:
        url = server.url + PATH.format(project=server.project_id, instance=LARGE_INSTANCE_ID)
        headers = {"X-Auth-Token": server.issue_token()}
        with httpx.Client(headers=headers, timeout=30) as client:
            return [
                client.get(url, params={"limit": 100, "offset": offset}).raise_for_status().text
                for offset in range(0, 10_000, 100)
            ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    if not PROGRAM.exists():
        print(
            f"{PROGRAM.relative_to(ROOT)} is missing: run npm test (or tsc) in clients/typescript",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / "pages.json"
        dump.write_text(json.dumps(pages()))
        env = {**os.environ, "BENCH_REPEAT": str(args.repeat)}
        done = subprocess.run(
            ["node", str(PROGRAM), str(dump)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=600,
        )
    result = json.loads(done.stdout)
    medians = {name: statistics.median(times) for name, times in result["seconds"].items()}
    baseline = medians["JSON.parse"]
    print(f"{result['pages']} pages, {result['bytes'] / 1e6:.2f} MB, median of {args.repeat} rounds:")
    for name, seconds in medians.items():
        print(f"  {name:32} {seconds * 1000:8.1f} ms  {seconds / baseline:5.2f}x JSON.parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
