"""The TypeScript client: its unit tests pass, and against the emulator (AK/SK signing) it lists
the demo tasks normalized exactly as the Python client does, with typed, secret-free errors."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from scripts.codegen import typescript_settings, typescript_view
from scripts.codegen.spec_fields import load_spec

from .conftest import ROOT, base_env, comparable, from_camel, require, require_node_modules, run

PACKAGE = ROOT / "clients" / "typescript"


@pytest.fixture(scope="module")
def built() -> Path:
    """The client, its tests and its example, compiled with the pinned TypeScript under --strict."""
    node = require("node", "Node 20 or newer runs the TypeScript client")
    require_node_modules(PACKAGE)
    run([node, "node_modules/typescript/bin/tsc", "-p", "tsconfig.json", "--strict"], cwd=PACKAGE)
    return PACKAGE / "dist"


EMPTY_HOME = tempfile.TemporaryDirectory(prefix="ts-client-home-")
"""HOME for the programs unless a test sets one: the developer's own profile file must not leak in."""


def node(program: Path, env: dict[str, str], home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**env, "HOME": str(home or EMPTY_HOME.name)}
    return subprocess.run(
        ["node", str(program)], env=env, cwd=PACKAGE, capture_output=True, text=True, timeout=120, check=False
    )


def test_unit_tests_pass(built: Path) -> None:
    tests = sorted(str(path) for path in (built / "test").glob("*.test.js"))
    assert len(tests) >= 3, tests
    output = run(["node", "--test", "--test-reporter=tap", *tests], cwd=PACKAGE)
    assert re.search(r"^# fail 0$", output, re.MULTILINE), output
    assert re.search(r"^# pass [1-9]", output, re.MULTILINE), output


def test_lists_every_demo_task_normalized_as_the_python_client_does(
    built: Path, client_env: dict[str, str], expected_listing: list[dict[str, Any]]
) -> None:
    done = node(built / "test" / "list-json.js", client_env)
    assert done.returncode == 0, done.stderr
    assert comparable([from_camel(task) for task in json.loads(done.stdout)]) == expected_listing


def test_a_token_works_too(built: Path, client_env: dict[str, str], emulator: EmulatorServer) -> None:
    env = {k: v for k, v in client_env.items() if k not in ("HW_ACCESS_KEY", "HW_SECRET_KEY")}
    done = node(built / "examples" / "list-tasks.js", {**env, "HW_AUTH_TOKEN": emulator.issue_token()})
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == len(emulator.tasks(DEMO_INSTANCE_ID))


def test_the_vendor_sdk_variables_work_too(built: Path, client_env: dict[str, str]) -> None:
    env = {
        k: v for k, v in client_env.items() if not k.startswith("HW_ACCESS") and not k.startswith("HW_SECRET")
    }
    env |= {
        "HUAWEICLOUD_SDK_AK": client_env["HW_ACCESS_KEY"],
        "HUAWEICLOUD_SDK_SK": client_env["HW_SECRET_KEY"],
    }
    done = node(built / "examples" / "list-tasks.js", env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_a_wrong_secret_key_is_a_gateway_error_that_never_shows_the_key(
    built: Path, client_env: dict[str, str]
) -> None:
    wrong = "wrong-secret-" + "s" * 30
    done = node(built / "examples" / "list-tasks.js", {**client_env, "HW_SECRET_KEY": wrong})
    assert done.returncode == 1
    assert "ApiError: APIGW.0301" in done.stderr
    assert "(HTTP 401) [request id: " in done.stderr
    assert wrong not in done.stdout + done.stderr
    assert client_env["HW_SECRET_KEY"] not in done.stdout + done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("drop", "named"),
    [
        ("TAURUSDB_INSTANCE_ID", "set TAURUSDB_INSTANCE_ID"),
        ("HW_PROJECT_ID", "no project id: set HW_PROJECT_ID"),
        ("HW_SECRET_KEY", "incomplete in the HW_* environment variables: set HW_SECRET_KEY"),
        ("TAURUSDB_ENDPOINT", "no region or endpoint: set HW_REGION_NAME or TAURUSDB_ENDPOINT"),
    ],
)
def test_a_missing_setting_is_named(built: Path, client_env: dict[str, str], drop: str, named: str) -> None:
    done = node(built / "examples" / "list-tasks.js", {k: v for k, v in client_env.items() if k != drop})
    assert done.returncode != 0
    assert named in done.stderr
    assert client_env["HW_SECRET_KEY"] not in done.stderr


