"""A throw-away copy of the repository (its tracked files, the installed tools linked in)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from scripts.regenerate import LINKED

from .conftest import ROOT


def copy_repository(into: Path) -> Path:
    """Copy the tracked files (as in the working tree) into ``into/repo`` and link the tools."""
    root = into / "repo"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True)
    for name in filter(None, tracked.stdout.split("\0")):
        source = ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    for folder in LINKED:
        if (ROOT / folder).is_dir():
            (root / folder).parent.mkdir(parents=True, exist_ok=True)
            (root / folder).symlink_to(ROOT / folder, target_is_directory=True)
    return root


def fingerprint(root: Path) -> dict[str, str]:
    """Every file of the copy (links to tools and caches excepted) -> a hash of its bytes."""
    skipped = {"__pycache__", ".ruff_cache", ".mypy_cache", *LINKED}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.is_symlink() and not skipped & set(path.relative_to(root).parts)
    }
