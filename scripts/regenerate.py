"""Rebuild every target generated from ``openapi.yaml``, or (``--check``) name each stale one.

Every output is committed so that users and reviewers see exactly what the spec produces, and
this is the one command that writes them: ``TARGETS`` below lists them, in order, and a new
target (a Pulumi schema, another language) is one more entry there. Each target regenerates
into a temporary place and compares with ``--check``, so checking never touches the tree.

A rebuild is all or nothing: every generator the chosen targets need (``TOOLS``) is checked
first, and a missing one is named with the command that installs it; then every target is
rebuilt in a staged copy of the working tree, and only when all succeeded are their outputs
moved into the tree. A missing tool or a failing target leaves the tree as it was.

The Python client is delete-and-replace (openapi-python-client's ``--overwrite`` leaves stale
files behind) and runs with pinned versions of the generator and of ruff (its post-hooks format
the output), because either version changes the bytes produced.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "scripts" / "openapi-python-client.yaml"
TEMPLATES = ROOT / "scripts" / "templates"
TARGET = ROOT / "generated_client"
PROVIDER = ROOT / "provider"

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


def python_client(check: bool) -> int:
    """Target ``python-client``: ``generated_client/`` (0 up to date or rebuilt, 1 stale)."""
    check_pins()
    with tempfile.TemporaryDirectory(prefix="regenerate-") as tmp:
        fresh = generate(Path(tmp))
        if check:
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
    print(f"regenerated {TARGET.relative_to(ROOT)}/ from {SPEC.name}")
    return 0


def _formatted(source: str, like: Path) -> str:
    """``source`` as the pinned ruff formats it, with the project's settings (pyproject.toml)."""
    ruff = Path(sys.executable).parent / "ruff"
    # --isolated: the same bytes wherever it runs (a copy of the repository has no pyproject.toml).
    settings = ["--isolated", "--line-length", "110", "--target-version", "py311"]
    command = [str(ruff), "format", *settings, "--stdin-filename", str(like), "-"]
    done = subprocess.run(command, input=source, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RegenerateError(f"ruff could not format the generated {like.name}:\n{done.stderr}")
    return done.stdout


def _write_or_compare(target: Path, fresh: str, check: bool) -> int:
    """Write ``fresh`` to ``target``, or (``check``) compare and print the difference."""
    name = target.relative_to(ROOT).as_posix()
    committed = target.read_text(encoding="utf-8") if target.exists() else ""
    if not check:
        target.write_text(fresh, encoding="utf-8")
        print(f"regenerated {name}")
        return 0
    if committed == fresh:
        print(f"{name} is up to date")
        return 0
    sys.stdout.writelines(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            fresh.splitlines(keepends=True),
            fromfile=f"{name} (committed)",
            tofile=f"{name} (generated)",
        )
    )
    print(f"{name} is out of date or was edited by hand; run scripts/regenerate.", file=sys.stderr)
    return 1


def _rendered(generator: str) -> str:
    """What ``scripts/codegen/<generator>.py`` renders (its ``render()``)."""
    sys.path.insert(0, str(ROOT))
    try:
        module = importlib.import_module(f"scripts.codegen.{generator}")
    finally:
        sys.path.pop(0)
    return str(module.render())


def python_module(generator: str, target: Path) -> Callable[[bool], int]:
    """A Python module written by ``scripts/codegen/<generator>.py``, formatted by the pinned ruff."""

    def run(check: bool) -> int:
        text = _rendered(generator)
        check_pins()
        return _write_or_compare(target, _formatted(text, target), check)

    return run


def text_file(generator: str, target: Path) -> Callable[[bool], int]:
    """A text file (Markdown) written by ``scripts/codegen/<generator>.py``."""

    def run(check: bool) -> int:
        return _write_or_compare(target, _rendered(generator), check)

    return run


def pulumi_schema(check: bool) -> int:
    """Target ``pulumi-schema``: the native Pulumi provider's package schema."""
    sys.path.insert(0, str(ROOT))
    try:
        from scripts.codegen import pulumi_schema as generator
    finally:
        sys.path.pop(0)
    return generator.main(["--check"] if check else [])


def terraform_schema(check: bool) -> int:
    """Target ``terraform``: the Terraform/OpenTofu provider's schema and its reference."""
    sys.path.insert(0, str(ROOT))
    try:
        from scripts.codegen import terraform_schema as generator
    finally:
        sys.path.pop(0)
    return generator.main(["--check"] if check else [])


def script(name: str) -> Callable[[bool], int]:
    """A target built by its own script in ``scripts/`` (which takes ``--check``)."""

    def run(check: bool) -> int:
        command = [str(ROOT / "scripts" / name), *(["--check"] if check else [])]
        return subprocess.run(command, cwd=ROOT, check=False).returncode

    return run


@dataclass(frozen=True)
class Tool:
    """A generator a target needs: ``problem()`` says what is wrong (None: ready), ``install``
    is the command that installs it."""

    name: str
    problem: Callable[[], str | None]
    install: str


def _python_pins() -> str | None:
    try:
        check_pins()
        importlib.import_module("yaml")
    except (RegenerateError, ImportError) as exc:
        return str(exc).split(";")[0]
    return None


def _command(name: str) -> Callable[[], str | None]:
    return lambda: None if shutil.which(name) else f"{name} is not on PATH"


def _npm_pin(folder: str, package: str) -> Callable[[], str | None]:
    """``package`` installed in ``folder/node_modules`` at its lock file's version (and node)."""

    def problem() -> str | None:
        if not shutil.which("node"):
            return "node is not on PATH"
        base = ROOT / folder
        try:
            lock = json.loads((base / "package-lock.json").read_text(encoding="utf-8"))
            wanted = lock["packages"][f"node_modules/{package}"]["version"]
        except (OSError, ValueError, KeyError):
            return f"{folder}/package-lock.json does not pin {package}"
        try:
            manifest = base / "node_modules" / package / "package.json"
            found = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            found = "nothing"
        if found != wanted:
            return f"{package} {wanted} is pinned in {folder}/package-lock.json (found: {found})"
        return None

    return problem


TOOLS: dict[str, Tool] = {
    "python": Tool(
        "the pinned Python generators (openapi-python-client, ruff, PyYAML)", _python_pins, "scripts/setup"
    ),
    "go": Tool("Go", _command("go"), "scripts/install-other-toolchains"),
    "openapi-typescript": Tool(
        "openapi-typescript",
        _npm_pin("clients/typescript", "openapi-typescript"),
        "scripts/install-other-toolchains",
    ),
    "redocly": Tool("Redocly CLI", _npm_pin("docs", "@redocly/cli"), "scripts/install-other-toolchains"),
}
"""Every generator a target may need, checked before anything is written."""


@dataclass(frozen=True)
class Target:
    """One output generated from the spec or the settings declaration: its name (for ``--only``
    and messages), the paths it writes, the tools it needs, and the step that rebuilds it or,
    given ``check=True``, compares (0 up to date or rebuilt, 1 stale, 2 cannot run)."""

    name: str
    outputs: tuple[str, ...] | str
    step: Callable[[bool], int]
    needs: tuple[str, ...] = ("python",)

    @property
    def paths(self) -> tuple[str, ...]:
        """The paths it writes (``outputs`` may also be one text, paths separated by ", ")."""
        if isinstance(self.outputs, str):
            return tuple(path.strip().rstrip("/") for path in self.outputs.split(","))
        return self.outputs


TARGETS: tuple[Target, ...] = (
    Target(
        "settings",
        ("provider/taurusdb_replication/_settings_table.py",),
        python_module("settings_table", PROVIDER / "taurusdb_replication" / "_settings_table.py"),
    ),
    Target("settings-docs", ("docs/settings.md",), text_file("settings_docs", ROOT / "docs" / "settings.md")),
    Target("python-client", ("generated_client",), python_client),
    Target(
        "python-view",
        ("provider/taurusdb_replication/_view.py",),
        python_module("python_view", PROVIDER / "taurusdb_replication" / "_view.py"),
    ),
    Target(
        "emulator-fields",
        ("provider/taurusdb_emulator/_fields.py",),
        python_module("emulator_fields", PROVIDER / "taurusdb_emulator" / "_fields.py"),
    ),
    Target("pulumi-schema", ("provider/taurusdb_replication/pulumi/native/schema.json",), pulumi_schema),
    Target("pulumi-sdks", ("sdk",), script("generate-pulumi-sdks"), ("python", "go")),
    Target(
        "typescript-settings",
        ("clients/typescript/src/settings.gen.ts",),
        script("generate-typescript-settings"),
    ),
    Target(
        "typescript",
        ("clients/typescript/src/schema.ts", "clients/typescript/src/view.gen.ts"),
        script("generate-typescript"),
        ("python", "openapi-typescript"),
    ),
    Target(
        "go",
        ("clients/go/client.gen.go", "clients/go/view.gen.go", "clients/go/settings.gen.go"),
        script("generate-go"),
        ("python", "go"),
    ),
    Target("docs", ("docs/api.html",), script("build-docs"), ("redocly",)),
    Target(
        "terraform",
        ("terraform-provider-taurusdb/internal/provider/schema.gen.go", "docs/terraform.md"),
        terraform_schema,
        ("python", "go"),
    ),
)
"""Every target, in the order they are rebuilt: add a new one here and nowhere else."""


def missing_tools(chosen: list[Target]) -> list[str]:
    """One line per generator the chosen targets need that is not ready, naming its installer."""
    lines = []
    for key in dict.fromkeys(need for target in chosen for need in target.needs):
        tool = TOOLS[key]
        problem = tool.problem()
        if problem is not None:
            users = ", ".join(t.name for t in chosen if key in t.needs)
            lines.append(f"{tool.name} (for {users}): {problem}; install it with: {tool.install}")
    return lines


LINKED = (
    ".venv",
    ".tools",
    "node_modules",
    "clients/typescript/node_modules",
    "docs/node_modules",
    "tools/hey-api/node_modules",
)
"""Installed tools the staged copy uses in place (symbolic links, never copied)."""


