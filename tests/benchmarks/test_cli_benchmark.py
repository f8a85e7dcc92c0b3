"""The CLI benchmark (issue 13) runs and reports every figure; timing is not judged here.

One round with no latency: every contender must succeed (the script exits non-zero when a
command fails or the library lists fewer than 10,000 tasks), and each figure must be there.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "command_line.py"


@pytest.mark.slow
def test_the_cli_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    command = [sys.executable, str(SCRIPT), "--repeat", "1", "--latency-ms", "0", "--json", str(figures)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=170, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(figures.read_text())
    walls = {
        "bare_python",
        "version",
        "list_startup",
        "library",
        "library_process",
        "json_piped",
        "table_piped",
        "json_tty",
        "table_tty",
    }
    assert set(data["walls_s"]) == walls
    assert all(value > 0 for value in data["walls_s"].values())
    assert set(data["figures"]) == {*data["targets"], "json_vs_warm_library"}
    assert "json_vs_library" in done.stdout
