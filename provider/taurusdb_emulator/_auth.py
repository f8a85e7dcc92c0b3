"""The gateway's checks: IAM tokens, AK/SK signatures (with lock-out) and per-credential throttling.

Every check takes ``now`` (emulated seconds) from the caller, so tests drive expiry, the
signature's clock-skew window, lock-out and the rate limit with an injected clock instead of
sleeping. Signatures are verified by recomputing them with the shared
:mod:`taurusdb_replication.signing` functions, the same code the client signs with.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from taurusdb_replication import signing

from ._errors import ApiError, auth_failed, throttled

MAX_CLOCK_SKEW_SECONDS = 900
MAX_FAILURES = 5
LOCKOUT_SECONDS = 300
TOKEN_TTL_SECONDS = 86_400
MAX_TOKENS = 100_000
EXPIRED_TOKEN_MEMORY_SECONDS = 3600


@dataclass(frozen=True)
class IssuedToken:
    """What the emulator remembers about a token it issued (never the token in a repr)."""

    project_id: str
    user: str
    issued_at: float
    expires_at: float


class TokenStore:
    """Tokens issued by the emulated IAM (or ``EmulatorServer.issue_token``), with expiry.

    Bounded: a token is forgotten an hour after it expires (until then its rejection says
    "expired" rather than "unknown"), and past ``capacity`` live tokens the oldest go first.
    Tokens are kept in the order they were issued, so forgetting is a look at the oldest few.
    """

    def __init__(self, capacity: int = MAX_TOKENS) -> None:
        self._tokens: dict[str, IssuedToken] = {}
        self.capacity = capacity

    def __len__(self) -> int:
        return len(self._tokens)

    def issue(self, *, now: float, ttl_seconds: float, project_id: str, user: str) -> tuple[str, IssuedToken]:
        """Create a token valid for ``ttl_seconds`` of emulated time."""
        if not math.isfinite(ttl_seconds) or ttl_seconds <= 0:
            raise ValueError("ttl_seconds: must be a positive number of seconds")
        self._forget(now)
        token = "MII" + secrets.token_urlsafe(96)
        issued = IssuedToken(project_id, user, now, now + ttl_seconds)
        self._tokens[token] = issued
        return token, issued

    def _forget(self, now: float) -> None:
        tokens = self._tokens
        while tokens:
            oldest = next(iter(tokens))
            if tokens[oldest].expires_at + EXPIRED_TOKEN_MEMORY_SECONDS > now and len(tokens) < self.capacity:
                break
            del tokens[oldest]

    def check(self, token: str, now: float) -> str:
        """Return the principal (one per token) of a valid token; raise 401 otherwise."""
        issued = self._tokens.get(token)
        if issued is None:
            raise auth_failed("the X-Auth-Token is not a token this service issued")
        if now >= issued.expires_at:
            raise auth_failed("the X-Auth-Token has expired")
        return "token:" + hashlib.sha256(token.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class AccessKey:
    """A key pair the emulator accepts; ``security_token`` set means it is a temporary key."""

    access_key: str
    secret_key: str
    security_token: str | None = None

    def __repr__(self) -> str:
        return f"AccessKey(access_key={self.access_key!r}, secret_key=***, security_token=***)"


@dataclass(frozen=True)
class SignedRequest:
    """What a signature covers, as the server received it (``headers`` by lower-case name)."""

    method: str
    raw_path: str
    query: Iterable[tuple[str, str]]
    headers: Mapping[str, str]
    body: bytes


@dataclass
class _KeyState:
    failures: int = 0
    locked_until: float = 0.0


class SignatureVerifier:
    """``SDK-HMAC-SHA256`` verification with the gateway's skew window and lock-out."""

    def __init__(self, keys: Iterable[AccessKey]) -> None:
        self._keys = {key.access_key: key for key in keys}
        self._state: dict[str, _KeyState] = {}

    def verify(self, authorization: str, request: SignedRequest, now: float) -> str:
        """Return the principal (``ak:AK``) of a correctly signed request; raise 401 otherwise.

        Every failure for a known key counts towards the lock-out; a success resets the count.
        """
        parsed = signing.parse_authorization(authorization)
        if parsed is None:
            raise auth_failed("the Authorization header is not an SDK-HMAC-SHA256 signature")
        key = self._keys.get(parsed.access_key)
        if key is None:
            raise auth_failed("the access key does not exist")
        state = self._state.setdefault(key.access_key, _KeyState())
        if state.locked_until > now:
            wait = math.ceil(state.locked_until - now)
            raise auth_failed(
                f"the access key is locked after {MAX_FAILURES} failed attempts; try again in {wait} s"
            )
        try:
            self._check(key, parsed, request, now)
        except ApiError:
            state.failures += 1
            if state.failures >= MAX_FAILURES:
                state.failures = 0
                state.locked_until = now + LOCKOUT_SECONDS
            raise
        state.failures = 0
        return f"ak:{key.access_key}"

    @staticmethod
    def _check(
        key: AccessKey, parsed: signing.ParsedAuthorization, request: SignedRequest, now: float
    ) -> None:
        headers = request.headers
        names = parsed.signed_headers
        if names != signing.signed_header_names(names) or "" in names:
            raise auth_failed("SignedHeaders must be lower-case names, sorted, without duplicates")
        for required in ("host", signing.DATE_HEADER.lower()):
            if required not in names:
                raise auth_failed(f"SignedHeaders must include {required}")
        missing = [name for name in names if name not in headers]
        if missing:
            raise auth_failed(f"signed header(s) missing from the request: {', '.join(missing)}")
        sdk_date = headers[signing.DATE_HEADER.lower()]
        try:
            moment = signing.parse_sdk_date(sdk_date.strip())
        except ValueError:
            raise auth_failed("X-Sdk-Date must be a UTC time as YYYYMMDDTHHMMSSZ") from None
        if abs(moment.timestamp() - now) > MAX_CLOCK_SKEW_SECONDS:
            raise auth_failed("X-Sdk-Date is more than 15 minutes away from the server's clock")
        _check_security_token(key, headers, names)
        canonical = signing.canonical_request(
            request.method, request.raw_path, request.query, headers, names, request.body
        )
        expected = signing.signature(key.secret_key, signing.string_to_sign(canonical, sdk_date))
        if not hmac.compare_digest(expected, parsed.signature):
            raise auth_failed("verify aksk signature fail: the signature does not match the request")


