"""Headless Debian Chromium driven over the DevTools protocol on a pipe, to look at a page as a person.

Why not just ``--dump-dom``: Redoc 3 (what ``redocly build-docs`` renders) shows the overview
only; the operation sits behind a "Show" button and the schemas behind a sidebar entry. A
person clicks them, so the test does too, which needs a browser it can talk to.
``--remote-debugging-pipe`` gives that without a port: JSON messages end in a NUL byte, we write
to the browser's fd 3 and read its fd 4. Every read has a deadline, so a stuck browser fails the
test instead of hanging it, and host resolution is switched off so the page cannot reach any
network (it is a ``file://`` page and needs none).
"""

from __future__ import annotations

import base64
import json
import os
import select
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    # Nothing resolves: the page is a local file and must not fetch anything from anywhere.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
)
DEADLINE = 30.0


class BrowserError(Exception):
    """The browser died, answered with an error, or did not answer in time."""


class Chromium:
    """One browser process with a fresh profile; ``open`` gives a page to evaluate and capture."""

    def __init__(self, binary: str, profile: Path, width: int = 1400, height: int = 1000) -> None:
        self._command = [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]
        self._width = width
        self._process: subprocess.Popen[bytes] | None = None
        self._to_browser = -1
        self._from_browser = -1
        self._buffer = b""
        self._next_id = 0
        self.stderr_path = profile / "chromium.stderr"

    def __enter__(self) -> Chromium:
        browser_reads, we_write = os.pipe()
        we_read, browser_writes = os.pipe()

        def wire_pipes() -> None:  # runs in the child: the protocol wants the pipes on fds 3 and 4
            high_in, high_out = os.dup2(browser_reads, 100), os.dup2(browser_writes, 101)
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        with self.stderr_path.open("wb") as stderr:
            self._process = subprocess.Popen(
                [*self._command, "about:blank"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                preexec_fn=wire_pipes,
                pass_fds=(3, 4),  # keep only the protocol pipes open in the browser
            )
        os.close(browser_reads)
        os.close(browser_writes)
        self._to_browser, self._from_browser = we_write, we_read
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        process = self._process
        if process is None:
            return
        try:
            if process.poll() is None:
                self.call("Browser.close", timeout=5.0)
        except (BrowserError, OSError):
            pass
        finally:
            for fd in (self._to_browser, self._from_browser):
                os.close(fd)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)

    def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        session: str | None = None,
        timeout: float = DEADLINE,
    ) -> dict[str, Any]:
        """Send one command and return its result, skipping events that arrive meanwhile."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read_message(deadline, method)
            if reply.get("id") != self._next_id:
                continue
            if "error" in reply:
                raise BrowserError(f"{method}: {reply['error']}")
            result: dict[str, Any] = reply["result"]
            return result

    def _read_message(self, deadline: float, method: str) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(remaining, 0))
            if not ready:
                raise BrowserError(f"{method}: no answer from chromium in time")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise BrowserError(f"{method}: chromium exited; see {self.stderr_path}")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def open(self, url: str) -> Page:
        """A new tab showing ``url``."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, self._width)
        self.call("Page.navigate", {"url": url}, session)
        return page


class Page:
    """A tab: evaluate JavaScript in it (promises awaited) and capture it as PNG."""

    def __init__(self, browser: Chromium, session: str, width: int) -> None:
        self._browser = browser
        self._session = session
        self._width = width

    def evaluate(self, expression: str, timeout: float = DEADLINE) -> Any:
        """The JSON value of ``expression``; a JavaScript exception becomes a ``BrowserError``."""
        reply = self._browser.call(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            self._session,
            timeout,
        )
        if "exceptionDetails" in reply:
            raise BrowserError(f"JavaScript failed: {reply['exceptionDetails'].get('text')}")
        return reply["result"].get("value")

    def screenshot(self, path: Path, max_height: int = 16000) -> None:
        """The whole page, not just the window, as a PNG at ``path``."""
        metrics = self._browser.call("Page.getLayoutMetrics", session=self._session)
        height = min(int(metrics["cssContentSize"]["height"]), max_height)
        shot = self._browser.call(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": self._width, "height": height, "scale": 1},
            },
            self._session,
        )
        path.write_bytes(base64.b64decode(shot["data"]))
