"""Tables on an 80-column terminal and in pipes; ``| head -1`` exits 141 like any Unix tool."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

import pytest
from taurusdb_emulator import EmulatorServer

from ._proc import ENTRY_POINT, Running, plain, run
from .test_output import DEMO_TASKS

RED = re.compile(r"\x1b\[(?:1;)?31m")


def test_an_80_column_terminal_never_cuts_names_or_health_and_says_what_it_hid(
    env: dict[str, str], start: Callable[..., Running]
) -> None:
    result = start(["list"], env | {"COLUMNS": "80"}, tty=True).finish()
    assert result.returncode == 0, result.stderr
    lines = plain(result.stdout).splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    rows = {line.split()[0]: line.split() for line in lines if line.split() and line.split()[0] in DEMO_TASKS}
    assert list(rows) == DEMO_TASKS
    assert "ABNORMAL" in rows["audit_sync"]
    header = lines[1]
    note = " ".join(lines[lines.index(next(line for line in lines if line.startswith("("))) :])
    assert "hidden to fit 80 columns" in note
    hidden = note[1 : note.index(" hidden")].split(", ")
    assert hidden
    every = [
        "TASK",
        "SOURCE DATABASE",
        "TARGET DATABASE",
        "HEALTH",
        "STAGE",
        "PROGRESS",
        "CATCH-UP",
        "REPAIR",
        "MAIN",
    ]
    assert sorted(hidden + [name for name in every if name in header]) == sorted(every)
    assert all(name not in header for name in hidden)
    assert "…" not in result.stdout


def test_a_wide_terminal_shows_every_column(env: dict[str, str], start: Callable[..., Running]) -> None:
    result = start(["list"], env, tty=True).finish()
    text = plain(result.stdout)
    assert "hidden" not in text
    assert "SOURCE DATABASE" in text
    assert "MAIN" in text


def test_needs_repair_yes_is_the_red_one(env: dict[str, str], start: Callable[..., Running]) -> None:
    result = start(["list"], env, tty=True).finish()
    lines = {plain(line).split()[0]: line for line in result.stdout.splitlines() if plain(line).split()}
    audit = lines["audit_sync"]  # needs repair: yes
    assert RED.search(audit[audit.rindex("yes") - 12 : audit.rindex("yes")])
    billing = lines["billing_sync"]  # needs repair: no, not main: no, healthy
    assert not RED.search(billing)


def test_piped_tables_carry_no_trailing_spaces(env: dict[str, str]) -> None:
    for args in (["list", "-o", "table"], ["get", "billing_sync", "-o", "table"], ["regions", "-o", "table"]):
        result = run(args, env)
        assert result.returncode == 0, result.stderr
        assert "\x1b[" not in result.stdout
        assert all(line == line.rstrip() for line in result.stdout.splitlines()), args


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_list_into_head_exits_141(
    fmt: str, env: dict[str, str], taurusdb_emulator_factory: Callable[..., EmulatorServer]
) -> None:
    large = taurusdb_emulator_factory(dataset="large")
    script = f'"{ENTRY_POINT}" list -o {fmt} | head -1; echo "exit=${{PIPESTATUS[0]}}"'
    env = env | {"TAURUSDB_ENDPOINT": large.url, "TAURUSDB_INSTANCE_ID": large.instance_ids[0]}
    done = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    lines = done.stdout.splitlines()
    assert len(lines) == 2, done.stdout
    assert lines[-1] == "exit=141", done.stderr
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr
