"""Unmet expectations become one line per failing task; no SDK internals are leaned on."""

from __future__ import annotations

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
    import pulumi

    assert issubclass(ProviderError, pulumi.RunError)
