"""examples/README.md's recipe for the TypeScript and Go programs says what they read: the
variables named there are the ones main.go reads, the configuration it shows is valid JSON of
keys the provider's schema declares (or the program's own), and the steps include ``npm ci``
and the backend folder's creation. The programs themselves run under the engine, with these
variables, in tests/e2e/test_e2e_native_programs.py."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
SCHEMA = json.loads((ROOT / "provider/taurusdb_replication/pulumi/native/schema.json").read_text())


def recipe() -> str:
    blocks = re.findall(r"^```sh\n(.*?)^```", README, re.MULTILINE | re.DOTALL)
    (found,) = [block for block in blocks if "TAURUSDB_EXAMPLE_CONFIG" in block]
    return str(found)


def test_the_recipe_sets_exactly_the_variables_the_go_program_reads() -> None:
    read = set(
        re.findall(
            r'os\.Getenv\("(TAURUSDB_EXAMPLE_\w+)"\)', (ROOT / "examples/go-native/main.go").read_text()
        )
    )
    assert read == set(re.findall(r"\b(TAURUSDB_EXAMPLE_\w+)=", recipe()))


def test_the_documented_configuration_is_json_of_declared_keys() -> None:
    words = shlex.split(recipe().replace("\\\n", " "), comments=True)
    (value,) = [word.split("=", 1)[1] for word in words if word.startswith("TAURUSDB_EXAMPLE_CONFIG=")]
    config = json.loads(value)
    declared = {f"taurusdb:{name}" for name in SCHEMA["config"]["variables"]} | {"instanceId"}
    assert set(config) <= declared
    assert all(set(entry) <= {"value", "secret"} for entry in config.values())


def test_the_recipe_installs_the_typescript_packages_and_makes_the_backend_folder() -> None:
    steps = recipe()
    assert steps.index("npm ci") < steps.index("npm run build")
    assert "mkdir -p ~/.pulumi-local" in steps
