"""Build every release artifact into ``dist/`` (``scripts/release``), from one version number.

The version is written once, in ``pyproject.toml`` (``[project] version``). Every other place
that carries it is listed in :func:`version_places`; the release refuses to run while one of
them disagrees, and ``tests/consumers/test_versions.py`` fails the suite for the same reason,
so a bump is one edit plus ``scripts/regenerate`` (which derives the Pulumi schema and SDKs).

What lands in ``dist/`` (docs/release.md says how each is installed):

- ``taurusdb_replication-V-py3-none-any.whl`` and ``.tar.gz``: the client, CLI and Pulumi
  providers (``twine check`` clean);
- ``taurusdb_emulator-V-*``: the emulator, a distribution of its own carrying the ``pytest11``
  entry point (like moto), so installing the client registers nothing in pytest;
- ``pulumi_taurusdb-V-py3-none-any.whl``: the Pulumi Python SDK;
- ``taurusdb-replication-client-V.tgz`` and ``taurusdb-replication-pulumi-taurusdb-V.tgz``:
  the npm tarballs of the TypeScript client and the Pulumi Node SDK;
- ``pulumi-resource-taurusdb-vV-linux-amd64.tar.gz``: the Pulumi plugin, an executable launcher
  at its root and every Python package it runs on (for CPython 3.11 to 3.13 on linux-amd64);
- ``goproxy/``: the Go modules (the client and the Pulumi Go SDK) as a file-system module proxy;
- ``terraform/``: the Terraform/OpenTofu provider zips in a file-system mirror
  (``scripts/package-terraform-provider``);
- ``SHA256SUMS``: one line per file above.

Everything is built from a copy of the files git knows about (tracked, or new and not ignored),
so nothing left over in the work tree (``*.egg-info``, ``node_modules``, build folders) leaks in.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
EMULATOR_PROJECT = Path("packaging/taurusdb-emulator")
TYPESCRIPT_CLIENT = Path("clients/typescript")
NODE_SDK = Path("sdk/nodejs")
NODE_SDK_TOOLS = ROOT / "examples" / "typescript-native" / "node_modules"
"""Where the pinned tsc and @pulumi/pulumi are installed (scripts/install-other-toolchains)."""
GO_MODULES = {
    "github.com/taurusdb-replication/taurusdb-replication/clients/go": Path("clients/go"),
    "github.com/taurusdb-replication/taurusdb-replication/sdk/go": Path("sdk/go"),
}
"""Each Go module's path and its folder; its tags are ``<folder>/vX.Y.Z`` (a module in a subfolder)."""
PLUGIN_ENTRY_POINT = "taurusdb_replication.pulumi.native:main"
PLUGIN_PYTHONS = ("3.11", "3.12", "3.13")
"""CPython versions the plugin archive carries packages for (grpcio is built per version)."""
PLUGIN_PLATFORM = ("linux", "amd64", "manylinux2014_x86_64")
TERRAFORM_PACKAGER = Path("scripts/package-terraform-provider")
BUILT_FROM = ".built-from"
"""In dist/: the digest of the sources it was built from (``--if-stale`` compares it)."""


class ReleaseError(Exception):
    """Something the person releasing must fix; the message says what."""


