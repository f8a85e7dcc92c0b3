"""Unmet expectations become one line per failing task; the SDK is the pinned one."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pulumi
from packaging.requirements import Requirement
from taurusdb_replication import Violation
from taurusdb_replication.pulumi import ExpectationError, ProviderError

VIOLATIONS = [
    Violation("a", "status Yes (healthy)", "status 'No'"),
    Violation("b", "stage full", "stage paused"),
]


def test_an_expectation_error_has_one_line_per_failing_task() -> None:
    error = ExpectationError("instance X", VIOLATIONS, note="after waiting 5s")
    assert error.lines == (
        "task 'a': expected status Yes (healthy), read status 'No'",
        "task 'b': expected stage full, read stage paused",
    )
    assert str(error).splitlines()[1:] == [f"  - {line}" for line in error.lines]


def test_provider_errors_are_run_errors_so_a_program_prints_only_the_message() -> None:
    assert issubclass(ProviderError, pulumi.RunError)


def test_the_sdk_under_test_is_the_pinned_minor_the_plugin_is_written_against() -> None:
    """The plugin uses ``pulumi.provider.experimental``, which may change in any minor release:
    pyproject.toml pins one minor, and this run's SDK must be inside that pin."""
    pyproject = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    [pin] = [Requirement(r) for r in pyproject["project"]["optional-dependencies"]["pulumi"]]
    assert pin.name == "pulumi"
    assert version("pulumi") in pin.specifier
    assert not pin.specifier.contains("3.273.0"), "the pin admits one minor only"
