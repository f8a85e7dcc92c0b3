"""Redacted logging of HTTP exchanges, and the redaction used by error messages.

Logged per request at DEBUG on the ``taurusdb_replication.http`` logger: method, URL (path and
query only carry ids and paging, never credentials), status, request id and duration. Headers
and bodies are never logged. Any text taken from a response for an error message goes through
:class:`Redactor`, which blanks the client's own secrets in case a server echoes them back.

Secrets are looked up when a text is redacted, not when the redactor is built: an IAM token is
fetched at run time, after every client and CLI redactor exists. Each object that holds secrets
(the auth flows, a proxy's credentials) registers itself (:func:`register_secrets`) and every
redactor of the process asks the live ones for their current ``secrets``. One masking rule
(:func:`mask_key`) shows an access key the same way in reprs, settings tables and errors.
"""

from __future__ import annotations

import html
import logging
import re
import time
import weakref
from collections.abc import Iterable
from typing import Protocol

import httpx

from ._masks import MASK
from ._safe_text import clean

logger = logging.getLogger("taurusdb_replication")
http_logger = logging.getLogger("taurusdb_replication.http")

_START = "taurusdb_replication.start"
_TAGS = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
# A secret header's name, its separator (quoted and JSON-escaped forms too), and the whole value
# up to the end of the line or the closing quote: an echoed AK/SK ``Authorization`` carries
# ``Access=``, ``SignedHeaders=`` and ``Signature=`` after commas and spaces.
_SECRET_HEADERS = re.compile(
    r"(?i)\b(x-auth-token|x-subject-token|x-security-token|authorization)"
    r"(\\?[\"']?\s*[:=]\s*\\?[\"']?)([^\"'\\\r\n]+)"
)
# The parts of an SDK-HMAC-SHA256 signature, wherever they appear without the header's name.
_SIGNATURE_PARTS = re.compile(r"(?i)\b(signature|access|credential)=([^\s,;\"'\\]+)")
_HEADER_TUPLES = re.compile(
    r"(?i)\((b?)(['\"])(x-auth-token|x-subject-token|x-security-token|authorization)\2,\s*b?(['\"])(.*?)\4\)"
)
_THIRD_PARTY = ("httpcore.http11", "httpcore.http2", "httpcore.connection", "httpcore.proxy", "httpx")


class SecretHolder(Protocol):
    """An object whose ``secrets`` (the values it holds now) every redactor must blank."""

    @property
    def secrets(self) -> tuple[str, ...]: ...


_HOLDERS: weakref.WeakSet[SecretHolder] = weakref.WeakSet()


def register_secrets(holder: SecretHolder) -> None:
    """Have every redactor of the process blank ``holder.secrets`` for as long as it lives."""
    _HOLDERS.add(holder)


def _live_secrets() -> list[str]:
    found: list[str] = []
    for holder in list(_HOLDERS):
        found.extend(holder.secrets)
    return found


class Redactor:
    """Blanks secret values (given here, and those of every live :class:`SecretHolder`, read at
    each call) and anything shaped like an auth header in a text."""

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._given = tuple(s for s in secrets if s)

    def __call__(self, text: str) -> str:
        secrets = {s for s in (*self._given, *_live_secrets()) if len(s) >= 4}
        for secret in sorted(secrets, key=len, reverse=True):  # longest first: blanked whole
            text = text.replace(secret, MASK)
        return _mask_headers(text)

    def __repr__(self) -> str:
        return f"Redactor({len(self._given)} secrets given)"


def _mask_headers(text: str) -> str:
    text = _SECRET_HEADERS.sub(lambda m: m.group(1) + m.group(2) + MASK, text)
    return _SIGNATURE_PARTS.sub(lambda m: m.group(1) + "=" + MASK, text)


def excerpt(body: bytes, redactor: Redactor, limit: int = 160) -> str:
    """A short, single-line, tag-free, redacted, terminal-safe piece of a body for an error message."""
    text = body[: limit * 8].decode("utf-8", errors="replace")
    text = html.unescape(_TAGS.sub(" ", text))
    text = _SPACES.sub(" ", text).strip()
    text = clean(redactor(text))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def request_id_of(response: httpx.Response) -> str | None:
    """The gateway's ``X-Request-Id`` header, if any."""
    value: str | None = response.headers.get("X-Request-Id")
    return value


async def on_request(request: httpx.Request) -> None:
    """httpx event hook: remember when the request left."""
    request.extensions[_START] = time.perf_counter()


async def on_response(response: httpx.Response) -> None:
    """httpx event hook: one DEBUG line per exchange, no headers, no body."""
    if not http_logger.isEnabledFor(logging.DEBUG):
        return
    request = response.request
    started = request.extensions.get(_START)
    took = (time.perf_counter() - started) * 1000 if isinstance(started, float) else float("nan")
    http_logger.debug(
        "%s %s -> %d request_id=%s %.1f ms",
        request.method,
        request.url,  # endpoints never carry credentials (_validation.endpoint refuses them)
        response.status_code,
        clean(request_id_of(response) or "-"),  # the service's text
        took,
    )


class SecretHeaderFilter(logging.Filter):
    """Blanks auth header values in records of loggers we do not own.

    httpcore's DEBUG trace prints response headers as ``(b'X-Subject-Token', b'...')`` tuples,
    so turning on DEBUG for everything would write IAM tokens into logs. The filter rewrites
    such records before any handler sees them; records without those headers pass untouched.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if (
            not _HEADER_TUPLES.search(message)
            and not _SECRET_HEADERS.search(message)
            and not (_SIGNATURE_PARTS.search(message))
        ):
            return True
        message = _HEADER_TUPLES.sub(
            lambda m: f"({m.group(1)}{m.group(2)}{m.group(3)}{m.group(2)}, {MASK!r})", message
        )
        record.msg = _mask_headers(message)
        record.args = None
        return True


_FILTER = SecretHeaderFilter()


def install_secret_filter() -> None:
    """Attach :class:`SecretHeaderFilter` to httpx's and httpcore's loggers (idempotent)."""
    for name in _THIRD_PARTY:
        third_party = logging.getLogger(name)
        if _FILTER not in third_party.filters:
            third_party.addFilter(_FILTER)