def project_version(root: Path = ROOT) -> str:
    with (root / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def version_places(root: Path = ROOT) -> dict[str, str]:
    """Every place that states the version, besides pyproject.toml, and what it says there."""

    def toml_version(path: str) -> str:
        with (root / path).open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])

    def json_version(path: str) -> str:
        return str(json.loads((root / path).read_text(encoding="utf-8"))["version"])

    def assigned(path: str, name: str) -> str:
        for line in (root / path).read_text(encoding="utf-8").splitlines():
            if line.startswith(f"{name} = "):
                return line.split("=", 1)[1].strip().strip("\"'")
        return f"(no {name} in {path})"

    emulator_pins = [
        requirement.split("==", 1)[1]
        for requirement in _toml(root / "pyproject.toml")["project"]["optional-dependencies"]["emulator"]
        if requirement.startswith("taurusdb-emulator==")
    ]
    return {
        "packaging/taurusdb-emulator/pyproject.toml": toml_version(f"{EMULATOR_PROJECT}/pyproject.toml"),
        "pyproject.toml [emulator] extra's taurusdb-emulator pin": ",".join(emulator_pins) or "(none)",
        "provider/taurusdb_replication/__init__.py __version__": assigned(
            "provider/taurusdb_replication/__init__.py", "__version__"
        ),
        "clients/typescript/package.json": json_version("clients/typescript/package.json"),
        "provider/taurusdb_replication/pulumi/native/schema.json": json_version(
            "provider/taurusdb_replication/pulumi/native/schema.json"
        ),
        "sdk/nodejs/package.json": json_version("sdk/nodejs/package.json"),
        "sdk/python/setup.py VERSION": assigned("sdk/python/setup.py", "VERSION"),
        "CHANGELOG.md (its first release heading)": _changelog_version(root),
    }


def _toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _changelog_version(root: Path) -> str:
    for line in (root / "CHANGELOG.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## ") and "Unreleased" not in line:
            return line.removeprefix("## ").split(" ", 1)[0].strip("[]")
    return "(no release heading)"


def version_mismatches(root: Path = ROOT) -> list[str]:
    version = project_version(root)
    return [
        f"{place} says {found!r}, pyproject.toml says {version!r}"
        for place, found in version_places(root).items()
        if found != version
    ]


