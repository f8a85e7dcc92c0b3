"""Log output on stderr: the client's own logging, with every secret blanked before it is written.

The client already keeps headers and bodies out of its log lines; the handler here adds a
last line of defence that knows the actual secret values of this run (token, secret key,
security token, password) and blanks them, and auth-header shapes, in every formatted line,
including tracebacks shown under ``-v``. Every line is terminal-safe text too (control
characters from the service shown as escapes, ``_safe_text.clean``).
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from taurusdb_replication.text import clean

if TYPE_CHECKING:
    from taurusdb_replication.redaction import Redactor

_handler: logging.Handler | None = None
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _RedactingFormatter(logging.Formatter):
    def __init__(self, redactor: Redactor) -> None:
        super().__init__(_FORMAT)
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        return clean(self.redactor(super().format(record)), lines=True)


@contextlib.contextmanager
def scoped() -> Iterator[None]:
    """Undo :func:`configure` when the command ends.

    ``run()`` is also called in-process (tests, users' scripts): the package logger's handlers,
    level and propagation must be as they were afterwards, or the caller's own logging of
    the client silently stops.
    """
    global _handler
    logger = logging.getLogger("taurusdb_replication")
    saved = (list(logger.handlers), logger.level, logger.propagate, _handler)
    try:
        yield
    finally:
        logger.handlers[:] = saved[0]
        logger.setLevel(saved[1])
        logger.propagate = saved[2]
        _handler = saved[3]


def configure(verbosity: int) -> None:
    """Send the package's logs to stderr: DEBUG with ``-v``, else warnings only."""
    global _handler
    logger = logging.getLogger("taurusdb_replication")
    if _handler is not None:
        logger.removeHandler(_handler)
    from taurusdb_replication.redaction import Redactor

    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(_RedactingFormatter(Redactor()))
    logger.addHandler(_handler)
    logger.setLevel(logging.DEBUG if verbosity > 0 else logging.WARNING)
    logger.propagate = False


def install_redaction(secrets: Iterable[str | None]) -> None:
    """Blank these values (the resolved credentials) in every line written from now on."""
    from taurusdb_replication.redaction import Redactor

    if _handler is not None:
        _handler.setFormatter(_RedactingFormatter(Redactor(secrets)))


def redact(text: str) -> str:
    """The current redaction and terminal-safe text, for lines written outside logging (error
    lines, tracebacks)."""
    from taurusdb_replication.redaction import Redactor

    formatter = _handler.formatter if _handler is not None else None
    redactor = formatter.redactor if isinstance(formatter, _RedactingFormatter) else Redactor()
    return clean(redactor(text), lines=True)