def _check_security_token(key: AccessKey, headers: Mapping[str, str], signed: list[str]) -> None:
    given = headers.get("x-security-token")
    if key.security_token is None:
        if given is not None:
            raise auth_failed("X-Security-Token was sent with a permanent access key")
        return
    if given is None:
        raise auth_failed("a temporary access key needs its X-Security-Token")
    if "x-security-token" not in signed:
        raise auth_failed("X-Security-Token must be signed")
    if not hmac.compare_digest(given.strip().encode(), key.security_token.encode()):
        raise auth_failed("the X-Security-Token does not belong to this temporary access key")


class RateLimiter:
    """A token bucket per credential: ``per_second`` requests a second, bursts up to one second's worth."""

    def __init__(self, per_second: float | None) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self.per_second = per_second

    @property
    def per_second(self) -> float | None:
        """The limit, or ``None`` when throttling is off."""
        return self._per_second

    @per_second.setter
    def per_second(self, value: float | None) -> None:
        if value is not None and (isinstance(value, bool) or not math.isfinite(value) or value <= 0):
            raise ValueError("rate_limit: must be a positive number of requests per second, or None")
        self._per_second = None if value is None else float(value)
        self._buckets.clear()

    def take(self, principal: str, now: float) -> None:
        """Spend one request of ``principal``'s allowance or raise 429 with ``Retry-After``."""
        rate = self._per_second
        if rate is None:
            return
        capacity = max(1.0, rate)
        tokens, last = self._buckets.get(principal, (capacity, now))
        tokens = min(capacity, tokens + max(0.0, now - last) * rate)
        if tokens >= 1.0:
            self._buckets[principal] = (tokens - 1.0, now)
            return
        self._buckets[principal] = (tokens, now)
        raise throttled(max(1, math.ceil((1.0 - tokens) / rate)))
