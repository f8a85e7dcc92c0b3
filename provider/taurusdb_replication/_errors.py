"""One exception hierarchy for everything the client layer can raise.

A leaf: it imports nothing of this package, so every module can import it and it can never
be part of an import cycle. What is not the errors' own (whether one is worth retrying, in
``_retry.is_transient``; the waiter's outcomes, which carry its judgement, in ``_waiter``)
lives with the rule it belongs to.

Callers (the CLI, the Pulumi provider, user scripts) catch :class:`TaurusDBError` to handle
every failure of this package, and the subclasses to tell auth problems, throttling, missing
instances, transport trouble and bad input apart without parsing messages. ``str()`` of an API
error always carries the request id, because that is what users quote to support. No
constructor here ever receives a secret; excerpts of response bodies pass through
:func:`taurusdb_replication._logging.redact` before they get here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class TaurusDBError(Exception):
    """Root of every error raised by :mod:`taurusdb_replication`."""


class ConfigurationError(TaurusDBError):
    """A setting (endpoint, project id, credentials, ...) is missing or contradictory.

    ``missing`` names what could not be found and ``looked_at`` lists every place that was
    searched (arguments, environment variables, profile file) so front ends can tell users
    exactly which option or variable to set.
    """

    def __init__(self, message: str, *, missing: Sequence[str] = (), looked_at: Sequence[str] = ()) -> None:
        self.missing = tuple(missing)
        self.looked_at = tuple(looked_at)
        text = message
        if self.looked_at:
            text += " (looked at: " + ", ".join(self.looked_at) + ")"
        super().__init__(text)


class ValidationError(TaurusDBError, ValueError):
    """An argument breaks a rule; raised before any request is sent.

    ``field`` is the parameter's name and ``rule`` the rule it breaks, both also in ``str()``.
    The offending value is deliberately not echoed: it might be a credential pasted into the
    wrong option.
    """

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"invalid {field}: {rule}")


class TransportError(TaurusDBError):
    """The request never got an HTTP answer: connection refused or reset, TLS, protocol error.

    ``network`` says whether the failure was in the network (refused, reset, timed out), which
    the retry policy (:meth:`RetryPolicy.retryable`) treats as worth another try, rather than in
    the request itself. ``attempts`` is how many requests were sent before giving up.
    """

    def __init__(self, message: str, *, network: bool = True) -> None:
        self.message = message
        self.network = network
        self.attempts = 1
        super().__init__(message)

    def gave_up_after(self, attempts: int) -> None:
        """Record how many requests were sent; ``str()`` then says so."""
        self.attempts = attempts
        self.args = (self.message + (f" after {attempts} attempts" if attempts > 1 else ""),)


class RequestTimeoutError(TransportError):
    """A connect, read, write or pool timeout, or the operation's overall deadline ran out."""


class ProxyError(TransportError):
    """The proxy refused or failed the request (``407``: it wants credentials, or other ones).

    ``proxy`` names it without any ``user:password@``; ``status`` is the proxy's HTTP status
    when it gave one. Not retried: the same request through the same proxy gets the same answer.
    """

    def __init__(self, message: str, *, proxy: str, status: int | None = None) -> None:
        self.proxy = proxy
        self.status = status
        super().__init__(message, network=False)


class ApiError(TaurusDBError):
    """The service (or the gateway or a load balancer in front of it) answered with an error.

    ``status`` is the HTTP status, ``error_code``/``error_msg`` come from the JSON error body
    (``None`` when the body was not JSON, in which case ``excerpt`` holds a short, redacted
    piece of it) and ``request_id`` from the body or the ``X-Request-Id`` header.
    """

    def __init__(
        self,
        status: int,
        error_code: str | None,
        error_msg: str | None,
        request_id: str | None,
        *,
        excerpt: str | None = None,
    ) -> None:
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.request_id = request_id
        self.excerpt = excerpt
        super().__init__(self._render())

    retry_after: float | None = None
    """The wait the server asked for (``Retry-After``), in seconds, if it asked."""
    attempts: int = 1
    """How many requests were sent before this error was raised (see :meth:`gave_up_after`)."""
    refused_wait: str | None = None
    """Why a wait the server asked for was not honoured, if one was refused."""

    def _head(self) -> str:
        head = f"{self.error_code}: {self.error_msg}" if self.error_code else (self.error_msg or "")
        if not head:
            head = f"HTTP {self.status}"
            if self.excerpt:
                head += f" with a non-JSON body: {self.excerpt!r}"
        else:
            head += f" (HTTP {self.status})"
        return head

    def _render(self) -> str:
        text = self._head()
        if self.attempts > 1:
            text += f" after {self.attempts} attempts"
        if self.refused_wait:
            text += f"; {self.refused_wait}"
        return f"{text} [request id: {self.request_id or 'none'}]"

    def gave_up_after(self, attempts: int, refused_wait: str | None = None) -> None:
        """Record how many requests were sent and why a requested wait was not honoured."""
        self.attempts = attempts
        self.refused_wait = refused_wait
        self.args = (self._render(),)

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_api_error,
            (type(self), self.status, self.error_code, self.error_msg, self.request_id, self.excerpt),
            self._outcome(),
        )

    def _outcome(self) -> dict[str, object]:
        """What the retry loop added, carried through pickling (Pulumi ships errors across)."""
        return {"attempts": self.attempts, "refused_wait": self.refused_wait, "retry_after": self.retry_after}

    def __setstate__(self, state: dict[str, Any] | None) -> None:
        self.__dict__.update(state or {})
        self.args = (self._render(),)


