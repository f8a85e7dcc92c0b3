"""The one masking rule for values people see: keys, secrets' placeholder, URLs with passwords.

Its own module, with nothing heavy imported, because the settings declaration (read at the
command line's start-up, before httpx is loaded) shows values by it as much as the logs do.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

MASK = "***"


def mask_key(access_key: str) -> str:
    """An access key as every surface shows it: the first four and last two characters."""
    return access_key[:4] + "…" + access_key[-2:] if len(access_key) > 8 else "****"


def url_without_credentials(url: str) -> str:
    """``url`` with any ``user:password@`` shown as ``***@`` (proxy URLs in messages and reprs)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return MASK
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=MASK + "@" + parts.netloc.rsplit("@", 1)[1]))
