"""``taurusdb-replication``: the command line of the client layer (see docs/cli.md).

``main`` is the console-script entry point; ``cli`` the click group, for embedding and tests.
The commands are registered when the group first looks one up.
"""

from ._app import cli, main, run
from ._exit import ExitCode

__all__ = ["ExitCode", "cli", "main", "run"]
