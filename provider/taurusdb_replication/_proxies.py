"""Which proxy each request goes through: the ``proxy`` setting, else the standard variables.

httpx reads ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY``/``NO_PROXY`` only when it builds its own
transport, and mounting proxies with ``mounts=`` would bypass the client's own stack (the body
cap, the sharded pool). So the choice is made here and the sharded pool sends each request on a
transport for its route: direct, or through one proxy (httpx's ``AsyncHTTPTransport(proxy=)``:
``CONNECT`` tunnels for ``https://`` targets, so the proxy never sees the credentials, and
absolute-form requests for ``http://``).

An explicit proxy applies to every request. Otherwise the variables are read once, when the
client is built, as curl and httpx read them: lower case before upper case, ``ALL_PROXY`` when
the scheme has none, ``NO_PROXY`` host suffixes, ``host:port`` and ``*``. Loopback endpoints are
proxied like any other unless ``NO_PROXY`` names them, as curl and httpx do.

A proxy URL may carry ``user:password@``: the password is registered with every redactor, and
the proxy is named everywhere as :func:`~._logging.url_without_credentials` shows it.
"""

from __future__ import annotations

import urllib.request
from base64 import b64encode
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import httpx

from ._logging import register_secrets, url_without_credentials
from ._validation import proxy_url


@dataclass(frozen=True)
class ProxyCredentials:
    """The user name and password of a proxy URL, as secrets every redactor blanks."""

    secrets: tuple[str, ...]


@dataclass
class ProxyRoutes:
    """The proxy (or ``None``: direct) for each request's scheme, host and port."""

    explicit: str | None = None
    _proxies: dict[str, str] = field(init=False)
    _cache: dict[tuple[str, str, int | None], str | None] = field(init=False, default_factory=dict)
    _credentials: list[ProxyCredentials] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        if self.explicit is not None:
            self._proxies = {"explicit": proxy_url(self.explicit)}
        else:
            self._proxies = {
                scheme: url
                for scheme, url in urllib.request.getproxies_environment().items()
                if scheme in ("http", "https", "all", "no")
            }
        for scheme, url in self._proxies.items():
            if scheme == "no":
                continue
            proxy_url(url, field=f"{scheme}_proxy")
            parts = urlsplit(url)
            if parts.password:  # as written, as sent (decoded), and inside Proxy-Authorization
                basic = f"{unquote(parts.username or '')}:{unquote(parts.password)}".encode()
                held = ProxyCredentials((parts.password, unquote(parts.password), b64encode(basic).decode()))
                self._credentials.append(held)  # alive (so redacted) as long as the routes
                register_secrets(held)

    @property
    def proxies(self) -> tuple[str, ...]:
        """Every proxy some request may take."""
        return tuple(dict.fromkeys(url for scheme, url in self._proxies.items() if scheme != "no"))

    def for_url(self, url: httpx.URL) -> str | None:
        """The proxy for a request to ``url``, or ``None`` to connect directly."""
        if not self._proxies:
            return None
        key = (url.scheme, url.host, url.port)
        if key not in self._cache:
            self._cache[key] = self._decide(url)
        return self._cache[key]

    def _decide(self, url: httpx.URL) -> str | None:
        if "explicit" in self._proxies:
            return self._proxies["explicit"]
        chosen = self._proxies.get(url.scheme) or self._proxies.get("all")
        if chosen is None:
            return None
        return None if _bypassed(url, self._proxies.get("no", "")) else chosen


def _bypassed(url: httpx.URL, no_proxy: str) -> bool:
    """Whether ``NO_PROXY`` names the host: ``*``, the host or a parent domain (with or without a
    leading dot), optionally with the port."""
    host = url.host.lower()
    port = url.port or (443 if url.scheme == "https" else 80)
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        name, _, wanted = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        name = name.strip("[]").lstrip(".")
        if entry == "*" or (
            name and (host == name or host.endswith("." + name)) and (not wanted or wanted == str(port))
        ):
            return True
    return False


def describe(proxy: str) -> str:
    """A proxy as messages and reprs show it: without its credentials."""
    return url_without_credentials(proxy)
