"""benchmarks/other_languages.py runs from a fresh clone and checks what it times: every
program's output must be the Python client's 10,000 names (the script exits 1 otherwise).
Timing is not checked here; benchmarks/README.md holds the figures of a recorded run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, require, require_node_modules


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_benchmark_runs_and_reports_every_language(tmp_path: Path) -> None:
    require("node", "runs the TypeScript example")
    require("go", "builds the Go example")
    require_node_modules(ROOT / "clients" / "typescript")
    figures = tmp_path / "figures.json"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "other_languages.py"),
        "--latency-ms",
        "0",
        "--repeat",
        "1",
    ]
    done = subprocess.run(
        [*command, "--json", str(figures)], capture_output=True, text=True, timeout=280, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(figures.read_text())
    assert data["tasks"] == 10_000
    assert set(data["wall_s"]) == set(data["warm_s"]) == {"typescript", "go", "python"}
    assert set(data["startup_s"]) == {"typescript", "go", "python"}
    assert all(data["wall_s"][name] > data["startup_s"][name] > 0 for name in data["startup_s"])
    assert "| go |" in done.stdout
