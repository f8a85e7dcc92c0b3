"""Exit codes: the contract CI pipelines branch on, so every failure maps to exactly one."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented in docs/cli.md; changing a value breaks people's scripts."""

    OK = 0
    """The command did what was asked (for ``wait``: every selected task met the condition)."""
    TIMEOUT = 1
    """``wait`` ran out of time before the condition was met."""
    TASK_FAILED = 2
    """A selected task turned abnormal (status ``No``) or was cancelled."""
    API_ERROR = 3
    """The service, the gateway or the network said no: auth, permissions, throttling, not found."""
    USAGE = 64
    """The command line or the configuration is wrong (BSD ``EX_USAGE``); nothing was sent."""
    INTERNAL = 70
    """A bug in this program (BSD ``EX_SOFTWARE``): never 1, which scripts read as a timeout."""
    INTERRUPTED = 130
    """Interrupted by Ctrl-C (128 + SIGINT), the shell convention."""
    BROKEN_PIPE = 141
    """The reader of stdout went away (``| head``): 128 + SIGPIPE, as for any Unix tool.

    Never 0: under ``set -o pipefail`` a ``wait ... | head -1`` must not look like success.
    """
