"""Checks run on every argument before a request is built.

The path parameters are interpolated into the URL, so anything that could change the path
(``/``, ``..``, whitespace, control characters, percent signs) must be stopped here, with a
:class:`ValidationError` naming the field and the rule, never a 400 from the gateway or,
worse, a request to another resource. Rules follow ``openapi.yaml``.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from ._errors import ValidationError

_PROJECT_ID = re.compile(r"[A-Za-z0-9]{32}")
_INSTANCE_ID = re.compile(r"[A-Za-z0-9]{36}")
_REGION = re.compile(r"[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}")
LANGUAGES = ("en-us", "zh-cn")
MAX_LIMIT = 100
MAX_OFFSET = 10**18 - 1
"""openapi.yaml's maximum: 18 digits, past any instance's end (the emulator refuses more)."""


def project_id(value: object) -> str:
    """A project id is exactly 32 letters or digits."""
    if not isinstance(value, str) or not _PROJECT_ID.fullmatch(value):
        raise ValidationError("project_id", "must be exactly 32 letters or digits")
    return value


def instance_id(value: object) -> str:
    """An instance id is exactly 36 letters or digits (32 hex digits and ``in17`` in practice)."""
    if not isinstance(value, str) or not _INSTANCE_ID.fullmatch(value):
        raise ValidationError(
            "instance_id", "must be exactly 36 letters or digits (no '/', '..', spaces or control characters)"
        )
    return value


def limit(value: object) -> int:
    """A page size is an integer from 1 to 100."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise ValidationError("limit", f"must be an integer from 1 to {MAX_LIMIT}")
    return value


def offset(value: object) -> int:
    """An offset is an item index: an integer from 0 to ``MAX_OFFSET``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
        raise ValidationError("offset", f"must be an integer from 0 to {MAX_OFFSET}")
    return value


def task_name(value: object) -> str:
    """A task name is a non-empty string without control characters."""
    if not isinstance(value, str) or not value.strip() or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValidationError("task_name", "must be a non-empty string without control characters")
    return value


def region(value: object) -> str:
    """A region name looks like ``cn-north-4`` (lower-case words and a number, dashes between)."""
    if not isinstance(value, str) or not _REGION.fullmatch(value):
        raise ValidationError("region", "must look like 'cn-north-4' (lower-case words and a number)")
    return value


def language(value: object) -> str:
    """``X-Language`` is ``en-us`` or ``zh-cn``."""
    if not isinstance(value, str) or value.lower() not in LANGUAGES:
        raise ValidationError("language", "must be 'en-us' or 'zh-cn'")
    return value.lower()


def endpoint(value: object, *, field: str = "endpoint") -> str:
    """An ``https://`` URL with a host and no query; ``http://`` only for loopback hosts.

    Plain HTTP to anything but loopback would put a token on the network in clear text.
    Credentials in the URL (``user:password@``) are refused rather than carried: the service
    never reads them, and an endpoint is shown in settings lines, reprs and logs.
    """
    if not isinstance(value, str) or any(c.isspace() for c in value):
        raise ValidationError(
            field, "must be a URL without spaces such as 'https://gaussdb.cn-north-4.myhuaweicloud.com'"
        )
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (parsing it is the check: out of range or not a number)
    except ValueError:
        raise ValidationError(field, "must be an http(s) URL with a valid host and port") from None
    if "@" in parts.netloc:
        raise ValidationError(
            field, "must not hold credentials (user:password@host); pass them as credentials instead"
        )
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        raise ValidationError(
            field, "must be an http(s) URL with a host and no query, such as 'https://host'"
        )
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise ValidationError(
            field,
            "must use https unless the host is loopback (127.0.0.0/8, localhost, ::1, ::ffff:127.0.0.0/104)",
        )
    return value.rstrip("/")


def is_loopback(host: str) -> bool:
    """``localhost``, 127.0.0.0/8, ``::1`` or an IPv4-mapped loopback (``::ffff:127.0.0.0/104``)."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


_PROXY_RULE = (
    "must be an http:// or https:// URL with a host and no query, such as 'http://proxy.example:3128'"
)


def proxy_url(value: object, *, field: str = "proxy") -> str:
    """A proxy URL (settings.yaml's ``proxy_url``): ``user:password@`` allowed, never shown."""
    if not isinstance(value, str) or any(c.isspace() for c in value):
        raise ValidationError(field, _PROXY_RULE)
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (parsing it is the check)
    except ValueError:
        raise ValidationError(field, _PROXY_RULE) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValidationError(field, _PROXY_RULE)
    return value


def positive(value: object, field: str, *, allow_zero: bool = False) -> float:
    """A finite number > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ValidationError(field, "must be a number")
    if value < 0 or (value == 0 and not allow_zero) or value == float("inf"):
        raise ValidationError(
            field, "must be a finite number >= 0" if allow_zero else "must be a finite number > 0"
        )
    return float(value)


def positive_int(value: object, field: str) -> int:
    """An integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(field, "must be an integer >= 1")
    return value
