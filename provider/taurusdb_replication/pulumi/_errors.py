"""Deployment errors: what a Pulumi user reads when a read fails or an expectation is unmet.

A :class:`ProviderError` is a failure this package expects (an API error, an unmet
expectation, a configuration mistake): its message says what and why. An
:class:`ExpectationError` also keeps one :class:`~taurusdb_replication.Violation` per failing
task, so the native plugin can report each task as its own line (one invoke failure each).
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi

from taurusdb_replication import TaurusDBError, Violation


class ProviderError(TaurusDBError, pulumi.RunError):
    """A failure to report to the operator as it is: the message says what and why.

    Also a :class:`pulumi.RunError`, so when it escapes a program the language host prints
    the message without a stack trace.
    """


class ExpectationError(ProviderError):
    """The read succeeded but the tasks do not meet the resource's expectations.

    ``violations`` lists each unmet expectation (task, expected, read).
    """

    def __init__(self, what: str, violations: Sequence[Violation], *, note: str | None = None) -> None:
        self.what = what
        self.violations = tuple(violations)
        self.note = note
        super().__init__(self._render())

    @property
    def lines(self) -> tuple[str, ...]:
        """One line per failing task: ``task 'x': expected ..., read ...``."""
        return tuple(str(violation) for violation in self.violations)

    def _render(self) -> str:
        head = f"{self.what}: replication expectations not met"
        if self.note:
            head += f" {self.note}"
        if len(self.violations) == 1:
            return f"{head}: {self.violations[0]}"
        return head + ":\n" + "\n".join(f"  - {line}" for line in self.lines)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_expectation_error, (self.what, self.violations, self.note))


def _rebuild_expectation_error(
    what: str, violations: Sequence[Violation], note: str | None
) -> ExpectationError:
    return ExpectationError(what, violations, note=note)
