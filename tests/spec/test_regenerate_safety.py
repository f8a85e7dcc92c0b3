"""scripts/regenerate is all or nothing: a missing generator or a failing target writes nothing.

Each test works on a throw-away copy of the repository and compares every file's bytes before
and after the command.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from ._copies import copy_repository, fingerprint

pytestmark = pytest.mark.timeout(300)

NODE_TOOLS = frozenset({"node", "npm", "npx", "corepack"})


def _path_without_node(bin_dir: Path) -> str:
    """A PATH with every command of this one except Node's (linked into ``bin_dir``)."""
    bin_dir.mkdir()
    for folder in os.environ["PATH"].split(os.pathsep):
        if not Path(folder).is_dir():
            continue
        for tool in Path(folder).iterdir():
            if tool.name in NODE_TOOLS or (bin_dir / tool.name).exists():
                continue
            if tool.is_file() and os.access(tool, os.X_OK):
                (bin_dir / tool.name).symlink_to(tool)
    return str(bin_dir)


def _regenerate(root: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path or os.environ["PATH"], "NO_COLOR": "1"}
    return subprocess.run(
        [str(root / "scripts" / "regenerate"), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_missing_toolchain_is_named_before_anything_is_written(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    spec = root / "openapi.yaml"
    spec.write_text(
        spec.read_text().replace("Extended field (null in practice).", "Extended field, changed.")
    )
    before = fingerprint(root)
    done = _regenerate(root, path=_path_without_node(tmp_path / "bin"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert "openapi-typescript (for typescript)" in done.stderr
    assert "node is not on PATH; install it with: scripts/install-other-toolchains" in done.stderr
    assert "nothing was written" in done.stderr
    assert "is installed" not in done.stderr  # the old garbled "... not installed is installed"
    assert fingerprint(root) == before  # not even the targets that could have run


def test_a_failing_target_leaves_the_earlier_ones_unwritten(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    declaration = root / "settings.yaml"
    declaration.write_text(declaration.read_text().replace("default: 16", "default: 17"))
    broken = root / "scripts" / "codegen" / "settings_docs.py"
    broken.write_text(broken.read_text() + "\nraise SystemExit('settings_docs: broken on purpose')\n")
    before = fingerprint(root)
    done = _regenerate(root, "--only", "settings", "--only", "settings-docs")
    assert done.returncode != 0
    assert "broken on purpose" in done.stderr
    assert fingerprint(root) == before  # the settings table was rebuilt in the staged copy only


def test_a_rebuild_moves_every_output_of_the_targets_into_the_tree(tmp_path: Path) -> None:
    root = copy_repository(tmp_path)
    declaration = root / "settings.yaml"
    declaration.write_text(declaration.read_text().replace("default: 16", "default: 17"))
    before = fingerprint(root)
    done = _regenerate(root, "--only", "settings", "--only", "settings-docs")
    assert done.returncode == 0, done.stdout + done.stderr
    changed = {name for name, digest in fingerprint(root).items() if before.get(name) != digest}
    assert changed == {"provider/taurusdb_replication/_settings_table.py", "docs/settings.md"}
