"""Text from the service, a dataset or a file, made safe to show: the one rule, used everywhere.

Task names, database names, ``error_msg`` and any other string the service sends are untrusted.
Written raw, ESC and OSC sequences rewrite the user's screen or window title, CR and backspace
overwrite what was printed, and BEL rings. So before such text reaches a terminal or a
human-readable output (tables, progress and heartbeat lines, error lines, ``-v`` logs, the
library's error messages), every character a terminal may act on is shown as a visible escape
instead: C0 controls (``\\x1b``), DEL (``\\x7f``), C1 controls (``\\x9b`` is CSI on some terminals)
and the Unicode line and paragraph separators.

Bidirectional controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates, the
marks U+200E, U+200F, U+061C) are escaped too: they are invisible, and an override reorders the
rest of the line on screen ("Trojan Source", CVE-2021-42574), so a task name could show as
another task's name or reorder the columns after it. Right-to-left *letters* are kept: only
the invisible controls go.

The escapes are for people. The exact text is in ``-o json`` (JSON escapes, nothing dropped)
and, for CSV, in the reversible escape of :func:`csv_escape`.
"""

from __future__ import annotations

import re

_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_CONTROLS = "\x00-\x1f" + _OTHERS
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_OTHERS}]")
_JSON_RAW = re.compile(f"[{_OTHERS}]")
"""What ``json.dumps(ensure_ascii=False)`` leaves raw among the above (it escapes only C0)."""
_CSV_UNSAFE = re.compile(f"[\\\\{_CONTROLS}]")
_CSV_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str, *, lines: bool = False) -> str:
    """``text`` with every control character shown as ``\\xNN``/``\\uNNNN`` (``lines``: keep ``\\n``)."""
    if text.isascii() and text.isprintable():
        return text  # the common case: nothing a terminal acts on
    return (_UNSAFE_BUT_NEWLINE if lines else _UNSAFE).sub(_visible, text)


def json_safe(document: str) -> str:
    """A JSON text with the controls JSON leaves raw (DEL, C1, bidi) written as ``\\u`` escapes.

    Only valid on JSON text: these characters can occur only inside strings there, where the
    escape reads back as the same character, so the document's value is unchanged.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def csv_escape(text: str) -> str:
    """A CSV cell's text, reversibly: ``\\`` becomes ``\\\\`` and each control ``\\xNN``/``\\uNNNN``.

    CSV is data, so nothing is deleted: :func:`csv_unescape` gives the exact text back.
    """
    return _CSV_UNSAFE.sub(lambda m: "\\\\" if m.group() == "\\" else _visible(m), text)


def csv_unescape(text: str) -> str:
    """The exact text of a cell written by :func:`csv_escape`."""

    def original(match: re.Match[str]) -> str:
        escape = match.group(1)
        return "\\" if escape == "\\" else chr(int(escape[1:], 16))

    return _CSV_ESCAPE.sub(original, text)
