"""The ``SDK-HMAC-SHA256`` request-signing algorithm of Huawei Cloud's API gateway.

Pure functions over plain values, with no HTTP library in sight, because two sides need
exactly the same canonical request: the client's :class:`~taurusdb_replication.AkSkAuth`
signs with it and the emulator verifies with it. The steps follow the vendor SDK's signer
(``huaweicloudsdkcore.signer.signer.Signer``); the tests check this module against it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, unquote

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"

_AUTHORIZATION = re.compile(
    rf"^{ALGORITHM} Access=(?P<access>[^,\s]+), SignedHeaders=(?P<headers>[^,\s]+), "
    r"Signature=(?P<signature>[0-9a-f]{64})$"
)


def format_sdk_date(moment: datetime) -> str:
    """Render a moment as the ``X-Sdk-Date`` header value (UTC, ``YYYYMMDDTHHMMSSZ``)."""
    return moment.astimezone(UTC).strftime(DATE_FORMAT)


def parse_sdk_date(value: str) -> datetime:
    """Parse an ``X-Sdk-Date`` value; raises ``ValueError`` when it is not in the signing format."""
    return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=UTC)


def _encode(text: str) -> str:
    # Only RFC 3986 unreserved characters stay as they are; Python's quote keeps "~" too.
    return quote(text, safe="~")


def canonical_uri(path: str) -> str:
    """Decode the path, re-encode each segment and end it with ``/`` (the wire path has none)."""
    encoded = "/".join(_encode(segment) for segment in unquote(path).split("/"))
    return encoded if encoded.endswith("/") else encoded + "/"


def canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    """Sort the decoded query pairs by key then value, then encode and join them."""
    return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in sorted(pairs))


def signed_header_names(headers: Iterable[str]) -> list[str]:
    """Every header name lower-cased and sorted, except those containing ``_``."""
    return sorted({name.lower() for name in headers if "_" not in name})


def canonical_request(
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    signed_headers: list[str],
    body: bytes = b"",
) -> str:
    """Build the canonical request; ``headers`` must be keyed by lower-case name."""
    canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in signed_headers)
    return "\n".join(
        [
            method.upper(),
            canonical_uri(path),
            canonical_query(query),
            canonical_headers,
            ";".join(signed_headers),
            hashlib.sha256(body).hexdigest(),
        ]
    )


def string_to_sign(canonical: str, sdk_date: str) -> str:
    """The text the HMAC is computed over."""
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    return f"{ALGORITHM}\n{sdk_date}\n{digest}"


def signature(secret_key: str, text: str) -> str:
    """Hex HMAC-SHA256 of ``text`` keyed with the secret key."""
    return hmac.new(secret_key.encode(), text.encode(), hashlib.sha256).hexdigest()


def authorization(access_key: str, signed_headers: list[str], sig: str) -> str:
    """The ``Authorization`` header value."""
    return f"{ALGORITHM} Access={access_key}, SignedHeaders={';'.join(signed_headers)}, Signature={sig}"


def sign(
    *,
    access_key: str,
    secret_key: str,
    method: str,
    path: str,
    query: Iterable[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes = b"",
) -> str:
    """Return the ``Authorization`` value for a request whose headers already hold
    ``Host`` and ``X-Sdk-Date`` (and every other header that is to be signed)."""
    lowered = {name.lower(): value for name, value in headers.items()}
    names = signed_header_names(lowered)
    canonical = canonical_request(method, path, query, lowered, names, body)
    sig = signature(secret_key, string_to_sign(canonical, lowered[DATE_HEADER.lower()]))
    return authorization(access_key, names, sig)


@dataclass(frozen=True)
class ParsedAuthorization:
    """The three parts of an ``SDK-HMAC-SHA256`` Authorization header."""

    access_key: str
    signed_headers: list[str]
    signature: str


def parse_authorization(value: str) -> ParsedAuthorization | None:
    """Split an Authorization header into its parts; ``None`` when it is not this algorithm."""
    match = _AUTHORIZATION.match(value.strip())
    if match is None:
        return None
    return ParsedAuthorization(match["access"], match["headers"].split(";"), match["signature"])