def test_a_profile_file_holds_the_project_and_keys(
    built: Path, client_env: dict[str, str], emulator: EmulatorServer, tmp_path: Path
) -> None:
    """The vendor SDK's INI file (``~/.huaweicloud/credentials``, ``~`` from HOME), section
    ``dev`` named by ``HW_PROFILE``: the listing is signed with its keys."""
    profile = tmp_path / ".huaweicloud" / "credentials"
    profile.parent.mkdir()
    profile.write_text(
        "[basic]\nak = WRONGAK\nsk = WRONGSK\n\n"
        f"[dev]\nproject_id = {emulator.project_id}\nak = {emulator.access_key}\nsk = {emulator.secret_key}\n"
    )
    dropped = ("HW_ACCESS_KEY", "HW_SECRET_KEY", "HW_PROJECT_ID")
    env = {k: v for k, v in client_env.items() if k not in dropped}
    done = node(built / "examples" / "list-tasks.js", {**env, "HW_PROFILE": "dev"}, home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == len(emulator.tasks(DEMO_INSTANCE_ID))
    wrong = node(built / "examples" / "list-tasks.js", env, home=tmp_path)
    assert wrong.returncode == 1
    assert "no project id" in wrong.stderr
    assert emulator.secret_key not in wrong.stderr + done.stderr


def test_a_region_picks_its_endpoint_from_the_table(built: Path) -> None:
    env = {**base_env(), "HW_REGION_NAME": "mars-north-9", "HW_PROJECT_ID": "0" * 32, "HW_AUTH_TOKEN": "t",
           "TAURUSDB_INSTANCE_ID": DEMO_INSTANCE_ID}  # fmt: skip
    done = node(built / "examples" / "list-tasks.js", env)
    assert done.returncode == 1
    assert "unknown region 'mars-north-9'" in done.stderr
    assert "cn-north-4" in done.stderr


def test_an_integer_property_is_exact_in_the_generated_view(built: Path, tmp_path: Path) -> None:
    """A ``type: integer`` property (the spec's integer kind) becomes ``number | bigint`` read by
    ``parseInteger``: 2^53 + 1, sent as a number or as digits, comes out digit for digit."""
    spec = load_spec()
    schema = spec["components"]["schemas"]["StarRocksReplicationInfo"]
    schema["properties"]["lag_ms"] = {
        "description": "Replication lag in milliseconds.",
        "anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^[0-9]+$"}],
    }
    text = typescript_view.render(spec)
    assert "readonly lagMs: number | bigint | null;" in text
    assert 'const lagMs = parseInteger(raw["lag_ms"]);' in text
    copy = tmp_path / "ts"
    shutil.copytree(PACKAGE / "src", copy / "src")
    (copy / "src" / "view.gen.ts").write_text(text)
    (copy / "node_modules").symlink_to(PACKAGE / "node_modules")
    shutil.copy(PACKAGE / "package.json", copy / "package.json")
    (copy / "check.ts").write_text(
        "import { parseExactJson, normalizeReplication, stringifyExactJson, type WireObject }"
        ' from "./src/index.js";\n'
        'const page = parseExactJson(\'[{"task_name": "a", "lag_ms": 9007199254740993}, '
        '{"task_name": "b", "lag_ms": "9007199254740995"}, {"task_name": "c", "lag_ms": 7}, '
        '{"task_name": "d", "lag_ms": "12ms"}]\') as WireObject[];\n'
        "const read = page.map(normalizeReplication);\n"
        "const odd = read[3];\n"
        "process.stdout.write(stringifyExactJson([read.map((t) => t.lagMs), odd?.extra, odd?.unreadable]));\n"
    )
    (copy / "tsconfig.json").write_text(
        json.dumps({**json.loads((PACKAGE / "tsconfig.json").read_text()), "include": ["src", "check.ts"]})
    )
    tsc = str(PACKAGE / "node_modules/typescript/bin/tsc")
    run(["node", tsc, "-p", "tsconfig.json", "--strict"], cwd=copy)
    done = subprocess.run(
        ["node", "dist/check.js"], cwd=copy, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        [9007199254740993, 9007199254740995, 7, None],
        {"lag_ms": "12ms"},
        {"lag_ms": 'expected an integer, got "12ms"'},
    ]
    assert done.stdout.startswith("[[9007199254740993,9007199254740995,7,null],")


def test_the_settings_table_is_generated_from_the_declaration() -> None:
    """``settings.gen.ts`` is what ``settings.yaml`` gives (the drift check of the regenerate
    target), and a setting added to the declaration becomes a row with no other edit."""
    assert typescript_settings.main(["--check"]) == 0
    declaration = typescript_settings.load()
    declaration["settings"]["page_size"] = {
        "type": "integer",
        "validation": "positive_integer",
        "description": "Tasks per request.",
        "default": 100,
        "env": ["TAURUSDB_PAGE_SIZE"],
        "profile": {"ini": "page_size", "shared": None},
    }
    text = typescript_settings.render(declaration)
    row = next(line for line in text.splitlines() if line.startswith("  page_size: "))
    assert json.loads(row.removeprefix("  page_size: ").removesuffix(",")) == {
        "name": "page_size", "option": "pageSize", "type": "integer", "validation": "positive_integer",
        "description": "Tasks per request.", "default": 100, "secret": False, "group": None,
        "scope": "client", "env": ["TAURUSDB_PAGE_SIZE"], "standardEnv": False,
        "profile": {"ini": "page_size", "shared": None}, "values": None,
    }  # fmt: skip


def test_the_exact_json_benchmark_runs_and_reports_every_contender(built: Path) -> None:
    """benchmarks/typescript_json_parse.py measures; its figures live in clients/README.md."""
    script = ROOT / "benchmarks" / "typescript_json_parse.py"
    output = run([sys.executable, str(script), "--repeat", "1"], cwd=ROOT, timeout=300)
    assert "100 pages" in output
    for contender in ("JSON.parse", "parseExactJson (fast path)", "parseExactJson (lossless path)"):
        line = rf"^  {re.escape(contender)} +[0-9.]+ ms +[0-9.]+x JSON.parse$"
        assert re.search(line, output, re.MULTILINE), output


def test_the_example_prints_a_hostile_task_name_as_escapes(built: Path, client_env: dict[str, str]) -> None:
    """A real server on loopback names a task with an OSC title sequence, BEL and a C1 CSI."""
    hostile = "evil\x1b]0;pwned\x07\x9b2J_sync"
    body = json.dumps({"total_count": 1, "replications": [{"task_name": hostile}]}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        env = {**client_env, "TAURUSDB_ENDPOINT": f"http://127.0.0.1:{server.server_address[1]}"}
        done = node(built / "examples" / "list-tasks.js", env)
        server.shutdown()
    assert done.returncode == 0, done.stderr
    assert done.stdout == "evil\\x1b]0;pwned\\x07\\x9b2J_sync\n"
