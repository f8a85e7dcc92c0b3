"""Which proxy each request goes through: the ``proxy`` setting, else the standard variables.

httpx reads ``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY``/``NO_PROXY`` only when it builds its own
transport, and mounting proxies with ``mounts=`` would bypass the client's own stack (the body
cap, the sharded pool). So the choice is made here and the sharded pool sends each request on a
transport for its route: direct, or through one proxy (httpx's ``AsyncHTTPTransport(proxy=)``:
``CONNECT`` tunnels for ``https://`` targets, so the proxy never sees the credentials, and
absolute-form requests for ``http://``).

An explicit proxy applies to every request. Otherwise the variables are read once, when the
client is built, and each request's host is decided by the one rule of
:func:`~._proxy_env.proxy_from_environment` (the rule the settings engine and ``config`` use):
loopback is never proxied from the environment.

A proxy URL may carry ``user:password@``: the password is registered with every redactor, and
the proxy is named everywhere as :func:`~._logging.url_without_credentials` shows it.
"""

from __future__ import annotations

import os
from base64 import b64encode
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

import httpx

from ._logging import register_secrets
from ._masks import url_without_credentials
from ._proxy_env import NO_PROXY_VARIABLES, PROXY_VARIABLES, proxy_from_environment
from ._validation import proxy_url

_ALL_VARIABLES = tuple(dict.fromkeys(name for names in PROXY_VARIABLES.values() for name in names))


@dataclass(frozen=True)
class ProxyCredentials:
    """The user name and password of a proxy URL, as secrets every redactor blanks."""

    secrets: tuple[str, ...]


@dataclass
class ProxyRoutes:
    """The proxy (or ``None``: direct) for each request's scheme, host and port."""

    explicit: str | None = None
    environ: Mapping[str, str] | None = None
    """The variables to read (default: the process's), kept as they were at construction."""
    _variables: dict[str, str] = field(init=False)
    _cache: dict[tuple[str, str, int | None], str | None] = field(init=False, default_factory=dict)
    _credentials: list[ProxyCredentials] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        environ = os.environ if self.environ is None else self.environ
        if self.explicit is not None:
            self._variables = {"proxy": proxy_url(self.explicit)}
        else:
            names = (*_ALL_VARIABLES, *NO_PROXY_VARIABLES)
            self._variables = {name: environ[name].strip() for name in names if environ.get(name, "").strip()}
        for name, url in self._variables.items():
            if name in NO_PROXY_VARIABLES:
                continue
            if name != "proxy":
                proxy_url(url, field=name)
            parts = urlsplit(url)
            if parts.password:  # as written, as sent (decoded), and inside Proxy-Authorization
                basic = f"{unquote(parts.username or '')}:{unquote(parts.password)}".encode()
                held = ProxyCredentials((parts.password, unquote(parts.password), b64encode(basic).decode()))
                self._credentials.append(held)  # alive (so redacted) as long as the routes
                register_secrets(held)

    @property
    def proxies(self) -> tuple[str, ...]:
        """Every proxy some request may take."""
        return tuple(
            dict.fromkeys(url for name, url in self._variables.items() if name not in NO_PROXY_VARIABLES)
        )

    def for_url(self, url: httpx.URL) -> str | None:
        """The proxy for a request to ``url``, or ``None`` to connect directly."""
        if not self._variables:
            return None
        key = (url.scheme, url.host, url.port)
        if key not in self._cache:
            explicit = self._variables.get("proxy")
            self._cache[key] = explicit or proxy_from_environment(str(url), self._variables)[0]
        return self._cache[key]


def describe(proxy: str) -> str:
    """A proxy as messages and reprs show it: without its credentials."""
    return url_without_credentials(proxy)
