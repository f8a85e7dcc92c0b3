"""examples/terraform-replications under plain ``tofu init``, ``tofu plan`` and ``tofu apply``
against the emulator: outputs equal the emulator's tasks, a change shows on the next plan, an
unmet expectation fails plan naming the task, the postcondition and the check block behave as
docs/terraform.md says, wait_timeout succeeds once the task catches up, a second plan with
nothing changed is empty, and no secret reaches any file."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer, LoggedRequest

from .conftest import ROOT, TOFU, Tofu, base_env, emulator_env, files_holding, require

EXAMPLE = ROOT / "examples" / "terraform-replications"


@pytest.fixture
def tofu(tmp_path: Path, mirror_config: Path, demo: EmulatorServer) -> Tofu:
    """The example copied into a fresh folder, initialised from the mirror."""
    require(TOFU)
    work = tmp_path / "example"
    work.mkdir()
    shutil.copy(EXAMPLE / "main.tf", work / "main.tf")
    env = base_env(tmp_path) | emulator_env(demo) | {"TF_CLI_CONFIG_FILE": str(mirror_config)}
    runner = Tofu(work, env)
    runner.run("init", "-no-color")
    return runner


def outputs(tofu: Tofu) -> dict[str, object]:
    return {name: value["value"] for name, value in json.loads(tofu.run("output", "-json").stdout).items()}


def test_outputs_equal_the_emulators_tasks(tofu: Tofu, demo: EmulatorServer) -> None:
    applied = tofu.run("apply", "-auto-approve", "-no-color")
    assert "Apply complete" in applied.stdout
    out = outputs(tofu)
    tasks = demo.tasks(DEMO_INSTANCE_ID)
    assert out["task_names"] == [t.task_name for t in tasks]
    assert out["total_count"] == len(tasks)
    read = out["replications"]
    assert isinstance(read, list)
    for got, task in zip(read, tasks, strict=True):
        assert got["task_name"] == task.task_name
        assert got["stage"] == (task.stage.lower() if task.stage else None)
        assert got["percentage"] == (float(task.percentage) if task.percentage is not None else None)
        assert got["healthy"] is (task.status == "Yes")
        assert isinstance(got["is_main_task"], bool)
    stages = [t.stage.lower() for t in tasks if t.stage]
    assert out["stage_counts"] == {s: stages.count(s) for s in set(stages)}
    assert out["watched_stage"] == "incremental"


def test_a_second_plan_with_nothing_changed_is_empty(tofu: Tofu) -> None:
    tofu.run("apply", "-auto-approve", "-no-color")
    again = tofu.run("plan", "-detailed-exitcode", "-no-color", check=False)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "No changes" in again.stdout


def test_a_change_in_the_emulator_shows_on_the_next_plan(tofu: Tofu, demo: EmulatorServer) -> None:
    tofu.run("apply", "-auto-approve", "-no-color")
    demo.update_task(DEMO_INSTANCE_ID, "inventory_sync", stage="Full", percentage=40)
    changed = tofu.run("plan", "-detailed-exitcode", "-no-color", check=False)
    assert changed.returncode == 2, changed.stdout + changed.stderr
    assert '"full"' in changed.stdout
    assert "stage_counts" in changed.stdout


def test_an_unmet_expectation_fails_plan_naming_the_task(tofu: Tofu) -> None:
    failed = tofu.run("plan", "-no-color", "-var", "watched_task=audit_sync", check=False)
    assert failed.returncode == 1
    expected = "expected status Yes (healthy) and stage incremental, read status 'No', stage paused"
    assert f"task 'audit_sync': {expected}" in " ".join(failed.stderr.split())


def test_the_postcondition_fails_plan_with_its_message(tofu: Tofu) -> None:
    failed = tofu.run(
        "plan", "-no-color", "-var", "watched_task=billing_sync", "-var", "expect_stage=full", check=False
    )
    assert failed.returncode == 1
    text = " ".join(failed.stderr.split())
    assert "Resource postcondition failed" in text
    assert f"task {DEMO_INSTANCE_ID}/billing_sync is at 60%, below 100%" in text


def test_the_check_block_warns_and_plan_goes_on(tofu: Tofu, demo: EmulatorServer) -> None:
    planned = tofu.run("plan", "-no-color")
    text = " ".join((planned.stdout + planned.stderr).split())
    assert "Warning: Check block assertion failed" in text
    assert "unhealthy tasks: audit_sync, payments_sync" in text
    for name in ("audit_sync", "payments_sync"):
        demo.update_task(DEMO_INSTANCE_ID, name, status="Yes")
    quiet = tofu.run("plan", "-no-color")
    assert "Check block assertion failed" not in quiet.stdout + quiet.stderr


def test_an_unmet_expectation_inside_a_check_block_is_a_warning(tofu: Tofu) -> None:
    (tofu.workdir / "check.tf").write_text(
        'check "orders_paused" {\n'
        '  data "taurusdb_replication" "orders" {\n'
        f'    instance_id   = "{DEMO_INSTANCE_ID}"\n'
        '    task_name     = "orders_sync"\n'
        '    expect_stages = ["paused"]\n'
        "  }\n"
        "  assert {\n"
        "    condition     = data.taurusdb_replication.orders.healthy\n"
        '    error_message = "orders_sync is not healthy"\n'
        "  }\n"
        "}\n",
        encoding="utf-8",
    )
    planned = tofu.run("plan", "-no-color")
    text = " ".join((planned.stdout + planned.stderr).split())
    assert "Warning: task 'orders_sync': expected stage paused, read stage incremental" in text


def test_wait_timeout_succeeds_once_the_task_catches_up(tofu: Tofu, demo: EmulatorServer) -> None:
    args = ("-var", "watched_task=billing_sync", "-var", "wait_timeout=2m", "-var", "wait_interval=100ms")
    demo.reset_request_log()
    process = tofu.popen("plan", "-no-color", *args)
    try:
        # Three data sources read once each; two more listings mean the watched one is polling.
        polled = demo.wait_for_requests(lambda log: _listings(log) >= 5, timeout=120)
        assert polled, "the provider never polled"
        assert process.poll() is None, process.communicate()
        demo.advance(30)  # billing_sync: 60% + 5%/s, then incremental at 100%
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, out + err


def _listings(log: list[LoggedRequest]) -> int:
    return sum(1 for request in log if request.path.endswith("/replication"))


def test_no_secret_in_any_file_or_trace_log(tofu: Tofu, demo: EmulatorServer) -> None:
    env = dict(tofu.env) | {"TF_LOG": "trace", "TF_LOG_PATH": str(tofu.workdir / "trace.log")}
    traced = Tofu(tofu.workdir, env)
    traced.run("apply", "-auto-approve", "-no-color")
    traced.run("plan", "-no-color", "-out", "saved.tfplan")
    shown = traced.run("show", "-json", "saved.tfplan")
    assert (tofu.workdir / "terraform.tfstate").is_file()
    assert (tofu.workdir / "trace.log").stat().st_size > 0
    assert files_holding(tofu.workdir, demo.secret_key) == []
    assert demo.secret_key not in shown.stdout


def test_a_saved_plan_holds_credentials_given_through_variables(tofu: Tofu, demo: EmulatorServer) -> None:
    """What docs/terraform.md says Terraform itself does: variable values go into the plan file."""
    (tofu.workdir / "credentials.tf").write_text(
        'variable "secret_key" {\n  type      = string\n  sensitive = true\n}\n', encoding="utf-8"
    )
    with_provider_block(tofu, f'  access_key = "{demo.access_key}"\n  secret_key = var.secret_key')
    env = dict(tofu.env) | {"TF_VAR_secret_key": demo.secret_key}
    env.pop("HW_SECRET_KEY")
    with_variable = Tofu(tofu.workdir, env)
    with_variable.run("apply", "-auto-approve", "-no-color")
    assert files_holding(tofu.workdir, demo.secret_key) == []
    with_variable.run("plan", "-no-color", "-out", "saved.tfplan")
    assert files_holding(tofu.workdir, demo.secret_key) == ["saved.tfplan!tfplan"]


def with_provider_block(tofu: Tofu, body: str) -> None:
    main = tofu.workdir / "main.tf"
    block = f'provider "taurusdb" {{\n{body}\n}}'
    main.write_text(re.sub(r'provider "taurusdb" \{[^}]*\}', lambda _: block, main.read_text(), count=1))


def test_credentials_from_a_profile_file_reach_no_file(tofu: Tofu, demo: EmulatorServer) -> None:
    home = Path(tofu.env["HOME"])
    (home / ".huaweicloud").mkdir()
    (home / ".huaweicloud" / "credentials").write_text(
        f"[basic]\nak = {demo.access_key}\nsk = {demo.secret_key}\n"
    )
    env = {k: v for k, v in tofu.env.items() if k not in ("HW_ACCESS_KEY", "HW_SECRET_KEY")}
    from_profile = Tofu(tofu.workdir, env)
    from_profile.run("apply", "-auto-approve", "-no-color")
    from_profile.run("plan", "-no-color", "-out", "saved.tfplan")
    assert files_holding(tofu.workdir, demo.secret_key) == []


def test_an_explicit_attribute_wins_over_the_environment(tofu: Tofu, demo: EmulatorServer) -> None:
    with_provider_block(tofu, f'  endpoint = "{demo.url}"')
    env = dict(tofu.env) | {"TAURUSDB_ENDPOINT": "http://127.0.0.1:9"}  # nothing listens there
    assert "Apply complete" in Tofu(tofu.workdir, env).run("apply", "-auto-approve", "-no-color").stdout
    with_provider_block(tofu, '  endpoint   = "' + demo.url + '"\n  project_id = "short"')
    failed = Tofu(tofu.workdir, env).run("plan", "-no-color", check=False)
    assert failed.returncode == 1
    assert "project_id" in failed.stderr
    assert "32 letters or digits" in " ".join(failed.stderr.split())


def test_a_stage_the_spec_does_not_list_is_kept_with_a_warning(tofu: Tofu, demo: EmulatorServer) -> None:
    demo.update_task(DEMO_INSTANCE_ID, "inventory_sync", stage="Repairing")
    applied = tofu.run("apply", "-auto-approve", "-no-color")
    text = " ".join((applied.stdout + applied.stderr).split())
    assert "Warning: Stage not listed by the spec" in text
    assert "'inventory_sync'" in text
    replications = outputs(tofu)["replications"]
    assert isinstance(replications, list)
    read = {task["task_name"]: task["stage"] for task in replications}
    assert read["inventory_sync"] == "Repairing"
    assert read["orders_sync"] == "incremental"


def test_the_readme_excerpt_is_the_example_as_written() -> None:
    """The README's HCL is an excerpt of examples/terraform-replications/main.tf, which the
    tests above run, so the README cannot show a configuration that does not work."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = (ROOT / "examples" / "terraform-replications" / "main.tf").read_text(encoding="utf-8")
    excerpts = re.findall(r"^```hcl\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)
    assert excerpts
    assert all(excerpt in example for excerpt in excerpts)
