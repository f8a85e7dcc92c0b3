"""Text from the service, made safe for people and exact for programs.

Task names, database names and error messages come from the service, a dataset or a file, and
are untrusted: :func:`clean` shows their control and bidirectional characters as escapes
before they reach a terminal or a human-readable line; :func:`csv_escape` is the reversible
escape of CSV cells; :func:`json_safe` keeps JSON exact while escaping what a terminal would
act on. Light on purpose: the command line imports it at start-up.
"""

from __future__ import annotations

from ._safe_text import clean, csv_escape, csv_unescape, json_safe

__all__ = ["clean", "csv_escape", "csv_unescape", "json_safe"]