def _rebuild_api_error(
    cls: type[ApiError],
    status: int,
    error_code: str | None,
    error_msg: str | None,
    request_id: str | None,
    excerpt: str | None,
) -> ApiError:
    """Unpickle helper: the keyword-only ``excerpt`` defeats Exception's default pickling."""
    error = cls.__new__(cls)
    ApiError.__init__(error, status, error_code, error_msg, request_id, excerpt=excerpt)
    return error


class BadRequestError(ApiError):
    """HTTP 400 other than "instance not found": the service rejected a parameter."""


class AuthenticationError(ApiError):
    """HTTP 401 (``APIGW.0301``): wrong or expired token, bad signature, locked key."""


class PermissionDeniedError(ApiError):
    """HTTP 403: the credentials are valid but not allowed to call this operation."""


class InstanceNotFoundError(ApiError):
    """HTTP 400 ``DBS.200022`` "Instance not found." (or 404): no such instance in the project."""


class ThrottledError(ApiError):
    """HTTP 429 (``APIGW.0308``) after the retry budget was spent, or when the server asked for
    a wait (``retry_after``, seconds) past the policy's ceiling or the operation's deadline."""


class ServerError(ApiError):
    """HTTP 5xx from the service, the gateway or a load balancer."""


class RedirectError(ApiError):
    """A ``3xx`` answer. Redirects are never followed: one could hand the request's credentials
    to another host. ``location`` is where it pointed (``Location``, its query string masked)."""

    @property
    def location(self) -> str | None:
        return self.error_msg

    def _head(self) -> str:
        where = self.error_msg or "(no Location header)"
        return (
            f"HTTP {self.status} redirect to {where}, not followed "
            "(a redirect could send the request's credentials to another host; check the endpoint)"
        )


class MalformedResponseError(ApiError):
    """A success status whose body is not the documented JSON (cut short, HTML, wrong shape,
    too large, nested too deeply).

    ``cut_short`` marks a body that is not JSON at all, which usually means it was cut short
    on the way, so the retry policy tries again; a body of the wrong shape or past a limit is
    the same on every try, so it is not retried.
    """

    def __init__(
        self,
        status: int,
        request_id: str | None,
        *,
        reason: str,
        excerpt: str | None = None,
        cut_short: bool = False,
    ) -> None:
        self.cut_short = cut_short
        super().__init__(status, None, reason, request_id, excerpt=excerpt)

    def _head(self) -> str:
        text = f"malformed response: {self.error_msg} (HTTP {self.status})"
        if self.excerpt:
            text += f", body starts {self.excerpt!r}"
        return text

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_malformed,
            (self.status, self.request_id, self.error_msg or "", self.excerpt, self.cut_short),
            self._outcome(),
        )


def _rebuild_malformed(
    status: int, request_id: str | None, reason: str, excerpt: str | None, cut_short: bool
) -> MalformedResponseError:
    return MalformedResponseError(status, request_id, reason=reason, excerpt=excerpt, cut_short=cut_short)


class InconsistentListingError(TaurusDBError):
    """The task list kept changing (or the service kept contradicting itself) while it was read.

    Raised after the bounded number of rescans, so callers never get a list that silently mixes
    two states of the instance.
    """


class ReplicationNotFoundError(TaurusDBError, LookupError):
    """``get_replication`` found no task with that name on the instance."""

    def __init__(self, instance_id: str, task_name: str) -> None:
        self.instance_id = instance_id
        self.task_name = task_name
        super().__init__(f"no replication task named {task_name!r} on instance {instance_id}")
