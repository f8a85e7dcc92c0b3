"""The rich console of progress bars and live views, loaded only by the commands that draw them."""

from __future__ import annotations

import errno

from rich.console import Console


class BrokenPipeConsole(Console):
    """A rich console whose closed pipe ends the command with the CLI's exit code, not rich's 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError(errno.EPIPE, "stdout closed by the reader")
