"""Every option of every command's ``--help`` is documented, and the docs name no option a
command does not have: docs/cli.md has a section per command (the emulator's options are in
docs/emulator.md), and the connection options are in its Configuration section or in
docs/settings.md, the table generated from settings.yaml that section links to.

Runs the real entry point's ``--help``, so the page is compared with what users see.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ._proc import run

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
OPTION_LINE = re.compile(r"^  (?:(-\w), )?(--[\w-]+)|^  (-\w)\b", re.MULTILINE)
FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
NAMED = re.compile(r"`(--[a-z][\w-]*)")


def section(text: str, heading: str) -> str:
    """The text under the heading (any level) up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}.*?$", text, re.MULTILINE)
    assert match, f"no heading {heading!r}"
    level = len(match.group(1))
    prose = FENCED.sub(lambda block: re.sub(r"[^\n]", " ", block.group(0)), text)  # same offsets
    end = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(prose, match.end())
    return text[match.end() : end.start() if end else len(text)]


CONFIGURATION = section(PAGE, "Configuration") + (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
PAGES = {
    "list": section(PAGE, "`list`"),
    "get": section(PAGE, "`get TASK`"),
    "wait": section(PAGE, "`wait [TASK...]`"),
    "watch": section(PAGE, "`watch`"),
    "regions": section(PAGE, "`regions`"),
    "config": section(PAGE, "`config`"),
    "completion": section(PAGE, "`completion SHELL`"),
    "emulator": section((ROOT / "docs" / "emulator.md").read_text(encoding="utf-8"), "Command line"),
}


def help_options(args: list[str]) -> tuple[set[str], set[str]]:
    """The command's own options and its connection options, as ``--help`` lists them."""
    done = run([*args, "--help"], {"PATH": "/usr/bin:/bin", "COLUMNS": "100"})
    assert done.returncode == 0, done.stderr
    own, _, shared = done.stdout.partition("Connection options")
    if not args:  # the group: its options are the connection options
        return set(), _flags(own)
    return _flags(own), _flags(shared)


def _flags(text: str) -> set[str]:
    found: set[str] = set()
    for short, long, alone in OPTION_LINE.findall(text):
        found.update(flag for flag in (short, long, alone) if flag)
    return found - {"-h", "--help"}


def documented(flag: str, text: str) -> bool:
    return re.search(rf"`{re.escape(flag)}[` ,/]", text) is not None


def test_the_top_level_options_are_in_the_configuration_table() -> None:
    _, shared = help_options([])
    assert shared, "the group's --help lists its options"
    assert [flag for flag in sorted(shared) if not documented(flag, CONFIGURATION)] == []


@pytest.mark.parametrize("command", sorted(PAGES))
def test_each_option_of_a_commands_help_is_on_its_page(command: str) -> None:
    own, shared = help_options([command])
    assert [flag for flag in sorted(own) if not documented(flag, PAGES[command])] == []
    assert [flag for flag in sorted(shared) if not documented(flag, CONFIGURATION)] == []


@pytest.mark.parametrize("command", sorted(set(PAGES) - {"emulator"}))
def test_the_page_names_no_option_the_command_lacks(command: str) -> None:
    own, shared = help_options([command])
    named = set(NAMED.findall(PAGES[command]))
    assert sorted(named - own - shared) == []
