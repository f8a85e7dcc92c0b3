"""Every Python example in docs/python.md and README.md runs, as written, against the emulator.

Each ```python block runs in a fresh interpreter with the environment a user would set
(``TAURUSDB_ENDPOINT``, ``HW_PROJECT_ID``, ``HW_ACCESS_KEY``/``HW_SECRET_KEY``,
``TAURUSDB_INSTANCE_ID``) and nothing else from the caller's cloud settings. A block must
exit 0; when a ```text block follows it, every line of that block must be a line of what the
example printed. The emulator's clock is frozen, so the tasks stay as the demo dataset has
them and every run prints the same.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from taurusdb_emulator import DEMO_INSTANCE_ID, EmulatorServer

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "python.md"
README = ROOT / "README.md"

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    line: int
    code: str
    expected: tuple[str, ...]


def python_examples(text: str) -> list[Example]:
    """The ```python blocks of a Markdown text, each with the ```text block right after it."""
    blocks = [(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1, m) for m in _FENCE.finditer(text)]
    examples = []
    for index, (language, body, line, match) in enumerate(blocks):
        if language != "python":
            continue
        expected: tuple[str, ...] = ()
        if index + 1 < len(blocks):
            next_language, next_body, _, next_match = blocks[index + 1]
            between = text[match.end() : next_match.start()]
            if next_language == "text" and not between.strip():
                expected = tuple(next_body.splitlines())
        examples.append(Example(line, body, expected))
    return examples


EXAMPLES = python_examples(DOC.read_text())
README_EXAMPLES = python_examples(README.read_text())


def user_environment(server: EmulatorServer, home: Path) -> dict[str, str]:
    """The caller's environment without cloud settings, plus what the page tells users to set."""
    cloud = ("HW_", "HUAWEICLOUD_SDK_", "TAURUSDB_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(cloud)}
    return env | {
        "HOME": str(home),
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE": os.devnull,
        "TAURUSDB_ENDPOINT": server.url,
        "HW_PROJECT_ID": server.project_id,
        "HW_ACCESS_KEY": server.access_key,
        "HW_SECRET_KEY": server.secret_key,
        "TAURUSDB_INSTANCE_ID": DEMO_INSTANCE_ID,
    }


def test_the_page_has_examples_with_checked_output() -> None:
    assert len(EXAMPLES) >= 8
    assert sum(bool(example.expected) for example in EXAMPLES) >= 7


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"line{e.line}" for e in EXAMPLES])
def test_python_doc_example(example: Example, taurusdb_emulator: EmulatorServer, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", example.code],
        env=user_environment(taurusdb_emulator, tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"docs/python.md line {example.line}:\n{result.stderr}"
    printed = result.stdout.splitlines()
    missing = [line for line in example.expected if line not in printed]
    assert not missing, f"docs/python.md line {example.line} printed:\n{result.stdout}"


def test_the_runner_catches_a_wrong_example(taurusdb_emulator: EmulatorServer, tmp_path: Path) -> None:
    """A block whose output disagrees with its text block is reported (the check can fail)."""
    (wrong,) = python_examples("```python\nprint('seven')\n```\n\n```text\neight\n```\n")
    assert wrong.expected == ("eight",)
    with pytest.raises(AssertionError, match="printed"):
        test_python_doc_example(wrong, taurusdb_emulator, tmp_path)


@pytest.mark.parametrize("example", README_EXAMPLES, ids=[f"README-line{e.line}" for e in README_EXAMPLES])
def test_readme_python_example(example: Example, taurusdb_emulator: EmulatorServer, tmp_path: Path) -> None:
    assert README_EXAMPLES, "README.md shows the Python client"
    test_python_doc_example(example, taurusdb_emulator, tmp_path)