def _tree_files() -> list[str]:
    """The files of the working tree that git would see (all of them outside a git checkout)."""
    listed = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0:
        return [name for name in listed.stdout.decode().split("\0") if name]
    skipped = {".git", "__pycache__", ".ruff_cache", ".mypy_cache", *LINKED}
    return [
        path.relative_to(ROOT).as_posix()
        for path in sorted(ROOT.rglob("*"))
        if path.is_file() and not any(part in skipped for part in path.relative_to(ROOT).parts)
    ]


def _stage(into: Path) -> None:
    """A copy of the working tree (tracked and untracked files, not ignored ones) with the
    installed tools linked, where the targets are rebuilt before anything reaches the tree."""
    for name in _tree_files():
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    for name in LINKED:
        if (ROOT / name).exists():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            (into / name).symlink_to(ROOT / name, target_is_directory=True)


def _move_outputs(staged: Path, chosen: list[Target]) -> None:
    """Replace each output of the chosen targets in the tree by its staged version."""
    for target in chosen:
        for name in target.paths:
            fresh, current = staged / name, ROOT / name
            if fresh.is_dir():
                shutil.rmtree(current, ignore_errors=True)
                shutil.copytree(fresh, current, ignore=shutil.ignore_patterns("__pycache__", ".ruff_cache"))
            elif fresh.is_file():
                current.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(fresh, current)


def rebuild(chosen: list[Target]) -> int:
    """Check every generator first, rebuild every target in a staged copy, then move the outputs
    into the tree: a missing tool or a failing target leaves the tree as it was."""
    missing = missing_tools(chosen)
    if missing:
        for line in missing:
            print(f"regenerate: cannot run: {line}", file=sys.stderr)
        print("regenerate: nothing was written", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="regenerate-stage-") as tmp:
        staged = Path(tmp)
        _stage(staged)
        command = [sys.executable, str(staged / "scripts" / "regenerate.py"), "--in-place"]
        command += [arg for target in chosen for arg in ("--only", target.name)]
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(
                filter(
                    None,
                    [
                        str(staged / "provider"),
                        str(staged / "generated_client"),
                        os.environ.get("PYTHONPATH"),
                    ],
                )
            ),
        }
        done = subprocess.run(command, cwd=staged, env=env, check=False)
        if done.returncode != 0:
            print("regenerate: nothing was written (the tree is as it was)", file=sys.stderr)
            return done.returncode
        _move_outputs(staged, chosen)
    return 0


def _run(target: Target, check: bool) -> int:
    try:
        return target.step(check)
    except RegenerateError as exc:
        print(f"regenerate: {target.name}: {exc}", file=sys.stderr)
        return 2


_SUMMARY = ("regenerate: stale:", "regenerate: could not run:")
"""The lines of a run's final summary: a parallel check prints one summary for all targets."""


def _in_order(chosen: list[Target], check: bool) -> dict[str, int]:
    """Run the targets one after the other; a rebuild stops at the first failure (a later target
    may read an earlier one's output)."""
    failed: dict[str, int] = {}
    for target in chosen:
        code = _run(target, check)
        if code != 0:
            failed[target.name] = code
            if not check:
                break
    return failed


def _check_in_parallel(chosen: list[Target]) -> dict[str, int]:
    """Check every target at once, each in its own process (checks only read the tree), and
    print their reports in the targets' order: the before-stop hook gives the check 40 s."""
    script = Path(__file__).resolve()
    with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
        runs = [
            pool.submit(
                subprocess.run,
                [sys.executable, str(script), "--check", "--only", target.name],
                capture_output=True,
                text=True,
                check=False,
            )
            for target in chosen
        ]
        failed: dict[str, int] = {}
        for target, run in zip(chosen, runs, strict=True):
            done = run.result()
            sys.stdout.write(done.stdout)
            lines = done.stderr.splitlines(keepends=True)
            sys.stderr.write("".join(line for line in lines if not line.startswith(_SUMMARY)))
            if done.returncode != 0:
                failed[target.name] = done.returncode
    return failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild nothing; fail, naming each stale target, if an output is not what the spec produces",
    )
    names = [target.name for target in TARGETS]
    parser.add_argument(
        "--only",
        action="append",
        choices=names,
        metavar="TARGET",
        help=f"only this target (repeatable): {', '.join(names)}",
    )
    parser.add_argument("--in-place", action="store_true", help=argparse.SUPPRESS)  # inside the staged copy
    args = parser.parse_args(argv)
    chosen = [target for target in TARGETS if not args.only or target.name in args.only]
    if not args.check and not args.in_place:
        return rebuild(chosen)
    failed = _check_in_parallel(chosen) if args.check and len(chosen) > 1 else _in_order(chosen, args.check)
    if not failed:
        return 0
    stale = [name for name, code in failed.items() if code == 1]
    broken = [name for name, code in failed.items() if code != 1]
    if stale:
        print(
            f"regenerate: stale: {', '.join(stale)} (run scripts/regenerate and commit the result)",
            file=sys.stderr,
        )
    if broken:
        print(f"regenerate: could not run: {', '.join(broken)}", file=sys.stderr)
    return 2 if broken else 1


if __name__ == "__main__":
    sys.exit(main())
