"""The issue-4 benchmark runs from a fresh clone and measures what it says it measures.

Timing is not checked here (benchmarks/README.md holds the figures of a real run); this runs
the script once with no latency, one repetition and a short parse timing, and checks that
every contender returned all 10,000 tasks (the script exits non-zero otherwise), that the
floor and the CPU figures are there for each concurrency, and that the rate-limited listing
lost nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "list_replications.py"


@pytest.mark.slow
def test_the_listing_benchmark_runs_and_reports_every_contender(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    command = [
        sys.executable,
        str(SCRIPT),
        *("--latency-ms", "0", "--repeat", "1", "--sweep", "4", "--rate", "400"),
        *("--parse-iterations", "20", "--profile", "1", "--pairs", "2", "--json", str(figures)),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=110, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(figures.read_text())
    default = data["default_concurrency"]
    expected = {"a", "b", "minimal", "default", "cold", "c4", "floor4", f"floor{default}"}
    assert set(data["walls_s"]) == expected
    assert set(data["cpu_s"]) == expected
    assert all(value > 0 for value in data["walls_s"].values())
    assert set(data["ideal_s"]) == {"4", str(default)}
    assert data["rate_limited"]["tasks"] == 10_000
    assert data["rate_limited"]["failures"] == 0
    assert "floor" in done.stdout
    assert "ours/floor" in done.stdout
    assert data["ours_over_minimal"] > 0
    assert "ours / minimal loop" in done.stdout
    turns = data["ours_over_minimal_turns"]
    assert 0 < turns["q1"] <= turns["median"] <= turns["q3"] <= turns["max"]
    shares = data["cpu_profile_shares"]
    assert abs(sum(shares.values()) - 1.0) < 1e-6
    assert shares["client layer: retry, limiter, pagination, body cap, pool, hooks"] > 0