def run(command: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a step; on failure raise with its output (steps are quiet when they work)."""
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ReleaseError(f"{' '.join(map(str, command))} failed in {cwd}:\n{done.stdout}{done.stderr}")
    return done.stdout


_STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"release: [{time.monotonic() - _STARTED:5.0f}s] {message}", file=sys.stderr, flush=True)


# --- the source tree -------------------------------------------------------------------------


def source_files() -> list[str]:
    """The files git knows about (tracked, or new and not ignored) that exist in the work tree."""
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT)
    names = sorted(set(filter(None, listed.split("\0"))))
    return [name for name in names if (ROOT / name).exists() or (ROOT / name).is_symlink()]


def source_digest() -> str:
    """One digest of every source file's name and content: what a dist/ was built from."""
    digest = hashlib.sha256()
    for name in source_files():
        path = ROOT / name
        content = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def stage_sources(into: Path) -> Path:
    """Copy the source files, symlinks as symlinks."""
    source = into / "src"
    for name in source_files():
        origin = ROOT / name
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            target.symlink_to(os.readlink(origin))
        else:
            shutil.copy2(origin, target)
    return source


# --- Python ----------------------------------------------------------------------------------


def python_distributions(source: Path, out: Path) -> list[Path]:
    """The client and the emulator (wheel and sdist each), the Pulumi Python SDK's wheel."""
    before = set(out.iterdir())
    build: list[str | Path] = [sys.executable, "-m", "build", "--outdir", out]
    run([*build, "."], cwd=source)
    run([*build, str(EMULATOR_PROJECT)], cwd=source)
    run([*build, "--wheel", str(Path("sdk/python"))], cwd=source)
    built = sorted(set(out.iterdir()) - before)
    run([sys.executable, "-m", "twine", "check", "--strict", *built], cwd=source)
    return built


# --- npm -------------------------------------------------------------------------------------


def typescript_client(source: Path, out: Path) -> Path:
    """``npm pack`` of the client; its ``prepack`` compiles it with the pinned compiler."""
    folder = source / TYPESCRIPT_CLIENT
    installed = ROOT / TYPESCRIPT_CLIENT / "node_modules"
    if not installed.is_dir():
        raise ReleaseError(f"{installed} is missing: run scripts/install-other-toolchains")
    (folder / "node_modules").symlink_to(installed)
    name = run(["npm", "pack", "--silent", "--pack-destination", out], cwd=folder).strip().splitlines()[-1]
    return out / name


def node_sdk(source: Path, out: Path, version: str) -> Path:
    """The Pulumi Node SDK, compiled, packed the way Pulumi's own SDKs are: the compiled ``bin/``
    is the package root (its ``utilities.getVersion`` reads ``./package.json`` beside it)."""
    folder = source / NODE_SDK
    if not NODE_SDK_TOOLS.is_dir():
        raise ReleaseError(f"{NODE_SDK_TOOLS} is missing: run scripts/install-other-toolchains")
    (folder / "node_modules").symlink_to(NODE_SDK_TOOLS)
    run(["node", NODE_SDK_TOOLS / "typescript" / "bin" / "tsc", "-p", "tsconfig.json"], cwd=folder)
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    for unpublished in ("scripts", "devDependencies"):
        manifest.pop(unpublished, None)
    manifest |= {
        "version": version,
        "description": "Pulumi SDK of the taurusdb provider: TaurusDB HTAP (StarRocks) replication tasks.",
        "repository": {
            "type": "git",
            "url": "git+https://github.com/taurusdb-replication/taurusdb-replication.git",
        },
        "main": "./index.js",
        "types": "./index.d.ts",
        "exports": {
            ".": {"types": "./index.d.ts", "default": "./index.js"},
            "./config": {"types": "./config/index.d.ts", "default": "./config/index.js"},
            "./types": {"types": "./types/index.d.ts", "default": "./types/index.js"},
            "./package.json": "./package.json",
        },
        "files": ["**/*.js", "**/*.d.ts", "README.md"],
        "engines": {"node": ">=20"},
    }
    package = folder / "bin"
    (package / "package.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    shutil.copy2(folder / "README.md", package / "README.md")
    name = run(["npm", "pack", "--silent", "--pack-destination", out], cwd=package).strip().splitlines()[-1]
    return out / name


# --- the Pulumi plugin -----------------------------------------------------------------------

_LAUNCHER = """#!/bin/sh
# pulumi-resource-taurusdb {version}: the taurusdb Pulumi provider (written by scripts/release).
# The provider is Python; this archive carries every package it needs, for CPython
# {pythons} on {os}-{arch}: lib/common (pure Python) and lib/pythonX.Y (built per
# version). It runs the first of PULUMI_TAURUSDB_PYTHON,
# python3.13, python3.12, python3.11, python3 that is one of those versions.
here=$(cd "$(dirname "$0")" && pwd -P)
for python in ${{PULUMI_TAURUSDB_PYTHON:-}} python3.13 python3.12 python3.11 python3; do
    command -v "$python" >/dev/null 2>&1 || continue
    minor=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
    if [ -d "$here/lib/python$minor" ]; then
        PYTHONPATH=$here/lib/python$minor:$here/lib/common
        PYTHONNOUSERSITE=1
        export PYTHONPATH PYTHONNOUSERSITE
        exec "$python" -u -c 'import sys; from {module} import {function}; sys.exit({function}())' "$@"
    fi
done
echo "pulumi-resource-taurusdb: needs CPython {pythons} (python3.X on PATH, or PULUMI_TAURUSDB_PYTHON)" >&2
exit 1
"""

_PLUGIN_README = """pulumi-resource-taurusdb {version} for {os}-{arch}

Install:  pulumi plugin install resource taurusdb {version} -f {archive}

The provider is written in Python. `pulumi-resource-taurusdb` at the root of this archive is
the plugin the engine starts; it runs a CPython {pythons} found on PATH (or the interpreter
named by PULUMI_TAURUSDB_PYTHON) with lib/pythonX.Y and lib/common, which hold
taurusdb-replication {version} and everything it imports, built for {os}-{arch} ({platform}
wheels): lib/common what is the same for every Python version, lib/pythonX.Y the rest.

Other platforms need the same layout built there: the packages are pure Python except
grpcio and protobuf, whose wheels are per operating system, architecture and Python version.
Run scripts/release on that platform (the archive's name then says its os and arch), or
`pip install taurusdb-replication` into a virtual environment and put a launcher that runs
`python -m taurusdb_replication.pulumi.native` into a folder for `pulumi plugin install`.
"""


def plugin_archive(out: Path, wheel: Path, version: str, work: Path) -> Path:
    """``pulumi-resource-taurusdb-vV-linux-amd64.tar.gz``: the launcher at the root, lib/ beside."""
    os_name, arch, platform = PLUGIN_PLATFORM
    module, function = PLUGIN_ENTRY_POINT.split(":")
    archive = f"pulumi-resource-taurusdb-v{version}-{os_name}-{arch}.tar.gz"
    folder = work / "plugin"
    for python in PLUGIN_PYTHONS:
        run(
            [
                sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                "--target", folder / "lib" / f"python{python}",
                "--platform", platform, "--python-version", python, "--implementation", "cp",
                "--only-binary", ":all:", f"{wheel}[pulumi]",
            ],
            cwd=work,
        )  # fmt: skip
    _share_identical(folder / "lib")
    words = {"version": version, "pythons": f"{PLUGIN_PYTHONS[0]} to {PLUGIN_PYTHONS[-1]}", "os": os_name}
    words |= {"arch": arch, "platform": platform, "archive": archive, "module": module, "function": function}
    launcher = folder / "pulumi-resource-taurusdb"
    launcher.write_text(_LAUNCHER.format(**words), encoding="utf-8")
    launcher.chmod(0o755)
    (folder / "README.txt").write_text(_PLUGIN_README.format(**words), encoding="utf-8")
    _deterministic_tar(folder, out / archive)
    return out / archive


def _share_identical(lib: Path) -> None:
    """Move what every Python version got identically (the pure-Python packages) to lib/common,
    so the archive carries it once; what differs (grpcio, protobuf) stays per version."""
    versions = sorted(lib.iterdir())
    common = lib / "common"
    common.mkdir()
    for entry in sorted(versions[0].iterdir()):
        if entry.name in ("bin", "__pycache__"):
            continue
        copies = [version / entry.name for version in versions]
        if all(_tree_digest(copy) == _tree_digest(entry) for copy in copies[1:]):
            entry.rename(common / entry.name)
            for copy in copies[1:]:
                shutil.rmtree(copy) if copy.is_dir() else copy.unlink()


def _tree_digest(path: Path) -> str:
    """One digest of a file or folder: its files' relative names and contents (no __pycache__)."""
    if not path.exists():
        return ""
    digest = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for file in files:
        if "__pycache__" not in file.parts:
            digest.update(file.relative_to(path.parent).as_posix().encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _deterministic_tar(folder: Path, target: Path) -> None:
    """A gzip'd tar of the folder's contents at its root, sorted, owner and times zeroed."""

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
        if "__pycache__" in info.name:
            return None
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = 0
        return info

    with tarfile.open(target, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() or path.is_symlink():
                archive.add(path, arcname=str(path.relative_to(folder)), recursive=False, filter=clean)


# --- Go --------------------------------------------------------------------------------------


def go_proxy(source: Path, out: Path, version: str) -> list[Path]:
    """The Go modules as a file-system module proxy (``GOPROXY=file://.../goproxy``): for each,
    ``@v/list``, ``vV.info``, ``vV.mod`` and the module zip ``vV.zip`` in Go's zip format."""
    tag = f"v{version}"
    stamp = json.dumps({"Version": tag, "Time": _commit_time()})
    written = []
    for module, folder in GO_MODULES.items():
        versions = out / "goproxy" / _escape(module) / "@v"
        versions.mkdir(parents=True, exist_ok=True)
        (versions / "list").write_text(tag + "\n", encoding="utf-8")
        (versions / f"{tag}.info").write_text(stamp + "\n", encoding="utf-8")
        shutil.copy2(source / folder / "go.mod", versions / f"{tag}.mod")
        with zipfile.ZipFile(versions / f"{tag}.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            for path in _module_files(source / folder):
                relative = path.relative_to(source / folder).as_posix()
                info = zipfile.ZipInfo(f"{module}@{tag}/{relative}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
        written += [versions / name for name in ("list", f"{tag}.info", f"{tag}.mod", f"{tag}.zip")]
    return written


def _module_files(folder: Path) -> Iterator[Path]:
    """The files of the module rooted at ``folder``: not those of nested modules, nor vendor/."""
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        nested = any((folder / parent / "go.mod").exists() for parent in relative.parents if parent.parts)
        if path.is_file() and not nested and "vendor" not in relative.parts:
            yield path


def _escape(module: str) -> str:
    """The module proxy's case encoding of a path (an upper-case letter is ``!`` + lower case)."""
    return "".join(f"!{char.lower()}" if char.isupper() else char for char in module)


def _commit_time() -> str:
    when = run(["git", "log", "-1", "--format=%ct"], cwd=ROOT).strip()
    moment = datetime.fromtimestamp(int(when), tz=UTC) if when else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- Terraform, checksums --------------------------------------------------------------------


def terraform_zips(source: Path, out: Path, version: str) -> list[Path]:
    """The provider's zips of the project's version in a file-system mirror
    (``terraform/HOST/taurusdb/taurusdb/...``), for this machine's os and arch, written by the
    same packager users run (docs/terraform.md)."""
    packager = source / TERRAFORM_PACKAGER
    target = out / "terraform"
    target.mkdir()
    run([packager, target, "--version", version], cwd=source)
    return sorted(path for path in target.rglob("*") if path.is_file())


def write_checksums(out: Path) -> Path:
    """``SHA256SUMS`` in ``sha256sum``'s format, so ``sha256sum -c SHA256SUMS`` verifies dist/."""
    lines = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name not in ("SHA256SUMS", BUILT_FROM):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.relative_to(out).as_posix()}\n")
    target = out / "SHA256SUMS"
    target.write_text("".join(lines), encoding="utf-8")
    return target


# --- the command -----------------------------------------------------------------------------


def release(out: Path) -> list[Path]:
    mismatches = version_mismatches()
    if mismatches:
        raise ReleaseError(
            "the version is not the same everywhere (edit pyproject.toml, then scripts/regenerate):\n  "
            + "\n  ".join(mismatches)
        )
    version = project_version()
    digest = source_digest()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="taurusdb-release-") as scratch:
        work = Path(scratch)
        source = stage_sources(work)
        say(f"building {version} into {out}")
        built = python_distributions(source, out)
        say("Python distributions built and checked with twine")
        built.append(typescript_client(source, out))
        built.append(node_sdk(source, out, version))
        say("npm tarballs packed")
        (client_wheel,) = out.glob("taurusdb_replication-*.whl")
        built.append(plugin_archive(out, client_wheel, version, work))
        say("Pulumi plugin archive built")
        built += go_proxy(source, out, version)
        built += terraform_zips(source, out, version)
    built.append(write_checksums(out))
    (out / BUILT_FROM).write_text(digest + "\n", encoding="utf-8")
    return built


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip() if path.is_file() else ""


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_048_576:.1f} MiB" if size >= 1_048_576 else f"{size / 1024:.0f} KiB"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/release", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DIST, help="where to write (default: dist/)")
    parser.add_argument(
        "--check-version", action="store_true", help="only check that every place states the same version"
    )
    parser.add_argument(
        "--if-stale",
        action="store_true",
        help="do nothing when dist/ was built from exactly these sources (scripts/test uses it)",
    )
    args = parser.parse_args(argv)
    out = args.out.resolve()
    if args.if_stale and _read(out / BUILT_FROM) == source_digest():
        say(f"{out} is current (built from these sources); nothing to do")
        return 0
    try:
        if args.check_version:
            mismatches = version_mismatches()
            for line in mismatches:
                print(line, file=sys.stderr)
            return 1 if mismatches else 0
        built = release(out)
    except ReleaseError as error:
        print(f"release: error: {error}", file=sys.stderr)
        return 1
    listing = io.StringIO()
    for path in built:
        if path.parent.name != "@v" or path.suffix == ".zip":
            listing.write(f"  {path.relative_to(out).as_posix():<80} {_size(path):>10}\n")
    print(f"release: dist/ holds:\n{listing.getvalue()}", end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
