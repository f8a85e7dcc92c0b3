"""Deployment errors: one readable message, not a Python traceback.

The dynamic provider server (``pulumi.dynamic.__main__``) turns any exception raised by a
provider method into the gRPC error text ``traceback.format_exc()``, and the engine prints that
text as the resource's error. For failures this package expects (API errors, unmet
expectations, configuration mistakes) the traceback is noise that buries the one line users
need, so :func:`install_clean_errors` makes the server print just the message for
:class:`ProviderError`. Anything else (a bug) keeps its full traceback.
"""

from __future__ import annotations

import sys
import traceback
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pulumi

from taurusdb_replication import TaurusDBError

if TYPE_CHECKING:
    from taurusdb_replication import Violation


class ProviderError(TaurusDBError, pulumi.RunError):
    """A failure to report to the operator as it is: the message says what and why.

    Also a :class:`pulumi.RunError`, so when it escapes a program (``get_replications``) the
    language host prints the message without a stack trace.
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

    def _render(self) -> str:
        head = f"{self.what}: replication expectations not met"
        if self.note:
            head += f" {self.note}"
        if len(self.violations) == 1:
            return f"{head}: {self.violations[0]}"
        return head + ":\n" + "\n".join(f"  - {violation}" for violation in self.violations)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_expectation_error, (self.what, self.violations, self.note))


def _rebuild_expectation_error(
    what: str, violations: Sequence[Violation], note: str | None
) -> ExpectationError:
    return ExpectationError(what, violations, note=note)


class _CleanTraceback(types.ModuleType):
    """Stands in for ``traceback`` inside the provider server's module only.

    ``format_exc`` returns the bare message for a :class:`ProviderError` being handled and the
    real traceback otherwise; every other attribute is the real module's.
    """

    def __init__(self) -> None:
        super().__init__("traceback")

    def __getattr__(self, name: str) -> object:
        return getattr(traceback, name)

    @staticmethod
    def format_exc(limit: int | None = None, chain: bool = True) -> str:
        error = sys.exc_info()[1]
        if isinstance(error, ProviderError):
            return str(error)
        return traceback.format_exc(limit, chain)


def install_clean_errors() -> bool:
    """Make the running dynamic provider server report :class:`ProviderError` as its message.

    Only acts inside the server process (its ``__main__`` is ``pulumi.dynamic.__main__``, which
    wraps every method in ``_abort_with_traceback``); elsewhere, or when a future SDK changes
    that module's shape, it does nothing and errors keep the message as their last line.
    Returns whether the server module now uses the clean formatter. Idempotent.
    """
    server = sys.modules.get("__main__")
    if server is None or not hasattr(server, "DynamicResourceProviderServicer"):
        return False
    if not hasattr(server, "_abort_with_traceback"):
        return False
    current = getattr(server, "traceback", None)
    if isinstance(current, _CleanTraceback):
        return True
    if current is not traceback:
        return False
    server.traceback = _CleanTraceback()  # type: ignore[attr-defined]
    return True
