"""Durations as people type them on a command line: ``30m``, ``10s``, ``1h30m``, ``1.5``.

A plain number means seconds, so scripts written against ``--timeout 600`` keep working.
"""

from __future__ import annotations

import click

from taurusdb_replication.settings import parse_duration

__all__ = ["Duration", "format_duration", "parse_duration"]


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
