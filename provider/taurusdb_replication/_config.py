"""The options of a client, written once: :class:`ClientConfig`.

Constructors, ``from_env`` and ``with_options`` all take these fields by name and go through
:meth:`ClientConfig.with_options`, which rebuilds the config through its constructor (so every
change is validated like a new config). An option left out keeps its value; ``None`` is a value
(``deadline=None``: no overall deadline). :data:`NOT_GIVEN` lets a caller forward an optional
value without an ``if``. The defaults that are settings (timeout, retries, concurrency,
language) are the declaration's (``settings.yaml``), never written here.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, Final

import httpx

from . import __version__ as _version
from . import _validation
from ._body_limit import DEFAULT_MAX_BODY_BYTES
from ._errors import ValidationError
from ._resolution import check_keywords
from ._retry import RetryPolicy
from ._settings_table import BY_NAME, SETTINGS

if TYPE_CHECKING:
    from ._credentials import Settings

DEFAULT_CONCURRENCY: Final[int] = int(BY_NAME["concurrency"].default)  # type: ignore[arg-type]
"""Pages in flight by default, chosen by measurement (benchmarks/README.md): at 20 ms latency and
10,000 tasks, 16 lists ~8x faster than the sequential loops; 32 and 64 gain little more
because the client's own CPU (HTTP, signing, parsing 10,000 tasks) is then the limit, while
each doubling doubles the burst the gateway sees."""

DEFAULT_REQUEST_TIMEOUT: Final[float] = float(BY_NAME["request_timeout"].default)  # type: ignore[arg-type]
CONNECT_TIMEOUT_CAP = 10.0
"""Connecting gets at most this much of the request timeout: a dead host fails fast."""


class _NotGiven:
    """The type of :data:`NOT_GIVEN`."""

    _instance: _NotGiven | None = None

    def __new__(cls) -> _NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = _NotGiven()
"""An option's value meaning "keep the current one" (so ``None`` can be a value)."""


def http_timeout(timeout: httpx.Timeout | float) -> httpx.Timeout:
    """A number of seconds as httpx's timeout: all of it to read and write, connecting capped."""
    if isinstance(timeout, httpx.Timeout):
        return timeout
    return httpx.Timeout(timeout, connect=min(CONNECT_TIMEOUT_CAP, timeout))


@dataclass(frozen=True)
class ClientConfig:
    """Options of a client. Every field has a production-ready default.

    ``timeout`` is per request (seconds, or an ``httpx.Timeout``); ``retry.deadline`` bounds a
    whole operation (all pages and retries of one listing). ``concurrency`` is the ceiling of
    pages in flight (it adapts down under throttling). ``verify`` is True, False, a CA bundle
    path or an ``ssl.SSLContext``; ``proxy`` an http(s) proxy URL or None. ``seed`` makes the
    retry jitter reproducible. ``max_body_bytes`` caps every response body, counted after
    decompression.
    """

    timeout: httpx.Timeout | float = DEFAULT_REQUEST_TIMEOUT
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    concurrency: int = DEFAULT_CONCURRENCY
    page_size: int = 100
    max_rescans: int = 3
    max_pages: int = 10_000
    verify: bool | str | ssl.SSLContext = True
    proxy: str | None = field(default=None, repr=False)  # user:password@ is never shown
    language: str = str(BY_NAME["language"].default)
    user_agent: str = f"taurusdb-replication/{_version}"
    seed: int | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES

    def __post_init__(self) -> None:
        if self.proxy is not None:
            _validation.proxy_url(self.proxy)
        _validation.positive_int(self.concurrency, "concurrency")
        _validation.positive_int(self.max_body_bytes, "max_body_bytes")
        _validation.limit(self.page_size)
        _validation.positive_int(self.max_pages, "max_pages")
        if (
            isinstance(self.max_rescans, bool)
            or not isinstance(self.max_rescans, int)
            or self.max_rescans < 0
        ):
            raise ValidationError("max_rescans", "must be an integer >= 0")
        object.__setattr__(self, "language", _validation.language(self.language))
        if not isinstance(self.timeout, httpx.Timeout):
            _validation.positive(self.timeout, "timeout")
        if not isinstance(self.retry, RetryPolicy):
            raise ValidationError("retry", "must be a RetryPolicy")

    def with_options(self, **changes: Any) -> ClientConfig:
        """A copy with the given options changed, rebuilt through the constructor.

        Any field of :class:`ClientConfig` by name, plus two shortcuts into ``retry`` that keep
        the rest of the policy: ``max_retries`` (attempts = retries + 1, as ``HW_MAX_RETRIES``)
        and ``deadline`` (``None``: no overall deadline). An option left out, or given as
        :data:`NOT_GIVEN`, keeps its value; an unknown name is a ``TypeError``.
        """
        given = {key: value for key, value in changes.items() if value is not NOT_GIVEN}
        check_keywords("with_options", given, OPTION_NAMES)
        retry: RetryPolicy = given.pop("retry", self.retry)
        if "max_retries" in given:
            retry = retry.with_max_retries(given.pop("max_retries"))
        if "deadline" in given:
            retry = replace(retry, deadline=given.pop("deadline"))
        current = {f.name: getattr(self, f.name) for f in fields(self)}
        return ClientConfig(**(current | given | {"retry": retry}))


OPTION_NAMES: Final = frozenset({f.name for f in fields(ClientConfig)} | {"max_retries", "deadline"})
"""Every option a constructor, ``from_env`` or ``with_options`` takes besides the connection."""


def _option(config: ClientConfig, name: str) -> object:
    return config.retry.max_attempts - 1 if name == "max_retries" else getattr(config, name)


def config_for(settings: Settings, config: ClientConfig | None = None) -> ClientConfig:
    """``config`` with the options the settings found (timeout, retries, concurrency, language,
    TLS, proxy: the settings whose Python name is an option, and ``verify`` from ``insecure`` /
    ``ca_bundle``), by the one precedence: an explicit setting always applies; one from the
    environment or the profile applies unless ``config`` sets that option itself (a field other
    than its default is explicit); a default never overrides ``config``."""
    base = config or ClientConfig()
    default = ClientConfig()

    def applies(names: tuple[str, ...], option: str) -> bool:
        found = [settings.values[n].origin for n in names if n in settings.values]
        kinds = {origin.kind for origin in found if origin is not None}
        if "argument" in kinds:
            return True
        return bool(kinds - {"default"}) and _option(base, option) == _option(default, option)

    changes = {
        str(spec.python): settings.values[spec.name].value
        for spec in SETTINGS
        if spec.python in OPTION_NAMES
        and spec.name in settings.values
        and applies((spec.name,), str(spec.python))
    }
    if applies(("insecure", "ca_bundle"), "verify"):
        changes["verify"] = settings.verify
    return base.with_options(**changes)
