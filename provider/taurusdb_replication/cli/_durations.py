"""Durations as people type them on a command line: ``30m``, ``10s``, ``1h30m``, ``1.5``.

A plain number means seconds, so scripts written against ``--timeout 600`` keep working.
"""

from __future__ import annotations

import math
import re

import click

_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")


def parse_duration(text: str) -> float:
    """Return the number of seconds in ``text``; ``ValueError`` names the accepted forms."""
    value = text.strip().lower()
    if _PLAIN.fullmatch(value):
        return _finite(float(value), text)
    position, total = 0, 0.0
    for match in _PART.finditer(value):
        if match.start() != position:
            break
        total += float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
        position = match.end()
    if position == 0 or position != len(value):
        raise ValueError(
            f"{text!r} is not a duration: use a number of seconds or amounts with units "
            "ms, s, m, h, d (e.g. 90, 10s, 30m, 1h30m)"
        )
    return _finite(total, text)


def _finite(seconds: float, text: str) -> float:
    if not math.isfinite(seconds):
        raise ValueError(f"{text!r} is too large a duration")
    return seconds


def format_duration(seconds: float) -> str:
    """Render seconds compactly (``1h2m3s``, ``45s``, ``0.5s``) for messages."""
    if seconds < 60:
        return f"{seconds:g}s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{secs}s" if secs else ""]
    return "".join(parts)


# ParamType is generic (subscriptable) only from click 8.4; pyproject.toml allows 8.1.
class Duration(click.ParamType):  # type: ignore[type-arg]
    """A click parameter type for durations, with a lower bound so zero intervals can't spin."""

    name = "duration"

    def __init__(self, minimum: float = 0.0) -> None:
        self.minimum = minimum

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, int | float):
            seconds = float(value)
        else:
            try:
                seconds = parse_duration(str(value))
            except ValueError as error:
                self.fail(str(error), param, ctx)
        if seconds < self.minimum:
            self.fail(f"must be at least {format_duration(self.minimum)}, got {value}", param, ctx)
        return seconds
