"""When the engine is missing: a skip that says how to install it, or a failure under CI.

These run without the engine (they decide what the engine tests do without it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .engine_harness import ENGINE_FILES, missing_engine


def install(bin_dir: Path, names: tuple[str, ...] = ENGINE_FILES) -> None:
    bin_dir.mkdir(exist_ok=True)
    for name in names:
        (bin_dir / name).write_text("#!/bin/sh\n")
        (bin_dir / name).chmod(0o755)


def test_an_installed_engine_runs(tmp_path: Path) -> None:
    install(tmp_path)
    assert missing_engine(tmp_path, {"CI": "true"}) is None


@pytest.mark.parametrize("environ", [{}, {"CI": ""}], ids=["no-CI", "empty-CI"])
def test_without_ci_a_missing_engine_skips_with_how_to_install(
    tmp_path: Path, environ: dict[str, str]
) -> None:
    problem = missing_engine(tmp_path / "absent", environ)
    assert problem is not None
    action, message = problem
    assert action == "skip"
    assert "scripts/install-pulumi" in message


def test_under_ci_a_missing_engine_fails(tmp_path: Path) -> None:
    problem = missing_engine(tmp_path / "absent", {"CI": "true"})
    assert problem is not None
    action, message = problem
    assert action == "fail"
    assert "scripts/install-pulumi" in message
    assert "CI" in message


def test_the_launcher_alone_missing_or_not_executable_counts(tmp_path: Path) -> None:
    install(tmp_path, ("pulumi",))
    (tmp_path / "pulumi-resource-pulumi-python").write_text("#!/bin/sh\n")  # not executable
    problem = missing_engine(tmp_path, {})
    assert problem is not None
    assert "pulumi-resource-pulumi-python" in problem[1]
    assert "pulumi," not in problem[1]
