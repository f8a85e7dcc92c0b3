"""Every shell example of README.md and docs/cli.md, run as written against an emulator.

The examples are read out of the Markdown: ```bash blocks run whole under ``set -eu`` (no
``pipefail``: ``watch | head`` is meant to end the watch); the ``$`` lines of ```console
blocks run too; the completion scripts of ```zsh and ```fish blocks, which cannot run in
bash, are generated and checked. So the documentation cannot drift from the command again.
Commands of other parts of the project are named in ``ELSEWHERE`` with what runs them; any
other line is run here, so a new command in the docs is either runnable or fails this test.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

from ._proc import ENTRY_POINT
from .conftest import base_env

ROOT = Path(__file__).resolve().parents[2]
DOCS = ("README.md", "docs/cli.md")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
COMPLETION = re.compile(r"taurusdb-replication completion \w+")

ELSEWHERE = {
    "scripts/demo": "tests/cli/test_demo.py runs it on a clean clone",
    "scripts/test": "is what CI runs (.ci/run)",
    "scripts/regenerate": "scripts/test runs it (--check)",
    "scripts/lint-spec": "scripts/test runs it",
    "scripts/generate-typescript": "scripts/test runs it (--check)",
    "scripts/generate-go": "scripts/test runs it (--check)",
    "scripts/build-docs": "scripts/test runs it (--check)",
    "scripts/api-changes": "scripts/test runs it; tests/spec/test_api_changes.py feeds it breaking changes",
    "pip install": "scripts/setup runs it",
}


@dataclass(frozen=True)
class Example:
    doc: str
    line: int
    language: str
    script: str

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"


def _runnable(body: str) -> str:
    kept = [line for line in body.splitlines() if not line.startswith(tuple(ELSEWHERE))]
    return "\n".join(kept).strip()


def examples() -> Iterator[Example]:
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            language, body = match.group(1), match.group(2)
            line = text.count("\n", 0, match.start()) + 1
            if language == "console":
                body = "\n".join(row[2:] for row in body.splitlines() if row.startswith("$ "))
            elif language in ("zsh", "fish"):
                body = "\n".join(f'test -n "$({command})"' for command in COMPLETION.findall(body))
            elif language not in ("bash", "sh"):
                continue
            script = _runnable(body)
            if script:
                yield Example(doc, line, language, script)


EXAMPLES = list(examples())


@pytest.fixture
def docs_env(taurusdb_emulator_factory: Callable[..., EmulatorServer], tmp_path: Path) -> dict[str, str]:
    """A demo emulator whose syncs finish within a second, and the variables the docs assume."""
    server = taurusdb_emulator_factory(dataset="demo", progress_per_second=1000)
    env = base_env(tmp_path)
    return env | {
        "PATH": f"{ENTRY_POINT.parent}:{env.get('PATH', '')}",
        "TAURUSDB_ENDPOINT": server.url,
        "HW_PROJECT_ID": server.project_id,
        "HW_ACCESS_KEY": server.access_key,
        "HW_SECRET_KEY": server.secret_key,
        "TAURUSDB_INSTANCE_ID": DEMO_INSTANCE_ID,
    }


def test_the_docs_have_cli_examples_of_every_command() -> None:
    commands = " ".join(example.script for example in EXAMPLES)
    for command in ("list", "get", "wait", "watch", "regions", "config", "completion", "emulator"):
        assert f"taurusdb-replication {command} " in commands, command


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_a_documented_example_runs(example: Example, docs_env: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run(
        ["bash", "-c", "set -eu\n" + example.script],
        env=docs_env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, (
        f"{example.id} ({example.language}):\n{example.script}\n---\n{done.stderr[-3000:]}"
    )
    assert "Traceback" not in done.stderr
