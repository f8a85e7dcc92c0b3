"""The habits of gh, kubectl and aws users: completion, -o yaml, --query, --no-headers,
--sort-by, --columns in CSV, wait --exclude, config in every format, and tables that fit 80
columns; each run through the real entry point against the demo emulator."""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, Task

from ._proc import Running, plain, run


def listing(env: dict[str, str], *args: str) -> dict[str, object]:
    done = run(["list", "-o", "json", *args], env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def names(document: dict[str, object]) -> list[str]:
    return [task["task_name"] for task in document["replications"]]  # type: ignore[attr-defined]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_clicks_script_for_each_shell(env: dict[str, str], shell: str) -> None:
    done = run(["completion", shell], env)
    assert done.returncode == 0
    assert f"_TAURUSDB_REPLICATION_COMPLETE={shell}_complete" in done.stdout


def test_the_bash_script_completes_commands(env: dict[str, str]) -> None:
    asked = env | {"COMP_WORDS": "taurusdb-replication li", "COMP_CWORD": "1"}
    done = run([], asked | {"_TAURUSDB_REPLICATION_COMPLETE": "bash_complete"})
    assert "plain,list" in done.stdout.splitlines()


@pytest.mark.parametrize("command", [["list"], ["get", "billing_sync"], ["regions"], ["config"]])
def test_yaml_is_the_json_document(env: dict[str, str], command: list[str]) -> None:
    as_json = run([*command, "-o", "json"], env)
    as_yaml = run([*command, "-o", "yaml"], env)
    assert as_yaml.returncode == 0, as_yaml.stderr
    assert yaml.safe_load(as_yaml.stdout) == json.loads(as_json.stdout)


def test_server_text_stays_exact_and_escaped_in_yaml_and_query(
    env: dict[str, str], emulator: EmulatorServer
) -> None:
    hostile = "evil\x1b[2J\x07\u202e\x9b_sync"
    emulator.add_task(DEMO_INSTANCE_ID, Task(hostile, "a\rb", "c", "Yes", "full", 5, None, 0, False, False))
    for args in (["-o", "yaml"], ["--query", "replications[].task_name"]):
        done = run(["list", *args], env)
        assert done.returncode == 0, done.stderr
        assert "\x1b" not in done.stdout
        assert "\x07" not in done.stdout
        assert "\r" not in done.stdout
        if "yaml" in args:  # JSON's C1 and bidirectional escapes: to_json's
            assert "\u202e" not in done.stdout
            assert "\x9b" not in done.stdout
        loaded = yaml.safe_load(done.stdout) if "yaml" in args else json.loads(done.stdout)
        found = loaded if isinstance(loaded, list) else [t["task_name"] for t in loaded["replications"]]
        assert hostile in found


def test_query_selects_from_the_json_document(env: dict[str, str]) -> None:
    everything = listing(env)
    done = run(["list", "--query", "replications[?stage=='full'].task_name"], env)
    assert done.returncode == 0, done.stderr
    full = [t["task_name"] for t in everything["replications"] if t["stage"] == "full"]  # type: ignore[attr-defined]
    assert json.loads(done.stdout) == full
    assert json.loads(run(["config", "--query", "project_id.source"], env).stdout) == "HW_PROJECT_ID"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--query", "replications[?"], "is not a JMESPath expression"),
        (["list", "--query", "total_count", "-o", "csv"], "--query prints JSON or YAML"),
        (["list", "--query", "sort_by(replications, &catchup_stage)"], "--query"),
    ],
)
def test_a_bad_query_is_a_usage_error(env: dict[str, str], args: list[str], message: str) -> None:
    done = run(args, env)
    assert done.returncode == 64
    assert message in done.stderr
    assert done.stderr.startswith("taurusdb-replication: error:")


