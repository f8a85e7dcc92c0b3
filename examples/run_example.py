"""Run an example project under the real Pulumi engine against a local emulator.

Usage::

    .venv/bin/python examples/run_example.py examples/read-and-assert
    .venv/bin/python examples/run_example.py examples/wait-for-incremental --progress-per-second 5
    .venv/bin/python examples/run_example.py examples/wait-for-incremental --config waitTimeout=3

It needs the Pulumi CLI and the ``pulumi-resource-pulumi-python`` launcher on PATH (or in
``.tools/bin``, where ``scripts/install-pulumi`` puts them), but not the Python language host:
the example's ``__main__.py`` runs as an Automation API inline program in this process. It
starts the emulator on loopback, points the ``taurusdb:`` config at it (the secret key set as a
secret), runs ``preview`` then ``up``, prints the outputs, then ``destroy`` (with
``--preview-only``, just the preview: read resources show their outputs there too). Everything
(state, ``PULUMI_HOME``) lives in a temporary folder that is removed unless ``--keep`` is given.
The exit status is 0 when every step run succeeded.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import re
import runpy
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml
from pulumi import automation as auto
from taurusdb_emulator import EmulatorServer

REPO = Path(__file__).resolve().parent.parent
TOOLS = REPO / ".tools" / "bin"
VENV_PYTHON = REPO / ".venv" / "bin" / "python"


def engine_environment(work: Path) -> dict[str, str]:
    """A private, local engine: file backend, passphrase secrets, no update check."""
    path = os.environ.get("PATH", "")
    if (TOOLS / "pulumi").exists():
        path = f"{TOOLS}{os.pathsep}{path}"
    if shutil.which("pulumi", path=path) is None:
        raise SystemExit("the Pulumi CLI is not on PATH: run scripts/install-pulumi first")
    return {
        "PATH": path,
        "PULUMI_HOME": str(work / "home"),
        "PULUMI_BACKEND_URL": f"file://{work / 'backend'}",
        "PULUMI_CONFIG_PASSPHRASE": os.environ.get("PULUMI_CONFIG_PASSPHRASE", "example-passphrase"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_PYTHON_CMD": str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable)),
    }


def project_file(example: Path, work: Path) -> str:
    """Copy Pulumi.yaml (its config defaults included) with an absolute virtualenv; the name."""
    project: dict[str, Any] = yaml.safe_load((example / "Pulumi.yaml").read_text(encoding="utf-8"))
    venv = REPO / ".venv"
    project["runtime"] = (
        {"name": "python", "options": {"virtualenv": str(venv)}} if venv.exists() else "python"
    )
    project["backend"] = {"url": f"file://{work / 'backend'}"}
    (work / "project").mkdir()
    (work / "project" / "Pulumi.yaml").write_text(yaml.safe_dump(project), encoding="utf-8")
    return str(project["name"])


def print_outputs(outputs: Mapping[str, auto.OutputValue]) -> None:
    for key in sorted(outputs):
        print(f"  {key}: {outputs[key].value!r}")


_ENGINE_BOILERPLATE = re.compile(r"^error: (preview failed|update failed|Resource monitor has terminated)")


def failure_summary(error: auto.CommandError) -> str:
    """The engine's own error lines, not the "code: 1" header of the command's transcript."""
    lines = [line.strip() for line in str(error).splitlines()]
    for index, line in enumerate(lines):
        if line.startswith("error:") and not _ENGINE_BOILERPLATE.search(line):
            details = itertools.takewhile(lambda detail: detail.startswith("- "), lines[index + 1 :])
            return " ".join([line, *details])
    return next((line for line in lines if line), "unknown error")


def config_item(text: str) -> tuple[str, str]:
    """Parse one ``--config KEY=VALUE``; argparse turns the ValueError into a usage error."""
    key, equals, value = text.partition("=")
    if not equals or not key.strip():
        raise argparse.ArgumentTypeError(f"--config {text!r}: expected KEY=VALUE, e.g. waitTimeout=60")
    return key.strip(), value


@contextlib.contextmanager
def patched_environment(values: Mapping[str, str]) -> Iterator[None]:
    """The inline program and the engine share this process's environment; restore it after."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def run(
    example: Path,
    server: EmulatorServer,
    work: Path,
    extra_config: dict[str, str],
    *,
    preview_only: bool = False,
) -> int:
    env = engine_environment(work)
    with patched_environment(env):
        return _run(example, server, work, env, extra_config, preview_only=preview_only)


def _run(
    example: Path,
    server: EmulatorServer,
    work: Path,
    env: dict[str, str],
    extra_config: dict[str, str],
    *,
    preview_only: bool,
) -> int:
    (work / "backend").mkdir()
    (work / "home").mkdir()
    name = project_file(example, work)
    main = example / "__main__.py"

    def program() -> None:
        runpy.run_path(str(main), run_name="__pulumi_program__")

    stack = auto.create_or_select_stack(
        stack_name="dev",
        project_name=name,
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(work / "project"), pulumi_home=env["PULUMI_HOME"], env_vars=env
        ),
    )
    stack.set_all_config(
        {
            "taurusdb:endpoint": auto.ConfigValue(server.url),
            "taurusdb:projectId": auto.ConfigValue(server.project_id),
            "taurusdb:accessKey": auto.ConfigValue(server.access_key),
            "taurusdb:secretKey": auto.ConfigValue(server.secret_key, secret=True),
            **{f"{name}:{key}": auto.ConfigValue(value) for key, value in extra_config.items()},
        }
    )
    try:
        print(f"== preview ({example.name})")
        stack.preview(on_output=print)
        if preview_only:
            return 0
        print(f"== up ({example.name})")
        result = stack.up(on_output=print)
        print("== outputs")
        print_outputs(result.outputs)
        return 0
    except auto.CommandError as error:
        print(f"== failed: {failure_summary(error)}")
        return 1
    finally:
        if not preview_only:
            print("== destroy")
            stack.destroy()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("example", type=Path, help="an example folder (with Pulumi.yaml and __main__.py)")
    parser.add_argument("--progress-per-second", type=float, default=5.0, help="emulator: full-sync speed")
    parser.add_argument(
        "--config", action="append", type=config_item, default=[], metavar="KEY=VALUE", help="project config"
    )
    parser.add_argument("--preview-only", action="store_true", help="only the preview (no up, no destroy)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary state folder")
    args = parser.parse_args(argv)
    example: Path = args.example.resolve()
    if not (example / "Pulumi.yaml").is_file() or not (example / "__main__.py").is_file():
        parser.error(f"{example} has no Pulumi.yaml and __main__.py")
    extra = dict(args.config)
    work = Path(tempfile.mkdtemp(prefix="taurusdb-example-"))
    try:
        with EmulatorServer(dataset="demo", progress_per_second=args.progress_per_second) as server:
            return run(example, server, work, extra, preview_only=args.preview_only)
    finally:
        if args.keep:
            print(f"state kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
