"""Writing to stdout: all of it or a broken pipe, never a silent short write.

A single large ``sys.stdout.write`` to a pipe whose reader has gone (``| head -1``) can end
with a partial write and no error (observed: 73,728 of 2,000,000 bytes written, SIGPIPE
ignored, exit 0). Writing the bytes ourselves in a loop turns the closed pipe into
``BrokenPipeError`` every time, which the command group maps to exit 141.
"""

from __future__ import annotations

import os
import sys

_CHUNK = 1 << 16


def emit(text: str) -> None:
    """Write ``text`` (plus a newline if missing) to stdout, completely, now."""
    data = (text if text.endswith("\n") else text + "\n").encode("utf-8", errors="replace")
    sys.stdout.flush()
    fd = sys.stdout.fileno()
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:_CHUNK])
        view = view[written:]
