"""Regenerate ``generated_client/`` from ``openapi.yaml``, or check that it is up to date.

The generated client is committed so that users and reviewers see exactly what the spec
produces; this script is the only thing allowed to write it. Generation is delete-and-replace
(openapi-python-client's ``--overwrite`` leaves stale files behind) and runs with pinned
versions of the generator and of ruff (its post-hooks format the output), because either
version changes the bytes produced.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "scripts" / "openapi-python-client.yaml"
TEMPLATES = ROOT / "scripts" / "templates"
TARGET = ROOT / "generated_client"

PINNED = {"openapi-python-client": "0.29.1", "ruff": "0.17.6"}


class RegenerateError(Exception):
    """A problem the user must fix before the client can be generated."""


def check_pins() -> None:
    """Refuse to run with tool versions other than the pinned ones (they change the output)."""
    for name, wanted in PINNED.items():
        try:
            found = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found = "not installed"
        if found != wanted:
            raise RegenerateError(
                f"{name} {wanted} is required to regenerate (found: {found}); "
                "install the dev dependencies with: pip install -e '.[dev]'"
            )


def generate(into: Path) -> Path:
    """Run the generator into an empty folder and return the generated project folder."""
    out = into / "generated_client"
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    command = [
        str(Path(bin_dir) / "openapi-python-client"),
        "generate",
        "--path", str(SPEC),
        "--config", str(CONFIG),
        "--custom-template-path", str(TEMPLATES),
        "--meta", "setup",
        "--output-path", str(out),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=into, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not out.is_dir():
        raise RegenerateError(f"openapi-python-client failed:\n{result.stdout}{result.stderr}")
    shutil.rmtree(out / ".ruff_cache", ignore_errors=True)
    return out


def _build_artefact(relative: Path) -> bool:
    """Caches and what ``pip install ./generated_client`` leaves behind (all git-ignored)."""
    return any(
        part in ("__pycache__", ".ruff_cache", "build", "dist") or part.endswith(".egg-info")
        for part in relative.parts
    )


def tree(folder: Path) -> dict[str, bytes]:
    """Map each file's path relative to ``folder`` to its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not _build_artefact(p.relative_to(folder))
    }


def diff_trees(committed: dict[str, bytes], fresh: dict[str, bytes]) -> list[str]:
    """Describe how the committed tree differs from a fresh generation, as a unified diff."""
    lines: list[str] = []
    for name in sorted(committed.keys() | fresh.keys()):
        old, new = committed.get(name), fresh.get(name)
        if old == new:
            continue
        if old is None:
            lines.append(f"missing from generated_client/: {name}\n")
        elif new is None:
            lines.append(f"not produced by the generator (stale or hand-added): generated_client/{name}\n")
        else:
            lines.extend(
                difflib.unified_diff(
                    old.decode(errors="replace").splitlines(keepends=True),
                    new.decode(errors="replace").splitlines(keepends=True),
                    fromfile=f"generated_client/{name} (committed)",
                    tofile=f"generated_client/{name} (from openapi.yaml)",
                )
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="fail with a diff if generated_client/ is not what the spec produces",
    )
    args = parser.parse_args(argv)
    try:
        check_pins()
        with tempfile.TemporaryDirectory(prefix="regenerate-") as tmp:
            fresh = generate(Path(tmp))
            if args.check:
                differences = diff_trees(tree(TARGET) if TARGET.is_dir() else {}, tree(fresh))
                if differences:
                    sys.stdout.writelines(differences)
                    print(
                        "\ngenerated_client/ is out of date with openapi.yaml or was edited by hand; "
                        "run scripts/regenerate and commit the result.",
                        file=sys.stderr,
                    )
                    return 1
                print("generated_client/ is up to date with openapi.yaml")
                return 0
            shutil.rmtree(TARGET, ignore_errors=True)
            shutil.copytree(fresh, TARGET)
    except RegenerateError as exc:
        print(f"regenerate: {exc}", file=sys.stderr)
        return 2
    print(f"regenerated {TARGET.relative_to(ROOT)}/ from {SPEC.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
