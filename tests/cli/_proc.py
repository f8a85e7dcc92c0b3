"""Running the real ``taurusdb-replication`` entry point as a subprocess, piped or on a terminal.

Tests synchronise on what the process prints (``Running.read_until``), never on sleeps; every
read has a deadline so a hung process fails the test instead of hanging the suite.
"""

from __future__ import annotations

import errno
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ENTRY_POINT = Path(sys.executable).with_name("taurusdb-replication")
"""The console script pip generated from ``[project.scripts]``: the real entry point."""

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
DEADLINE = 30.0


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run(args: Sequence[str], env: Mapping[str, str], *, timeout: float = DEADLINE) -> Result:
    """Run to completion with stdout and stderr piped (so: not a terminal)."""
    done = subprocess.run(
        [str(ENTRY_POINT), *args],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


class Running:
    """A started CLI process whose stdout is read incrementally (a pipe, or a pty when ``tty``)."""

    def __init__(self, args: Sequence[str], env: Mapping[str, str], *, tty: bool = False) -> None:
        self.output = ""
        if tty:
            master, slave = pty.openpty()
            self.proc = subprocess.Popen(
                [str(ENTRY_POINT), *args],
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=slave,
                stderr=subprocess.PIPE,
            )
            os.close(slave)
            self._fd = master
        else:
            self.proc = subprocess.Popen(
                [str(ENTRY_POINT), *args],
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            assert self.proc.stdout is not None
            self._fd = self.proc.stdout.fileno()
        self._eof = False
        self._closed = False

    def _read_some(self, timeout: float) -> bool:
        """Append what is available within ``timeout``; False at end of output."""
        if self._eof:
            return False
        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self._fd, 65536)
        except OSError as error:  # a pty reports the child's exit as EIO
            if error.errno != errno.EIO:
                raise
            chunk = b""
        if not chunk:
            self._eof = True
            return False
        self.output += chunk.decode("utf-8", errors="replace")
        return True

    def read_until(self, pattern: str, timeout: float = DEADLINE) -> str:
        """Read until ``pattern`` (a regex) appears in the output; fail at the deadline or EOF."""
        end = time.monotonic() + timeout
        regex = re.compile(pattern)
        while not regex.search(ANSI.sub("", self.output)):
            remaining = end - time.monotonic()
            if remaining <= 0 or not self._read_some(min(remaining, 1.0)):
                seen = f"output so far:\n{self.output}\nstderr:\n{self._stderr_now()}"
                raise AssertionError(f"{pattern!r} never appeared; {seen}")
        return self.output

    def _stderr_now(self) -> str:
        if self.proc.poll() is None or self.proc.stderr is None:
            return "(process still running)"
        return self.proc.stderr.read().decode("utf-8", errors="replace")

    def interrupt(self) -> None:
        """Ctrl-C: SIGINT to the process, as a terminal sends it."""
        self.proc.send_signal(signal.SIGINT)

    def finish(self, timeout: float = DEADLINE) -> Result:
        """Read everything until exit and return the result (kills the process at the deadline)."""
        end = time.monotonic() + timeout
        while self._read_some(max(0.0, min(end - time.monotonic(), 1.0))):
            if time.monotonic() > end:
                self.proc.kill()
                raise AssertionError(f"the process did not finish; output:\n{self.output}")
        try:
            returncode = self.proc.wait(timeout=max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        assert self.proc.stderr is not None
        stderr = self.proc.stderr.read().decode("utf-8", errors="replace")
        self.close()
        return Result(returncode, self.output, stderr)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None and not stream.closed:
                stream.close()
        if self.proc.stdout is None:
            os.close(self._fd)


def plain(text: str) -> str:
    """Text without ANSI escapes."""
    return ANSI.sub("", text)
