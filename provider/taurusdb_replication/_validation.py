"""Checks run on every argument before a request is built.

The path parameters are interpolated into the URL, so anything that could change the path
(``/``, ``..``, whitespace, control characters, percent signs) must be stopped here, with a
:class:`ValidationError` naming the field and the rule, never a 400 from the gateway or,
worse, a request to another resource. Rules follow ``openapi.yaml``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ._errors import ValidationError

_PROJECT_ID = re.compile(r"[A-Za-z0-9]{32}")
_INSTANCE_ID = re.compile(r"[A-Za-z0-9]{36}")
_REGION = re.compile(r"[a-z]{2,}(-[a-z]+)+-[0-9]{1,2}")
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
LANGUAGES = ("en-us", "zh-cn")
MAX_LIMIT = 100


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
    """An offset is an item index: an integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError("offset", "must be an integer >= 0")
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
    """
    if not isinstance(value, str) or any(c.isspace() for c in value):
        raise ValidationError(
            field, "must be a URL without spaces such as 'https://gaussdb.cn-north-4.myhuaweicloud.com'"
        )
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query or parts.fragment:
        raise ValidationError(
            field, "must be an http(s) URL with a host and no query, such as 'https://host'"
        )
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK_HOSTS:
        raise ValidationError(field, "must use https unless the host is loopback (127.0.0.1, localhost, ::1)")
    return value.rstrip("/")


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