def test_no_headers_leaves_only_rows(env: dict[str, str]) -> None:
    count = len(names(listing(env)))
    as_csv = run(["list", "-o", "csv", "--no-headers"], env).stdout.splitlines()
    assert len(as_csv) == count
    assert not as_csv[0].startswith("task_name")
    table = run(["list", "-o", "table", "--no-headers"], env).stdout.splitlines()
    assert len(table) == count
    assert table[0].split()[0] == "orders_sync"
    assert len(run(["config", "-o", "csv", "--no-headers"], env).stdout.splitlines()) > 1


def test_sort_by_orders_every_format(env: dict[str, str]) -> None:
    rows = listing(env, "--sort-by", "percentage")["replications"]
    percentages = [row["percentage"] for row in rows]  # type: ignore[attr-defined]
    assert percentages == sorted(percentages)
    table = run(["list", "-o", "table", "--sort-by", "task_name", "--no-headers"], env).stdout
    assert [line.split()[0] for line in table.splitlines()] == sorted(names(listing(env)))


def test_columns_are_honoured_by_csv(env: dict[str, str]) -> None:
    done = run(["list", "-o", "csv", "--columns", "task_name,percentage", "--task", "billing_sync"], env)
    assert list(csv.reader(io.StringIO(done.stdout))) == [["task_name", "percentage"], ["billing_sync", "60"]]


def test_exclude_drops_tasks_from_list(env: dict[str, str]) -> None:
    shown = names(listing(env, "--exclude", "audit_sync", "--exclude", "legacy_sync"))
    assert "audit_sync" not in shown
    assert "legacy_sync" not in shown
    assert "orders_sync" in shown


def test_wait_leaves_out_excluded_tasks(env: dict[str, str]) -> None:
    loose = ["wait", "--stage", "any", "--min-percentage", "0", "--timeout", "20s", "--interval", "0.1s"]
    assert run(loose, env).returncode == 2, "an abnormal or cancelled task fails the wait"
    broken = ["--exclude", "audit_sync", "--exclude", "legacy_sync", "--exclude", "payments_sync"]
    done = run([*loose, *broken, "-o", "json"], env)
    assert done.returncode == 0, done.stderr
    waited = names(json.loads(done.stdout))
    assert "audit_sync" not in waited
    assert "orders_sync" in waited
    assert "except audit_sync" in done.stderr


def test_wait_takes_task_as_an_option_too(env: dict[str, str]) -> None:
    done = run(["wait", "--task", "orders_sync", "--timeout", "20s", "-o", "yaml"], env)
    assert done.returncode == 0, done.stderr
    assert names(yaml.safe_load(done.stdout)) == ["orders_sync"]
    both = run(["wait", "orders_sync", "--exclude", "orders_sync"], env)
    assert both.returncode == 64


def test_config_answers_in_every_format(env: dict[str, str]) -> None:
    for fmt in ("table", "json", "yaml", "csv"):
        done = run(["config", "-o", fmt], env)
        assert done.returncode == 0, (fmt, done.stderr)
        assert "endpoint" in done.stdout
    rows = list(csv.DictReader(io.StringIO(run(["config", "-o", "csv"], env).stdout)))
    assert {"setting": "project_id", "value": env["HW_PROJECT_ID"], "source": "HW_PROJECT_ID"} in rows


def test_an_80_column_terminal_gets_a_table_and_hint_within_80_columns(
    env: dict[str, str], start: type[Running]
) -> None:
    process = start(["list", "-o", "table"], env | {"COLUMNS": "80", "LINES": "24"}, tty=True)
    result = process.finish()
    assert result.returncode == 0, result.stderr
    lines = plain(result.stdout).replace("\r", "").splitlines()
    assert any("hidden" in line for line in lines), "the demo's table does not fit 80 columns whole"
    assert max(len(line) for line in lines) <= 80


def test_the_top_level_help_has_no_rst_markup(env: dict[str, str]) -> None:
    done = run(["--help"], env)
    assert "``" not in done.stdout
    assert "completion" in done.stdout
