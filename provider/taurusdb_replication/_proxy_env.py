"""The standard proxy variables (rule ``proxy_from_standard_environment`` of settings.yaml).

Every ecosystem reads ``HTTPS_PROXY``/``NO_PROXY`` slightly differently (Python lower case
first, Go upper case first, Node not at all); this project reads them the same way in every
language, with this one function in Python: the settings engine uses it to name the proxy's
origin, and the transport (``_proxies.py``) to route each request, so what ``config`` shows is
what the requests do. Loopback (127.0.0.0/8, ``::1``, ``::ffff:127.0.0.0/104``, ``localhost``)
is never proxied from the environment, as Go's and undici's rules have it.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from ._validation import is_loopback

PROXY_VARIABLES = {
    "https": ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"),
    "http": ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"),
}
NO_PROXY_VARIABLES = ("no_proxy", "NO_PROXY")
_DEFAULT_PORTS = {"https": 443, "http": 80}


def _first(environ: Mapping[str, str], names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        value = environ.get(name, "").strip()
        if value:
            return value, name
    return None


def _excluded(no_proxy: str, host: str, port: int) -> bool:
    """Whether a ``NO_PROXY`` list names the host (itself or a parent domain, optional port)."""
    for raw in no_proxy.split(","):
        entry = raw.strip().lower()
        if entry == "*":
            return True
        name, _, entry_port = entry.rpartition(":")
        bare_ipv6 = entry.count(":") > 1 and not entry.startswith("[")
        if not name or not entry_port.isdigit() or bare_ipv6:
            name, entry_port = entry, ""
        name = name.strip("[]").lstrip(".")
        if not name or (entry_port and int(entry_port) != port):
            continue
        if host == name or host.endswith("." + name):
            return True
    return False


def proxy_from_environment(url: str, environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The proxy the standard variables give for a request to ``url`` and the variable that
    decided it: (proxy, its variable), (None, the NO_PROXY variable that excluded it), or
    (None, None)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if is_loopback(host):
        return None, None
    found = _first(environ, PROXY_VARIABLES.get(parts.scheme, ()))
    if found is None:
        return None, None
    exclusion = _first(environ, NO_PROXY_VARIABLES)
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 443)
    if exclusion is not None and _excluded(exclusion[0], host, port):
        return None, exclusion[1]
    return found
